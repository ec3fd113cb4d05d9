import type { SleCapacityEvent } from './capacity.events.js';
import type { DeploymentEvent } from './deployment.events.js';
import type { IdempotencyEvent } from './idempotency.events.js';
import type { ReviewEvent } from './review.events.js';
import type { SchoolEvent } from './school.events.js';
import type { SleEvent } from './sle.events.js';
import type { SchedulingEvent } from './scheduling.events.js';
import type { AccountEvent } from './user.events.js';
import type { EmailReservationEvent } from './email-reservation.events.js';
import type { DataProtectionEvent } from './data-protection.events.js';
import type { TermDatesEvent } from './term-dates.events.js';
import type { ProgrammeEvent } from './programme.events.js';

export type AllianceEvent =
  | DeploymentEvent
  | SchoolEvent
  | SleEvent
  | SleCapacityEvent
  | ReviewEvent
  | AccountEvent
  | SchedulingEvent
  | IdempotencyEvent
  | EmailReservationEvent
  | DataProtectionEvent
  | TermDatesEvent
  | ProgrammeEvent;
export type EventType = AllianceEvent['type'];
export type EventOfType<T extends EventType> = Extract<AllianceEvent, { type: T }>;

/**
 * Current schema version of every event. Bump a version when a payload changes shape, and add an upcaster
 * from the old version in `upcasters.ts` so that events already on disk can still be read.
 */
export const EVENT_SCHEMA_VERSIONS: Record<EventType, number> = {
  // 2: `programme` (`sle` for requests made before programmes).
  SupportRequested: 2,
  BrokerageMeetingHeld: 1,
  SleDeployed: 1,
  ContactLogged: 1,
  DeploymentExtended: 1,
  ImpactEvaluated: 1,
  DeploymentCancelled: 1,
  SupportRequestWithdrawn: 1,
  SchoolRegistered: 1,
  OfstedJudgementRecorded: 2,
  SchoolDataRecorded: 1,
  // 2: `programmes` (`['sle']` for designations made before programmes).
  SleDesignated: 2,
  SleCapacityChanged: 1,
  SleSpecialismsChanged: 1,
  SleDesignationEnded: 1,
  HalfTermReviewHeld: 1,
  HalfTermReviewAmended: 1,
  // 2: `name` (null for accounts registered before it).
  UserRegistered: 2,
  UserInvited: 1,
  InvitationIssued: 1,
  InvitationAccepted: 1,
  PasswordSet: 1,
  PasswordResetRequested: 1,
  UserAccessChanged: 1,
  UserDisabled: 1,
  UserReenabled: 1,
  SignedOutEverywhere: 1,
  CalendarFeedIssued: 1,
  EmailReserved: 1,
  EmailReleased: 1,
  EmailReservationLapsed: 1,
  ReminderRaised: 1,
  NotificationRead: 1,
  EmailSent: 1,
  HalfTermReportPublished: 1,
  IdempotencyKeyClaimed: 1,
  IdempotentRequestAnswered: 1,
  IdempotencyKeyReleased: 1,
  SleCapacityLedgerOpened: 1,
  SleDaysReserved: 1,
  SleDaysReservationConfirmed: 1,
  SleDaysReleased: 1,
  DataSubjectErased: 1,
  TermDatesDefined: 1,
  ProgrammeDefined: 1,
};

export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_SCHEMA_VERSIONS, type);

/** Who and what caused an event; carried beside the payload, never inside it. */
export interface EventMetadata {
  schemaVersion: number;
  /** The user whose command produced the event. */
  actorUserId?: string;
  correlationId?: string;
}

/** An event as the store gives it back: the payload plus where it sits in its stream and in the global log. */
export type RecordedEvent<E extends AllianceEvent = AllianceEvent> = E & {
  eventId: string;
  streamId: string;
  /** 0-based revision of the event within its stream. */
  revision: number;
  /** Position in the store's global order; strictly increasing. */
  position: bigint;
  recordedAt: string;
  metadata: EventMetadata;
};
