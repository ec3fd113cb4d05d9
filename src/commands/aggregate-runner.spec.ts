import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContactLogged } from '../../events/index.js';
import { WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { AggregateRunner } from './aggregate-runner.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError } from '../shared/domain-errors.js';

/** A stream that counts its contacts and refuses a note it already holds. */
const contacts: Decider<{ note: string }, { notes: string[] }, ContactLogged> = {
  initialState: { notes: [] },
  decide: ({ note }, state) => {
    if (state.notes.includes(note)) throw new ConflictError(`${note} is already logged`);
    return [
      {
        type: 'ContactLogged',
        data: { deploymentId: 'd1', on: '2025-11-30', channel: 'email', daysUsed: 0, status: 'on-track', note },
      },
    ];
  },
  evolve: (state, event) => ({ notes: [...state.notes, event.data.note] }),
};

describe('AggregateRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let runner: AggregateRunner;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sle-runner-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    runner = new AggregateRunner(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seen = (note: string) => {
    let state: { notes: string[] } | undefined;
    return {
      command: (s: { notes: string[] }) => ((state = s), { note }),
      state: () => state!.notes,
    };
  };

  it('reads only the events after the fold it kept from the last command on the stream', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    await runner.run('deployment-d1', contacts, { note: 'b' });
    const reads = jest.spyOn(store, 'readStream');
    const third = seen('c');
    const result = await runner.run('deployment-d1', contacts, third.command);
    expect(reads).toHaveBeenCalledWith('deployment-d1', { fromRevision: 2 });
    expect(third.state()).toEqual(['a', 'b']);
    expect(result.nextExpectedRevision).toBe(2);
  });

  it('folds in what another writer appended since, before deciding', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    await store.append('deployment-d1', contacts.decide({ note: 'elsewhere' }, { notes: [] }), { expectedRevision: 0 });
    const next = seen('b');
    await runner.run('deployment-d1', contacts, next.command);
    expect(next.state()).toEqual(['a', 'elsewhere']);
    await expect(runner.run('deployment-d1', contacts, { note: 'elsewhere' })).rejects.toThrow(ConflictError);
    expect((await store.readStream('deployment-d1')).map((e) => (e.data as { note: string }).note)).toEqual([
      'a',
      'elsewhere',
      'b',
    ]);
  });

  it('refuses a stale If-Match against the stream as stored, not as kept', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    await store.append('deployment-d1', contacts.decide({ note: 'elsewhere' }, { notes: [] }), { expectedRevision: 0 });
    await expect(runner.run('deployment-d1', contacts, { note: 'b' }, { expectedVersion: 0 })).rejects.toThrow(
      /Version 0 is stale/,
    );
    await runner.run('deployment-d1', contacts, { note: 'b' }, { expectedVersion: 1 });
  });

  it('tries again when another writer appends between the read and the append: re-reads, re-prepares, re-decides', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    const prepared: string[][] = [];
    const result = await runner.run('deployment-d1', contacts, async (state) => {
      prepared.push(state.notes);
      if (prepared.length === 1)
        await store.append('deployment-d1', contacts.decide({ note: 'racer' }, { notes: [] }), { expectedRevision: 0 });
      return { note: 'b' };
    });
    expect(prepared).toEqual([['a'], ['a', 'racer']]);
    expect(result.nextExpectedRevision).toBe(2);
    expect(notesIn(await store.readStream('deployment-d1'))).toEqual(['a', 'racer', 'b']);
  });

  it('refuses, and does not try again, when the command carried If-Match', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    let prepared = 0;
    const racing = runner.run(
      'deployment-d1',
      contacts,
      async () => {
        prepared++;
        await store.append('deployment-d1', contacts.decide({ note: 'racer' }, { notes: [] }), { expectedRevision: 0 });
        return { note: 'b' };
      },
      { expectedVersion: 0 },
    );
    await expect(racing).rejects.toThrow(/changed by someone else/);
    expect(prepared).toBe(1);
    expect(notesIn(await store.readStream('deployment-d1'))).toEqual(['a', 'racer']);
  });

  it('gives up with a conflict after its retries when the stream keeps moving', async () => {
    const impatient = new AggregateRunner(store, { retries: 2, minDelayMs: 1, factor: 1 });
    await impatient.run('deployment-d1', contacts, { note: 'a' });
    let prepared = 0;
    const racing = impatient.run('deployment-d1', contacts, async (state) => {
      prepared++;
      await store.append('deployment-d1', contacts.decide({ note: `racer ${prepared}` }, { notes: [] }), {
        expectedRevision: state.notes.length - 1,
      });
      return { note: 'b' };
    });
    await expect(racing).rejects.toThrow(ConflictError);
    expect(prepared).toBe(3);
    expect(notesIn(await store.readStream('deployment-d1'))).toEqual(['a', 'racer 1', 'racer 2', 'racer 3']);
  });

  it('does not try again a command its decider refused', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    let prepared = 0;
    const refused = runner.run('deployment-d1', contacts, () => (prepared++, { note: 'a' }));
    await expect(refused).rejects.toThrow('a is already logged');
    expect(prepared).toBe(1);
  });

  it('runs 64 concurrent commands on one stream one after another, each appended once', async () => {
    const notes = Array.from({ length: 64 }, (_, i) => `n${i}`);
    const results = await Promise.all(notes.map((note) => runner.run('deployment-d1', contacts, { note })));
    expect(new Set(results.map((r) => r.nextExpectedRevision)).size).toBe(64);
    expect(notesIn(await store.readStream('deployment-d1')).sort()).toEqual([...notes].sort());
  });

  it('lets 64 concurrent commands split across two processes sharing the store all land, by trying again', async () => {
    const other = new SqliteEventStore(join(dir, 'events.db'));
    try {
      const conflicts = countConflicts(store);
      const otherConflicts = countConflicts(other);
      const otherRunner = new AggregateRunner(other);
      await runner.run('deployment-d1', contacts, { note: 'first' });
      const notes = Array.from({ length: 64 }, (_, i) => `n${i}`);
      await Promise.all(
        notes.map((note, i) => (i % 2 ? otherRunner : runner).run('deployment-d1', contacts, { note })),
      );
      const stored = notesIn(await store.readStream('deployment-d1'));
      expect(stored.slice(1).sort()).toEqual([...notes].sort());
      // The two did race: some appends were refused and then tried again.
      expect(conflicts() + otherConflicts()).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

const notesIn = (events: { data: unknown }[]) => events.map((e) => (e.data as { note: string }).note);

/** Counts the appends the store refused for a stale revision. */
function countConflicts(store: SqliteEventStore): () => number {
  let refused = 0;
  const append = store.append.bind(store);
  jest.spyOn(store, 'append').mockImplementation(async (...args) => {
    try {
      return await append(...args);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) refused++;
      throw error;
    }
  });
  return () => refused;
}
