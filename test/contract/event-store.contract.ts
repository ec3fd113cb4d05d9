import { randomUUID } from 'node:crypto';
import type { AllianceEvent } from '../../events/index.js';
import { EventStore, WrongExpectedRevisionError } from '../../src/event-store/event-store.port.js';

/**
 * The behaviour every EventStore adapter promises. Each adapter's spec calls this with a factory; streams
 * get unique names so that the suite can run against a shared server.
 */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const stream = () => `contract-${randomUUID().replaceAll('-', '')}`;
    const contact = (note: string): AllianceEvent => ({
      type: 'ContactLogged',
      data: { deploymentId: 'd1', on: '2025-10-01', channel: 'phone', daysUsed: 0, status: 'on-track', note },
    });

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('reads a stream from a revision on: the tail only, and nothing past its end', async () => {
      const s = stream();
      await store.append(s, [contact('a'), contact('b'), contact('c')], { expectedRevision: 'no-stream' });
      const tail = await store.readStream(s, { fromRevision: 1 });
      expect(tail.map((e) => [e.revision, (e.data as { note: string }).note])).toEqual([
        [1, 'b'],
        [2, 'c'],
      ]);
      expect(await store.readStream(s, { fromRevision: 0 })).toEqual(await store.readStream(s));
      expect(await store.readStream(s, { fromRevision: 3 })).toEqual([]);
      expect(await store.readStream(stream(), { fromRevision: 2 })).toEqual([]);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('appends events with revisions from 0 and reads them back in order with their payloads', async () => {
      const s = stream();
      const result = await store.append(s, [contact('a'), contact('b')], {
        expectedRevision: 'no-stream',
        metadata: { actorUserId: 'u1' },
      });
      expect(result.nextExpectedRevision).toBe(1);
      const events = await store.readStream(s);
      expect(events.map((e) => [e.revision, e.type, (e.data as { note: string }).note])).toEqual([
        [0, 'ContactLogged', 'a'],
        [1, 'ContactLogged', 'b'],
      ]);
      expect(events[0].streamId).toBe(s);
      expect(events[0].metadata).toMatchObject({ actorUserId: 'u1', schemaVersion: 1 });
      expect(events[1].position).toBe(result.position);
      expect(events[0].position < events[1].position).toBe(true);
      expect(events[0].eventId).not.toBe(events[1].eventId);
    });

    it('continues a stream at the expected revision', async () => {
      const s = stream();
      const first = await store.append(s, [contact('a')], { expectedRevision: 'no-stream' });
      const second = await store.append(s, [contact('b')], { expectedRevision: first.nextExpectedRevision });
      expect(second.nextExpectedRevision).toBe(1);
      expect(second.position > first.position).toBe(true);
    });

    it.each([
      ['no-stream on an existing stream', 'no-stream' as const, true],
      ['a stale revision', 0, true],
      ['a revision ahead of the stream', 5, true],
      ['stream-exists on a missing stream', 'stream-exists' as const, false],
      ['a revision on a missing stream', 0, false],
    ])('rejects %s and appends nothing', async (_label, expectedRevision, existing) => {
      const s = stream();
      if (existing) {
        await store.append(s, [contact('a'), contact('b')], { expectedRevision: 'no-stream' });
      }
      const before = await store.readStream(s);
      await expect(store.append(s, [contact('x')], { expectedRevision })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.readStream(s)).toEqual(before);
    });

    it('accepts any and stream-exists where they hold', async () => {
      const s = stream();
      await store.append(s, [contact('a')], { expectedRevision: 'any' });
      const r = await store.append(s, [contact('b')], { expectedRevision: 'stream-exists' });
      expect(r.nextExpectedRevision).toBe(1);
    });

    it('lets exactly one of two concurrent writers at the same revision win', async () => {
      const s = stream();
      await store.append(s, [contact('a')], { expectedRevision: 'no-stream' });
      const results = await Promise.allSettled([
        store.append(s, [contact('b')], { expectedRevision: 0 }),
        store.append(s, [contact('c')], { expectedRevision: 0 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('answers each of many concurrent appends to distinct streams with its own revision and position', async () => {
      const streams = Array.from({ length: 40 }, () => stream());
      const results = await Promise.all(
        streams.map((s, i) => store.append(s, [contact(`n${i}`)], { expectedRevision: 'no-stream' })),
      );
      expect(new Set(results.map((r) => r.position)).size).toBe(streams.length);
      for (const [i, s] of streams.entries()) {
        const events = await store.readStream(s);
        expect(events.map((e) => (e.data as { note: string }).note)).toEqual([`n${i}`]);
        expect(results[i]).toEqual({ nextExpectedRevision: 0, position: events[0].position });
      }
    });

    it('refuses only the loser of two concurrent appends at the same revision; appends alongside still land', async () => {
      const s = stream();
      const others = [stream(), stream()];
      await store.append(s, [contact('a')], { expectedRevision: 'no-stream' });
      const [before, first, second, after] = await Promise.allSettled([
        store.append(others[0], [contact('o0')], { expectedRevision: 'no-stream' }),
        store.append(s, [contact('b')], { expectedRevision: 0 }),
        store.append(s, [contact('c')], { expectedRevision: 0 }),
        store.append(others[1], [contact('o1'), contact('o2')], { expectedRevision: 'no-stream' }),
      ]);
      const contenders = [first, second];
      expect(contenders.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = contenders.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const events = await store.readStream(s);
      expect(events.map((e) => (e.data as { note: string }).note)).toEqual([
        'a',
        first.status === 'fulfilled' ? 'b' : 'c',
      ]);
      expect([before.status, after.status]).toEqual(['fulfilled', 'fulfilled']);
      expect((await store.readStream(others[0])).map((e) => (e.data as { note: string }).note)).toEqual(['o0']);
      expect((await store.readStream(others[1])).map((e) => (e.data as { note: string }).note)).toEqual(['o1', 'o2']);
    });

    it('refuses an append with no events', async () => {
      const s = stream();
      await expect(store.append(s, [], { expectedRevision: 'no-stream' })).rejects.toThrow('at least one event');
      expect(await store.readStream(s)).toEqual([]);
    });

    it('reads all streams in global order, after a position, with a limit', async () => {
      const s1 = stream();
      const s2 = stream();
      const start = await store.headPosition();
      await store.append(s1, [contact('1')], { expectedRevision: 'no-stream' });
      await store.append(s2, [contact('2'), contact('3')], { expectedRevision: 'no-stream' });
      const last = await store.append(s1, [contact('4')], { expectedRevision: 0 });
      expect(await store.headPosition()).toBe(last.position);

      const mine = (await store.readAll({ after: start })).filter((e) => e.streamId === s1 || e.streamId === s2);
      expect(mine.map((e) => (e.data as { note: string }).note)).toEqual(['1', '2', '3', '4']);
      const positions = mine.map((e) => e.position);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

      const page = await store.readAll({ after: start, limit: 2 });
      expect(page).toHaveLength(2);
      const rest = await store.readAll({ after: page[1].position });
      expect(rest.every((e) => e.position > page[1].position)).toBe(true);
    });

    it('answers ping while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
