import { ALLIANCE_SIZES, generateAlliance } from '../../bench/synthetic-alliance.js';
import { foldViews } from '../../projections/alliance-views.js';
import { factsOf, type DeploymentFacts } from '../../projections/deployment-facts.js';
import { recorded } from '../../test/support/event-builders.js';
import { byCodeUnits } from '../shared/order.js';
import { decodeFactsSnapshot, encodeFactsSnapshot } from './deployment-facts-snapshot.js';
import { storedFacts, storedFactsReader } from './deployment-facts-storage.js';

describe('Every deployment’s facts as one block (the snapshot a clean stop saves)', () => {
  const facts = [...foldViews(recorded(generateAlliance(ALLIANCE_SIZES['10k']).events)).deployments.values()].map(
    factsOf,
  );
  const byId = (a: DeploymentFacts, b: DeploymentFacts) => byCodeUnits(a.deploymentId, b.deploymentId);
  const evaluated = facts.find((f) => f.evaluation)!;

  it('reads back exactly the facts given, in every state, in deployment id order', () => {
    expect(new Set(facts.map((f) => f.status))).toEqual(
      new Set(['requested', 'brokered', 'deployed', 'evaluated', 'cancelled']),
    );
    expect(
      facts.some((f) => f.extensions.length) &&
        facts.some((f) => f.cancellation) &&
        facts.some((f) => Object.keys(f.commissionedByYear).length > 1),
    ).toBe(true);
    const shuffled = [...facts].reverse();
    expect(decodeFactsSnapshot(encodeFactsSnapshot(shuffled))).toEqual([...facts].sort(byId));
  });

  it('reads back the same facts the stored rows give, sharing their parts the same way', () => {
    const read = storedFactsReader();
    const fromRows = [...facts].sort(byId).map((f) => read(JSON.parse(JSON.stringify(storedFacts(f)))));
    const fromBlock = decodeFactsSnapshot(encodeFactsSnapshot(facts))!;
    expect(fromBlock).toEqual(fromRows);
    // Two deployments with a contact alike hold one frozen copy of it, as the rows' reader gives them.
    const contacts = fromBlock.flatMap((f) => f.contacts);
    const distinct = new Set(facts.flatMap((f) => f.contacts.map((c) => `${c.on} ${c.daysUsed} ${c.status}`)));
    expect(new Set(contacts).size).toBe(distinct.size);
    expect(contacts.length).toBeGreaterThan(distinct.size);
    expect(contacts.every(Object.isFrozen)).toBe(true);
    const meetingKey = (f: DeploymentFacts) => `${f.brokerageMeeting!.heldOn} ${f.brokerageMeeting!.endDate}`;
    const meetings = new Map<string, DeploymentFacts[]>();
    for (const f of fromBlock.filter((f) => f.brokerageMeeting))
      meetings.set(meetingKey(f), [...(meetings.get(meetingKey(f)) ?? []), f]);
    const alike = [...meetings.values()].find((list) => list.length > 1)!;
    expect(alike[1].brokerageMeeting).toBe(alike[0].brokerageMeeting);
    expect(facts.find((f) => f.deploymentId === alike[1].deploymentId)!.brokerageMeeting).not.toBe(
      facts.find((f) => f.deploymentId === alike[0].deploymentId)!.brokerageMeeting,
    );
    const sameYears = fromBlock.filter(
      (f) => JSON.stringify(f.commissionedByYear) === JSON.stringify(fromBlock[0].commissionedByYear),
    );
    expect(sameYears[1].commissionedByYear).toBe(sameYears[0].commissionedByYear);
  });

  it('keeps what no generated alliance has: no SLE, part days, many outcomes, many years, no deployments at all', () => {
    const odd: DeploymentFacts[] = [
      {
        ...evaluated,
        deploymentId: 'odd-1',
        sleId: null,
        daysCommissioned: 2.5,
        daysDelivered: 0.5,
        contacts: [{ on: '2025-10-01', daysUsed: 0.5, status: 'at-risk' }],
      },
      {
        ...evaluated,
        deploymentId: 'odd-2',
        evaluation: {
          heldOn: '2026-07-01',
          schoolRating: 4,
          outcomes: Array.from({ length: 45 }, (_, i) => ({
            result: (['achieved', 'partly-achieved', 'not-achieved'] as const)[i % 3],
          })),
        },
        commissionedByYear: { '2024/25': 3, '2025/26': 4.5, '2026/27': 1 },
        extensions: [
          { on: '2026-01-05', additionalDays: 1.5, newEndDate: '2026-04-01' },
          { on: '2026-03-02', additionalDays: 2, newEndDate: '2026-07-17' },
        ],
        version: 2 ** 31 - 1,
      },
    ];
    expect(decodeFactsSnapshot(encodeFactsSnapshot(odd))).toEqual(odd);
    expect(decodeFactsSnapshot(encodeFactsSnapshot([]))).toEqual([]);
  });

  it('reads a block wherever it lies in memory (as a stored blob may)', () => {
    const block = encodeFactsSnapshot(facts.slice(0, 50));
    const unaligned = new Uint8Array(block.length + 3);
    unaligned.set(block, 3);
    expect(decodeFactsSnapshot(unaligned.subarray(3))).toEqual(facts.slice(0, 50).sort(byId));
  });

  it('reads nothing from what is not a block of this format, so that the facts are read row by row instead', () => {
    const block = encodeFactsSnapshot(facts.slice(0, 5));
    expect(decodeFactsSnapshot(new Uint8Array(0))).toBeUndefined();
    expect(decodeFactsSnapshot(new TextEncoder().encode('{"not":"a block"}'))).toBeUndefined();
    const otherFormat = block.slice();
    const head = new TextDecoder().decode(otherFormat.subarray(8, 40));
    expect(head.startsWith('{"format":2,')).toBe(true);
    otherFormat.set(new TextEncoder().encode('{"format":9,'), 8);
    expect(decodeFactsSnapshot(otherFormat)).toBeUndefined();
    expect(decodeFactsSnapshot(block.subarray(0, block.length - 4))).toBeUndefined();
    expect(decodeFactsSnapshot(block.subarray(0, 100))).toBeUndefined();
  });
});
