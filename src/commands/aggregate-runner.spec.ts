import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContactLogged } from '../../events/index.js';
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

  it('answers a conflict when another writer appends between the read and the append', async () => {
    await runner.run('deployment-d1', contacts, { note: 'a' });
    const racing = runner.run('deployment-d1', contacts, async () => {
      await store.append('deployment-d1', contacts.decide({ note: 'racer' }, { notes: [] }), { expectedRevision: 0 });
      return { note: 'b' };
    });
    await expect(racing).rejects.toThrow(/changed by someone else/);
    const after = seen('c');
    await runner.run('deployment-d1', contacts, after.command);
    expect(after.state()).toEqual(['a', 'racer']);
  });
});
