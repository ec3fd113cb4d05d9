import type { Attendee, ContactChannel, IsoDate, ProgressStatus, RequestSource } from '../../events/index.js';
import {
  CANCELLATION_REASONS,
  CONTACT_NOTES,
  FACILITATOR,
  HEADLINES_BY_PHASE,
  SPECIALISMS,
  type MeasureSpec,
} from './alliance-catalogue.js';
import type { PlannedSchool } from './demo-plan.js';
import type { Prng } from './prng.js';
import { addDays, daysFrom, maxDate, minDate, previousSchoolDay, schoolDayAfter } from './school-days.js';

/** Where a support case has got to by the demo's today. */
export type CaseFate =
  | 'requested'
  | 'brokered'
  | 'deployed'
  | 'evaluated'
  | 'cancelled-requested'
  | 'cancelled-brokered'
  | 'cancelled-deployed';

/** How the work goes: smoothly, with a wobble mid-way, or a struggle that ends with outcomes not met. */
export type CaseStory = 'smooth' | 'wobble' | 'struggle';

export interface CaseBrief {
  key: string;
  school: PlannedSchool;
  specialism: string;
  requestedOn: IsoDate;
  fate: CaseFate;
  story: CaseStory;
  extended: boolean;
  source: RequestSource;
  bySchoolUser: boolean;
  /** The programme the work belongs to; the SLE programme's when absent. */
  programme?: string;
  preferSleOfCase?: string;
  /** Work that runs over the summer into the next academic year (only for cases still deployed today). */
  crossesSummer?: boolean;
  /** For work under way today: the status of the contacts in the last three weeks. */
  latestStatus?: ProgressStatus;
}

export interface PlannedContact {
  on: IsoDate;
  channel: ContactChannel;
  daysUsed: number;
  status: ProgressStatus;
  note: string;
}

/** The dates and shape of one case; the values of its outcomes are filled in later, in date order. */
export interface CaseTimeline {
  brief: CaseBrief;
  areaOfNeed: string;
  meeting?: { heldOn: IsoDate; startDate: IsoDate; endDate: IsoDate; daysCommissioned: number; attendees: Attendee[] };
  startedOn?: IsoDate;
  contacts: PlannedContact[];
  extension?: { on: IsoDate; additionalDays: number; newEndDate: IsoDate; focus: string };
  evaluatedOn?: IsoDate;
  cancellation?: { on: IsoDate; reason: string };
  /** The measures agreed as expected outcomes. */
  measures: MeasureSpec[];
  /** The end date once any extension is agreed. */
  finalEndDate?: IsoDate;
}

const SCHOOL_STAFF = [
  'Deputy headteacher',
  'SENCo',
  'English lead',
  'Maths lead',
  'Phase leader',
  'Head of department',
  'Assistant headteacher',
];

/** The last day of the summer term of the academic year a date falls in. */
function summerTermEnd(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4)) + (date.slice(5) >= '09-01' ? 1 : 0);
  return previousSchoolDay(`${year}-07-17`);
}

export function planCase(brief: CaseBrief, today: IsoDate, rng: Prng, staffName: () => string): CaseTimeline {
  const catalogue = SPECIALISMS[brief.specialism];
  const timeline: CaseTimeline = { brief, areaOfNeed: rng.pick(catalogue.areasOfNeed), contacts: [], measures: [] };
  if (brief.fate === 'requested') return timeline;
  if (brief.fate === 'cancelled-requested') {
    timeline.cancellation = {
      on: schoolDayAfter(brief.requestedOn, rng.int(10, 24)),
      reason: rng.pick(CANCELLATION_REASONS.requested),
    };
    return timeline;
  }

  const heldOn = schoolDayAfter(brief.requestedOn, rng.int(6, 15));
  let startDate = schoolDayAfter(heldOn, rng.int(5, 12));
  if (brief.fate === 'brokered') startDate = schoolDayAfter(today, rng.int(7, 50));
  let endDate = previousSchoolDay(addDays(startDate, rng.int(8, 18) * 7));
  if (brief.fate !== 'brokered' && endDate > summerTermEnd(startDate)) endDate = summerTermEnd(startDate);
  // Work still under way today has not passed its end date.
  if (brief.fate === 'deployed' && !brief.crossesSummer)
    endDate = maxDate(endDate, previousSchoolDay(addDays(today, rng.int(3, 10) * 7)));
  const daysCommissioned = rng.int(4, 10) + (rng.chance(0.15) ? 0.5 : 0);
  const attendees: Attendee[] = [
    { name: FACILITATOR.name, role: FACILITATOR.role },
    { name: brief.school.headteacher, role: 'Headteacher' },
    { name: staffName(), role: rng.pick(SCHOOL_STAFF) },
  ];
  timeline.meeting = { heldOn, startDate, endDate, daysCommissioned, attendees };
  timeline.finalEndDate = endDate;
  timeline.measures = chooseMeasures(brief, endDate, rng);

  if (brief.fate === 'cancelled-brokered') {
    timeline.cancellation = {
      on: schoolDayAfter(heldOn, rng.int(1, 3)),
      reason: rng.pick(CANCELLATION_REASONS.brokered),
    };
    return timeline;
  }
  if (brief.fate === 'brokered') return timeline;

  timeline.startedOn = startDate;
  if (brief.extended) {
    const span = daysFrom(startDate, endDate);
    const on = brief.crossesSummer
      ? previousSchoolDay(addDays(endDate, -rng.int(10, 16)))
      : schoolDayAfter(startDate, Math.round(span * 0.6));
    const later = brief.crossesSummer
      ? previousSchoolDay(`${endDate.slice(0, 4)}-12-${rng.int(10, 16)}`)
      : minDate(previousSchoolDay(addDays(endDate, rng.int(4, 8) * 7)), summerTermEnd(endDate));
    timeline.extension = {
      on,
      additionalDays: rng.int(2, 5),
      newEndDate: later > endDate ? later : endDate,
      focus: rng.pick(catalogue.extensionFoci),
    };
    timeline.finalEndDate = timeline.extension.newEndDate;
  }
  const finalEnd = timeline.finalEndDate!;
  if (brief.fate === 'evaluated') {
    timeline.evaluatedOn =
      finalEnd.slice(5) >= '07-01' && finalEnd.slice(5) <= '08-31'
        ? finalEnd
        : schoolDayAfter(finalEnd, rng.int(3, 10));
  }

  let lastDay = minDate(timeline.evaluatedOn ?? finalEnd, today);
  if (brief.fate === 'cancelled-deployed') {
    const cancelOn = schoolDayAfter(startDate, rng.int(30, 50));
    timeline.cancellation = { on: cancelOn, reason: rng.pick(CANCELLATION_REASONS.deployed) };
    lastDay = addDays(cancelOn, -1);
  }
  timeline.contacts = planContacts(timeline, lastDay, rng);
  return timeline;
}

/** One to three measurable outcomes; a headline measure of the school's data when the work can move it in time. */
function chooseMeasures(brief: CaseBrief, endDate: IsoDate, rng: Prng): MeasureSpec[] {
  const catalogue = SPECIALISMS[brief.specialism];
  const measures = rng.sample(catalogue.measures, rng.int(1, Math.min(2, catalogue.measures.length)));
  const headline = catalogue.headline;
  if (headline && HEADLINES_BY_PHASE[brief.school.phase].includes(headline)) {
    // Attainment results arrive in the summer; absence can be measured at any time.
    const measurable = !headline.knownFrom || (endDate.slice(5) >= headline.knownFrom && endDate.slice(5) <= '08-31');
    if (measurable && brief.fate === 'evaluated' && rng.chance(0.7)) measures.push(headline);
  }
  return measures;
}

function statusAt(story: CaseStory, progress: number): ProgressStatus {
  if (story === 'wobble') return progress >= 0.35 && progress < 0.6 ? 'at-risk' : 'on-track';
  if (story === 'struggle') {
    if (progress < 0.25) return 'on-track';
    return progress >= 0.5 && progress < 0.72 ? 'off-track' : 'at-risk';
  }
  return 'on-track';
}

/** Calendar days between contacts. */
const INTERVAL = [7, 14] as const;
const INTERVAL_AVERAGE = (INTERVAL[0] + INTERVAL[1]) / 2;

/** Visits use days, calls and emails do not; the days used never pass the days commissioned at that date. */
function planContacts(timeline: CaseTimeline, lastDay: IsoDate, rng: Prng): PlannedContact[] {
  const { meeting, extension, brief } = timeline;
  const catalogue = SPECIALISMS[brief.specialism];
  const start = timeline.startedOn!;
  const span = Math.max(1, daysFrom(start, timeline.finalEndDate!));
  const contacts: PlannedContact[] = [];
  const plannedEnd = timeline.evaluatedOn ?? timeline.finalEndDate!;
  let used = 0;
  let on = start;
  for (let i = 0; on <= lastDay; i++) {
    const recent = brief.latestStatus && i > 0 && daysFrom(on, lastDay) <= 21;
    const status = recent ? brief.latestStatus! : statusAt(brief.story, daysFrom(start, on) / span);
    // A contact on the extension's day is recorded before it, so the extra days count only afterwards.
    const commissioned = meeting!.daysCommissioned + (extension && extension.on < on ? extension.additionalDays : 0);
    // Visits are paced so that the days are used by the end; calls and emails fill the gaps.
    const contactsLeft = Math.max(1, Math.round(daysFrom(on, plannedEnd) / INTERVAL_AVERAGE) + 1);
    const pace = (commissioned - used) / contactsLeft;
    let daysUsed =
      i === 0 || pace >= 0.8
        ? 1
        : pace >= 0.4
          ? rng.chance(pace + 0.2)
            ? rng.pick([0.5, 1])
            : 0
          : rng.chance(pace * 1.5)
            ? 0.5
            : 0;
    if (used + daysUsed > commissioned) daysUsed = used + 0.5 <= commissioned ? 0.5 : 0;
    used += daysUsed;
    const statusNote =
      status === 'on-track'
        ? rng.pick(CONTACT_NOTES.onTrack)
        : status === 'at-risk'
          ? rng.pick(CONTACT_NOTES.atRisk)
          : rng.pick(CONTACT_NOTES.offTrack);
    let channel: ContactChannel;
    let note: string;
    if (daysUsed > 0) {
      channel = rng.chance(0.85) ? 'visit' : 'meeting';
      const activity = i === 0 ? `initial audit with ${brief.school.headteacher}` : rng.pick(catalogue.activities);
      note = `${channel === 'visit' ? 'Visit' : 'Meeting'}: ${activity}. ${statusNote}.`;
    } else {
      channel = rng.chance(0.6) ? 'phone' : 'email';
      note = `${rng.pick(channel === 'phone' ? CONTACT_NOTES.phone : CONTACT_NOTES.email)}. ${statusNote}.`;
    }
    contacts.push({ on, channel, daysUsed, status, note });
    on = schoolDayAfter(on, rng.int(INTERVAL[0], INTERVAL[1]));
  }
  return contacts;
}
