import {
  deploymentStream,
  emailStream,
  erasureStream,
  idempotencyStream,
  publishedReportStream,
  reminderStream,
  EVENT_SCHEMA_VERSIONS,
  reviewStream,
  schoolStream,
  sleCapacityStream,
  sleStream,
  termDatesStream,
  programmeStream,
  userStream,
  type AllianceEvent,
  type EventOfType,
  type KeyJudgementArea,
  type OfstedCategory,
  type OfstedGrade,
  type RecordedEvent,
  type ReportCardArea,
  type ReportCardGrade,
} from '../../events/index.js';
import { reportCardCategory } from '../../projections/ofsted.js';
import { outcomeResult } from '../../src/deployments/deployment.decider.js';
import { reservedEmailStream } from '../../src/email-reservations/email-reservation.js';

type Data<T extends AllianceEvent['type']> = EventOfType<T>['data'];

/** The stream an event belongs to, as the deciders write it. */
export function streamOf(event: AllianceEvent): string {
  switch (event.type) {
    case 'SupportRequested':
    case 'BrokerageMeetingHeld':
    case 'SleDeployed':
    case 'ContactLogged':
    case 'DeploymentExtended':
    case 'ImpactEvaluated':
    case 'DeploymentCancelled':
    case 'SupportRequestWithdrawn':
      return deploymentStream(event.data.deploymentId);
    case 'SchoolRegistered':
    case 'OfstedJudgementRecorded':
    case 'SchoolDataRecorded':
      return schoolStream(event.data.urn);
    case 'SleDesignated':
    case 'SleCapacityChanged':
    case 'SleSpecialismsChanged':
    case 'SleDesignationEnded':
      return sleStream(event.data.sleId);
    case 'SleCapacityLedgerOpened':
    case 'SleDaysReserved':
    case 'SleDaysReservationConfirmed':
    case 'SleDaysReleased':
      return sleCapacityStream(event.data.sleId, event.data.academicYear);
    case 'HalfTermReviewHeld':
    case 'HalfTermReviewAmended':
      return reviewStream(event.data.academicYear, event.data.halfTerm);
    case 'UserRegistered':
    case 'UserInvited':
    case 'InvitationIssued':
    case 'InvitationAccepted':
    case 'PasswordSet':
    case 'PasswordResetRequested':
    case 'UserAccessChanged':
    case 'UserDisabled':
    case 'UserReenabled':
    case 'SignedOutEverywhere':
    case 'CalendarFeedIssued':
      return userStream(event.data.userId);
    case 'EmailReserved':
    case 'EmailReleased':
      return reservedEmailStream(event.data.holder, event.data.email);
    case 'EmailReservationLapsed':
      return event.data.holder === 'sle' ? sleStream(event.data.ownerId) : userStream(event.data.ownerId);
    case 'ReminderRaised':
    case 'NotificationRead':
      return reminderStream(event.data.reminderId);
    case 'EmailSent':
      return emailStream(event.data.notificationId);
    case 'HalfTermReportPublished':
      return publishedReportStream(event.data.academicYear, event.data.halfTerm);
    case 'IdempotencyKeyClaimed':
    case 'IdempotentRequestAnswered':
    case 'IdempotencyKeyReleased':
      return idempotencyStream(event.data.recordId);
    case 'DataSubjectErased':
      return erasureStream(event.data.of);
    case 'TermDatesDefined':
      return termDatesStream(event.data.academicYear, event.data.localAuthority);
    case 'ProgrammeDefined':
      return programmeStream(event.data.programmeId);
  }
}

/**
 * Stamps events as the store would give them back: each in its stream with the next revision, each with
 * the next global position, an event id, a recorded time and metadata. Positions start at 1.
 */
export function recorded(events: AllianceEvent[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return events.map((event, index) => {
    const streamId = streamOf(event);
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const position = BigInt(index + 1);
    return {
      ...event,
      eventId: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      streamId,
      revision,
      position,
      recordedAt: new Date(Date.UTC(2025, 8, 1) + index * 1000).toISOString(),
      metadata: { schemaVersion: EVENT_SCHEMA_VERSIONS[event.type], actorUserId: 'user-test' },
    } as RecordedEvent;
  });
}

/** Payloads with sensible defaults: a test names only what it is about. */
export const ev = {
  schoolRegistered: (
    urn: string,
    name = `School ${urn}`,
    extra: Partial<Data<'SchoolRegistered'>> = {},
  ): AllianceEvent => ({
    type: 'SchoolRegistered',
    data: { urn, name, phase: 'primary', localAuthority: 'Buckinghamshire', ...extra },
  }),
  ofsted: (
    urn: string,
    grade: OfstedGrade,
    inspectedOn: string,
    extra: { category?: OfstedCategory } = {},
  ): AllianceEvent => ({
    type: 'OfstedJudgementRecorded',
    data: { urn, grade, inspectedOn, framework: 'overall-effectiveness', ...extra },
  }),
  keyJudgements: (
    urn: string,
    areas: Partial<Record<KeyJudgementArea, OfstedGrade>>,
    inspectedOn: string,
    extra: { category?: OfstedCategory; safeguarding?: 'effective' | 'not-effective' } = {},
  ): AllianceEvent => ({
    type: 'OfstedJudgementRecorded',
    data: { urn, areas, inspectedOn, framework: 'key-judgements', ...extra },
  }),
  /** A report card; the category follows from the grades as the decider derives it. */
  reportCard: (
    urn: string,
    areas: Partial<Record<ReportCardArea, ReportCardGrade>>,
    inspectedOn: string,
    safeguarding: 'met' | 'not-met' = 'met',
  ): AllianceEvent => {
    const category = reportCardCategory(areas, safeguarding);
    return {
      type: 'OfstedJudgementRecorded',
      data: { urn, areas, safeguarding, inspectedOn, framework: 'report-card', ...(category ? { category } : {}) },
    };
  },
  dataPoint: (urn: string, measure: string, unit: string, value: number, recordedOn: string): AllianceEvent => ({
    type: 'SchoolDataRecorded',
    data: { urn, measure, unit, value, recordedOn },
  }),
  sleDesignated: (sleId: string, homeSchoolUrn: string, extra: Partial<Data<'SleDesignated'>> = {}): AllianceEvent => ({
    type: 'SleDesignated',
    data: {
      sleId,
      name: 'Sam Patel',
      email: 'sam.patel@school.test',
      homeSchoolUrn,
      programmes: ['sle'],
      specialisms: ['maths-primary'],
      phases: ['primary'],
      capacityDays: 30,
      designatedOn: '2024-09-01',
      ...extra,
    },
  }),
  requested: (
    deploymentId: string,
    schoolUrn: string,
    requestedOn: string,
    extra: Partial<Data<'SupportRequested'>> = {},
  ): AllianceEvent => ({
    type: 'SupportRequested',
    data: {
      deploymentId,
      schoolUrn,
      programme: 'sle',
      specialism: 'maths-primary',
      areaOfNeed: 'Reasoning in KS2 maths',
      source: 'self-referral',
      requestedOn,
      ...extra,
    },
  }),
  meeting: (
    deploymentId: string,
    sleId: string,
    heldOn: string,
    extra: Partial<Data<'BrokerageMeetingHeld'>> = {},
  ): AllianceEvent => ({
    type: 'BrokerageMeetingHeld',
    data: {
      deploymentId,
      sleId,
      heldOn,
      attendees: [
        { name: 'Jo Head', role: 'Headteacher' },
        { name: 'Sam Patel', role: 'SLE' },
      ],
      areaOfNeed: 'Reasoning in KS2 maths',
      startDate: heldOn,
      endDate: '2026-07-17',
      daysCommissioned: 5,
      expectedOutcomes: [{ measure: '% of Y6 at expected standard in reasoning', unit: '%', baseline: 48, target: 70 }],
      ...extra,
    },
  }),
  deployed: (deploymentId: string, startedOn: string): AllianceEvent => ({
    type: 'SleDeployed',
    data: { deploymentId, startedOn },
  }),
  contact: (deploymentId: string, on: string, extra: Partial<Data<'ContactLogged'>> = {}): AllianceEvent => ({
    type: 'ContactLogged',
    data: { deploymentId, on, channel: 'visit', daysUsed: 1, status: 'on-track', note: 'Observed lessons', ...extra },
  }),
  extended: (
    deploymentId: string,
    on: string,
    additionalDays: number,
    newEndDate: string,
    focus = 'Greater depth writing',
  ): AllianceEvent => ({
    type: 'DeploymentExtended',
    data: { deploymentId, on, additionalDays, newEndDate, focus },
  }),
  /** Evaluates against the expected outcomes given, working out each result as the decider does. */
  evaluated: (
    deploymentId: string,
    heldOn: string,
    outcomes: { measure: string; unit: string; baseline: number; target: number; actual: number }[],
    schoolRating: number,
    summary = 'Support made a difference',
  ): AllianceEvent => ({
    type: 'ImpactEvaluated',
    data: {
      deploymentId,
      heldOn,
      outcomes: outcomes.map((o) => ({ ...o, result: outcomeResult(o, o.actual) })),
      schoolRating,
      summary,
    },
  }),
  cancelled: (
    deploymentId: string,
    on: string,
    reason: string,
    statusWhenCancelled: Data<'DeploymentCancelled'>['statusWhenCancelled'] = 'deployed',
  ): AllianceEvent => ({
    type: 'DeploymentCancelled',
    data: { deploymentId, on, reason, statusWhenCancelled },
  }),
  review: (
    academicYear: string,
    halfTerm: Data<'HalfTermReviewHeld'>['halfTerm'],
    heldOn: string,
    areasOfConcern: { schoolUrn: string; concern: string }[] = [],
  ): AllianceEvent => ({
    type: 'HalfTermReviewHeld',
    data: {
      academicYear,
      halfTerm,
      heldOn,
      attendees: [{ name: 'Core team chair', role: 'Chair' }],
      areasOfConcern,
      notes: 'All deployments reviewed',
    },
  }),
};
