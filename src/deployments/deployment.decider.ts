import type {
  BrokerageMeetingHeld,
  ContactLogged,
  DeploymentCancelled,
  SupportRequestWithdrawn,
  DeploymentEvent,
  DeploymentExtended,
  EvaluatedOutcome,
  ExpectedOutcome,
  IsoDate,
  OutcomeResult,
  SleDeployed,
  SupportRequested,
} from '../../events/index.js';
import { academicYearOf } from '../calendar/academic-calendar.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems, InvalidCommandError } from '../shared/domain-errors.js';

/** What the handler looked up about the SLE so that the pure decider can apply the matching rules. */
export interface SleFacts {
  sleId: string;
  homeSchoolUrn: string;
  programmes: string[];
  specialisms: string[];
  designated: boolean;
}

type Payload<E extends { data: { deploymentId: string } }> = Omit<E['data'], 'deploymentId'>;

// ---- commands: each carries what the person asked for and the day it is decided on; the brokerage meeting the
// SLE's facts (undefined when no SLE with that id is designated); a step that commissions days the reservation
// of those days on the SLE's capacity ledger (see `commissionOf`) ----

export type RequestSupport = { type: 'RequestSupport'; today: IsoDate } & SupportRequested['data'];
export type HoldBrokerageMeeting = {
  type: 'HoldBrokerageMeeting';
  today: IsoDate;
  sle?: SleFacts;
} & Payload<BrokerageMeetingHeld>;
export type DeploySle = { type: 'DeploySle'; today: IsoDate } & Payload<SleDeployed>;
export type LogContact = { type: 'LogContact'; today: IsoDate } & Payload<ContactLogged>;
export type ExtendDeployment = {
  type: 'ExtendDeployment';
  today: IsoDate;
  sle?: SleFacts;
} & Payload<DeploymentExtended>;
export interface EvaluateImpact {
  type: 'EvaluateImpact';
  today: IsoDate;
  heldOn: IsoDate;
  outcomes: { measure: string; actual: number }[];
  schoolRating: number;
  summary: string;
}
export type CancelDeployment = { type: 'CancelDeployment'; today: IsoDate } & Omit<
  Payload<DeploymentCancelled>,
  'statusWhenCancelled'
>;

/** A school taking back its own request; who may is the handler's check (the school's own users only). */
export type WithdrawRequest = { type: 'WithdrawRequest'; today: IsoDate } & Payload<SupportRequestWithdrawn>;

export type DeploymentCommand =
  | RequestSupport
  | HoldBrokerageMeeting
  | DeploySle
  | LogContact
  | ExtendDeployment
  | EvaluateImpact
  | CancelDeployment
  | WithdrawRequest;

// ---- states: each holds the fields a deployment has by then ----

interface None {
  status: 'none';
}
interface Requested {
  status: 'requested';
  deploymentId: string;
  schoolUrn: string;
  programme: string;
  specialism: string;
  requestedOn: IsoDate;
  /** Date of the latest step so far; nothing later may be dated before it. */
  latestStepOn: IsoDate;
}
interface Brokered extends Omit<Requested, 'status'> {
  status: 'brokered';
  sleId: string;
  heldOn: IsoDate;
  startDate: IsoDate;
  endDate: IsoDate;
  daysCommissioned: number;
  expectedOutcomes: ExpectedOutcome[];
}
interface Deployed extends Omit<Brokered, 'status'> {
  status: 'deployed';
  startedOn: IsoDate;
  daysDelivered: number;
}
interface Evaluated {
  status: 'evaluated';
  deploymentId: string;
}
interface Cancelled {
  status: 'cancelled';
  deploymentId: string;
}
interface Withdrawn {
  status: 'withdrawn';
  deploymentId: string;
}

export type DeploymentState = None | Requested | Brokered | Deployed | Evaluated | Cancelled | Withdrawn;
type Status = DeploymentState['status'];

/** An outcome is achieved when the actual reaches the target, partly when it moved from the baseline towards it. */
export function outcomeResult({ baseline, target }: ExpectedOutcome, actual: number): OutcomeResult {
  const direction = Math.sign(target - baseline) || 1;
  if ((actual - target) * direction >= 0) return 'achieved';
  if ((actual - baseline) * direction > 0) return 'partly-achieved';
  return 'not-achieved';
}

function requireStatus<const S extends Status>(
  state: DeploymentState,
  allowed: readonly S[],
  step: string,
): asserts state is Extract<DeploymentState, { status: S }> {
  if (state.status === 'none') throw new ConflictError(`Cannot ${step}: no support was requested for this deployment`);
  if (!(allowed as readonly Status[]).includes(state.status)) {
    throw new ConflictError(`Cannot ${step}: the deployment is ${state.status} (needs ${allowed.join(' or ')})`);
  }
}

/** The reason for commissioning beyond capacity, kept on the event only when one was given. */
const overrideOf = (reason: string | undefined) => (reason?.trim() ? { capacityOverrideReason: reason.trim() } : {});

/**
 * The SLE days a step commissions, and the academic year they count in: a meeting's in the year the work
 * starts, an extension's in the year it is agreed. The days are reserved on that year's capacity ledger
 * (`sle-capacity.decider.ts`) before the step is recorded; undefined for a step that commissions none.
 */
export function commissionOf(
  command: DeploymentCommand,
): { academicYear: string; days: number; capacityOverrideReason?: string } | undefined {
  const { capacityOverrideReason } = command as { capacityOverrideReason?: string };
  if (command.type === 'HoldBrokerageMeeting' && command.daysCommissioned > 0)
    return { academicYear: academicYearOf(command.startDate), days: command.daysCommissioned, capacityOverrideReason };
  if (command.type === 'ExtendDeployment' && command.additionalDays > 0)
    return { academicYear: academicYearOf(command.on), days: command.additionalDays, capacityOverrideReason };
  return undefined;
}

/** The reservation of the step's days, kept on the event only when there is one. */
const reservationOf = (id: string | undefined) => (id ? { capacityReservationId: id } : {});

const measureKey = (measure: string) => measure.trim().toLowerCase();

export function requestSupport(command: RequestSupport, state: DeploymentState): DeploymentEvent[] {
  if (state.status !== 'none') throw new ConflictError(`Deployment ${command.deploymentId} already exists`);
  new FieldProblems()
    .check(command.requestedOn <= command.today, 'requestedOn', 'must not be in the future')
    .throwIfAny();
  const { type: _type, today: _today, ...data } = command;
  return [{ type: 'SupportRequested', data }];
}

export function holdBrokerageMeeting(command: HoldBrokerageMeeting, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['requested'], 'hold the brokerage meeting');
  const { sle } = command;
  if (!sle) throw InvalidCommandError.field('sleId', `no SLE ${command.sleId} is designated`);
  const measures = command.expectedOutcomes.map((o) => measureKey(o.measure));
  new FieldProblems()
    .check(sle.designated, 'sleId', `SLE ${sle.sleId} is no longer designated`)
    .check(
      sle.homeSchoolUrn !== state.schoolUrn,
      'sleId',
      `SLE ${sle.sleId} works at school ${state.schoolUrn}; an SLE is never matched to their own school`,
    )
    .check(
      sle.programmes.includes(state.programme),
      'sleId',
      `SLE ${sle.sleId} is not designated to the ${state.programme} programme of this deployment`,
    )
    .check(
      sle.specialisms.includes(state.specialism),
      'sleId',
      `SLE ${sle.sleId} does not hold the specialism ${state.specialism}`,
    )
    .check(command.heldOn >= state.requestedOn, 'heldOn', `must not be before the request (${state.requestedOn})`)
    .check(command.heldOn <= command.today, 'heldOn', 'must not be in the future')
    .check(command.startDate >= command.heldOn, 'startDate', 'must not be before the brokerage meeting')
    .check(command.endDate > command.startDate, 'endDate', 'must be after startDate')
    .check(new Set(measures).size === measures.length, 'expectedOutcomes', 'each measure must be named once')
    .check(
      command.expectedOutcomes.every((o) => o.baseline !== o.target),
      'expectedOutcomes',
      'each target must differ from its baseline, or nothing can be measured',
    )
    .throwIfAny();
  return [
    {
      type: 'BrokerageMeetingHeld',
      data: {
        deploymentId: state.deploymentId,
        sleId: sle.sleId,
        heldOn: command.heldOn,
        attendees: command.attendees,
        areaOfNeed: command.areaOfNeed,
        startDate: command.startDate,
        endDate: command.endDate,
        daysCommissioned: command.daysCommissioned,
        expectedOutcomes: command.expectedOutcomes,
        ...overrideOf(command.capacityOverrideReason),
        ...reservationOf(command.capacityReservationId),
      },
    },
  ];
}

export function deploySle(command: DeploySle, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['brokered'], 'deploy the SLE');
  new FieldProblems()
    .check(command.startedOn >= state.heldOn, 'startedOn', `must not be before the brokerage meeting (${state.heldOn})`)
    .check(command.startedOn <= state.endDate, 'startedOn', `must not be after the agreed end date (${state.endDate})`)
    .check(command.startedOn <= command.today, 'startedOn', 'must not be in the future')
    .throwIfAny();
  return [{ type: 'SleDeployed', data: { deploymentId: state.deploymentId, startedOn: command.startedOn } }];
}

export function logContact(command: LogContact, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['deployed'], 'log a contact');
  new FieldProblems()
    .check(command.on >= state.startedOn, 'on', `must not be before the deployment started (${state.startedOn})`)
    .check(command.on <= command.today, 'on', 'must not be in the future')
    .throwIfAny();
  const delivered = state.daysDelivered + command.daysUsed;
  if (delivered > state.daysCommissioned) {
    throw new ConflictError(
      `This contact would bring days delivered to ${delivered}, beyond the ${state.daysCommissioned} commissioned; extend the deployment first`,
    );
  }
  const { type: _type, today: _today, ...data } = command;
  return [{ type: 'ContactLogged', data: { deploymentId: state.deploymentId, ...data } }];
}

export function extendDeployment(command: ExtendDeployment, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['deployed'], 'extend');
  new FieldProblems()
    .check(command.on >= state.startedOn, 'on', `must not be before the deployment started (${state.startedOn})`)
    .check(command.on <= command.today, 'on', 'must not be in the future')
    .check(
      command.newEndDate >= state.endDate,
      'newEndDate',
      `must not be before the current end date (${state.endDate})`,
    )
    .check(command.newEndDate >= command.on, 'newEndDate', 'must not be before the extension is agreed')
    .check(
      command.additionalDays > 0 || command.newEndDate > state.endDate,
      'additionalDays',
      'an extension adds days, moves the end date, or both',
    )
    .throwIfAny();
  return [
    {
      type: 'DeploymentExtended',
      data: {
        deploymentId: state.deploymentId,
        on: command.on,
        additionalDays: command.additionalDays,
        newEndDate: command.newEndDate,
        focus: command.focus,
        ...overrideOf(command.capacityOverrideReason),
        ...reservationOf(command.capacityReservationId),
      },
    },
  ];
}

export function evaluateImpact(command: EvaluateImpact, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['deployed'], 'evaluate impact');
  const given = new Map<string, number>();
  const duplicates: string[] = [];
  for (const o of command.outcomes) {
    const key = measureKey(o.measure);
    if (given.has(key)) duplicates.push(o.measure);
    given.set(key, o.actual);
  }
  const expected = new Set(state.expectedOutcomes.map((o) => measureKey(o.measure)));
  const missing = state.expectedOutcomes.filter((o) => !given.has(measureKey(o.measure))).map((o) => o.measure);
  const unknown = command.outcomes.filter((o) => !expected.has(measureKey(o.measure))).map((o) => o.measure);
  new FieldProblems()
    .check(missing.length === 0, 'outcomes', `every expected outcome must be measured; missing: ${missing.join(', ')}`)
    .check(unknown.length === 0, 'outcomes', `not expected outcomes of this deployment: ${unknown.join(', ')}`)
    .check(duplicates.length === 0, 'outcomes', `measured more than once: ${duplicates.join(', ')}`)
    .check(
      command.heldOn >= state.startedOn,
      'heldOn',
      `must not be before the deployment started (${state.startedOn})`,
    )
    .check(
      command.heldOn >= state.latestStepOn,
      'heldOn',
      `must not be before the latest contact or extension (${state.latestStepOn})`,
    )
    .check(command.heldOn <= command.today, 'heldOn', 'must not be in the future')
    .throwIfAny();
  const outcomes: EvaluatedOutcome[] = [];
  for (const o of state.expectedOutcomes) {
    const actual = given.get(measureKey(o.measure));
    // Every expected outcome was checked as measured above.
    if (actual !== undefined) outcomes.push({ ...o, actual, result: outcomeResult(o, actual) });
  }
  const { heldOn, schoolRating, summary } = command;
  return [
    { type: 'ImpactEvaluated', data: { deploymentId: state.deploymentId, heldOn, outcomes, schoolRating, summary } },
  ];
}

export function cancelDeployment(command: CancelDeployment, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['requested', 'brokered', 'deployed'], 'cancel');
  new FieldProblems()
    .check(
      command.on >= state.latestStepOn,
      'on',
      `must not be before the latest step of this deployment (${state.latestStepOn})`,
    )
    .check(command.on <= command.today, 'on', 'must not be in the future')
    .throwIfAny();
  const { on, reason } = command;
  return [
    {
      type: 'DeploymentCancelled',
      data: { deploymentId: state.deploymentId, on, reason, statusWhenCancelled: state.status },
    },
  ];
}

export function withdrawRequest(command: WithdrawRequest, state: DeploymentState): DeploymentEvent[] {
  requireStatus(state, ['requested'], 'withdraw the request');
  new FieldProblems()
    .check(command.on >= state.requestedOn, 'on', `must not be before the request (${state.requestedOn})`)
    .check(command.on <= command.today, 'on', 'must not be in the future')
    .throwIfAny();
  const { on, reason } = command;
  return [{ type: 'SupportRequestWithdrawn', data: { deploymentId: state.deploymentId, on, reason } }];
}

function decide(command: DeploymentCommand, state: DeploymentState): DeploymentEvent[] {
  switch (command.type) {
    case 'RequestSupport':
      return requestSupport(command, state);
    case 'HoldBrokerageMeeting':
      return holdBrokerageMeeting(command, state);
    case 'DeploySle':
      return deploySle(command, state);
    case 'LogContact':
      return logContact(command, state);
    case 'ExtendDeployment':
      return extendDeployment(command, state);
    case 'EvaluateImpact':
      return evaluateImpact(command, state);
    case 'CancelDeployment':
      return cancelDeployment(command, state);
    case 'WithdrawRequest':
      return withdrawRequest(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown deployment command ${JSON.stringify(unknown)}`);
    }
  }
}

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

function evolve(state: DeploymentState, event: DeploymentEvent): DeploymentState {
  switch (event.type) {
    case 'SupportRequested': {
      const { deploymentId, schoolUrn, programme, specialism, requestedOn } = event.data;
      return {
        status: 'requested',
        deploymentId,
        schoolUrn,
        programme,
        specialism,
        requestedOn,
        latestStepOn: requestedOn,
      };
    }
    case 'BrokerageMeetingHeld': {
      if (state.status !== 'requested') return state;
      const { sleId, heldOn, startDate, endDate, daysCommissioned, expectedOutcomes } = event.data;
      const latestStepOn = later(state.latestStepOn, heldOn);
      return {
        ...state,
        status: 'brokered',
        sleId,
        heldOn,
        startDate,
        endDate,
        daysCommissioned,
        expectedOutcomes,
        latestStepOn,
      };
    }
    case 'SleDeployed': {
      if (state.status !== 'brokered') return state;
      const { startedOn } = event.data;
      return {
        ...state,
        status: 'deployed',
        startedOn,
        daysDelivered: 0,
        latestStepOn: later(state.latestStepOn, startedOn),
      };
    }
    case 'ContactLogged':
      if (state.status !== 'deployed') return state;
      return {
        ...state,
        daysDelivered: state.daysDelivered + event.data.daysUsed,
        latestStepOn: later(state.latestStepOn, event.data.on),
      };
    case 'DeploymentExtended':
      if (state.status !== 'deployed') return state;
      return {
        ...state,
        daysCommissioned: state.daysCommissioned + event.data.additionalDays,
        endDate: event.data.newEndDate,
        latestStepOn: later(state.latestStepOn, event.data.on),
      };
    case 'ImpactEvaluated':
      return { status: 'evaluated', deploymentId: event.data.deploymentId };
    case 'DeploymentCancelled':
      return { status: 'cancelled', deploymentId: event.data.deploymentId };
    case 'SupportRequestWithdrawn':
      return { status: 'withdrawn', deploymentId: event.data.deploymentId };
  }
}

export const deploymentDecider: Decider<DeploymentCommand, DeploymentState, DeploymentEvent> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};
