import { Injectable } from '@nestjs/common';
import {
  dataSubject,
  erasureStream,
  ERASED,
  mapPersonalFields,
  subjectsOf,
  type Attendee,
  type DataSubjectId,
  type ErasureGround,
  type ErasureOf,
  type RecordedEvent,
} from '../../events/index.js';
import { AggregateRunner } from '../commands/aggregate-runner.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { normaliseEmail } from '../email-reservations/email-reservation.js';
import { EventStore, readAllInPages } from '../event-store/event-store.port.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { ConflictError, NotFoundError } from '../shared/domain-errors.js';
import { AccountDirectory } from '../users/account-directory.js';
import { AccountService } from '../users/account.service.js';
import { erasureDecider } from './erasure.decider.js';
import { sameName } from './names.js';
import { dueForRetention, type RetentionRule } from './retention.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';

/** A person whose data is held: an SLE (with the accounts that are theirs), or a user who is no SLE. */
export interface Person {
  of: ErasureOf;
  sleId?: string;
  userIds: string[];
  /** The deployments of the SLE. */
  deploymentIds: string[];
}

/** Shown in a subject access export in place of another person's personal field. */
export const WITHHELD = '[another person]';

/** Deployments under way: erasing their records needs `force`. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['brokered', 'deployed']);

/** Finds a person by id or email, erases them, and exports everything held about them. */
@Injectable()
export class DataSubjects {
  /** What retention erased, or found erased, in this process: not looked at again. */
  private readonly retained = new Set<DataSubjectId>();

  constructor(
    private readonly views: ReadModels,
    private readonly directory: AccountDirectory,
    private readonly events: EventStore,
    private readonly runner: AggregateRunner,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /** The SLE or user with this id or email; 404 when none (an erased email finds no one). */
  async find(idOrEmail: string): Promise<Person> {
    await Promise.all([this.views.catchUp(), this.directory.catchUp()]);
    const key = idOrEmail.trim();
    const email = normaliseEmail(key);
    const byEmail = email !== ERASED && email.includes('@');
    const sle =
      this.views.sles.get(key) ??
      (byEmail ? [...this.views.sles.values()].find((s) => normaliseEmail(s.email) === email) : undefined);
    if (sle) {
      const sleEmail = normaliseEmail(sle.email);
      const userIds = this.directory
        .all()
        .filter((a) => a.sleId === sle.sleId || (sleEmail !== ERASED && normaliseEmail(a.email) === sleEmail))
        .map((a) => a.userId);
      const deploymentIds = this.views.deploymentsOfSle(sle.sleId).map((d) => d.deploymentId);
      return { of: { kind: 'sle', id: sle.sleId }, sleId: sle.sleId, userIds, deploymentIds };
    }
    const account = this.directory.get(key) ?? (byEmail ? this.directory.byEmailAddress(email) : undefined);
    if (!account) throw new NotFoundError(`No SLE or user ${key}`);
    return { of: { kind: 'user', id: account.userId }, userIds: [account.userId], deploymentIds: [] };
  }

  /** The person's names as held (their SLE record's and their accounts'); with `emails`, their addresses too. */
  private textsOf(person: Person, { emails }: { emails: boolean }): string[] {
    const sle = person.sleId === undefined ? undefined : this.views.sles.get(person.sleId);
    const accounts = person.userIds.flatMap((id) => this.directory.get(id) ?? []);
    return [
      sle?.name,
      ...accounts.map((a) => a.name),
      ...(emails ? [sle?.email, ...accounts.map((a) => a.email)] : []),
    ].filter((text): text is string => !!text && text !== ERASED);
  }

  /**
   * The meetings' and reviews' attendee lists with a row not linked to anyone that bears one of these names
   * (rows written before links, or edited): keys cannot reach one row, so an erasure takes the whole list (a
   * review's, with its notes).
   */
  private listsNaming(names: readonly string[]): DataSubjectId[] {
    const wanted = new Set(names.map(sameName));
    if (!wanted.size) return [];
    const typedIn = (attendees: readonly Attendee[]) =>
      attendees.some((a) => a.userId === undefined && a.sleId === undefined && wanted.has(sameName(a.name)));
    const lists: DataSubjectId[] = [];
    for (const view of this.views.deployments.values())
      if (view.brokerageMeeting && typedIn(view.brokerageMeeting.attendees))
        lists.push(dataSubject('attendees', view.deploymentId));
    for (const review of this.views.reviews.values())
      if (typedIn(review.attendees)) lists.push(dataSubject('review', `${review.academicYear}-${review.halfTerm}`));
    return lists;
  }

  /**
   * Whose data is the person's: their own, their accounts', and the notes written about their deployments. An
   * erasure also takes the names of those who attended their deployments' meetings (they are among them).
   */
  subjectsOf(person: Person, purpose: 'export' | 'erasure'): DataSubjectId[] {
    return unique([
      ...(person.sleId ? [dataSubject('sle', person.sleId)] : []),
      ...person.userIds.map((id) => dataSubject('user', id)),
      ...person.deploymentIds.map((id) => dataSubject('notes', id)),
      ...(purpose === 'erasure' ? person.deploymentIds.map((id) => dataSubject('attendees', id)) : []),
    ]);
  }

  /** Deletes the person's keys; 409 while they have an active deployment unless forced. */
  async erase(
    person: Person,
    request: { reason: string; force: boolean; ground?: ErasureGround },
    actorUserId?: string,
  ): Promise<{ subjects: number; forced: boolean; typedInLists: DataSubjectId[] }> {
    const activeDeployments = person.sleId
      ? this.views
          .deploymentsOfSle(person.sleId)
          .filter((d) => ACTIVE_STATUSES.has(d.status))
          .map((d) => d.deploymentId)
      : [];
    const typedInLists = this.listsNaming(this.textsOf(person, { emails: false }));
    const answers = await this.idempotency.answersNaming(this.textsOf(person, { emails: true }));
    const { events } = await this.runner.run(
      erasureStream(person.of),
      erasureDecider,
      {
        type: 'EraseDataSubject',
        of: person.of,
        subjects: [...unique([...this.subjectsOf(person, 'erasure'), ...typedInLists]), ...answers],
        ground: request.ground ?? 'request',
        reason: request.reason,
        force: request.force,
        activeDeployments,
        today: this.clock.today(),
      },
      { actorUserId },
    );
    await this.erasureApplied();
    // Their sessions end: an erased account is used no more (its address, which signs in, is gone too).
    for (const userId of person.userIds) await this.accounts.commands.signOutEverywhere(userId);
    const [erased] = events;
    return {
      subjects: erased.type === 'DataSubjectErased' ? erased.data.subjects.length : 0,
      forced: activeDeployments.length > 0,
      typedInLists,
    };
  }

  /**
   * Applies the retention rule as of today: erases what is due of each evaluated deployment, each recorded on the
   * deployment's erasure stream. Answers the deployments erased now; what was erased before is remembered.
   */
  async applyRetention(rule: RetentionRule): Promise<string[]> {
    await this.views.catchUp();
    const evaluated: DeploymentFacts[] = [];
    this.views.deploymentIndex.forEachDeployment((facts) => {
      if (facts.evaluation) evaluated.push(facts);
    });
    const erased: string[] = [];
    for (const due of dueForRetention(evaluated, rule, this.clock.today())) {
      const subjects = due.subjects.filter((subject) => !this.retained.has(subject));
      if (!subjects.length) continue;
      const of = { kind: 'deployment', id: due.deploymentId } as const;
      try {
        await this.runner.run(erasureStream(of), erasureDecider, {
          type: 'EraseDataSubject',
          of,
          subjects,
          ground: 'retention',
          reason: due.reason,
          force: false,
          activeDeployments: [],
          today: this.clock.today(),
        });
        erased.push(due.deploymentId);
      } catch (error) {
        // Erased before, by this rule in another process or an earlier run.
        if (!(error instanceof ConflictError)) throw error;
      }
      for (const subject of subjects) this.retained.add(subject);
    }
    if (erased.length) await this.erasureApplied();
    return erased;
  }

  /** Once an erasure is appended: the views, the accounts and the kept folds no longer hold what it erased. */
  async erasureApplied(): Promise<void> {
    this.runner.forgetFolded();
    await Promise.all([this.views.catchUp(), this.directory.catchUp()]);
    await Promise.all([this.views.erasuresApplied(), this.directory.erasuresApplied()]);
  }

  /**
   * Everything held about the person, opened: each event naming them (with anyone else's personal fields
   * withheld), their views, their notifications and the mails sent for them.
   */
  async export(person: Person): Promise<Record<string, unknown>> {
    const own = new Set(this.subjectsOf(person, 'export'));
    const userIds = new Set(person.userIds);
    const events: Record<string, unknown>[] = [];
    const notificationIds = new Set<string>();
    const mails: Record<string, unknown>[] = [];
    for await (const page of readAllInPages(this.events))
      for (const event of page) {
        if (event.type === 'EmailSent' && notificationIds.has(event.data.notificationId)) mails.push(event.data);
        if (!this.names(event, person, own, userIds)) continue;
        if (event.type === 'ReminderRaised')
          for (const r of event.data.recipients) if (userIds.has(r.userId)) notificationIds.add(r.notificationId);
        events.push(exportedEvent(event, withhold(event, own)));
      }
    const notifications = [...this.views.reminders.values()]
      .filter((r) => r.recipients.some((x) => userIds.has(x.userId)))
      .map((r) => ({ ...r, recipients: r.recipients.filter((x) => userIds.has(x.userId)) }));
    return {
      person: person.of,
      exportedOn: this.clock.today(),
      subjects: [...own],
      events,
      views: {
        sle: person.sleId ? (this.views.sles.get(person.sleId) ?? null) : null,
        accounts: person.userIds.flatMap((id) => {
          const account = this.directory.get(id);
          if (!account) return [];
          const { passwordHash: _hash, invitation: _invitation, reset: _reset, ...shown } = account;
          return [shown];
        }),
        deployments: person.deploymentIds.flatMap((id) => {
          const view = this.views.deployments.get(id);
          if (!view) return [];
          const meeting = view.brokerageMeeting && {
            ...view.brokerageMeeting,
            attendees: view.brokerageMeeting.attendees.map((a) => ({ ...a, name: WITHHELD })),
          };
          return [{ ...view, brokerageMeeting: meeting }];
        }),
      },
      notifications,
      mails,
    };
  }

  /** Whether the event holds the person's data or names them by id. */
  private names(event: RecordedEvent, person: Person, own: ReadonlySet<DataSubjectId>, userIds: ReadonlySet<string>) {
    for (const subject of subjectsOf(event)) if (own.has(subject)) return true;
    const data = event.data as { sleId?: unknown; userId?: unknown; of?: ErasureOf };
    if (person.sleId !== undefined && data.sleId === person.sleId) return true;
    if (typeof data.userId === 'string' && userIds.has(data.userId)) return true;
    return event.type === 'DataSubjectErased' && data.of?.kind === person.of.kind && data.of.id === person.of.id;
  }
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

/** An event as a subject access export shows it: where and when it was recorded, and its payload as given. */
export const exportedEvent = (event: RecordedEvent, data: unknown) => ({
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
  recordedAt: event.recordedAt,
  data,
});

/** The event's payload with every personal field that is not the person's withheld. */
const withhold = (event: RecordedEvent, own: ReadonlySet<DataSubjectId>) =>
  mapPersonalFields(event, (value, subjects) => (subjects.some((subject) => own.has(subject)) ? value : WITHHELD));
