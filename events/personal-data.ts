import type { AllianceEvent, EventOfType, EventType } from './catalog.js';
import { dataSubject, type DataSubjectId } from './data-protection.events.js';

/** What a personal field reads as once its data subject's key is deleted. Pages and CSVs show it as is. */
export const ERASED = '[erased]';

/**
 * One personal field of an event: `field` names a string of the payload (`note`), or with `list[].field` one in
 * each item of a list (`attendees[].name`). `subject` says whose it is, from the payload's ids (never from a
 * personal field), and so which key seals it.
 */
export interface PersonalField<Data> {
  field: string;
  subject: (data: Data, item: Record<string, unknown>) => DataSubjectId;
}

type PersonalFields = { [T in EventType]?: readonly PersonalField<EventOfType<T>['data']>[] };

/** The same subject for each of the fields. */
const fields = <Data>(subject: PersonalField<Data>['subject'], ...names: string[]): PersonalField<Data>[] =>
  names.map((field) => ({ field, subject }));

const holderSubject = (d: { holder: 'user' | 'sle'; ownerId: string }) => dataSubject(d.holder, d.ownerId);

/**
 * Every personal field of every event, and whose it is: the one place that says what is sealed. An event type
 * not listed holds no personal data (ids, counts, days, dates, outcomes and figures are never sealed, so the
 * reports read the same after an erasure). To add one: a row `EventType: fields((d) => dataSubject(kind, id),
 * 'field', 'list[].field')`, then say so in docs/data-protection.md.
 */
export const PERSONAL_FIELDS: PersonalFields = {
  SleDesignated: fields((d) => dataSubject('sle', d.sleId), 'name', 'email'),
  UserRegistered: fields((d) => dataSubject('user', d.userId), 'name', 'email'),
  UserInvited: fields((d) => dataSubject('user', d.userId), 'name', 'email'),
  EmailReserved: fields(holderSubject, 'email'),
  EmailReleased: fields(holderSubject, 'email'),
  EmailReservationLapsed: fields(holderSubject, 'email'),
  BrokerageMeetingHeld: fields((d) => dataSubject('attendees', d.deploymentId), 'attendees[].name'),
  ContactLogged: fields((d) => dataSubject('notes', d.deploymentId), 'note'),
  ImpactEvaluated: fields((d) => dataSubject('notes', d.deploymentId), 'summary'),
  HalfTermReviewHeld: fields(
    (d) => dataSubject('review', `${d.academicYear}-${d.halfTerm}`),
    'attendees[].name',
    'notes',
  ),
  HalfTermReviewAmended: fields(
    (d) => dataSubject('review', `${d.academicYear}-${d.halfTerm}`),
    'attendees[].name',
    'notes',
    'reason',
  ),
  ReminderRaised: fields((_, recipient) => dataSubject('user', String(recipient.userId)), 'recipients[].email'),
};

/** Called for each personal field present: its value, whose it is, and where (`field`, as declared). */
export type PersonalValueMap = (value: unknown, subject: DataSubjectId, field: string) => unknown;

/**
 * The payload with each personal field replaced by what `replace` gives for it, copied where changed; the very
 * same payload when its type has no personal field. Fields absent or null are left as they are.
 */
export function mapPersonalFields<E extends AllianceEvent>(event: E, replace: PersonalValueMap): E['data'] {
  const declared = PERSONAL_FIELDS[event.type] as readonly PersonalField<E['data']>[] | undefined;
  if (!declared) return event.data;
  const data: Record<string, unknown> = { ...event.data };
  for (const { field, subject } of declared) {
    const [list, inItem] = field.split('[].');
    if (inItem === undefined) {
      if (data[field] != null) data[field] = replace(data[field], subject(event.data, {}), field);
      continue;
    }
    const items = data[list];
    if (!Array.isArray(items)) continue;
    data[list] = items.map((item: Record<string, unknown>) =>
      item[inItem] == null ? item : { ...item, [inItem]: replace(item[inItem], subject(event.data, item), field) },
    );
  }
  return data as E['data'];
}

/** The data subjects whose personal data the event holds. */
export function subjectsOf(event: AllianceEvent): Set<DataSubjectId> {
  const subjects = new Set<DataSubjectId>();
  if (PERSONAL_FIELDS[event.type])
    mapPersonalFields(event, (value, subject) => {
      subjects.add(subject);
      return value;
    });
  return subjects;
}
