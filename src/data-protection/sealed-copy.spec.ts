import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllianceEvent } from '../../events/index.js';
import { ev } from '../../test/support/event-builders.js';
import { SealingEventStore } from '../event-store/sealing-event-store.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { SqliteKeyStore } from '../event-store/sqlite-key-store.js';
import { copySealed } from './sealed-copy.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-copy-'));
  dirs.push(dir);
  return dir;
};
const sealed = (dir: string) =>
  new SealingEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteKeyStore(join(dir, 'keys.db')));

const designated = ev.sleDesignated('s1', '100001', { name: 'Jane Smith', email: 'jane@school.example' });
const contact = (note: string): AllianceEvent => ({
  type: 'ContactLogged',
  data: { deploymentId: 'd1', on: '2025-10-01', channel: 'phone', daysUsed: 0.5, status: 'on-track', note },
});

describe('copySealed: events written before sealing, copied into a sealed store', () => {
  it('seals every personal field, keeps streams, revisions, order and metadata, and reads back the same', async () => {
    const legacyDir = tempDir();
    // Written in clear, as before sealing.
    const legacy = new SqliteEventStore(join(legacyDir, 'events.db'));
    await legacy.append('sle-s1', [designated], { expectedRevision: 'no-stream', metadata: { actorUserId: 'u1' } });
    await legacy.append('deployment-d1', [contact('First visit'), contact('Second')], {
      expectedRevision: 'no-stream',
    });
    await legacy.append(
      'deployment-d1',
      [{ type: 'SleDeployed', data: { deploymentId: 'd1', startedOn: '2025-09-01' } }],
      {
        expectedRevision: 1,
      },
    );
    await legacy.close();

    const from = sealed(legacyDir);
    const toDir = tempDir();
    const to = sealed(toDir);
    expect(await copySealed(from, to)).toBe(4);
    const strip = (events: Awaited<ReturnType<SqliteEventStore['readAll']>>) =>
      events.map(({ streamId, revision, type, data, metadata }) => ({ streamId, revision, type, data, metadata }));
    expect(strip(await to.readAll())).toEqual(strip(await from.readAll()));
    await from.close();
    await to.close();

    const raw = new SqliteEventStore(join(toDir, 'events.db'));
    const stored = JSON.stringify((await raw.readAll()).map((e) => e.data));
    for (const personal of ['Jane Smith', 'jane@school.example', 'First visit', 'Second'])
      expect(stored).not.toContain(personal);
    await raw.close();
  });

  it('refuses a store that is not empty', async () => {
    const dir = tempDir();
    const store = sealed(dir);
    await store.append('sle-s1', [designated], { expectedRevision: 'no-stream' });
    await expect(copySealed(store, store)).rejects.toThrow('must be empty');
    await store.close();
  });
});
