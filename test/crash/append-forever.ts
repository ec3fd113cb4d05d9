/**
 * Child process of sqlite-crash.spec.ts: appends commands of three events each to a set of streams until it is
 * killed. After each acknowledged append it writes `<streamId> <nextExpectedRevision> <position>` to stdout
 * with a synchronous write, so every line the parent sees is an append the store had answered.
 *
 * Usage: node append-forever.js <db file> [stream count]
 */
import { writeSync } from 'node:fs';
import type { AllianceEvent } from '../../events/index.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';

const [file, streamCountArg] = process.argv.slice(2);
if (!file) throw new Error('usage: append-forever <db file> [stream count]');
const streamCount = Number(streamCountArg ?? 40);

const store = new SqliteEventStore(file);
const nextRevision = new Map<string, number>();
const contact = (command: number, part: number): AllianceEvent => ({
  type: 'ContactLogged',
  data: {
    deploymentId: `d${command % streamCount}`,
    on: '2025-10-01',
    channel: 'phone',
    daysUsed: part,
    status: 'on-track',
    note: `command ${command} part ${part}`,
  },
});

// Bounded only so that an orphaned child cannot run forever; the parent kills it long before.
for (let command = 0; command < 1_000_000; command++) {
  const streamId = `crash-${command % streamCount}`;
  const result = await store.append(streamId, [contact(command, 0), contact(command, 1), contact(command, 2)], {
    expectedRevision: nextRevision.get(streamId) ?? 'no-stream',
  });
  nextRevision.set(streamId, result.nextExpectedRevision);
  writeSync(1, `${streamId} ${result.nextExpectedRevision} ${result.position}\n`);
}
await store.close();
