import type {
  BrokerageMeetingHeld,
  ContactLogged,
  DeploymentCancelled,
  DeploymentEvent,
  DeploymentExtended,
  DeploymentStatus,
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
  specialisms: string[];
  designated: boolean;
  capacityDays: number;
  /** Days already commissioned from this SLE in the academic year of the new commission, other deployments and this one. */
  commissionedDaysInYear: (academicYear: string) => number;
}

type Payload<E extends { data: { deploymentId: string } }> = Omit<E['data'], 'deploymentId'>;

/** Each command carries the payload of the event it may produce, plus what the rules need (`today`, SLE facts). */
export type DeploymentCommand =
  | ({ type: 'RequestSupport'; today: IsoDate } & SupportRequested['data'])
  | ({
      type: 'HoldBrokerageMeeting';
      today: IsoDate;
      /** Undefined when no SLE with `sleId` is designated. */ sle: SleFacts | undefined;
    } & Payload<BrokerageMeetingHeld>)
  | ({ type: 'DeploySle'; today: IsoDate } & Payload<SleDeployed>)
  | ({ type: 'LogContact'; today: IsoDate } & Payload<ContactLogged>)
  | ({ type: 'ExtendDeployment'; today: IsoDate; sle: SleFacts } & Payload<DeploymentExtended>)
  | {
      type: 'EvaluateImpact';
      heldOn: IsoDate;
      outcomes: { measure: string; actual: number }[];
      schoolRating: number;
      summary: string;
      today: IsoDate;
    }
  | ({ type: 'CancelDeployment'; today: IsoDate } & Omit<Payload<DeploymentCancelled>, 'statusWhenCancelled'>);

export interface DeploymentState {
  status: DeploymentStatus | 'none';
  deploymentId: string;
  schoolUrn: string;
  specialism: string;
  requestedOn: IsoDate;
  sleId?: string;
  heldOn?: IsoDate;
  startDate?: IsoDate;
  endDate?: IsoDate;
  startedOn?: IsoDate;
  daysCommissioned: number;
  daysDelivered: number;
  expectedOutcomes: ExpectedOutcome[];
  lastContactOn?: IsoDate;
  /** Date of the latest step so far; nothing later may be dated before it. */
  latestStepOn: IsoDate;
}

const initialState: DeploymentState = {
  status: 'none',
  deploymentId: '',
  schoolUrn: '',
  specialism: '',
  requestedOn: '',
  daysCommissioned: 0,
  daysDelivered: 0,
  expectedOutcomes: [],
  latestStepOn: '',
};

/** An outcome is achieved when the actual reaches the target, partly when it moved from the baseline towards it. */
export function outcomeResult({ baseline, target }: ExpectedOutcome, actual: number): OutcomeResult {
  const direction = Math.sign(target - baseline) || 1;
  if ((actual - target) * direction >= 0) return 'achieved';
  if ((actual - baseline) * direction > 0) return 'partly-achieved';
  return 'not-achieved';
}

function requireStatus(state: DeploymentState, allowed: DeploymentState['status'][], step: string): void {
  if (state.status === 'none') throw new ConflictError(`Cannot ${step}: no support was requested for this deployment`);
  if (!allowed.includes(state.status)) {
    throw new ConflictError(`Cannot ${step}: the deployment is ${state.status} (needs ${allowed.join(' or ')})`);
  }
}

/** The reason for commissioning beyond capacity, kept on the event only when one was given. */
const overrideOf = (reason: string | undefined) => (reason?.trim() ? { capacityOverrideReason: reason.trim() } : {});

function checkCapacity(sle: SleFacts, days: number, onDate: IsoDate, overrideReason: string | undefined): void {
  const academicYear = academicYearOf(onDate);
  const after = sle.commissionedDaysInYear(academicYear) + days;
  if (after > sle.capacityDays && !overrideReason?.trim()) {
    throw new ConflictError(
      `SLE ${sle.sleId} has ${sle.capacityDays} days of capacity in ${academicYear} and ` +
        `${sle.commissionedDaysInYear(academicYear)} already commissioned; ${days} more would exceed it. ` +
        `Commission fewer days, or give capacityOverrideReason to exceed it knowingly.`,
    );
  }
}

function decide(command: DeploymentCommand, state: DeploymentState): DeploymentEvent[] {
  const deploymentId = state.deploymentId;
  switch (command.type) {
    case 'RequestSupport': {
      if (state.status !== 'none') throw new ConflictError(`Deployment ${command.deploymentId} already exists`);
      new FieldProblems()
        .check(command.requestedOn <= command.today, 'requestedOn', 'must not be in the future')
        .throwIfAny();
      const { type: _type, today: _today, ...data } = command;
      return [{ type: 'SupportRequested', data }];
    }
    case 'HoldBrokerageMeeting': {
      requireStatus(state, ['requested'], 'hold the brokerage meeting');
      const { sle } = command;
      if (!sle) throw InvalidCommandError.field('sleId', `no SLE ${command.sleId} is designated`);
      const measures = command.expectedOutcomes.map((o) => o.measure.trim().toLowerCase());
      new FieldProblems()
        .check(sle.designated, 'sleId', `SLE ${sle.sleId} is no longer designated`)
        .check(
          sle.homeSchoolUrn !== state.schoolUrn,
          'sleId',
          `SLE ${sle.sleId} works at school ${state.schoolUrn}; an SLE is never matched to their own school`,
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
      checkCapacity(sle, command.daysCommissioned, command.startDate, command.capacityOverrideReason);
      return [
        {
          type: 'BrokerageMeetingHeld',
          data: {
            deploymentId,
            sleId: sle.sleId,
            heldOn: command.heldOn,
            attendees: command.attendees,
            areaOfNeed: command.areaOfNeed,
            startDate: command.startDate,
            endDate: command.endDate,
            daysCommissioned: command.daysCommissioned,
            expectedOutcomes: command.expectedOutcomes,
            ...overrideOf(command.capacityOverrideReason),
          },
        },
      ];
    }
    case 'DeploySle': {
      requireStatus(state, ['brokered'], 'deploy the SLE');
      new FieldProblems()
        .check(
          command.startedOn >= state.heldOn!,
          'startedOn',
          `must not be before the brokerage meeting (${state.heldOn})`,
        )
        .check(
          command.startedOn <= state.endDate!,
          'startedOn',
          `must not be after the agreed end date (${state.endDate})`,
        )
        .check(command.startedOn <= command.today, 'startedOn', 'must not be in the future')
        .throwIfAny();
      return [{ type: 'SleDeployed', data: { deploymentId, startedOn: command.startedOn } }];
    }
    case 'LogContact': {
      requireStatus(state, ['deployed'], 'log a contact');
      new FieldProblems()
        .check(command.on >= state.startedOn!, 'on', `must not be before the deployment started (${state.startedOn})`)
        .check(command.on <= command.today, 'on', 'must not be in the future')
        .throwIfAny();
      const delivered = state.daysDelivered + command.daysUsed;
      if (delivered > state.daysCommissioned) {
        throw new ConflictError(
          `This contact would bring days delivered to ${delivered}, beyond the ${state.daysCommissioned} commissioned; extend the deployment first`,
        );
      }
      const { type: _type, today: _today, ...data } = command;
      return [{ type: 'ContactLogged', data: { deploymentId, ...data } }];
    }
    case 'ExtendDeployment': {
      requireStatus(state, ['deployed'], 'extend');
      new FieldProblems()
        .check(command.on >= state.startedOn!, 'on', `must not be before the deployment started (${state.startedOn})`)
        .check(command.on <= command.today, 'on', 'must not be in the future')
        .check(
          command.newEndDate >= state.endDate!,
          'newEndDate',
          `must not be before the current end date (${state.endDate})`,
        )
        .check(command.newEndDate >= command.on, 'newEndDate', 'must not be before the extension is agreed')
        .check(
          command.additionalDays > 0 || command.newEndDate > state.endDate!,
          'additionalDays',
          'an extension adds days, moves the end date, or both',
        )
        .throwIfAny();
      if (command.additionalDays > 0)
        checkCapacity(command.sle, command.additionalDays, command.on, command.capacityOverrideReason);
      return [
        {
          type: 'DeploymentExtended',
          data: {
            deploymentId,
            on: command.on,
            additionalDays: command.additionalDays,
            newEndDate: command.newEndDate,
            focus: command.focus,
            ...overrideOf(command.capacityOverrideReason),
          },
        },
      ];
    }
    case 'EvaluateImpact': {
      requireStatus(state, ['deployed'], 'evaluate impact');
      const given = new Map<string, number>();
      const duplicates: string[] = [];
      for (const o of command.outcomes) {
        const key = o.measure.trim().toLowerCase();
        if (given.has(key)) duplicates.push(o.measure);
        given.set(key, o.actual);
      }
      const expected = new Set(state.expectedOutcomes.map((o) => o.measure.trim().toLowerCase()));
      const missing = state.expectedOutcomes
        .filter((o) => !given.has(o.measure.trim().toLowerCase()))
        .map((o) => o.measure);
      const unknown = command.outcomes
        .filter((o) => !expected.has(o.measure.trim().toLowerCase()))
        .map((o) => o.measure);
      new FieldProblems()
        .check(
          missing.length === 0,
          'outcomes',
          `every expected outcome must be measured; missing: ${missing.join(', ')}`,
        )
        .check(unknown.length === 0, 'outcomes', `not expected outcomes of this deployment: ${unknown.join(', ')}`)
        .check(duplicates.length === 0, 'outcomes', `measured more than once: ${duplicates.join(', ')}`)
        .check(
          command.heldOn >= state.startedOn!,
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
      const outcomes: EvaluatedOutcome[] = state.expectedOutcomes.map((o) => {
        const actual = given.get(o.measure.trim().toLowerCase())!;
        return { ...o, actual, result: outcomeResult(o, actual) };
      });
      return [
        {
          type: 'ImpactEvaluated',
          data: {
            deploymentId,
            heldOn: command.heldOn,
            outcomes,
            schoolRating: command.schoolRating,
            summary: command.summary,
          },
        },
      ];
    }
    case 'CancelDeployment': {
      requireStatus(state, ['requested', 'brokered', 'deployed'], 'cancel');
      new FieldProblems()
        .check(
          command.on >= state.latestStepOn,
          'on',
          `must not be before the latest step of this deployment (${state.latestStepOn})`,
        )
        .check(command.on <= command.today, 'on', 'must not be in the future')
        .throwIfAny();
      return [
        {
          type: 'DeploymentCancelled',
          data: {
            deploymentId,
            on: command.on,
            reason: command.reason,
            statusWhenCancelled: state.status as DeploymentStatus,
          },
        },
      ];
    }
  }
}

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

function evolve(state: DeploymentState, event: DeploymentEvent): DeploymentState {
  switch (event.type) {
    case 'SupportRequested':
      return {
        ...state,
        status: 'requested',
        deploymentId: event.data.deploymentId,
        schoolUrn: event.data.schoolUrn,
        specialism: event.data.specialism,
        requestedOn: event.data.requestedOn,
        latestStepOn: event.data.requestedOn,
      };
    case 'BrokerageMeetingHeld':
      return {
        ...state,
        status: 'brokered',
        sleId: event.data.sleId,
        heldOn: event.data.heldOn,
        startDate: event.data.startDate,
        endDate: event.data.endDate,
        daysCommissioned: event.data.daysCommissioned,
        expectedOutcomes: event.data.expectedOutcomes,
        latestStepOn: later(state.latestStepOn, event.data.heldOn),
      };
    case 'SleDeployed':
      return {
        ...state,
        status: 'deployed',
        startedOn: event.data.startedOn,
        latestStepOn: later(state.latestStepOn, event.data.startedOn),
      };
    case 'ContactLogged':
      return {
        ...state,
        daysDelivered: state.daysDelivered + event.data.daysUsed,
        lastContactOn: event.data.on,
        latestStepOn: later(state.latestStepOn, event.data.on),
      };
    case 'DeploymentExtended':
      return {
        ...state,
        daysCommissioned: state.daysCommissioned + event.data.additionalDays,
        endDate: event.data.newEndDate,
        latestStepOn: later(state.latestStepOn, event.data.on),
      };
    case 'ImpactEvaluated':
      return { ...state, status: 'evaluated' };
    case 'DeploymentCancelled':
      return { ...state, status: 'cancelled' };
  }
}

export const deploymentDecider: Decider<DeploymentCommand, DeploymentState, DeploymentEvent> = {
  initialState,
  decide,
  evolve,
};
