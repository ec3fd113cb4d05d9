import type { DeploymentStatus, Phase } from '../../events/index.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import { historiesFrom, type MatchInput } from '../../projections/match-score.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';

/** Schools, SLEs and deployments for the matching specs: each valid as it stands, so a test changes only what it is about. */

export const school = (urn: string, localAuthority: string, phase: Phase = 'primary'): SchoolView => ({
  urn,
  name: `School ${urn}`,
  phase,
  localAuthority,
  ofsted: null,
  ofstedHistory: [],
  dataPoints: [],
});
export const schools = new Map(
  [
    school('100001', 'Buckinghamshire'),
    school('100002', 'Buckinghamshire'),
    school('100003', 'Oxfordshire'),
    school('100004', 'Buckinghamshire'),
  ].map((s) => [s.urn, s]),
);

export const sle = (sleId: string, name: string, extra: Partial<SleView> = {}): SleView => ({
  sleId,
  name,
  email: `${sleId}@alliance.test`,
  homeSchoolUrn: '100002',
  programmes: ['sle'],
  specialisms: ['maths-primary'],
  phases: ['primary'],
  capacityDays: 20,
  designatedOn: '2024-09-01',
  designationEndedOn: null,
  ...extra,
});

let nextId = 0;
export const deployment = (
  sleId: string,
  status: DeploymentStatus,
  extra: Partial<DeploymentView> = {},
): DeploymentView => ({
  deploymentId: `dep-${++nextId}`,
  schoolUrn: '100009',
  sleId,
  status,
  programme: 'sle',
  specialism: 'maths-primary',
  source: 'self-referral',
  requestedOn: '2024-09-01',
  areaOfNeed: 'Reasoning',
  requestedAreaOfNeed: 'Reasoning',
  brokerageMeeting: { heldOn: '2024-09-10', attendees: [], endDate: '2025-03-31' },
  startedOn: null,
  startDate: '2024-09-15',
  endDate: '2025-03-31',
  daysCommissioned: 4,
  daysDelivered: 0,
  expectedOutcomes: [],
  contacts: [],
  latestStatus: null,
  extensions: [],
  evaluation: null,
  cancellation: null,
  commissionedByYear: { '2024-25': 4 },
  version: 1,
  ...extra,
});
export const evaluated = (
  sleId: string,
  rating: number,
  results: ('achieved' | 'partly-achieved' | 'not-achieved')[],
  extra: Partial<DeploymentView> = {},
) =>
  deployment(sleId, 'evaluated', {
    evaluation: {
      heldOn: '2025-04-01',
      schoolRating: rating,
      summary: '',
      outcomes: results.map((result, i) => ({
        measure: `m${i}`,
        unit: '%',
        baseline: 40,
        target: 70,
        actual: 70,
        result,
      })),
    },
    ...extra,
  });

export const input = (
  sles: readonly SleView[],
  deployments: DeploymentView[],
  extra: Partial<MatchInput> = {},
): MatchInput => ({
  request: { schoolUrn: '100001', specialism: 'maths-primary', programme: 'sle' },
  school: schools.get('100001')!,
  sles,
  historyOf: historiesFrom(deployments),
  typicalDays: 5,
  schools,
  academicYear: '2025-26',
  ...extra,
});

/** Four SLEs of maths-primary who differ in phase, home school, load and record (see `teamHistory`). */
export const team = {
  alex: sle('s-alex', 'Alex Adams'),
  bea: sle('s-bea', 'Bea Brown', { homeSchoolUrn: '100003', phases: ['secondary'] }),
  cal: sle('s-cal', 'Cal Carter', { homeSchoolUrn: '100004' }),
  dee: sle('s-dee', 'Dee Dunn'),
};

/** Cal is on two active deployments; Dee has three evaluated, one of them at the requesting school 100001. */
export const teamHistory = () => [
  deployment('s-cal', 'brokered', { commissionedByYear: { '2025-26': 4 } }),
  deployment('s-cal', 'deployed', { commissionedByYear: { '2025-26': 4 } }),
  evaluated('s-dee', 5, ['achieved', 'achieved'], { schoolUrn: '100001' }),
  evaluated('s-dee', 5, ['achieved']),
  evaluated('s-dee', 5, []),
];
