import type {
  Attendee,
  ContactChannel,
  ExpectedOutcome,
  HalfTerm,
  IsoDate,
  OfstedCategory,
  OfstedGrade,
  Phase,
  ProgressStatus,
  RequestSource,
  Role,
} from '../../events/index.js';

/**
 * The demo alliance as a plan: who exists at the start, then every dated step, in the order it happens.
 * The runner sends each step to the HTTP API with the clock set to the step's date. Deployments are named
 * by a case key, because their ids only exist once the API answers.
 */
export interface DemoPlan {
  allianceName: string;
  /** The day the schools, SLEs and accounts are set up, before any step. */
  setupOn: IsoDate;
  /** The demo's "today": no step is later. */
  today: IsoDate;
  /** The programmes beyond the SLE programme, defined on the setup day before anyone is designated into them. */
  programmes: PlannedProgramme[];
  schools: PlannedSchool[];
  sles: PlannedSle[];
  users: PlannedUser[];
  steps: PlannedStep[];
}

export interface PlannedSchool {
  urn: string;
  name: string;
  phase: Phase;
  localAuthority: string;
  ofsted?: { grade: OfstedGrade; category?: OfstedCategory; inspectedOn: IsoDate };
  headteacher: string;
  emailDomain: string;
}

/** A kind of specialist the alliance deploys besides SLEs, as `PUT /api/programmes/:programmeId` takes it. */
export interface PlannedProgramme {
  programmeId: string;
  singular: string;
  plural: string;
  specialisms: string[];
  yearlyDays: number;
}

export interface PlannedSle {
  key: string;
  name: string;
  email: string;
  homeSchoolUrn: string;
  specialisms: string[];
  phases: Phase[];
  capacityDays: number;
  designatedOn: IsoDate;
  /** Absent for an SLE (the SLE programme alone). */
  programmes?: string[];
}

export interface PlannedUser {
  /** What the account is for, printed with the login. */
  label: string;
  email: string;
  role: Exclude<Role, 'admin'>;
  schoolUrn?: string;
  sleKey?: string;
}

/**
 * One inspection's judgement as the API takes it (docs/ofsted.md): an overall grade before September 2024,
 * key judgements to 9 November 2025, a report card after.
 */
export interface PlannedJudgement {
  grade?: OfstedGrade;
  category?: OfstedCategory;
  areas?: Record<string, string>;
  safeguarding?: string;
}

export type PlannedStep =
  | { kind: 'ofsted'; on: IsoDate; urn: string; judgement: PlannedJudgement }
  | { kind: 'data-point'; on: IsoDate; urn: string; measure: string; unit: string; value: number }
  | {
      kind: 'request';
      on: IsoDate;
      caseKey: string;
      schoolUrn: string;
      specialism: string;
      areaOfNeed: string;
      source: RequestSource;
      bySchoolUser: boolean;
      /** Absent for the SLE programme's work. */
      programme?: string;
    }
  | {
      kind: 'brokerage-meeting';
      on: IsoDate;
      caseKey: string;
      /** The school's staff and the facilitator; the runner adds the matched SLE. */
      attendees: Attendee[];
      areaOfNeed: string;
      startDate: IsoDate;
      endDate: IsoDate;
      daysCommissioned: number;
      expectedOutcomes: ExpectedOutcome[];
      /** A follow-up commission: prefer the SLE of that earlier case when the matches allow it. */
      preferSleOfCase?: string;
    }
  | { kind: 'deploy'; on: IsoDate; caseKey: string }
  | {
      kind: 'contact';
      on: IsoDate;
      caseKey: string;
      channel: ContactChannel;
      daysUsed: number;
      status: ProgressStatus;
      note: string;
    }
  | { kind: 'extension'; on: IsoDate; caseKey: string; additionalDays: number; newEndDate: IsoDate; focus: string }
  | {
      kind: 'evaluation';
      on: IsoDate;
      caseKey: string;
      outcomes: { measure: string; actual: number }[];
      schoolRating: number;
      summary: string;
    }
  | { kind: 'cancellation'; on: IsoDate; caseKey: string; reason: string }
  | {
      kind: 'review';
      on: IsoDate;
      academicYear: string;
      halfTerm: HalfTerm;
      attendees: Attendee[];
      areasOfConcern: { schoolUrn: string; concern: string }[];
      notes: string;
    };

export type StepKind = PlannedStep['kind'];

/** Within one day: data before requests, requests before meetings, contacts before the evaluation, the review last. */
export const STEP_ORDER: StepKind[] = [
  'ofsted',
  'data-point',
  'request',
  'brokerage-meeting',
  'deploy',
  'contact',
  'extension',
  'evaluation',
  'cancellation',
  'review',
];
