import type {
  ContactChannel,
  DeploymentStatus,
  IsoDate,
  OutcomeResult,
  ProgressStatus,
  RequestSource,
} from './vocabulary.js';

/** Stream of one support case, from the first request to its evaluation. */
export const deploymentStream = (deploymentId: string) => `deployment-${deploymentId}`;

/**
 * Who attended a meeting. A row may name the person's account (`userId`) or SLE record (`sleId`): their name is
 * then erased with them; a name only typed in is erased with the meeting's record.
 */
export interface Attendee {
  name: string;
  role: string;
  userId?: string;
  sleId?: string;
}

/** A measurable outcome agreed at the brokerage meeting, e.g. "% of Y2 teaching judged good or better". */
export interface ExpectedOutcome {
  measure: string;
  unit: string;
  baseline: number;
  target: number;
}

export interface EvaluatedOutcome extends ExpectedOutcome {
  actual: number;
  result: OutcomeResult;
}

export interface SupportRequested {
  type: 'SupportRequested';
  data: {
    deploymentId: string;
    schoolUrn: string;
    /** The programme the deployment belongs to (`sle` for every request made before programmes). */
    programme: string;
    specialism: string;
    areaOfNeed: string;
    source: RequestSource;
    requestedOn: IsoDate;
  };
}

export interface BrokerageMeetingHeld {
  type: 'BrokerageMeetingHeld';
  data: {
    deploymentId: string;
    sleId: string;
    heldOn: IsoDate;
    attendees: Attendee[];
    areaOfNeed: string;
    startDate: IsoDate;
    endDate: IsoDate;
    daysCommissioned: number;
    expectedOutcomes: ExpectedOutcome[];
    /** Present only when the facilitator knowingly commissioned beyond the SLE's capacity. */
    capacityOverrideReason?: string;
    /** The days' reservation on the SLE's capacity ledger (`sleCapacityStream`); absent before ledgers. */
    capacityReservationId?: string;
  };
}

export interface SleDeployed {
  type: 'SleDeployed';
  data: { deploymentId: string; startedOn: IsoDate };
}

export interface ContactLogged {
  type: 'ContactLogged';
  data: {
    deploymentId: string;
    on: IsoDate;
    channel: ContactChannel;
    daysUsed: number;
    status: ProgressStatus;
    note: string;
  };
}

export interface DeploymentExtended {
  type: 'DeploymentExtended';
  data: {
    deploymentId: string;
    on: IsoDate;
    additionalDays: number;
    newEndDate: IsoDate;
    focus: string;
    capacityOverrideReason?: string;
    /** The days' reservation on the SLE's capacity ledger, when the extension adds days. */
    capacityReservationId?: string;
  };
}

export interface ImpactEvaluated {
  type: 'ImpactEvaluated';
  data: {
    deploymentId: string;
    heldOn: IsoDate;
    outcomes: EvaluatedOutcome[];
    schoolRating: number;
    summary: string;
  };
}

export interface DeploymentCancelled {
  type: 'DeploymentCancelled';
  data: { deploymentId: string; on: IsoDate; reason: string; statusWhenCancelled: DeploymentStatus };
}

/** The school took back its own request before any brokerage meeting: nothing was reserved, so nothing is released. */
export interface SupportRequestWithdrawn {
  type: 'SupportRequestWithdrawn';
  data: { deploymentId: string; on: IsoDate; reason: string };
}

export type DeploymentEvent =
  | SupportRequested
  | BrokerageMeetingHeld
  | SleDeployed
  | ContactLogged
  | DeploymentExtended
  | ImpactEvaluated
  | DeploymentCancelled
  | SupportRequestWithdrawn;
