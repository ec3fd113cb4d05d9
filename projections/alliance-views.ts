import type { RecordedEvent } from '../events/index.js';
import { applyToDeploymentView, type DeploymentView } from './deployment-view.js';
import { applyToReviewView, type HalfTermReviewView } from './review-view.js';
import { applyToSchoolView, type SchoolView } from './school-view.js';
import { applyToSleView, type SleView } from './sle-view.js';
import { applyToUserView, type UserView } from './user-view.js';

/** The per-entity views every read is built from, one collection each. */
export interface ViewTypes {
  deployments: DeploymentView;
  schools: SchoolView;
  sles: SleView;
  users: UserView;
  reviews: HalfTermReviewView;
}
export type ViewCollection = keyof ViewTypes;

/** Which view an event changes, and how: the document's key and the pure fold of the event into it. */
export type ViewChange = {
  [C in ViewCollection]: { collection: C; key: string; apply: (doc: ViewTypes[C] | undefined) => ViewTypes[C] | undefined };
}[ViewCollection];

export function viewChangeOf(event: RecordedEvent): ViewChange {
  switch (event.type) {
    case 'SupportRequested':
    case 'BrokerageMeetingHeld':
    case 'SleDeployed':
    case 'ContactLogged':
    case 'DeploymentExtended':
    case 'ImpactEvaluated':
    case 'DeploymentCancelled':
      return { collection: 'deployments', key: event.data.deploymentId, apply: (doc) => applyToDeploymentView(doc, event) };
    case 'SchoolRegistered':
    case 'OfstedJudgementRecorded':
    case 'SchoolDataRecorded':
      return { collection: 'schools', key: event.data.urn, apply: (doc) => applyToSchoolView(doc, event) };
    case 'SleDesignated':
    case 'SleCapacityChanged':
    case 'SleSpecialismsChanged':
    case 'SleDesignationEnded':
      return { collection: 'sles', key: event.data.sleId, apply: (doc) => applyToSleView(doc, event) };
    case 'UserRegistered':
      return { collection: 'users', key: event.data.userId, apply: (doc) => applyToUserView(doc, event) };
    case 'HalfTermReviewHeld':
      return { collection: 'reviews', key: `${event.data.academicYear}-${event.data.halfTerm}`, apply: (doc) => applyToReviewView(doc, event) };
  }
}

export type AllianceViews = { [C in ViewCollection]: Map<string, ViewTypes[C]> };

export const emptyViews = (): AllianceViews => ({ deployments: new Map(), schools: new Map(), sles: new Map(), users: new Map(), reviews: new Map() });

/** Folds events into views; what tests "from events alone" and rebuilds use. */
export function foldViews(events: RecordedEvent[], views: AllianceViews = emptyViews()): AllianceViews {
  for (const event of events) {
    const change = viewChangeOf(event);
    const collection = views[change.collection] as Map<string, unknown>;
    const next = (change.apply as (doc: unknown) => unknown)(collection.get(change.key));
    if (next !== undefined) collection.set(change.key, next);
  }
  return views;
}
