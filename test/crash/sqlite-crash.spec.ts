import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AllianceEvent } from '../../events/index.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { buildForChild, childEnv, sourcesOf, type ChildBuild } from '../support/child-process-build.js';

/**
 * Kills a process that is appending to the embedded store with SIGKILL (no chance to clean up), then checks
 * that the file it leaves behind holds every acknowledged append, no half-written command, and still works.
 */

const KILL_AFTER_ACKS = 300 + Math.floor(Math.random() * 200);
const EVENTS_PER_COMMAND = 3;

let build: ChildBuild;
let work: string;
let childScript: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  build = await buildForChild([
    ...sourcesOf('events'),
    ...sourcesOf('src/event-store', ['event-store.port.ts', 'sqlite-event-store.ts', 'sqlite.ts']),
    'test/crash/append-forever.ts',
  ]);
  work = build.dir;
  childScript = build.script('test/crash/append-forever.ts');
});

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  build?.remove();
});

interface Ack {
  streamId: string;
  revision: number;
  position: bigint;
}

/** Runs the child until it has acknowledged `acks` appends, kills it with SIGKILL and returns what it acknowledged. */
function runAndKill(file: string, acks: number): Promise<{ lines: Ack[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [childScript, file], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stdout = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child did not reach ${acks} appends in time; stderr: ${stderr}`));
    }, 15000);
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!killed && stdout.split('\n').length - 1 >= acks) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      if (!killed) {
        reject(new Error(`child exited on its own (code ${code}, signal ${signal}); stderr: ${stderr}`));
        return;
      }
      // Only complete lines count; everything the child wrote before dying is still read from the pipe.
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      const lines = complete
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [streamId, revision, position] = line.split(' ');
          return { streamId, revision: Number(revision), position: BigInt(position) };
        });
      resolve({ lines, signal });
    });
  });
}

describe('SqliteEventStore survives SIGKILL during appends', () => {
  it('keeps every acknowledged append, never half a command, and accepts appends afterwards', async () => {
    const file = join(work, 'crash.db');
    const { lines: acked, signal } = await runAndKill(file, KILL_AFTER_ACKS);
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const store = new SqliteEventStore(file);
    try {
      // Every acknowledged append is there, at the revision and position the child was told.
      const streams = new Map<string, Awaited<ReturnType<SqliteEventStore['readStream']>>>();
      for (const ack of acked) {
        if (!streams.has(ack.streamId)) streams.set(ack.streamId, await store.readStream(ack.streamId));
        const events = streams.get(ack.streamId)!;
        expect(events.length).toBeGreaterThan(ack.revision);
        expect(events[ack.revision].position).toBe(ack.position);
      }

      // No stream holds part of a command, and revisions are 0..n-1 without gaps.
      const all = await store.readAll();
      const byStream = new Map<string, number[]>();
      for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
      for (const [, revisions] of byStream) {
        expect(revisions.length % EVENTS_PER_COMMAND).toBe(0);
        expect(revisions).toEqual(revisions.map((_, i) => i));
      }

      // The child appends one command at a time: at most one committed but not yet acknowledged.
      const commands = all.length / EVENTS_PER_COMMAND;
      expect(commands === acked.length || commands === acked.length + 1).toBe(true);

      // Global positions strictly increase.
      for (let i = 1; i < all.length; i++) expect(all[i].position > all[i - 1].position).toBe(true);
      expect(await store.headPosition()).toBe(all[all.length - 1].position);

      // The store still takes appends, at the revision it reports, and on new streams.
      const contact = (note: string): AllianceEvent => ({
        type: 'ContactLogged',
        data: { deploymentId: 'd0', on: '2025-10-02', channel: 'email', daysUsed: 0, status: 'on-track', note },
      });
      const [someStream, revisions] = [...byStream][0];
      const continued = await store.append(someStream, [contact('after crash')], {
        expectedRevision: revisions.length - 1,
      });
      expect(continued.nextExpectedRevision).toBe(revisions.length);
      expect(continued.position > all[all.length - 1].position).toBe(true);
      const fresh = await store.append('crash-after', [contact('new stream')], { expectedRevision: 'no-stream' });
      expect(fresh.nextExpectedRevision).toBe(0);
      expect((await store.readStream('crash-after')).map((e) => e.revision)).toEqual([0]);
    } finally {
      await store.close();
    }
  });
});
