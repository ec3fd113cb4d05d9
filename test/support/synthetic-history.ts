import type { AllianceEvent } from '../../events/index.js';
import { Prng } from '../../src/demo/prng.js';
import { EventStore } from '../../src/event-store/event-store.port.js';

export interface StreamAppend {
  streamId: string;
  events: AllianceEvent[];
}

/**
 * A valid alliance history without going through the deciders: schools, SLEs and deployments that run
 * request → meeting → deploy → contacts → evaluation or cancellation. Used where volume matters more
 * than every rule (replays, crash tests).
 */
export function syntheticHistory(options: {
  schools: number;
  sles: number;
  deployments: number;
  seed?: number;
}): StreamAppend[] {
  const prng = new Prng(options.seed ?? 1);
  const random = () => prng.next();
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const urn = (i: number) => String(100000 + i);
  const appends: StreamAppend[] = [];
  for (let i = 0; i < options.schools; i++) {
    appends.push({
      streamId: `school-${urn(i)}`,
      events: [
        {
          type: 'SchoolRegistered',
          data: {
            urn: urn(i),
            name: `School ${i}`,
            phase: pick(['primary', 'secondary']),
            localAuthority: pick(['Bucks', 'Oxon', 'Herts']),
          },
        },
        {
          type: 'OfstedJudgementRecorded',
          data: {
            urn: urn(i),
            grade: pick(['good', 'requires-improvement']),
            inspectedOn: '2023-05-10',
            framework: 'overall-effectiveness',
          },
        },
      ],
    });
  }
  for (let i = 0; i < options.sles; i++) {
    appends.push({
      streamId: `sle-s${i}`,
      events: [
        {
          type: 'SleDesignated',
          data: {
            sleId: `s${i}`,
            name: `SLE ${i}`,
            email: `sle${i}@school.test`,
            homeSchoolUrn: urn(i % options.schools),
            programmes: ['sle'],
            specialisms: ['maths-primary'],
            phases: ['primary'],
            capacityDays: 30,
            designatedOn: '2024-09-01',
          },
        },
      ],
    });
  }
  for (let i = 0; i < options.deployments; i++) {
    const deploymentId = `d${i}`;
    const contacts = 1 + Math.floor(random() * 6);
    const events: AllianceEvent[] = [
      {
        type: 'SupportRequested',
        data: {
          deploymentId,
          schoolUrn: urn(Math.floor(random() * options.schools)),
          programme: 'sle',
          specialism: 'maths-primary',
          areaOfNeed: 'Reasoning',
          source: 'self-referral',
          requestedOn: '2025-09-01',
        },
      },
      {
        type: 'BrokerageMeetingHeld',
        data: {
          deploymentId,
          sleId: `s${Math.floor(random() * options.sles)}`,
          heldOn: '2025-09-08',
          attendees: [{ name: 'Head', role: 'Headteacher' }],
          areaOfNeed: 'Reasoning',
          startDate: '2025-09-15',
          endDate: '2026-03-31',
          daysCommissioned: 10,
          expectedOutcomes: [{ measure: 'Good teaching', unit: '%', baseline: 40, target: 70 }],
        },
      },
      { type: 'SleDeployed', data: { deploymentId, startedOn: '2025-09-15' } },
    ];
    for (let c = 0; c < contacts; c++) {
      events.push({
        type: 'ContactLogged',
        data: {
          deploymentId,
          on: `2025-10-${String(10 + c).padStart(2, '0')}`,
          channel: 'visit',
          daysUsed: 1,
          status: pick(['on-track', 'at-risk', 'off-track']),
          note: `Visit ${c}`,
        },
      });
    }
    events.push(
      random() < 0.8
        ? {
            type: 'ImpactEvaluated',
            data: {
              deploymentId,
              heldOn: '2026-04-01',
              outcomes: [
                {
                  measure: 'Good teaching',
                  unit: '%',
                  baseline: 40,
                  target: 70,
                  actual: 60,
                  result: 'partly-achieved',
                },
              ],
              schoolRating: pick([3, 4, 5]),
              summary: 'Done',
            },
          }
        : {
            type: 'DeploymentCancelled',
            data: { deploymentId, on: '2025-12-01', reason: 'Head left', statusWhenCancelled: 'deployed' },
          },
    );
    appends.push({ streamId: `deployment-${deploymentId}`, events });
  }
  return appends;
}

/** Appends a history, one append per stream (interleaving would not change what the views hold). */
export async function appendHistory(store: EventStore, history: StreamAppend[]): Promise<void> {
  for (const { streamId, events } of history) await store.append(streamId, events, { expectedRevision: 'no-stream' });
}
