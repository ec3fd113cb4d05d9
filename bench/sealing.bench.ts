import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllianceEvent, Attendee } from '../events/index.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { SealingEventStore } from '../src/event-store/sealing-event-store.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { SqliteKeyStore } from '../src/event-store/sqlite-key-store.js';
import { collectGarbage, figureOf, timed, type BenchOptions, type BenchSuite } from './harness.js';

/**
 * Issue 28: what sealing personal fields costs a reader. The same events (a brokerage meeting of three
 * attendees and two contact notes per deployment) are read whole, a page of 2,000 at a time, from three stores:
 * unsealed (the baseline), sealed with each attendee's name under the meeting's key only (typed-in names), and
 * sealed with two of the three names also under the person's key (linked rows: a key drawn from both by HKDF).
 * Each read is by a store opened afresh, so it loads every key it needs, as a process starting or rebuilding
 * does; the contenders take turns, round by round.
 */
const PAGE = 2_000;

const meeting = (i: number, linked: boolean): AllianceEvent => {
  const attendees: Attendee[] = [
    { name: `SLE ${i}`, role: 'SLE', ...(linked ? { sleId: `s${i % 500}` } : {}) },
    { name: `Facilitator ${i % 20}`, role: 'SLE facilitator', ...(linked ? { userId: `u${i % 20}` } : {}) },
    { name: `Head ${i}`, role: 'Headteacher' },
  ];
  return {
    type: 'BrokerageMeetingHeld',
    data: {
      deploymentId: `d${i}`,
      sleId: `s${i % 500}`,
      heldOn: '2025-09-15',
      attendees,
      areaOfNeed: 'Reasoning in KS2 maths',
      startDate: '2025-09-22',
      endDate: '2026-02-13',
      daysCommissioned: 5,
      expectedOutcomes: [{ measure: '% of Y6 at expected standard', unit: '%', baseline: 48, target: 70 }],
    },
  };
};
const contact = (i: number, k: number): AllianceEvent => ({
  type: 'ContactLogged',
  data: {
    deploymentId: `d${i}`,
    on: '2025-10-06',
    channel: 'visit',
    daysUsed: 1,
    status: 'on-track',
    note: `Visit ${k}: observed Y6 lessons with Head ${i}`,
  },
});

export const sealingBench: BenchSuite = {
  name: 'sealing',
  description:
    'Reading every event (meetings of 3 attendees, 2 contact notes each) sealed with one key per field and with linked attendees under two keys, against the same events unsealed',
  async run({ quick, log }: BenchOptions) {
    const deployments = quick ? 4_000 : 20_000;
    const rounds = quick ? 3 : 7;
    const dir = mkdtempSync(join(tmpdir(), 'sle-bench-sealing-'));
    const open: Record<string, () => EventStore> = {
      unsealed: () => new SqliteEventStore(join(dir, 'unsealed.db')),
      'sealed, typed-in names': () =>
        new SealingEventStore(new SqliteEventStore(join(dir, 'typed.db')), new SqliteKeyStore(join(dir, 'typed.keys'))),
      'sealed, linked names': () =>
        new SealingEventStore(
          new SqliteEventStore(join(dir, 'linked.db')),
          new SqliteKeyStore(join(dir, 'linked.keys')),
        ),
    };
    try {
      for (const [name, opener] of Object.entries(open)) {
        const store = opener();
        const written = await timed(async () => {
          for (let i = 0; i < deployments; i++)
            await store.append(
              `deployment-d${i}`,
              [meeting(i, name.includes('linked')), contact(i, 1), contact(i, 2)],
              {
                expectedRevision: 'no-stream',
              },
            );
        });
        await store.close();
        log(`sealing: ${name}: ${deployments * 3} events written in ${written.ms.toFixed(0)} ms`);
      }
      const times = new Map<string, number[]>(Object.keys(open).map((name) => [name, []]));
      for (let round = 0; round < rounds; round++)
        for (const [name, opener] of Object.entries(open)) {
          collectGarbage();
          const store = opener();
          const read = await timed(async () => {
            let count = 0;
            for (let after = 0n; ;) {
              const page = await store.readAll({ after, limit: PAGE });
              count += page.length;
              if (page.length < PAGE) return count;
              after = page[page.length - 1].position;
            }
          });
          if (read.result !== deployments * 3) throw new Error(`${name} read ${read.result} events`);
          times.get(name)!.push(read.ms);
          await store.close();
        }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const rate = (name: string) => (deployments * 3) / (median(times.get(name)!) / 1000);
      const baseline = 'reading unsealed events';
      return {
        figures: [
          figureOf(
            'reading sealed events, typed-in names',
            rate('sealed, typed-in names'),
            'events/s',
            baseline,
            rate('unsealed'),
          ),
          figureOf(
            'reading sealed events, linked names',
            rate('sealed, linked names'),
            'events/s',
            baseline,
            rate('unsealed'),
          ),
        ],
        context: {
          deployments,
          events: deployments * 3,
          rounds,
          page: PAGE,
          medianMs: Object.fromEntries([...times].map(([n, t]) => [n, median(t)])),
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
