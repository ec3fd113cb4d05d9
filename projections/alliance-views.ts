import type {
  DeploymentEvent,
  EmailSent,
  NotificationRead,
  RecordedEvent,
  ReminderRaised,
  ReviewEvent,
  SchoolEvent,
  SleCapacityEvent,
  SleEvent,
  TermDatesEvent,
  ProgrammeEvent,
} from '../events/index.js';
import type { DocumentProjection } from './projection.js';
import { applyToDeploymentView, type DeploymentView } from './deployment-view.js';
import { applyToReminderView, type ReminderView } from './notification-view.js';
import { applyToReservationView, reservationIdOf, type ReservationView } from './reservation-view.js';
import { applyToReviewView, type HalfTermReviewView } from './review-view.js';
import { applyToSchoolView, type SchoolView } from './school-view.js';
import { applyToSleView, type SleView } from './sle-view.js';
import { applyToProgrammeView, programmeKeyOf, type ProgrammeView } from './programmes.js';
import { applyToTermDatesView, termDatesKeyOf, type TermDatesView } from './term-dates-view.js';
import { applyToUserView, type UserView } from './user-view.js';

const DEPLOYMENT_EVENTS = new Set([
  'SupportRequested',
  'BrokerageMeetingHeld',
  'SleDeployed',
  'ContactLogged',
  'DeploymentExtended',
  'ImpactEvaluated',
  'DeploymentCancelled',
  'SupportRequestWithdrawn',
]);
const SCHOOL_EVENTS = new Set(['SchoolRegistered', 'OfstedJudgementRecorded', 'SchoolDataRecorded']);
const SLE_EVENTS = new Set(['SleDesignated', 'SleCapacityChanged', 'SleSpecialismsChanged', 'SleDesignationEnded']);
const isDeploymentEvent = (e: RecordedEvent): e is RecordedEvent<DeploymentEvent> => DEPLOYMENT_EVENTS.has(e.type);
const isSchoolEvent = (e: RecordedEvent): e is RecordedEvent<SchoolEvent> => SCHOOL_EVENTS.has(e.type);
const isReminderEvent = (e: RecordedEvent): e is RecordedEvent<ReminderRaised | NotificationRead | EmailSent> =>
  e.type === 'ReminderRaised' || e.type === 'NotificationRead' || e.type === 'EmailSent';
const isReviewEvent = (e: RecordedEvent): e is RecordedEvent<ReviewEvent> =>
  e.type === 'HalfTermReviewHeld' || e.type === 'HalfTermReviewAmended';
const isSleEvent = (e: RecordedEvent): e is RecordedEvent<SleEvent> => SLE_EVENTS.has(e.type);

/** The per-entity views every read is built from, one collection each. */
export interface ViewTypes {
  deployments: DeploymentView;
  schools: SchoolView;
  sles: SleView;
  users: UserView;
  reviews: HalfTermReviewView;
  reminders: ReminderView;
  reservations: ReservationView;
  termDates: TermDatesView;
  programmes: ProgrammeView;
}
export type ViewCollection = keyof ViewTypes;

/** One projection per view; each event belongs to exactly one of them. */
export const VIEW_PROJECTIONS: { [C in ViewCollection]: DocumentProjection<ViewTypes[C]> } = {
  deployments: {
    name: 'deployments',
    // 2: the brokerage meeting keeps its own end date (brokerageMeeting.endDate) for reports as at a past day.
    // 3: each deployment's programme.
    version: 3,
    keyOf: (event) => (isDeploymentEvent(event) ? event.data.deploymentId : undefined),
    apply: (doc, event) => (isDeploymentEvent(event) ? applyToDeploymentView(doc, event) : doc),
  },
  schools: {
    name: 'schools',
    // 2: each judgement keeps its framework (three generations of Ofsted judgement).
    version: 2,
    keyOf: (event) => (isSchoolEvent(event) ? event.data.urn : undefined),
    apply: (doc, event) => (isSchoolEvent(event) ? applyToSchoolView(doc, event) : doc),
  },
  sles: {
    name: 'sles',
    // 2: the programmes each specialist belongs to.
    version: 2,
    keyOf: (event) => (isSleEvent(event) ? event.data.sleId : undefined),
    apply: (doc, event) => (isSleEvent(event) ? applyToSleView(doc, event) : doc),
  },
  users: {
    name: 'users',
    version: 1,
    keyOf: (event) => (event.type === 'UserRegistered' ? event.data.userId : undefined),
    apply: (doc, event) => (event.type === 'UserRegistered' ? applyToUserView(doc, event) : doc),
  },
  reviews: {
    name: 'reviews',
    // 2: amendments, and the history of who recorded and corrected the review.
    version: 2,
    keyOf: (event) => (isReviewEvent(event) ? `${event.data.academicYear}-${event.data.halfTerm}` : undefined),
    apply: (doc, event) => (isReviewEvent(event) ? applyToReviewView(doc, event) : doc),
  },
  reminders: {
    name: 'reminders',
    version: 1,
    keyOf: (event) => (isReminderEvent(event) ? event.data.reminderId : undefined),
    apply: (doc, event) => (isReminderEvent(event) ? applyToReminderView(doc, event) : doc),
  },
  reservations: {
    name: 'reservations',
    version: 1,
    keyOf: reservationIdOf,
    apply: (doc, event) => applyToReservationView(doc, event as RecordedEvent<SleCapacityEvent>),
  },
  termDates: {
    name: 'termDates',
    version: 1,
    keyOf: termDatesKeyOf,
    apply: (doc, event) =>
      event.type === 'TermDatesDefined' ? applyToTermDatesView(doc, event as RecordedEvent<TermDatesEvent>) : doc,
  },
  programmes: {
    name: 'programmes',
    version: 1,
    keyOf: programmeKeyOf,
    apply: (doc, event) =>
      event.type === 'ProgrammeDefined' ? applyToProgrammeView(doc, event as RecordedEvent<ProgrammeEvent>) : doc,
  },
};

export const VIEW_COLLECTIONS = Object.keys(VIEW_PROJECTIONS) as ViewCollection[];

/** The views as reads see them: each collection by key (held in memory, or read from the store on demand). */
export type AllianceViews = { [C in ViewCollection]: ReadonlyMap<string, ViewTypes[C]> };

/** Views held in memory, as `foldViews` makes them. */
export type FoldedViews = { [C in ViewCollection]: Map<string, ViewTypes[C]> };

export const emptyViews = (): FoldedViews => ({
  deployments: new Map(),
  schools: new Map(),
  sles: new Map(),
  users: new Map(),
  reviews: new Map(),
  reminders: new Map(),
  reservations: new Map(),
  termDates: new Map(),
  programmes: new Map(),
});

/** Folds events into views; what tests "from events alone" use. */
export function foldViews(events: RecordedEvent[], views: FoldedViews = emptyViews()): FoldedViews {
  for (const event of events) {
    for (const collection of VIEW_COLLECTIONS) {
      const projection = VIEW_PROJECTIONS[collection] as DocumentProjection<unknown>;
      const key = projection.keyOf(event);
      if (key === undefined) continue;
      const docs = views[collection] as Map<string, unknown>;
      const next = projection.apply(docs.get(key), event);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return views;
}
