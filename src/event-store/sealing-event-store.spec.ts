import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED, type AllianceEvent } from '../../events/index.js';
import { MissingKeyError } from './key-store.port.js';
import { SealBrokenError } from './sealing.js';
import { SealingEventStore } from './sealing-event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';
import { RedisKeyStore } from './redis-key-store.js';
import { ev } from '../../test/support/event-builders.js';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';

const dirs: string[] = [];
const prefixes = redisPrefixes();
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await prefixes.removeAll();
});

function open(dir = mkdtempSync(join(tmpdir(), 'sle-sealed-')), keysFile = join(dir, 'keys.db')) {
  dirs.push(dir);
  const raw = new SqliteEventStore(join(dir, 'events.db'));
  const keys = new SqliteKeyStore(keysFile);
  return { dir, raw, keys, sealed: new SealingEventStore(raw, keys) };
}

const designated = (sleId: string, name: string): AllianceEvent =>
  ev.sleDesignated(sleId, '100001', { name, email: `${sleId}@school.example`, capacityDays: 20 });
const meeting: AllianceEvent = {
  type: 'BrokerageMeetingHeld',
  data: {
    deploymentId: 'd1',
    sleId: 's1',
    heldOn: '2025-09-10',
    attendees: [
      { name: 'Ada Head', role: 'headteacher' },
      { name: 'Bo Facilitator', role: 'facilitator' },
    ],
    areaOfNeed: 'Y2 maths',
    startDate: '2025-09-15',
    endDate: '2025-12-15',
    daysCommissioned: 6,
    expectedOutcomes: [{ measure: 'good teaching', unit: '%', baseline: 40, target: 70 }],
  },
};
const started: AllianceEvent = { type: 'SleDeployed', data: { deploymentId: 'd1', startedOn: '2025-09-15' } };
const erasure = (...subjects: `${'sle' | 'attendees' | 'user'}:${string}`[]): AllianceEvent => ({
  type: 'DataSubjectErased',
  data: {
    of: { kind: 'sle', id: 's1' },
    subjects,
    ground: 'request',
    reason: 'asked',
    forced: false,
    erasedOn: '2026-01-05',
  },
});

describe('SealingEventStore', () => {
  it('stores personal fields sealed, and reads them back as written', async () => {
    const { raw, sealed } = open();
    await sealed.append('sle-s1', [designated('s1', 'Jane Smith')], { expectedRevision: 'no-stream' });
    await sealed.append('deployment-d1', [meeting], { expectedRevision: 'no-stream' });

    const stored = JSON.stringify(await raw.readAll(), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    for (const personal of ['Jane Smith', 's1@school.example', 'Ada Head', 'Bo Facilitator'])
      expect(stored).not.toContain(personal);
    // Figures, dates and roles stay in the clear.
    expect(stored).toContain('headteacher');
    expect(stored).toContain('"daysCommissioned":6');

    const [sle, held] = await sealed.readAll();
    expect(sle.data).toEqual(designated('s1', 'Jane Smith').data);
    expect(held.data).toEqual(meeting.data);
    await sealed.close();
  });

  it('passes an event with no personal field through untouched', async () => {
    const { raw, sealed } = open();
    await sealed.append('deployment-d1', [started], { expectedRevision: 'no-stream' });
    const [asStored] = await raw.readAll();
    expect(asStored.data).toEqual(started.data);
    const [read] = await sealed.readAll();
    expect(read.data).toEqual(started.data);
    await sealed.close();
  });

  it('reads the fields of an erased subject as erased, and only theirs', async () => {
    const { sealed, dir } = open();
    await sealed.append('sle-s1', [designated('s1', 'Jane Smith')], { expectedRevision: 'no-stream' });
    await sealed.append('sle-s2', [designated('s2', 'Sam Other')], { expectedRevision: 'no-stream' });
    await sealed.append('deployment-d1', [meeting, started], { expectedRevision: 'no-stream' });
    await sealed.append('data-subject-sle-s1', [erasure('sle:s1', 'attendees:d1')], { expectedRevision: 'no-stream' });

    const read = await sealed.readAll();
    expect(read[0].data).toMatchObject({ name: ERASED, email: ERASED, sleId: 's1', capacityDays: 20 });
    expect(read[1].data).toMatchObject({ name: 'Sam Other', email: 's2@school.example' });
    expect(read[2].data).toMatchObject({
      attendees: [
        { name: ERASED, role: 'headteacher' },
        { name: ERASED, role: 'facilitator' },
      ],
      daysCommissioned: 6,
    });
    await sealed.close();

    // A fresh process, with nothing cached, reads the same; and what is written later of them is not kept.
    const again = open(dir).sealed;
    expect((await again.readStream('sle-s1'))[0].data).toMatchObject({ name: ERASED });
    await again.append('sle-s1', [designated('s1', 'Jane Again')], { expectedRevision: 0 });
    expect((await again.readStream('sle-s1'))[1].data).toMatchObject({ name: ERASED, email: ERASED });
    await again.close();
  });

  it('refuses to read a field sealed under another key store: the wrong key never reads as erased', async () => {
    const first = open();
    await first.sealed.append('sle-s1', [designated('s1', 'Jane Smith')], { expectedRevision: 'no-stream' });
    await first.sealed.close();

    const otherKeys = mkdtempSync(join(tmpdir(), 'sle-keys-'));
    const wrong = open(first.dir, join(otherKeys, 'keys.db'));
    dirs.push(otherKeys);
    await expect(wrong.sealed.readAll()).rejects.toThrow(MissingKeyError);
    // The other store has a key of that subject, not the one it was sealed with.
    await wrong.sealed.append('sle-s9', [designated('s1', 'Made Up')], { expectedRevision: 'no-stream' });
    await expect(wrong.sealed.readStream('sle-s1')).rejects.toThrow(SealBrokenError);
    await wrong.sealed.close();
  });

  it('finishes an erasure when it reads one whose keys were not deleted (a crash, a restored key store)', async () => {
    const { raw, keys, sealed, dir } = open();
    await sealed.append('sle-s1', [designated('s1', 'Jane Smith')], { expectedRevision: 'no-stream' });
    // Written past the sealing layer: the erasure is recorded but its keys are still there.
    await raw.append('data-subject-sle-s1', [erasure('sle:s1')], { expectedRevision: 'no-stream' });
    await keys.close();
    await raw.close();

    const restarted = open(dir).sealed;
    let heard = 0;
    restarted.keys.onErasedElsewhere(() => heard++);
    const read = await restarted.readAll();
    expect(read[0].data).toMatchObject({ name: ERASED });
    expect(restarted.erasedOnRead).toBe(1);
    // Found on reading, not made here: whatever was worked out from the key must go.
    expect(heard).toBe(1);
    await restarted.readAll();
    expect(heard).toBe(1);
    await restarted.close();
  });

  it("seals a linked attendee's name with the meeting's key and the person's: erasing either erases it", async () => {
    const linked: AllianceEvent = {
      ...meeting,
      data: {
        ...(meeting.data as object),
        attendees: [
          { name: 'Jane Smith', role: 'SLE', sleId: 's1' },
          { name: 'Bo Facilitator', role: 'facilitator', userId: 'u7' },
          { name: 'Ada Head', role: 'headteacher' },
        ],
      },
    } as AllianceEvent;
    const { raw, sealed, dir } = open();
    await sealed.append('deployment-d1', [linked], { expectedRevision: 'no-stream' });
    const stored = JSON.stringify(await raw.readAll(), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(stored).not.toContain('Bo Facilitator');
    expect((await sealed.readAll())[0].data).toEqual(linked.data);

    // The facilitator is erased: their row only; the SLE's and the typed-in name stay.
    await sealed.append('data-subject-user-u7', [erasure('user:u7')], { expectedRevision: 'no-stream' });
    const names = async (store: SealingEventStore) =>
      ((await store.readStream('deployment-d1'))[0].data as { attendees: { name: string }[] }).attendees.map(
        (a) => a.name,
      );
    expect(await names(sealed)).toEqual(['Jane Smith', ERASED, 'Ada Head']);
    // Erasing the meeting's list erases every row, linked or not.
    await sealed.append('data-subject-deployment-d1', [erasure('attendees:d1')], { expectedRevision: 'no-stream' });
    expect(await names(sealed)).toEqual([ERASED, ERASED, ERASED]);
    await sealed.close();
    const again = open(dir).sealed;
    expect(await names(again)).toEqual([ERASED, ERASED, ERASED]);
    await again.close();
  });

  it("drops another node's keys at once when one node erases, before it reads the erasure (keys in Redis)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-sealed-'));
    dirs.push(dir);
    const prefix = prefixes.next();
    const node = () =>
      new SealingEventStore(new SqliteEventStore(join(dir, 'events.db')), new RedisKeyStore(REDIS_URL, prefix));
    const [a, b] = [node(), node()];
    const heard: string[] = [];
    a.keys.onErasedElsewhere(() => heard.push('a'));
    const bHeard = new Promise<void>((resolve) => b.keys.onErasedElsewhere(() => (heard.push('b'), resolve())));
    await a.append('sle-s1', [designated('s1', 'Jane Smith')], { expectedRevision: 'no-stream' });
    // Node b reads the SLE: their key is now kept in b's memory.
    expect((await b.readStream('sle-s1'))[0].data).toMatchObject({ name: 'Jane Smith' });

    await a.append('data-subject-sle-s1', [erasure('sle:s1')], { expectedRevision: 'no-stream' });
    await bHeard;
    // b has not read the erasure's stream, yet no longer opens the SLE's name.
    expect((await b.readStream('sle-s1'))[0].data).toMatchObject({ name: ERASED, email: ERASED });
    expect(heard).toEqual(['b']);
    await Promise.all([a.close(), b.close()]);
  });
});
