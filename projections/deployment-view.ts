import type {
  Attendee,
  DeploymentStatus,
  EvaluatedOutcome,
  ExpectedOutcome,
  IsoDate,
  ProgressStatus,
  RecordedEvent,
  DeploymentEvent,
  RequestSource,
} from '../events/index.js';
import { academicYearOf } from '../src/calendar/academic-calendar.js';
import { byCodeUnits } from '../src/shared/order.js';

export interface ContactView {
  on: IsoDate;
  channel: string;
  daysUsed: number;
  status: ProgressStatus;
  note: string;
}

export interface DeploymentView {
  deploymentId: string;
  schoolUrn: string;
  sleId: string | null;
  status: DeploymentStatus;
  programme: string;
  specialism: string;
  source: RequestSource;
  requestedOn: IsoDate;
  /** As agreed at the brokerage meeting; as requested until then. */
  areaOfNeed: string;
  requestedAreaOfNeed: string;
  /** `endDate` is the end agreed at the meeting, before any extension moved it. */
  brokerageMeeting: {
    heldOn: IsoDate;
    attendees: Attendee[];
    endDate: IsoDate;
    capacityOverrideReason?: string;
  } | null;
  startedOn: IsoDate | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  daysCommissioned: number;
  daysDelivered: number;
  expectedOutcomes: ExpectedOutcome[];
  contacts: ContactView[];
  latestStatus: ProgressStatus | null;
  extensions: { on: IsoDate; additionalDays: number; newEndDate: IsoDate; focus: string }[];
  evaluation: { heldOn: IsoDate; outcomes: EvaluatedOutcome[]; schoolRating: number; summary: string } | null;
  /** Also a request the school withdrew (`withdrawn`), which lists count as cancelled. */
  cancellation: { on: IsoDate; reason: string; withdrawn?: true } | null;
  /** Days commissioned by academic year: meeting days count in the year the work starts, extension days in the year agreed. */
  commissionedByYear: Record<string, number>;
  /** Revision of the deployment stream; what `If-Match` compares with. */
  version: number;
}

/** Folds one deployment event into the view of its deployment. Pure. */
export function applyToDeploymentView(
  view: DeploymentView | undefined,
  event: RecordedEvent<DeploymentEvent>,
): DeploymentView | undefined {
  if (event.type === 'SupportRequested') {
    const d = event.data;
    return {
      deploymentId: d.deploymentId,
      schoolUrn: d.schoolUrn,
      sleId: null,
      status: 'requested',
      programme: d.programme,
      specialism: d.specialism,
      source: d.source,
      requestedOn: d.requestedOn,
      areaOfNeed: d.areaOfNeed,
      requestedAreaOfNeed: d.areaOfNeed,
      brokerageMeeting: null,
      startedOn: null,
      startDate: null,
      endDate: null,
      daysCommissioned: 0,
      daysDelivered: 0,
      expectedOutcomes: [],
      contacts: [],
      latestStatus: null,
      extensions: [],
      evaluation: null,
      cancellation: null,
      commissionedByYear: {},
      version: event.revision,
    };
  }
  if (!view) return view;
  const next = { ...view, version: event.revision };
  switch (event.type) {
    case 'BrokerageMeetingHeld': {
      const d = event.data;
      const year = academicYearOf(d.startDate);
      return {
        ...next,
        status: 'brokered',
        sleId: d.sleId,
        areaOfNeed: d.areaOfNeed,
        brokerageMeeting: {
          heldOn: d.heldOn,
          attendees: d.attendees,
          endDate: d.endDate,
          ...(d.capacityOverrideReason ? { capacityOverrideReason: d.capacityOverrideReason } : {}),
        },
        startDate: d.startDate,
        endDate: d.endDate,
        daysCommissioned: d.daysCommissioned,
        expectedOutcomes: d.expectedOutcomes,
        commissionedByYear: addDays(view.commissionedByYear, year, d.daysCommissioned),
      };
    }
    case 'SleDeployed':
      return { ...next, status: 'deployed', startedOn: event.data.startedOn };
    case 'ContactLogged': {
      const { deploymentId: _id, ...contact } = event.data;
      // Contacts are kept in date order; the latest status is the one of the latest contact by date.
      const contacts = [...view.contacts, contact].sort((a, b) => byCodeUnits(a.on, b.on));
      return {
        ...next,
        contacts,
        latestStatus: contacts[contacts.length - 1].status,
        daysDelivered: view.daysDelivered + contact.daysUsed,
      };
    }
    case 'DeploymentExtended': {
      const { deploymentId: _id, capacityOverrideReason: _r, capacityReservationId: _c, ...extension } = event.data;
      return {
        ...next,
        extensions: [...view.extensions, extension],
        daysCommissioned: view.daysCommissioned + extension.additionalDays,
        endDate: extension.newEndDate,
        commissionedByYear: addDays(view.commissionedByYear, academicYearOf(extension.on), extension.additionalDays),
      };
    }
    case 'ImpactEvaluated': {
      const { deploymentId: _id, ...evaluation } = event.data;
      return { ...next, status: 'evaluated', evaluation };
    }
    case 'DeploymentCancelled':
      return { ...next, status: 'cancelled', cancellation: { on: event.data.on, reason: event.data.reason } };
    case 'SupportRequestWithdrawn':
      return {
        ...next,
        status: 'cancelled',
        cancellation: { on: event.data.on, reason: event.data.reason, withdrawn: true },
      };
  }
}

function addDays(byYear: Record<string, number>, year: string, days: number): Record<string, number> {
  return days ? { ...byYear, [year]: (byYear[year] ?? 0) + days } : byYear;
}
