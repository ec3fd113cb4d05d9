import type { DeploymentStatus, Phase } from '../../events/index.js';
import type { ContactView, DeploymentView } from '../../projections/deployment-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { rankMatches, type MatchInput } from './matching.js';

const school = (urn: string, localAuthority: string, phase: Phase = 'primary'): SchoolView => ({
  urn,
  name: `School ${urn}`,
  phase,
  localAuthority,
  ofsted: null,
  ofstedHistory: [],
  dataPoints: [],
});

const schools = [school('100001', 'Buckinghamshire'), school('100002', 'Buckinghamshire'), school('100003', 'Oxfordshire'), school('100004', 'Buckinghamshire')];
const requesting = schools[0];

const sle = (sleId: string, name: string, extra: Partial<SleView> = {}): SleView => ({
  sleId,
  name,
  email: `${sleId}@alliance.test`,
  homeSchoolUrn: '100002',
  specialisms: ['maths-primary'],
  phases: ['primary'],
  capacityDays: 20,
  designatedOn: '2024-09-01',
  designationEndedOn: null,
  ...extra,
});

let nextId = 0;
const deployment = (
  sleId: string | null,
  status: DeploymentStatus,
  commissionedByYear: Record<string, number>,
  contacts: Pick<ContactView, 'on' | 'daysUsed'>[] = [],
): DeploymentView => ({
  deploymentId: `dep-${++nextId}`,
  schoolUrn: '100009',
  sleId,
  status,
  specialism: 'maths-primary',
  source: 'self-referral',
  requestedOn: '2025-09-01',
  areaOfNeed: 'Reasoning',
  requestedAreaOfNeed: 'Reasoning',
  brokerageMeeting: null,
  startedOn: null,
  startDate: null,
  endDate: null,
  daysCommissioned: Object.values(commissionedByYear).reduce((a, b) => a + b, 0),
  daysDelivered: contacts.reduce((a, c) => a + c.daysUsed, 0),
  expectedOutcomes: [],
  contacts: contacts.map((c) => ({ ...c, channel: 'visit', status: 'on-track', note: '' })),
  latestStatus: null,
  extensions: [],
  evaluation: null,
  cancellation: null,
  commissionedByYear,
  version: 0,
});

const input = (sles: SleView[], deployments: DeploymentView[] = []): MatchInput => ({
  request: { schoolUrn: '100001', specialism: 'maths-primary' },
  school: requesting,
  sles,
  deployments,
  schools: new Map(schools.map((s) => [s.urn, s])),
  academicYear: '2025-26',
});

describe('rankMatches: order, scores and reasons', () => {
  it('ranks eligible SLEs best first, with a score and the reasons for it', () => {
    const alex = sle('sle-a', 'Alex Brown');
    const bea = sle('sle-b', 'Bea Carter', { homeSchoolUrn: '100003', phases: ['secondary', '16-plus'], capacityDays: 10 });
    const cal = sle('sle-c', 'Cal Davies', { homeSchoolUrn: '100004' });
    const deployments = [
      deployment('sle-b', 'deployed', { '2025-26': 5 }),
      deployment('sle-c', 'brokered', { '2025-26': 4 }),
      deployment('sle-c', 'deployed', { '2025-26': 6 }),
      // Last year's evaluated work neither loads Cal now nor uses this year's days.
      deployment('sle-c', 'evaluated', { '2024-25': 8 }, [{ on: '2025-03-01', daysUsed: 1 }]),
      // A cancelled deployment counts only the days it delivered.
      deployment('sle-c', 'cancelled', { '2025-26': 3 }, [{ on: '2025-10-01', daysUsed: 1 }]),
      // Nobody's and someone else's deployments do not count.
      deployment(null, 'requested', {}),
      deployment('sle-z', 'deployed', { '2025-26': 20 }),
    ];

    const { matches, ineligible } = rankMatches(input([bea, cal, alex], deployments));

    expect(ineligible).toEqual([]);
    expect(matches).toEqual([
      {
        sleId: 'sle-a',
        name: 'Alex Brown',
        score: 100,
        reasons: [
          'holds the maths-primary specialism',
          'works in primary schools',
          '20 of 20 days left in 2025-26',
          'no active deployments',
          'based in the same local authority (Buckinghamshire)',
        ],
      },
      {
        sleId: 'sle-c',
        name: 'Cal Davies',
        // 35 phase + round(30 * 9 / 20) = 14 + (20 - 2 * 5) = 10 + 15 local authority
        score: 74,
        reasons: [
          'holds the maths-primary specialism',
          'works in primary schools',
          '9 of 20 days left in 2025-26',
          '2 active deployments',
          'based in the same local authority (Buckinghamshire)',
        ],
      },
      {
        sleId: 'sle-b',
        name: 'Bea Carter',
        // 0 phase + 30 * 5 / 10 = 15 + (20 - 5) = 15
        score: 30,
        reasons: ['holds the maths-primary specialism', 'has not worked in the primary phase (secondary, 16-plus)', '5 of 10 days left in 2025-26', '1 active deployment'],
      },
    ]);
  });

  it('gives no local-authority points when the home school is unknown or elsewhere', () => {
    const { matches } = rankMatches(input([sle('sle-x', 'Xan', { homeSchoolUrn: '100099' }), sle('sle-o', 'Oli', { homeSchoolUrn: '100003' })]));
    expect(matches.map((m) => [m.sleId, m.score])).toEqual([
      ['sle-o', 85],
      ['sle-x', 85],
    ]);
    expect(matches.every((m) => !m.reasons.some((r) => r.includes('local authority')))).toBe(true);
  });

  it('breaks a tie in score by more days left first', () => {
    // 30 * 20 / 20 and 30 * 40 / 40 both give 30 points; the SLE with 40 days left goes first despite the name.
    const { matches } = rankMatches(input([sle('sle-1', 'Ann', { capacityDays: 20 }), sle('sle-2', 'Zed', { capacityDays: 40 })]));
    expect(matches.map((m) => [m.name, m.score])).toEqual([
      ['Zed', 100],
      ['Ann', 100],
    ]);
  });

  it('breaks a tie in score and days by name, then by id', () => {
    const { matches } = rankMatches(input([sle('sle-9', 'Cara'), sle('sle-2', 'Bo'), sle('sle-1', 'Cara'), sle('sle-5', 'Abe')]));
    expect(matches.map((m) => m.sleId)).toEqual(['sle-5', 'sle-2', 'sle-1', 'sle-9']);
  });

  it('gives the same order whatever order the SLEs come in', () => {
    const sles = [sle('sle-9', 'Cara'), sle('sle-2', 'Bo', { capacityDays: 30 }), sle('sle-1', 'Cara'), sle('sle-5', 'Abe', { phases: ['secondary'] })];
    const first = rankMatches(input(sles)).matches.map((m) => m.sleId);
    expect(rankMatches(input([...sles].reverse())).matches.map((m) => m.sleId)).toEqual(first);
    expect(first).toEqual(['sle-2', 'sle-1', 'sle-9', 'sle-5']);
  });
});

describe('rankMatches: eligibility', () => {
  it('excludes an SLE whose designation ended', () => {
    const { matches, ineligible } = rankMatches(input([sle('sle-e', 'Ed', { designationEndedOn: '2026-01-31' })]));
    expect(matches).toEqual([]);
    expect(ineligible).toEqual([{ sleId: 'sle-e', name: 'Ed', reasons: ['designation ended on 2026-01-31'] }]);
  });

  it('excludes an SLE without the specialism', () => {
    const { matches, ineligible } = rankMatches(input([sle('sle-s', 'Sue', { specialisms: ['english-primary', 'maths-secondary'] })]));
    expect(matches).toEqual([]);
    expect(ineligible).toEqual([{ sleId: 'sle-s', name: 'Sue', reasons: ['does not hold the maths-primary specialism'] }]);
  });

  it('excludes an SLE from the requesting school', () => {
    const { matches, ineligible } = rankMatches(input([sle('sle-h', 'Hal', { homeSchoolUrn: '100001' })]));
    expect(matches).toEqual([]);
    expect(ineligible).toEqual([{ sleId: 'sle-h', name: 'Hal', reasons: ['works at the requesting school'] }]);
  });

  it('excludes an SLE with no days left this academic year, even when commissioned beyond capacity', () => {
    const full = sle('sle-f', 'Flo', { capacityDays: 10 });
    const over = sle('sle-o', 'Oz', { capacityDays: 10 });
    const deployments = [deployment('sle-f', 'deployed', { '2025-26': 10 }), deployment('sle-o', 'brokered', { '2025-26': 12 })];
    const { matches, ineligible } = rankMatches(input([full, over], deployments));
    expect(matches).toEqual([]);
    expect(ineligible).toEqual([
      { sleId: 'sle-f', name: 'Flo', reasons: ['no days left in 2025-26 (10 of 10 commissioned)'] },
      { sleId: 'sle-o', name: 'Oz', reasons: ['no days left in 2025-26 (12 of 10 commissioned)'] },
    ]);
  });

  it('counts days in the academic year asked about only, and frees the unused days of a cancelled deployment', () => {
    const deployments = [
      deployment('sle-f', 'evaluated', { '2024-25': 10 }),
      deployment('sle-f', 'cancelled', { '2025-26': 10 }, [{ on: '2025-10-01', daysUsed: 1 }, { on: '2025-10-08', daysUsed: 1 }]),
    ];
    const { matches, ineligible } = rankMatches(input([sle('sle-f', 'Flo', { capacityDays: 10 })], deployments));
    expect(ineligible).toEqual([]);
    expect(matches.map((m) => m.reasons[2])).toEqual(['8 of 10 days left in 2025-26']);
  });

  it('lists every reason an SLE is excluded, and the excluded by name then id beside the eligible', () => {
    const { matches, ineligible } = rankMatches(
      input(
        [
          sle('sle-3', 'Zoe', { homeSchoolUrn: '100001' }),
          sle('sle-2', 'Max', { designationEndedOn: '2025-12-31', specialisms: ['science'], homeSchoolUrn: '100001', capacityDays: 0 }),
          sle('sle-ok', 'Amy'),
          sle('sle-1', 'Max', { specialisms: [] }),
        ],
        [],
      ),
    );
    expect(matches.map((m) => m.sleId)).toEqual(['sle-ok']);
    expect(ineligible).toEqual([
      { sleId: 'sle-1', name: 'Max', reasons: ['does not hold the maths-primary specialism'] },
      {
        sleId: 'sle-2',
        name: 'Max',
        reasons: ['designation ended on 2025-12-31', 'does not hold the maths-primary specialism', 'works at the requesting school', 'no days left in 2025-26 (0 of 0 commissioned)'],
      },
      { sleId: 'sle-3', name: 'Zoe', reasons: ['works at the requesting school'] },
    ]);
  });
});
