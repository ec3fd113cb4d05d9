import type { BrokerageMeetingHeld, DeploymentEvent, SupportRequested, ExpectedOutcome } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';
import {
  commissionOf,
  deploymentDecider,
  outcomeResult,
  type DeploymentCommand,
  type SleFacts,
} from './deployment.decider.js';

const today = '2026-06-30';
const deploymentId = 'dep-1';

const attainment: ExpectedOutcome = {
  measure: '% of Y6 at expected standard in reasoning',
  unit: '%',
  baseline: 48,
  target: 70,
};
/** Lower is better: the target is below the baseline. */
const absence: ExpectedOutcome = { measure: 'Persistent absence', unit: '%', baseline: 18, target: 10 };

const sle = (extra: Partial<SleFacts> = {}): SleFacts => ({
  sleId: 'sle-1',
  homeSchoolUrn: '100002',
  programmes: ['sle'],
  specialisms: ['english-primary', 'maths-primary'],
  designated: true,
  ...extra,
});

// ---- commands, valid as they stand so a test changes only what it is about ----

type Cmd<T extends DeploymentCommand['type']> = Extract<DeploymentCommand, { type: T }>;
type Extra<T extends DeploymentCommand['type']> = Partial<Omit<Cmd<T>, 'type'>>;

const requestSupport = (extra: Extra<'RequestSupport'> = {}): Cmd<'RequestSupport'> => ({
  type: 'RequestSupport',
  deploymentId,
  schoolUrn: '100001',
  programme: 'sle',
  specialism: 'maths-primary',
  areaOfNeed: 'Reasoning in KS2 maths',
  source: 'self-referral',
  requestedOn: '2025-09-08',
  today,
  ...extra,
});

const holdMeeting = (extra: Extra<'HoldBrokerageMeeting'> = {}): Cmd<'HoldBrokerageMeeting'> => ({
  type: 'HoldBrokerageMeeting',
  sleId: 'sle-1',
  sle: sle(),
  heldOn: '2025-09-15',
  attendees: [
    { name: 'Jo Head', role: 'Headteacher' },
    { name: 'Sam Patel', role: 'SLE' },
  ],
  areaOfNeed: 'Reasoning and attendance in KS2',
  startDate: '2025-09-22',
  endDate: '2026-02-13',
  daysCommissioned: 5,
  expectedOutcomes: [attainment, absence],
  today,
  ...extra,
});

const deploy = (startedOn = '2025-09-22', now = today): Cmd<'DeploySle'> => ({
  type: 'DeploySle',
  startedOn,
  today: now,
});

const logContact = (extra: Extra<'LogContact'> = {}): Cmd<'LogContact'> => ({
  type: 'LogContact',
  on: '2025-10-06',
  channel: 'visit',
  daysUsed: 1,
  status: 'on-track',
  note: 'Observed Y6 lessons',
  today,
  ...extra,
});

const extend = (extra: Extra<'ExtendDeployment'> = {}): Cmd<'ExtendDeployment'> => ({
  type: 'ExtendDeployment',
  on: '2026-01-12',
  additionalDays: 3,
  newEndDate: '2026-03-27',
  focus: 'Fluency in Y5',
  today,
  ...extra,
});

const evaluate = (extra: Extra<'EvaluateImpact'> = {}): Cmd<'EvaluateImpact'> => ({
  type: 'EvaluateImpact',
  heldOn: '2026-02-20',
  outcomes: [
    { measure: attainment.measure, actual: 72 },
    { measure: absence.measure, actual: 14 },
  ],
  schoolRating: 5,
  summary: 'Reasoning improved; absence fell',
  today,
  ...extra,
});

const cancel = (extra: Extra<'CancelDeployment'> = {}): Cmd<'CancelDeployment'> => ({
  type: 'CancelDeployment',
  on: '2025-10-20',
  reason: 'Headteacher left',
  today,
  ...extra,
});

// ---- histories ----

const requested: SupportRequested = {
  type: 'SupportRequested',
  data: {
    deploymentId,
    schoolUrn: '100001',
    programme: 'sle',
    specialism: 'maths-primary',
    areaOfNeed: 'Reasoning in KS2 maths',
    source: 'self-referral',
    requestedOn: '2025-09-08',
  },
};

const brokered: BrokerageMeetingHeld = {
  type: 'BrokerageMeetingHeld',
  data: {
    deploymentId,
    sleId: 'sle-1',
    heldOn: '2025-09-15',
    attendees: [
      { name: 'Jo Head', role: 'Headteacher' },
      { name: 'Sam Patel', role: 'SLE' },
    ],
    areaOfNeed: 'Reasoning and attendance in KS2',
    startDate: '2025-09-22',
    endDate: '2026-02-13',
    daysCommissioned: 5,
    expectedOutcomes: [attainment, absence],
  },
};

const deployed: DeploymentEvent = { type: 'SleDeployed', data: { deploymentId, startedOn: '2025-09-22' } };

const contact = (on: string, daysUsed: number): DeploymentEvent => ({
  type: 'ContactLogged',
  data: { deploymentId, on, channel: 'visit', daysUsed, status: 'on-track', note: 'Observed Y6 lessons' },
});

const evaluated: DeploymentEvent = {
  type: 'ImpactEvaluated',
  data: {
    deploymentId,
    heldOn: '2026-02-20',
    outcomes: [
      { ...attainment, actual: 72, result: 'achieved' },
      { ...absence, actual: 14, result: 'partly-achieved' },
    ],
    schoolRating: 5,
    summary: 'Reasoning improved; absence fell',
  },
};

const cancelled = (statusWhenCancelled: 'requested' | 'brokered' | 'deployed'): DeploymentEvent => ({
  type: 'DeploymentCancelled',
  data: { deploymentId, on: '2025-10-20', reason: 'Headteacher left', statusWhenCancelled },
});

const decider = deploymentDecider;
const atRequested = [requested];
const atBrokered = [requested, brokered];
const atDeployed = [requested, brokered, deployed];

describe('deployment decider: happy path', () => {
  it('requests support, recording everything but the clock', () => {
    given(decider).when(requestSupport()).then([requested]);
  });

  it('accepts a request dated today', () => {
    given(decider)
      .when(requestSupport({ requestedOn: today }))
      .then([{ type: 'SupportRequested', data: { ...requested.data, requestedOn: today } }]);
  });

  it('holds the brokerage meeting with the matched SLE, dates, days and outcomes', () => {
    given(decider, atRequested).when(holdMeeting()).then([brokered]);
  });

  it('accepts a meeting held on the day of the request that starts the same day', () => {
    given(decider, atRequested)
      .when(holdMeeting({ heldOn: '2025-09-08', startDate: '2025-09-08', endDate: '2025-09-09' }))
      .then([
        {
          type: 'BrokerageMeetingHeld',
          data: { ...brokered.data, heldOn: '2025-09-08', startDate: '2025-09-08', endDate: '2025-09-09' },
        },
      ]);
  });

  it('deploys the SLE', () => {
    given(decider, atBrokered).when(deploy()).then([deployed]);
  });

  it('deploys on the agreed end date at the latest', () => {
    given(decider, atBrokered)
      .when(deploy('2026-02-13'))
      .then([{ type: 'SleDeployed', data: { deploymentId, startedOn: '2026-02-13' } }]);
  });

  it('logs a contact', () => {
    given(decider, atDeployed)
      .when(logContact())
      .then([contact('2025-10-06', 1)]);
  });

  it('logs contacts up to exactly the days commissioned', () => {
    given(decider, [
      ...atDeployed,
      contact('2025-10-06', 1),
      contact('2025-10-13', 1),
      contact('2025-11-03', 1),
      contact('2025-11-10', 1),
    ])
      .when(logContact({ on: '2025-12-01', daysUsed: 1 }))
      .then([contact('2025-12-01', 1)]);
  });

  it('extends with more days, a new end date and a new focus', () => {
    given(decider, atDeployed)
      .when(extend())
      .then([
        {
          type: 'DeploymentExtended',
          data: { deploymentId, on: '2026-01-12', additionalDays: 3, newEndDate: '2026-03-27', focus: 'Fluency in Y5' },
        },
      ]);
  });

  it('extends only the end date, without days, commissioning nothing', () => {
    expect(commissionOf(extend({ additionalDays: 0, newEndDate: '2026-02-27' }))).toBeUndefined();
    given(decider, atDeployed)
      .when(extend({ additionalDays: 0, newEndDate: '2026-02-27' }))
      .then([
        {
          type: 'DeploymentExtended',
          data: { deploymentId, on: '2026-01-12', additionalDays: 0, newEndDate: '2026-02-27', focus: 'Fluency in Y5' },
        },
      ]);
  });

  it('extends only the days, keeping the end date', () => {
    given(decider, atDeployed)
      .when(extend({ additionalDays: 2, newEndDate: '2026-02-13' }))
      .then([
        {
          type: 'DeploymentExtended',
          data: { deploymentId, on: '2026-01-12', additionalDays: 2, newEndDate: '2026-02-13', focus: 'Fluency in Y5' },
        },
      ]);
  });

  it('lets contacts use the days an extension added', () => {
    const extended: DeploymentEvent = {
      type: 'DeploymentExtended',
      data: { deploymentId, on: '2026-01-12', additionalDays: 1, newEndDate: '2026-03-27', focus: 'Fluency' },
    };
    const fiveDays = [
      contact('2025-10-06', 1),
      contact('2025-10-13', 1),
      contact('2025-11-03', 1),
      contact('2025-11-10', 1),
      contact('2025-12-01', 1),
    ];
    given(decider, [...atDeployed, ...fiveDays, extended])
      .when(logContact({ on: '2026-01-19', daysUsed: 1 }))
      .then([contact('2026-01-19', 1)]);
    given(decider, [...atDeployed, ...fiveDays])
      .when(logContact({ on: '2026-01-19', daysUsed: 1 }))
      .thenRejects(ConflictError, /beyond the 5 commissioned/);
  });

  it('evaluates impact: achieved where the target was reached, partly where a lower-is-better measure fell short of its target', () => {
    given(decider, atDeployed).when(evaluate()).then([evaluated]);
  });

  it('evaluates every outcome as not achieved when nothing moved the right way', () => {
    given(decider, atDeployed)
      .when(
        evaluate({
          outcomes: [
            { measure: attainment.measure, actual: 48 },
            { measure: absence.measure, actual: 21 },
          ],
          schoolRating: 2,
        }),
      )
      .then([
        {
          type: 'ImpactEvaluated',
          data: {
            deploymentId,
            heldOn: '2026-02-20',
            outcomes: [
              { ...attainment, actual: 48, result: 'not-achieved' },
              { ...absence, actual: 21, result: 'not-achieved' },
            ],
            schoolRating: 2,
            summary: 'Reasoning improved; absence fell',
          },
        },
      ]);
  });

  it('evaluates a lower-is-better outcome as achieved below its target, and a higher-is-better one as partly achieved', () => {
    given(decider, atDeployed)
      .when(
        evaluate({
          outcomes: [
            // Given in another order, another case and with spaces: matched to the expected outcomes all the same.
            { measure: '  PERSISTENT absence ', actual: 9 },
            { measure: attainment.measure, actual: 60 },
          ],
        }),
      )
      .then([
        {
          type: 'ImpactEvaluated',
          data: {
            deploymentId,
            heldOn: '2026-02-20',
            outcomes: [
              { ...attainment, actual: 60, result: 'partly-achieved' },
              { ...absence, actual: 9, result: 'achieved' },
            ],
            schoolRating: 5,
            summary: 'Reasoning improved; absence fell',
          },
        },
      ]);
  });

  it.each([
    ['requested', atRequested],
    ['brokered', atBrokered],
    ['deployed', atDeployed],
  ] as const)('cancels from %s, recording the status it was in', (status, history) => {
    given(decider, [...history])
      .when(cancel())
      .then([cancelled(status)]);
  });
});

describe('deployment decider: steps out of order', () => {
  const conflicts: [string, DeploymentEvent[], DeploymentCommand, RegExp][] = [
    ['a duplicate request', atRequested, requestSupport(), /already exists/],
    ['a meeting before any request', [], holdMeeting(), /no support was requested/],
    ['deploying before any request', [], deploy(), /no support was requested/],
    ['cancelling before any request', [], cancel(), /no support was requested/],
    [
      'deploying before the brokerage meeting',
      atRequested,
      deploy(),
      /deploy the SLE: the deployment is requested \(needs brokered\)/,
    ],
    ['a contact before the SLE is deployed', atBrokered, logContact(), /log a contact: the deployment is brokered/],
    ['an extension before the SLE is deployed', atBrokered, extend(), /extend: the deployment is brokered/],
    ['an evaluation before the SLE is deployed', atBrokered, evaluate(), /evaluate impact: the deployment is brokered/],
    [
      'an evaluation straight after the request',
      atRequested,
      evaluate(),
      /evaluate impact: the deployment is requested/,
    ],
    ['a second brokerage meeting', atBrokered, holdMeeting(), /hold the brokerage meeting: the deployment is brokered/],
    ['deploying twice', atDeployed, deploy(), /deploy the SLE: the deployment is deployed/],
    ['evaluating twice', [...atDeployed, evaluated], evaluate(), /evaluate impact: the deployment is evaluated/],
    ['a contact after the evaluation', [...atDeployed, evaluated], logContact(), /evaluated/],
    ['an extension after the evaluation', [...atDeployed, evaluated], extend(), /evaluated/],
    [
      'cancelling after the evaluation',
      [...atDeployed, evaluated],
      cancel({ on: '2026-03-01' }),
      /cancel: the deployment is evaluated/,
    ],
    ['a duplicate request after the evaluation', [...atDeployed, evaluated], requestSupport(), /already exists/],
  ];
  it.each(conflicts)('rejects %s', (_name, history, command, message) => {
    given(decider, history).when(command).thenRejects(ConflictError, message);
  });

  const afterCancel: [string, DeploymentEvent[]][] = [
    ['requested', [...atRequested, cancelled('requested')]],
    ['brokered', [...atBrokered, cancelled('brokered')]],
    ['deployed', [...atDeployed, cancelled('deployed')]],
  ];
  const everyStep: DeploymentCommand[] = [
    requestSupport(),
    holdMeeting(),
    deploy(),
    logContact(),
    extend(),
    evaluate(),
    cancel(),
  ];
  describe.each(afterCancel)('after cancelling from %s', (_status, history) => {
    it.each(everyStep.map((c) => [c.type, c] as const))('rejects %s', (_type, command) => {
      given(decider, history)
        .when(command)
        .thenRejects(
          ConflictError,
          command.type === 'RequestSupport' ? /already exists/ : /the deployment is cancelled/,
        );
    });
  });
});

describe('deployment decider: request', () => {
  it('rejects a request dated in the future', () => {
    given(decider)
      .when(requestSupport({ requestedOn: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { requestedOn: /future/ });
  });
});

describe('deployment decider: brokerage meeting', () => {
  it('rejects an SLE that is not designated at all', () => {
    given(decider, atRequested)
      .when(holdMeeting({ sleId: 'sle-404', sle: undefined }))
      .thenRejects(InvalidCommandError, { sleId: /no SLE sle-404 is designated/ });
  });

  it('reports a meeting out of order before an unknown SLE', () => {
    given(decider, atBrokered)
      .when(holdMeeting({ sleId: 'sle-404', sle: undefined }))
      .thenRejects(ConflictError, /the deployment is brokered/);
  });

  it('never matches an SLE to their own home school', () => {
    given(decider, atRequested)
      .when(holdMeeting({ sle: sle({ homeSchoolUrn: '100001' }) }))
      .thenRejects(InvalidCommandError, { sleId: /never matched to their own school/ });
  });

  it('matches an SLE only for a specialism they hold', () => {
    given(decider, atRequested)
      .when(holdMeeting({ sle: sle({ specialisms: ['english-primary', 'science'] }) }))
      .thenRejects(InvalidCommandError, { sleId: /does not hold the specialism maths-primary/ });
  });

  it('does not match an SLE whose designation ended', () => {
    given(decider, atRequested)
      .when(holdMeeting({ sle: sle({ designated: false }) }))
      .thenRejects(InvalidCommandError, { sleId: /no longer designated/ });
  });

  it('rejects a meeting held before the request', () => {
    given(decider, atRequested)
      .when(holdMeeting({ heldOn: '2025-09-07' }))
      .thenRejects(InvalidCommandError, { heldOn: /before the request \(2025-09-08\)/ });
  });

  it('rejects a meeting dated in the future', () => {
    given(decider, atRequested)
      .when(holdMeeting({ heldOn: '2026-07-01', startDate: '2026-07-02', endDate: '2026-07-20' }))
      .thenRejects(InvalidCommandError, { heldOn: /future/ });
  });

  it('rejects a start date before the meeting', () => {
    given(decider, atRequested)
      .when(holdMeeting({ startDate: '2025-09-14' }))
      .thenRejects(InvalidCommandError, { startDate: /before the brokerage meeting/ });
  });

  it.each(['2025-09-22', '2025-09-21'])('rejects an end date (%s) that is not after the start date', (endDate) => {
    given(decider, atRequested)
      .when(holdMeeting({ endDate }))
      .thenRejects(InvalidCommandError, { endDate: /after startDate/ });
  });

  it('rejects a measure named twice, whatever its case and spacing', () => {
    given(decider, atRequested)
      .when(
        holdMeeting({
          expectedOutcomes: [
            attainment,
            { ...attainment, measure: ` ${attainment.measure.toUpperCase()} `, target: 80 },
          ],
        }),
      )
      .thenRejects(InvalidCommandError, { expectedOutcomes: /named once/ });
  });

  it('rejects a target equal to its baseline', () => {
    given(decider, atRequested)
      .when(holdMeeting({ expectedOutcomes: [attainment, { ...absence, target: 18 }] }))
      .thenRejects(InvalidCommandError, { expectedOutcomes: /differ from its baseline/ });
  });

  it('names every bad field at once', () => {
    given(decider, atRequested)
      .when(holdMeeting({ sle: sle({ homeSchoolUrn: '100001' }), heldOn: '2025-09-01', endDate: '2025-09-01' }))
      .thenRejects(InvalidCommandError, {
        sleId: /own school/,
        heldOn: /before the request/,
        endDate: /after startDate/,
      });
  });

  it('commissions its days in the academic year the work starts, not the year of the meeting', () => {
    expect(commissionOf(holdMeeting())).toEqual({
      academicYear: '2025-26',
      days: 5,
      capacityOverrideReason: undefined,
    });
    expect(
      commissionOf(holdMeeting({ heldOn: '2026-06-01', startDate: '2026-09-07', endDate: '2026-12-11' })),
    ).toMatchObject({ academicYear: '2026-27', days: 5 });
  });

  it('records the reservation of its days, and a capacityOverrideReason given (trimmed), with the meeting', () => {
    given(decider, atRequested)
      .when(
        holdMeeting({ capacityReservationId: 'res-1', capacityOverrideReason: '  Ofsted due; no other maths SLE  ' }),
      )
      .then([
        {
          type: 'BrokerageMeetingHeld',
          data: {
            ...brokered.data,
            capacityOverrideReason: 'Ofsted due; no other maths SLE',
            capacityReservationId: 'res-1',
          },
        },
      ]);
  });

  it('leaves a blank capacityOverrideReason out of the event', () => {
    const [event] = given(decider, atRequested)
      .when(holdMeeting({ capacityOverrideReason: '   ' }))
      .then([brokered]);
    expect(event.data).not.toHaveProperty('capacityOverrideReason');
  });
});

describe('deployment decider: deploy', () => {
  it('rejects a start before the brokerage meeting', () => {
    given(decider, atBrokered)
      .when(deploy('2025-09-14'))
      .thenRejects(InvalidCommandError, { startedOn: /before the brokerage meeting \(2025-09-15\)/ });
  });

  it('rejects a start dated in the future', () => {
    given(decider, atBrokered)
      .when(deploy('2025-10-01', '2025-09-30'))
      .thenRejects(InvalidCommandError, { startedOn: /future/ });
  });

  it('rejects a start after the agreed end date', () => {
    given(decider, atBrokered)
      .when(deploy('2026-02-14'))
      .thenRejects(InvalidCommandError, { startedOn: /after the agreed end date \(2026-02-13\)/ });
  });
});

describe('deployment decider: contacts', () => {
  it('rejects a contact before the deployment started', () => {
    given(decider, atDeployed)
      .when(logContact({ on: '2025-09-21' }))
      .thenRejects(InvalidCommandError, { on: /before the deployment started \(2025-09-22\)/ });
  });

  it('rejects a contact dated in the future', () => {
    given(decider, atDeployed)
      .when(logContact({ on: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { on: /future/ });
  });

  it('refuses days delivered beyond the days commissioned', () => {
    const history = [
      ...atDeployed,
      contact('2025-10-06', 1),
      contact('2025-10-13', 1),
      contact('2025-11-03', 1),
      contact('2025-11-10', 1),
      contact('2025-11-17', 0.5),
    ];
    given(decider, history)
      .when(logContact({ on: '2025-12-01', daysUsed: 1 }))
      .thenRejects(ConflictError, /days delivered to 5.5, beyond the 5 commissioned/);
    given(decider, history)
      .when(logContact({ on: '2025-12-01', daysUsed: 0.5 }))
      .then([contact('2025-12-01', 0.5)]);
  });
});

describe('deployment decider: extensions', () => {
  it('commissions its extra days in the academic year the extension is agreed', () => {
    expect(commissionOf(extend())).toMatchObject({ academicYear: '2025-26', days: 3 });
    expect(commissionOf(extend({ on: '2026-09-07', newEndDate: '2026-12-11' }))).toMatchObject({
      academicYear: '2026-27',
    });
  });

  it('records a capacityOverrideReason and the reservation of its days with the extension', () => {
    given(decider, atDeployed)
      .when(
        extend({
          capacityOverrideReason: 'Trust built; new focus agreed',
          capacityReservationId: 'res-2',
        }),
      )
      .then([
        {
          type: 'DeploymentExtended',
          data: {
            deploymentId,
            on: '2026-01-12',
            additionalDays: 3,
            newEndDate: '2026-03-27',
            focus: 'Fluency in Y5',
            capacityOverrideReason: 'Trust built; new focus agreed',
            capacityReservationId: 'res-2',
          },
        },
      ]);
  });

  it('rejects a new end date before the current end date', () => {
    given(decider, atDeployed)
      .when(extend({ newEndDate: '2026-02-12' }))
      .thenRejects(InvalidCommandError, { newEndDate: /before the current end date \(2026-02-13\)/ });
  });

  it('measures the current end date after earlier extensions', () => {
    const extended: DeploymentEvent = {
      type: 'DeploymentExtended',
      data: { deploymentId, on: '2026-01-12', additionalDays: 2, newEndDate: '2026-03-27', focus: 'Fluency' },
    };
    given(decider, [...atDeployed, extended])
      .when(extend({ on: '2026-02-02', newEndDate: '2026-03-20' }))
      .thenRejects(InvalidCommandError, { newEndDate: /current end date \(2026-03-27\)/ });
  });

  it('rejects an extension that adds nothing', () => {
    given(decider, atDeployed)
      .when(extend({ additionalDays: 0, newEndDate: '2026-02-13' }))
      .thenRejects(InvalidCommandError, { additionalDays: /adds days, moves the end date, or both/ });
  });

  it('rejects a new end date before the day the extension is agreed', () => {
    given(decider, atDeployed)
      .when(extend({ on: '2026-03-02', newEndDate: '2026-02-20' }))
      .thenRejects(InvalidCommandError, { newEndDate: /before the extension is agreed/ });
  });

  it('rejects an extension before the deployment started', () => {
    given(decider, atDeployed)
      .when(extend({ on: '2025-09-21' }))
      .thenRejects(InvalidCommandError, { on: /before the deployment started/ });
  });

  it('rejects an extension dated in the future', () => {
    given(decider, atDeployed)
      .when(extend({ on: '2026-07-01', newEndDate: '2026-07-20' }))
      .thenRejects(InvalidCommandError, { on: /future/ });
  });
});

describe('deployment decider: impact evaluation', () => {
  it('requires every expected outcome to be measured', () => {
    given(decider, atDeployed)
      .when(evaluate({ outcomes: [{ measure: attainment.measure, actual: 72 }] }))
      .thenRejects(InvalidCommandError, { outcomes: /missing: Persistent absence/ });
  });

  it('rejects an outcome that was not expected', () => {
    given(decider, atDeployed)
      .when(evaluate({ outcomes: [...evaluate().outcomes, { measure: 'KS1 phonics pass rate', actual: 80 }] }))
      .thenRejects(InvalidCommandError, {
        outcomes: /not expected outcomes of this deployment: KS1 phonics pass rate/,
      });
  });

  it('rejects an outcome measured twice', () => {
    given(decider, atDeployed)
      .when(evaluate({ outcomes: [...evaluate().outcomes, { measure: 'persistent absence', actual: 12 }] }))
      .thenRejects(InvalidCommandError, { outcomes: /measured more than once: persistent absence/ });
  });

  it('rejects an evaluation before the deployment started', () => {
    given(decider, atDeployed)
      .when(evaluate({ heldOn: '2025-09-21' }))
      .thenRejects(InvalidCommandError, { heldOn: /before the deployment started/ });
  });

  it('rejects an evaluation dated before the latest contact', () => {
    given(decider, [...atDeployed, contact('2025-11-03', 1)])
      .when(evaluate({ heldOn: '2025-11-02' }))
      .thenRejects(InvalidCommandError, { heldOn: /before the latest contact or extension \(2025-11-03\)/ });
  });

  it('rejects an evaluation dated in the future', () => {
    given(decider, atDeployed)
      .when(evaluate({ heldOn: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { heldOn: /future/ });
  });
});

describe('deployment decider: cancellation', () => {
  it('rejects a cancellation before the request', () => {
    given(decider, [requested])
      .when(cancel({ on: '2025-09-07' }))
      .thenRejects(InvalidCommandError, { on: /before the latest step of this deployment \(2025-09-08\)/ });
  });

  it('rejects a cancellation dated before the brokerage meeting, the start or the latest contact', () => {
    given(decider, atBrokered)
      .when(cancel({ on: '2025-09-14' }))
      .thenRejects(InvalidCommandError, { on: /\(2025-09-15\)/ });
    given(decider, atDeployed)
      .when(cancel({ on: '2025-09-21' }))
      .thenRejects(InvalidCommandError, { on: /\(2025-09-22\)/ });
    given(decider, [...atDeployed, contact('2025-10-06', 1)])
      .when(cancel({ on: '2025-10-05' }))
      .thenRejects(InvalidCommandError, { on: /\(2025-10-06\)/ });
  });

  it('rejects a cancellation dated in the future', () => {
    given(decider, atDeployed)
      .when(cancel({ on: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { on: /future/ });
  });
});

describe('outcomeResult', () => {
  const higher: ExpectedOutcome = { measure: 'Good teaching', unit: '%', baseline: 40, target: 75 };
  const lower: ExpectedOutcome = { measure: 'Exclusions', unit: 'count', baseline: 12, target: 4 };

  it.each([
    [75, 'achieved'],
    [90, 'achieved'],
    [74.9, 'partly-achieved'],
    [41, 'partly-achieved'],
    [40, 'not-achieved'],
    [30, 'not-achieved'],
  ] as const)('higher is better (40 -> 75): actual %p is %s', (actual, result) => {
    expect(outcomeResult(higher, actual)).toBe(result);
  });

  it.each([
    [4, 'achieved'],
    [0, 'achieved'],
    [5, 'partly-achieved'],
    [11, 'partly-achieved'],
    [12, 'not-achieved'],
    [15, 'not-achieved'],
  ] as const)('lower is better (12 -> 4): actual %p is %s', (actual, result) => {
    expect(outcomeResult(lower, actual)).toBe(result);
  });
});

describe('deployment decider: the school withdraws its request', () => {
  const withdraw = (extra: Extra<'WithdrawRequest'> = {}): Cmd<'WithdrawRequest'> => ({
    type: 'WithdrawRequest',
    on: '2025-09-10',
    reason: 'Sent by mistake',
    today,
    ...extra,
  });
  const withdrawn: DeploymentEvent = {
    type: 'SupportRequestWithdrawn',
    data: { deploymentId, on: '2025-09-10', reason: 'Sent by mistake' },
  };

  it('withdraws a request waiting for its brokerage meeting, releasing nothing (nothing was reserved)', () => {
    given(decider, atRequested).when(withdraw()).then([withdrawn]);
    expect(commissionOf({ ...withdraw(), deploymentId } as DeploymentCommand)).toBeUndefined();
  });

  it.each([
    ['once brokered', atBrokered, /withdraw the request: the deployment is brokered \(needs requested\)/],
    ['once deployed', atDeployed, /the deployment is deployed/],
    ['once cancelled', [...atRequested, cancelled('requested')], /the deployment is cancelled/],
    ['twice', [...atRequested, withdrawn], /the deployment is withdrawn/],
    ['with no request', [], /no support was requested/],
  ] as const)('rejects withdrawing %s', (_name, history, message) => {
    given(decider, [...history])
      .when(withdraw())
      .thenRejects(ConflictError, message);
  });

  it('rejects a withdrawal dated before the request or in the future', () => {
    given(decider, atRequested)
      .when(withdraw({ on: '2025-09-07' }))
      .thenRejects(InvalidCommandError, { on: /before the request \(2025-09-08\)/ });
    given(decider, atRequested)
      .when(withdraw({ on: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { on: /future/ });
  });

  it.each([holdMeeting(), deploy(), logContact(), cancel()].map((c) => [c.type, c] as const))(
    'rejects %s after the withdrawal',
    (_type, command) => {
      given(decider, [...atRequested, withdrawn])
        .when(command)
        .thenRejects(ConflictError, /the deployment is withdrawn/);
    },
  );
});
