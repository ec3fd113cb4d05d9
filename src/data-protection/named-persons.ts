import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  erasureStream,
  mapPersonalFields,
  hasPersonalFields,
  type DataSubjectId,
  type DataSubjectKind,
  type RecordedEvent,
} from '../../events/index.js';
import { AggregateRunner } from '../commands/aggregate-runner.js';
import { EventStore, readAllInPages } from '../event-store/event-store.port.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { labelOf, wordsOf } from '../shared/words.js';
import { ACTIVE_STATUSES, DataSubjects, exportedEvent, WITHHELD } from './data-subjects.service.js';
import { erasureDecider } from './erasure.decider.js';
import { mentions } from './names.js';

/**
 * A record that names the person in its text: a deployment's notes, its meeting's attendees, a review's record
 * or an answer kept for a replay. Its key seals the whole record, so an erasure takes all of it.
 */
export interface NamedRecord {
  record: DataSubjectId;
  /** The record in words, for the admin who decides what to erase. */
  what: string;
  /** The event fields that name them, e.g. `ContactLogged.note`. */
  fields: string[];
  /** How many fields name them. */
  mentions: number;
}

/** The kinds of key that seal free text or typed-in names; an SLE's or user's own keys are theirs to erase. */
const RECORD_KINDS: ReadonlySet<DataSubjectKind> = new Set(['notes', 'attendees', 'review', 'answer']);

/**
 * Someone held only as a name in text (school staff named in contact notes, an attendee typed in): found by
 * reading every sealed record's text for the name, exported with everyone else's text withheld, and erased
 * record by record.
 */
@Injectable()
export class NamedPersons {
  constructor(
    private readonly events: EventStore,
    private readonly views: ReadModels,
    private readonly runner: AggregateRunner,
    private readonly clock: Clock,
    private readonly subjects: DataSubjects,
  ) {}

  /** Every record whose text names the person, in the order first written. */
  async recordsNaming(name: string): Promise<NamedRecord[]> {
    await this.views.catchUp();
    const records = new Map<DataSubjectId, NamedRecord>();
    for await (const { event, naming } of this.eventsNaming(name))
      for (const { field, record } of naming) {
        const found = records.get(record) ?? { record, what: this.describe(record), fields: [], mentions: 0 };
        const where = `${event.type}.${field}`;
        if (!found.fields.includes(where)) found.fields.push(where);
        found.mentions++;
        records.set(record, found);
      }
    return [...records.values()];
  }

  /** Each event naming the person, with every personal field that does not name them withheld. */
  async export(name: string): Promise<Record<string, unknown>> {
    const events: Record<string, unknown>[] = [];
    for await (const { event } of this.eventsNaming(name))
      events.push(
        exportedEvent(
          event,
          mapPersonalFields(event, (value) => (typeof value === 'string' && mentions(value, name) ? value : WITHHELD)),
        ),
      );
    return { exportedOn: this.clock.today(), records: await this.recordsNaming(name), events };
  }

  /**
   * Erases the records naming the person (all of them, or those chosen from `recordsNaming`); 409 while one
   * belongs to an active deployment, unless forced.
   */
  async erase(
    name: string,
    request: { reason: string; force: boolean; records?: string[] },
    actorUserId?: string,
  ): Promise<{ records: DataSubjectId[]; forced: boolean }> {
    const found = await this.recordsNaming(name);
    if (!found.length) throw new NotFoundError('No record held names that person');
    const naming = new Set<string>(found.map((r) => r.record));
    const chosen = request.records ?? [...naming];
    const others = chosen.filter((record) => !naming.has(record));
    if (others.length) throw InvalidCommandError.field('records', `these do not name the person: ${others.join(', ')}`);
    const records = chosen as DataSubjectId[];
    const activeDeployments = records.flatMap((record) => {
      const [kind, id] = split(record);
      const status = kind === 'notes' || kind === 'attendees' ? this.views.deployments.get(id)?.status : undefined;
      return status !== undefined && ACTIVE_STATUSES.has(status) ? [id] : [];
    });
    const of = { kind: 'named', id: randomUUID() } as const;
    await this.runner.run(
      erasureStream(of),
      erasureDecider,
      {
        type: 'EraseDataSubject',
        of,
        subjects: records,
        ground: 'request',
        reason: request.reason,
        force: request.force,
        activeDeployments: [...new Set(activeDeployments)],
        today: this.clock.today(),
      },
      { actorUserId },
    );
    await this.subjects.erasureApplied();
    return { records, forced: activeDeployments.length > 0 };
  }

  /** The events whose free text or typed-in names hold the name, with the records those fields belong to. */
  private async *eventsNaming(name: string) {
    for await (const page of readAllInPages(this.events))
      for (const event of page) {
        if (!hasPersonalFields(event.type)) continue;
        const naming = namingFields(event, name);
        if (naming.length) yield { event, naming };
      }
  }

  private describe(record: DataSubjectId): string {
    const [kind, id] = split(record);
    // A review's id is its academic year and half term: `2025-26-autumn-1`.
    if (kind === 'review') return `The ${labelOf(id.slice(8))} ${id.slice(0, 7)} half-term review: attendees and notes`;
    if (kind === 'answer') return 'An answer kept for a repeated request (kept a day)';
    const deployment = this.views.deployments.get(id);
    const school = deployment ? (this.views.schools.get(deployment.schoolUrn)?.name ?? deployment.schoolUrn) : id;
    const what = kind === 'notes' ? 'Notes' : 'Brokerage meeting attendees';
    const support = deployment ? `${wordsOf(deployment.specialism)} support` : 'the deployment';
    return `${what} of ${support} at ${school}`;
  }
}

/** The personal fields of the event that name the person, each with the record that seals it. */
function namingFields(event: RecordedEvent, name: string): { field: string; record: DataSubjectId }[] {
  const found: { field: string; record: DataSubjectId }[] = [];
  mapPersonalFields(event, (value, subjects, field) => {
    const record = subjects.find((subject) => RECORD_KINDS.has(split(subject)[0]));
    if (record && typeof value === 'string' && mentions(value, name)) found.push({ field, record });
    return value;
  });
  return found;
}

const split = (subject: DataSubjectId): [DataSubjectKind, string] => {
  const at = subject.indexOf(':');
  return [subject.slice(0, at) as DataSubjectKind, subject.slice(at + 1)];
};
