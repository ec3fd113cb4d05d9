import type { AllianceEvent, EventOfType, EventType } from './catalog.js';
import { dataSubject, type DataSubjectId } from './data-protection.events.js';

/** What a personal field reads as once its data subject's key is deleted. Pages and CSVs show it as is. */
export const ERASED = '[erased]';

/**
 * One personal field of an event: `field` names a string of the payload (`note`), or with `list[].field` one in
 * each item of a list (`attendees[].name`). `subject` says whose it is, from the payload's ids (never from a
 * personal field), and so which key seals it. A field of several subjects (an attendee's name is the meeting's
 * record and the person's own) is sealed with all their keys: erasing any one of them erases it.
 */
export interface PersonalField<Data> {
  field: string;
  subject: (data: Data, item: Record<string, unknown>) => DataSubjectId | readonly DataSubjectId[];
}

/** Every event type, so that a new one cannot be added without saying whether it holds personal data. */
type PersonalFields = { [T in EventType]: readonly PersonalField<EventOfType<T>['data']>[] };

/** An event type that holds no personal data: ids, codes, counts, days, dates, figures, hashes. */
const NONE: readonly never[] = [];

/** The same subject for each of the fields. */
const fields = <Data>(subject: PersonalField<Data>['subject'], ...names: string[]): PersonalField<Data>[] =>
  names.map((field) => ({ field, subject }));

const holderSubject = (d: { holder: 'user' | 'sle'; ownerId: string }) => dataSubject(d.holder, d.ownerId);
const reviewSubject = (d: { academicYear: string; halfTerm: string }) =>
  dataSubject('review', `${d.academicYear}-${d.halfTerm}`);

/** An attendee's name: the list's, and the person's own when the row names an account or an SLE. */
const attendeeSubjects = (list: DataSubjectId, item: Record<string, unknown>): DataSubjectId[] => [
  list,
  ...(typeof item.userId === 'string' ? [dataSubject('user', item.userId)] : []),
  ...(typeof item.sleId === 'string' ? [dataSubject('sle', item.sleId)] : []),
];

/** A review's attendee names, held or amended: the review's, and each linked person's. */
const reviewAttendeeNames: PersonalField<{ academicYear: string; halfTerm: string }> = {
  field: 'attendees[].name',
  subject: (d, item) => attendeeSubjects(reviewSubject(d), item),
};

/**
 * Every event type's personal fields, and whose they are: the one place that says what is sealed. Ids, counts,
 * days, dates, outcomes and figures are never sealed, so every figure of a report stands after an erasure.
 *
 * A new event type must have a row (the type checker says so): `NONE`, or
 * `fields((d) => dataSubject(kind, id), 'field', 'list[].field')` naming each string that can hold a name, an
 * email or free text about people, with the subject whose erasure should take it (see `DataSubjectId`). Then add
 * it to the table in docs/data-protection.md.
 */
export const PERSONAL_FIELDS: PersonalFields = {
  SupportRequested: NONE,
  BrokerageMeetingHeld: fields(
    (d, item) => attendeeSubjects(dataSubject('attendees', d.deploymentId), item),
    'attendees[].name',
  ),
  SleDeployed: NONE,
  ContactLogged: fields((d) => dataSubject('notes', d.deploymentId), 'note'),
  DeploymentExtended: NONE,
  ImpactEvaluated: fields((d) => dataSubject('notes', d.deploymentId), 'summary'),
  DeploymentCancelled: fields((d) => dataSubject('notes', d.deploymentId), 'reason'),
  SupportRequestWithdrawn: fields((d) => dataSubject('notes', d.deploymentId), 'reason'),
  SchoolRegistered: NONE,
  OfstedJudgementRecorded: NONE,
  SchoolDataRecorded: NONE,
  SleDesignated: fields((d) => dataSubject('sle', d.sleId), 'name', 'email'),
  SleCapacityChanged: NONE,
  SleSpecialismsChanged: NONE,
  SleDesignationEnded: fields((d) => dataSubject('sle', d.sleId), 'reason'),
  HalfTermReviewHeld: [reviewAttendeeNames, ...fields(reviewSubject, 'notes')],
  HalfTermReviewAmended: [reviewAttendeeNames, ...fields(reviewSubject, 'notes', 'reason')],
  UserRegistered: fields((d) => dataSubject('user', d.userId), 'name', 'email'),
  UserInvited: fields((d) => dataSubject('user', d.userId), 'name', 'email'),
  InvitationIssued: NONE,
  InvitationAccepted: NONE,
  PasswordSet: NONE,
  PasswordResetRequested: NONE,
  UserAccessChanged: NONE,
  UserDisabled: NONE,
  UserReenabled: NONE,
  SignedOutEverywhere: NONE,
  CalendarFeedIssued: NONE,
  EmailReserved: fields(holderSubject, 'email'),
  EmailReleased: fields(holderSubject, 'email'),
  EmailReservationLapsed: fields(holderSubject, 'email'),
  ReminderRaised: fields((_, recipient) => dataSubject('user', String(recipient.userId)), 'recipients[].email'),
  NotificationRead: NONE,
  EmailSent: NONE,
  HalfTermReportPublished: NONE,
  IdempotencyKeyClaimed: NONE,
  IdempotentRequestAnswered: fields((d) => dataSubject('answer', d.recordId), 'body'),
  IdempotencyKeyReleased: NONE,
  SleCapacityLedgerOpened: NONE,
  SleDaysReserved: NONE,
  SleDaysReservationConfirmed: NONE,
  SleDaysReleased: NONE,
  DataSubjectErased: NONE,
  TermDatesDefined: NONE,
  ProgrammeDefined: NONE,
};

const WITH_PERSONAL_FIELDS = new Set(
  Object.keys(PERSONAL_FIELDS).filter((type) => PERSONAL_FIELDS[type as EventType].length),
);

/** Whether events of this type hold any personal field: the others pass the sealing layer untouched. */
export const hasPersonalFields = (type: EventType): boolean => WITH_PERSONAL_FIELDS.has(type);

/** Called for each personal field present: its value, whose it is (one subject or more), and where (`field`, as declared). */
export type PersonalValueMap = (value: unknown, subjects: readonly DataSubjectId[], field: string) => unknown;

const asList = (subjects: DataSubjectId | readonly DataSubjectId[]): readonly DataSubjectId[] =>
  typeof subjects === 'string' ? [subjects] : subjects;

/**
 * The payload with each personal field replaced by what `replace` gives for it, copied where changed; the very
 * same payload when its type has no personal field. Fields absent or null are left as they are.
 */
export function mapPersonalFields<E extends AllianceEvent>(event: E, replace: PersonalValueMap): E['data'] {
  const declared = PERSONAL_FIELDS[event.type] as readonly PersonalField<E['data']>[];
  if (!declared.length) return event.data;
  const data: Record<string, unknown> = { ...event.data };
  for (const { field, subject } of declared) {
    const [list, inItem] = field.split('[].');
    if (inItem === undefined) {
      if (data[field] != null) data[field] = replace(data[field], asList(subject(event.data, {})), field);
      continue;
    }
    const items = data[list];
    if (!Array.isArray(items)) continue;
    data[list] = items.map((item: Record<string, unknown>) =>
      item[inItem] == null
        ? item
        : { ...item, [inItem]: replace(item[inItem], asList(subject(event.data, item)), field) },
    );
  }
  return data as E['data'];
}

/** The data subjects whose personal data the event holds. */
export function subjectsOf(event: AllianceEvent): Set<DataSubjectId> {
  const subjects = new Set<DataSubjectId>();
  if (hasPersonalFields(event.type))
    mapPersonalFields(event, (value, of) => {
      for (const subject of of) subjects.add(subject);
      return value;
    });
  return subjects;
}
