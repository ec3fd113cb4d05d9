import { describeEventStoreContract } from '../../test/contract/event-store.contract.js';
import { EventStoreDbProtocolServer } from '../../test/support/eventstoredb-protocol-server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { SealingEventStore } from './sealing-event-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

/*
 * The contract suite runs against the gRPC protocol server the tests build from the client package's
 * protocol definitions (test/support/eventstoredb-protocol-server.ts), and, with EVENTSTORE_URL set, also
 * against that real server (EVENTSTORE_URL='esdb://localhost:2113?tls=false').
 */
let server: EventStoreDbProtocolServer;
beforeAll(async () => {
  server = await EventStoreDbProtocolServer.start();
});
afterAll(async () => {
  await server.stop();
});

describeEventStoreContract(
  'EventStoreDB protocol server (in the tests)',
  async () => new EventStoreDbEventStore(server.url),
);

// One key store for the whole server: the tests read each other's sealed events in $all.
const keysDir = mkdtempSync(join(tmpdir(), 'sle-keys-'));
afterAll(() => rmSync(keysDir, { recursive: true, force: true }));
describeEventStoreContract(
  'EventStoreDB protocol server (in the tests), sealed',
  async () =>
    new SealingEventStore(new EventStoreDbEventStore(server.url), new SqliteKeyStore(join(keysDir, 'keys.db'))),
);

const url = process.env.EVENTSTORE_URL;
if (url) describeEventStoreContract(`EventStoreDB at ${url}`, async () => new EventStoreDbEventStore(url));

describe('EventStoreDbEventStore against the protocol server', () => {
  it('leaves out the system events $all carries, in readAll and headPosition', async () => {
    const store = new EventStoreDbEventStore(server.url);
    try {
      const system = server.allRecords.filter((r) => r.type.startsWith('$'));
      expect(system.length).toBeGreaterThan(0);
      const appended = await store.append(
        'contract-system-events',
        [
          {
            type: 'ContactLogged',
            data: {
              deploymentId: 'd1',
              on: '2025-10-01',
              channel: 'phone',
              daysUsed: 0,
              status: 'on-track',
              note: 'x',
            },
          },
        ],
        { expectedRevision: 'any' },
      );
      const all = await store.readAll();
      expect(all.some((e) => e.type.startsWith('$'))).toBe(false);
      expect(await store.headPosition()).toBe(appended.position);
    } finally {
      await store.close();
    }
  });
});

describe('The protocol server as the client sees it', () => {
  it('is used as a 24.10 server would be: appends through BatchAppend (which it advertises), reads through Read', () => {
    // Every contract test above went through it; the client picks BatchAppend only when the server says it has it.
    expect(server.calls.get('BatchAppend')).toBeGreaterThan(0);
    expect(server.calls.get('Read')).toBeGreaterThan(0);
    expect(server.calls.get('Append')).toBeUndefined();
  });
});

describe('EventStoreDbEventStore without a server', () => {
  it('rejects ping when nothing listens', async () => {
    const store = new EventStoreDbEventStore('kurrentdb://127.0.0.1:1?tls=false');
    try {
      await expect(store.ping()).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
