import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllianceEvent } from '../../events/index.js';
import { describeEventStoreContract } from '../../test/contract/event-store.contract.js';
import { WrongExpectedRevisionError } from './event-store.port.js';
import { SealingEventStore } from './sealing-event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describeEventStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-store-'));
  dirs.push(dir);
  return new SqliteEventStore(join(dir, 'events.db'));
});

describeEventStoreContract('embedded SQLite, sealed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-store-'));
  dirs.push(dir);
  return new SealingEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteKeyStore(join(dir, 'keys.db')));
});

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-store-'));
  dirs.push(dir);
  return join(dir, 'events.db');
};
const contact = (note: string): AllianceEvent => ({
  type: 'ContactLogged',
  data: { deploymentId: 'd1', on: '2025-10-01', channel: 'phone', daysUsed: 0, status: 'on-track', note },
});
const notes = (events: { data: unknown }[]) => events.map((e) => (e.data as { note: string }).note);

describe('SqliteEventStore group commit', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore(tempFile());
  });
  afterEach(async () => {
    await store.close();
  });

  it('commits appends issued together as one batch: consecutive positions, each answered with its own', async () => {
    await store.append('warm', [contact('w')], { expectedRevision: 'no-stream' });
    const head = await store.headPosition();
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        store.append(`s-${i}`, [contact(`n${i}`)], { expectedRevision: 'no-stream' }),
      ),
    );
    // One batch in arrival order: nothing else was written in between, so positions follow on.
    expect(results.map((r) => r.position)).toEqual(results.map((_, i) => head + BigInt(i + 1)));
    expect(results.every((r) => r.nextExpectedRevision === 0)).toBe(true);
    for (let i = 0; i < 64; i++) {
      const [event] = await store.readStream(`s-${i}`);
      expect([notes([event]), event.position]).toEqual([[`n${i}`], results[i].position]);
    }
  });

  it('checks appends to one stream in the same batch in arrival order, each seeing the ones before', async () => {
    const settled = await Promise.allSettled([
      store.append('same', [contact('a'), contact('b')], { expectedRevision: 'no-stream' }),
      store.append('same', [contact('c')], { expectedRevision: 1 }),
      store.append('same', [contact('x')], { expectedRevision: 1 }), // stale by now: the previous append made it 2
      store.append('same', [contact('d')], { expectedRevision: 2 }),
    ]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = (settled[2] as PromiseRejectedResult).reason as WrongExpectedRevisionError;
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    expect(refused.actual).toBe(2);
    expect((settled[3] as PromiseFulfilledResult<{ nextExpectedRevision: number }>).value.nextExpectedRevision).toBe(3);
    const events = await store.readStream('same');
    expect(notes(events)).toEqual(['a', 'b', 'c', 'd']);
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
  });

  it('rolls back only the refused append of a batch, even one that failed part way through its events', async () => {
    await store.append('taken', [contact('t')], { expectedRevision: 'no-stream' });
    // An event type the store cannot serialise makes the second event of this append throw after the first was inserted.
    const circular: Record<string, unknown> = { note: 'loop' };
    circular.self = circular;
    const broken = [contact('half'), { type: 'ContactLogged', data: circular } as unknown as AllianceEvent];
    const settled = await Promise.allSettled([
      store.append('left', [contact('l')], { expectedRevision: 'no-stream' }),
      store.append('broken', broken, { expectedRevision: 'no-stream' }),
      store.append('right', [contact('r')], { expectedRevision: 'no-stream' }),
    ]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.readStream('broken')).toEqual([]);
    expect(notes(await store.readStream('left'))).toEqual(['l']);
    expect(notes(await store.readStream('right'))).toEqual(['r']);
    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('commits appends already issued when closed, rather than failing them', async () => {
    const file = tempFile();
    const closing = new SqliteEventStore(file);
    const pending = closing.append('late', [contact('z')], { expectedRevision: 'no-stream' });
    await closing.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });
    await expect(closing.append('after', [contact('y')], { expectedRevision: 'no-stream' })).rejects.toThrow();
    const reopened = new SqliteEventStore(file);
    expect(notes(await reopened.readStream('late'))).toEqual(['z']);
    await reopened.close();
  });
});

describe('SqliteEventStore event ids', () => {
  it('are time-ordered UUIDs, each after the one before, so the index of ids grows at its end', async () => {
    const store = new SqliteEventStore(tempFile());
    try {
      for (let i = 0; i < 20; i++)
        await store.append(`s-${i % 3}`, [contact(`a${i}`), contact(`b${i}`)], { expectedRevision: 'any' });
      const ids = (await store.readAll()).map((e) => e.eventId);
      expect(ids).toHaveLength(40);
      expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(
        true,
      );
      expect([...ids].sort()).toEqual(ids);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteEventStore durability', () => {
  it('keeps events across close and reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-store-'));
    dirs.push(dir);
    const file = join(dir, 'events.db');
    const first = new SqliteEventStore(file);
    await first.append(
      'school-100001',
      [{ type: 'SchoolRegistered', data: { urn: '100001', name: 'A', phase: 'primary', localAuthority: 'X' } }],
      { expectedRevision: 'no-stream' },
    );
    await first.close();
    const second = new SqliteEventStore(file);
    expect((await second.readStream('school-100001')).map((e) => e.type)).toEqual(['SchoolRegistered']);
    await second.close();
  });
});

describe('SqliteEventStore sharing its file with another process', () => {
  it('sees what another connection appended since it last read, in readAll and headPosition', async () => {
    const file = tempFile();
    const server = new SqliteEventStore(file);
    const worker = new SqliteEventStore(file);
    try {
      await server.append('s-1', [contact('by the server')], { expectedRevision: 'no-stream' });
      // The server has read up to its own head, so nothing is new to it...
      expect(await server.readAll({ after: await server.headPosition() })).toEqual([]);
      // ...until the other connection commits.
      const appended = await worker.append('s-2', [contact('by the worker')], { expectedRevision: 'no-stream' });
      expect(await server.headPosition()).toBe(appended.position);
      expect(notes(await server.readAll({ after: appended.position - 1n }))).toEqual(['by the worker']);
      await server.append('s-1', [contact('again by the server')], { expectedRevision: 0 });
      expect(notes(await worker.readAll({ after: appended.position }))).toEqual(['again by the server']);
    } finally {
      await server.close();
      await worker.close();
    }
  });
});

describe('SqliteEventStore reading back what it appended', () => {
  it('answers readAll as the table does, from every position and with every limit, around another connection’s commits', async () => {
    const file = tempFile();
    const server = new SqliteEventStore(file);
    const worker = new SqliteEventStore(file);
    // Never appends, so it answers every readAll from the table.
    const table = new SqliteEventStore(file);
    const sameAsTable = async () => {
      const head = await table.headPosition();
      expect(await server.headPosition()).toBe(head);
      for (let after = 0n; after <= head + 1n; after++) {
        for (const limit of [undefined, 1, 2, 3, 100])
          expect(await server.readAll({ after, limit })).toEqual(await table.readAll({ after, limit }));
      }
    };
    try {
      // One batch: two events in one append, a refused append between the others.
      await Promise.all([
        server.append('s-1', [contact('1'), contact('2')], { expectedRevision: 'no-stream' }),
        server.append('s-2', [contact('3')], { expectedRevision: 'no-stream' }),
        expect(server.append('s-1', [contact('refused')], { expectedRevision: 5 })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        ),
        server.append('s-3', [contact('4')], { expectedRevision: 'no-stream' }),
      ]);
      await sameAsTable();
      // Another process's commit between two of this one's...
      await worker.append('w-1', [contact('by the worker')], { expectedRevision: 'no-stream' });
      await server.append('s-2', [contact('5')], { expectedRevision: 0 });
      await server.append('s-4', [contact('6'), contact('7')], { expectedRevision: 'no-stream' });
      await sameAsTable();
      // ...and after the last of them.
      await worker.append('w-1', [contact('by the worker again')], { expectedRevision: 0 });
      await sameAsTable();
      expect(notes(await server.readAll({ after: 0n }))).toEqual([
        '1',
        '2',
        '3',
        '4',
        'by the worker',
        '5',
        '6',
        '7',
        'by the worker again',
      ]);
    } finally {
      await server.close();
      await worker.close();
      await table.close();
    }
  });
});
