import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../../test/contract/event-store.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describeEventStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-store-'));
  dirs.push(dir);
  return new SqliteEventStore(join(dir, 'events.db'));
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
