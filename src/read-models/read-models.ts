import {
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { join } from 'node:path';
import { ERASED, type RecordedEvent } from '../../events/index.js';
import { VIEW_PROJECTIONS, type ViewTypes } from '../../projections/alliance-views.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import type { IndexedViews } from '../../projections/deployment-lookup.js';
import { schoolsOf } from '../../projections/half-term-report.js';
import {
  rankMatches,
  slesHolding,
  holdingKey,
  type EligibleCount,
  type MatchInput,
  type RankedMatches,
  type SleHistory,
  type SleSupply,
} from '../../projections/match-score.js';
import type { ReminderView } from '../../projections/notification-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { normaliseEmail, type UserView } from '../../projections/user-view.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventStore } from '../event-store/event-store.port.js';
import { decodeFactsSnapshot, encodeFactsSnapshot } from './deployment-facts-snapshot.js';
import { storedFactsReader, type StoredFacts } from './deployment-facts-storage.js';
import { DeploymentIndex } from './deployment-index.js';
import { foldAgainOnErasure } from './erasures.js';
import type { FoldLagSummary } from './fold-lag.js';
import { groupedByKey, SearchText, sortedFor } from './list-page.js';
import type { ListOrder } from '../shared/paging.js';
import { byCodeUnits } from '../shared/order.js';
import { MatchCache } from './match-cache.js';
import { ProjectionRunner } from './projection-runner.js';
import { NotificationIndex } from './notification-index.js';
import { SchoolChanges } from './school-changes.js';
import type { ReadModelStore } from './read-model-store.port.js';
import { RedisReadModelStore } from './redis-read-model-store.js';
import { SqliteReadModelStore } from './sqlite-read-model-store.js';
import { storedViewProjections } from './view-storage.js';

/** Redis when REDIS_URL is set; otherwise a SQLite file beside the embedded event store. */
export function openReadModelStore(config: AppConfig): ReadModelStore {
  return config.redisUrl
    ? new RedisReadModelStore(config.redisUrl, `${config.redisPrefix}:read-models`)
    : new SqliteReadModelStore(join(config.dataDir, 'read-models.db'));
}

export function viewRunner(events: EventStore, store: ReadModelStore): ProjectionRunner {
  return new ProjectionRunner(events, store, storedViewProjections());
}

type IndexSource = 'snapshot' | 'stored facts' | 'views';

/** How long a read waits for the views to reach the newest event before answering 503. */
const CATCH_UP_LIMIT_MS = 5_000;

/**
 * The views the API reads, kept by the projection runner. Every read first catches up with the event
 * store (bounded), so a read sent after a write's answer sees that write.
 *
 * Beside the views it keeps `deploymentIndex` (deployments by school, SLE, dates and specialism), re-indexing
 * each deployment from its new view as each event is applied, so the reports and matching read only what
 * they need; reports given these views use it.
 */
@Injectable()
export class ReadModels implements IndexedViews, SleSupply, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private readonly store: ReadModelStore;
  private readonly runner: ProjectionRunner;
  private index = new DeploymentIndex((id) => this.deployments.get(id));
  private startedFrom: IndexSource | undefined;
  private readonly userIdsByEmail = new Map<string, string>();
  private readonly schoolChanges = new SchoolChanges();
  private readonly notifications = new NotificationIndex();
  /** `schoolsOf` by local authority, for those with schools; forgotten whenever a school event is applied. */
  private readonly schoolsByAuthority = new Map<string, readonly string[]>();
  /** `slesHolding` by specialism, as matching asks for it; forgotten whenever an SLE event is applied. */
  private readonly holders = new Map<string, readonly SleView[]>();
  private readonly matching = new MatchCache();
  /** Moves whenever a school event is applied or schools are folded again: what is sorted by their names is stale. */
  private schoolsVersion = 0;
  private schoolOrder: KeptOrder<string> | undefined;
  private authorities: { version: number; names: readonly string[] } | undefined;
  /** `schoolsSorted` by the name of each order, while `schoolsVersion` is `version`. */
  private sortedSchools: { version: number; orders: Map<string, readonly SchoolView[]> } | undefined;
  /** As `schoolsVersion`, for the SLEs. */
  private slesVersion = 0;
  private sleOrder: KeptOrder<string | null> | undefined;
  /** Resolves once the erasures applied so far reached the views (see `erasuresApplied`). */
  private readonly erasures: () => Promise<void>;
  /** Each school's and SLE's words for the lists' search, and their names folded to sort by, worked out once per view. */
  readonly schoolSearch = new SearchText<SchoolView>((s) => `${s.name} ${s.urn} ${s.localAuthority}`);
  readonly schoolNames = new SearchText<SchoolView>((s) => s.name);
  readonly sleSearch = new SearchText<SleView>(
    (s) => `${s.name} ${s.email} ${this.schoolNameOf(s.homeSchoolUrn)} ${s.specialisms.join(' ').replace(/-/g, ' ')}`,
  );
  readonly sleNames = new SearchText<SleView>((s) => s.name);

  constructor(events: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.store = openReadModelStore(config);
    this.runner = viewRunner(events, this.store);
    this.runner.onApplied((event) => this.indexEvent(event));
    this.erasures = foldAgainOnErasure(this.runner, (refolded) => {
      for (const id of refolded.get('deployments') ?? []) this.index.update(id, this.deployments.get(id));
      this.holders.clear();
      this.schoolsByAuthority.clear();
      this.schoolsVersion++;
      this.slesVersion++;
      this.userIdsByEmail.clear();
      for (const u of this.users.values()) this.indexUserEmail(u.email, u.userId);
    });
  }

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    await this.runner.start();
    this.startedFrom = await this.indexAtStart();
    for (const u of this.users.values()) this.indexUserEmail(u.email, u.userId);
    for (const r of this.reminders.values()) this.notifications.raised(r.reminderId, r.recipients);
    await this.runner.catchUp();
    this.logger.log({
      msg: 'Views ready',
      position: this.runner.position.toString(),
      indexedFrom: this.startedFrom,
      ms: Math.round(performance.now() - started),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // The stored copy trails memory by up to a second: a restart after a clean stop replays nothing.
    await this.runner.close();
    // And reads every deployment's facts from one block rather than row by row.
    try {
      await this.runner.saveSnapshot('deployments', () => encodeFactsSnapshot(this.everyDeploymentsFacts()));
    } catch (error) {
      // Only the next start's speed depends on it: it reads the stored facts instead.
      this.logger.warn({
        msg: "Could not save the snapshot of the deployments' facts",
        error: (error as Error).message,
      });
    }
    await this.store.close();
  }

  /**
   * The deployment index as the runner starts: from the snapshot of every deployment's facts saved at the last
   * clean stop, if it is of what the store holds; else from the facts stored beside each view, where the views
   * stay in their store; else from the views in memory.
   */
  private async indexAtStart(): Promise<IndexSource> {
    const viewOf = (id: string) => this.deployments.get(id);
    const snapshot = await this.runner.snapshot('deployments');
    const facts = snapshot && decodeFactsSnapshot(snapshot);
    // The count is a cheap check that the block is of these views, whatever wrote it.
    if (facts && facts.length === this.deployments.size) {
      this.index = DeploymentIndex.fromFacts(facts, viewOf);
      return 'snapshot';
    }
    if (snapshot)
      this.logger.warn({
        msg: "The snapshot of the deployments' facts does not fit the stored views; reading the stored facts",
        deployments: facts?.length,
      });
    const stored = this.runner.summaries<StoredFacts>('deployments');
    if (stored) {
      this.index = DeploymentIndex.fromFacts(readBack(stored, storedFactsReader()), viewOf);
      return 'stored facts';
    }
    this.index = DeploymentIndex.fromViews(this);
    return 'views';
  }

  private everyDeploymentsFacts(): DeploymentFacts[] {
    const facts: DeploymentFacts[] = [];
    this.index.forEachDeployment((f) => facts.push(f));
    return facts;
  }

  get deployments() {
    return this.runner.docs<ViewTypes['deployments']>('deployments');
  }
  get schools() {
    return this.runner.docs<ViewTypes['schools']>('schools');
  }
  get sles() {
    return this.runner.docs<ViewTypes['sles']>('sles');
  }
  get users() {
    return this.runner.docs<ViewTypes['users']>('users');
  }
  get reviews() {
    return this.runner.docs<ViewTypes['reviews']>('reviews');
  }
  get reminders() {
    return this.runner.docs<ViewTypes['reminders']>('reminders');
  }
  get reservations() {
    return this.runner.docs<ViewTypes['reservations']>('reservations');
  }
  get termDates() {
    return this.runner.docs<ViewTypes['termDates']>('termDates');
  }
  get programmes() {
    return this.runner.docs<ViewTypes['programmes']>('programmes');
  }

  /** What the deployment index was built from at start (see `indexAtStart`). */
  get indexedFrom(): IndexSource | undefined {
    return this.startedFrom;
  }

  /** Kept in step with `deployments`: every event applied re-indexes its deployment. */
  get deploymentIndex(): DeploymentIndex {
    return this.index;
  }

  get position(): bigint {
    return this.runner.position;
  }

  /** How long recent events took to reach the views (see FoldLag). */
  foldLag(): FoldLagSummary {
    return this.runner.lag.summary();
  }

  /** Brings the views up to the newest event, or answers 503 if that takes longer than the limit. */
  async catchUp(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new ServiceUnavailableException('The views are catching up with recent changes; try again shortly')),
        CATCH_UP_LIMIT_MS,
      );
    });
    try {
      // An erasure among the events is folded in before anything is read: no read sees what it erased.
      await Promise.race([this.runner.catchUp().then(this.erasures), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Resolves once every erasure applied so far has reached the views: the documents that held the subjects' data
   * folded again (reading as erased), and what was worked out from them forgotten.
   */
  erasuresApplied(): Promise<void> {
    return this.erasures();
  }

  /** The school's name; '' for a URN no school has. */
  schoolNameOf(urn: string): string {
    return this.schools.get(urn)?.name ?? '';
  }

  /** The SLE's name; '' for none or an unknown id. */
  sleNameOf(sleId: string | null): string {
    return (sleId && this.sles.get(sleId)?.name) || '';
  }

  /** The school's name folded (`SearchText`), to sort by; '' for a URN no school has. */
  schoolSortKey(urn: string): string {
    const school = this.schools.get(urn);
    return school ? this.schoolNames.of(school) : '';
  }

  /** The SLE's name folded, to sort by; '' for none. */
  sleSortKey(sleId: string | null): string {
    const sle = sleId ? this.sles.get(sleId) : undefined;
    return sle ? this.sleNames.of(sle) : '';
  }

  /**
   * The URNs of the schools with deployments, in the order of `schoolSortKey`, those with the same key together:
   * sorted once until a school changes or a school has its first deployment.
   */
  schoolUrnsByName(): readonly (readonly string[])[] {
    const version = [this.schoolsVersion, this.index.schoolUrnsVersion] as const;
    if (!isKept(this.schoolOrder, this.index, version)) {
      const groups = groupedByKey(this.index.schoolUrns(), (urn) => this.schoolSortKey(urn));
      this.schoolOrder = { index: this.index, version, groups };
    }
    return this.schoolOrder.groups;
  }

  /** As `schoolUrnsByName`, the SLEs matched to deployments by `sleSortKey`, and `null` (no SLE) with key ''. */
  sleIdsByName(): readonly (readonly (string | null)[])[] {
    const version = [this.slesVersion, this.index.sleIdsVersion] as const;
    if (!isKept(this.sleOrder, this.index, version)) {
      const groups = groupedByKey([null, ...this.index.sleIds()], (sleId) => this.sleSortKey(sleId));
      this.sleOrder = { index: this.index, version, groups };
    }
    return this.sleOrder.groups;
  }

  deploymentsOfSle(sleId: string): readonly DeploymentFacts[] {
    return this.index.deploymentsOfSle(sleId);
  }

  /** What matching reads of an SLE's deployments, read once for as long as they are unchanged. */
  historyOf(sleId: string): SleHistory {
    return this.matching.historyOf(this.index.deploymentsOfSle(sleId));
  }

  /** How many SLEs holding the specialism have days left in the year, counted once until an SLE or a history changes. */
  eligibleIn(specialism: string, academicYear: string, programme: string): EligibleCount {
    return this.matching.eligibleIn(this, specialism, academicYear, programme, this.index.sleHistoriesVersion);
  }

  /**
   * `rankMatches` over these views: without the ineligible SLEs, from what is kept for the SLEs holding the
   * specialism until an SLE or a history changes.
   */
  rankMatches(input: Omit<MatchInput, 'historyOf' | 'sles'>): RankedMatches {
    const historyOf = (sleId: string) => this.historyOf(sleId);
    if (input.includeIneligible === false) {
      const sles = this.slesHolding(input.request.specialism, input.request.programme);
      return this.matching.rank({ ...input, sles, historyOf }, this.index.sleHistoriesVersion);
    }
    return rankMatches({ ...input, sles: [...this.sles.values()], historyOf });
  }

  /**
   * The SLEs whose designation has not ended holding the specialism (see `slesHolding`): the same list until an
   * SLE changes, so that matching may keep what it works out from it.
   */
  slesHolding(specialism: string, programme: string): readonly SleView[] {
    const key = holdingKey(specialism, programme);
    let holding = this.holders.get(key);
    if (!holding)
      this.holders.set(key, (holding = Object.freeze(slesHolding(this.sles.values(), specialism, programme))));
    return holding;
  }

  /**
   * The schools in `order` (ties by URN), sorted once until a school changes: a deep page of a sort is a slice
   * of it, not a sort of every school. `name` names the order; the same name always comes with the same order.
   */
  schoolsSorted(name: string, order: ListOrder<SchoolView>): readonly SchoolView[] {
    if (this.sortedSchools?.version !== this.schoolsVersion)
      this.sortedSchools = { version: this.schoolsVersion, orders: new Map() };
    let sorted = this.sortedSchools.orders.get(name);
    if (!sorted) {
      sorted = Object.freeze(sortedFor(this.schools.values(), order, (s) => s.urn));
      this.sortedSchools.orders.set(name, sorted);
    }
    return sorted;
  }

  /** The local authorities of the schools, sorted by code units; worked out again once a school changes. */
  localAuthorities(): readonly string[] {
    if (this.authorities?.version !== this.schoolsVersion) {
      const names = [...new Set(Array.from(this.schools.values(), (s) => s.localAuthority))].sort(byCodeUnits);
      this.authorities = { version: this.schoolsVersion, names: Object.freeze(names) };
    }
    return this.authorities.names;
  }

  /** The URNs of a local authority's schools, sorted; kept while it has any (a name no school has is not kept). */
  schoolsIn(localAuthority: string): readonly string[] {
    const known = this.schoolsByAuthority.get(localAuthority);
    if (known) return known;
    const urns = Object.freeze(schoolsOf(this, localAuthority));
    if (urns.length) this.schoolsByAuthority.set(localAuthority, urns);
    return urns;
  }

  /**
   * The schools for whose deployments an event was applied after `position`; undefined when an event of any
   * other kind was (schools, reviews and the rest are few, and counted as touching every school), or when
   * `position` is too far back to say. What was worked out from other schools' deployments still stands.
   */
  schoolsChangedSince(position: bigint): ReadonlySet<string> | undefined {
    return this.schoolChanges.since(position);
  }

  /** The reminder a notification belongs to (the notification is among its recipients). */
  reminderOfNotification(notificationId: string): ReminderView | undefined {
    const reminderId = this.notifications.reminderIdOf(notificationId);
    return reminderId === undefined ? undefined : this.reminders.get(reminderId);
  }

  /** The reminders with a notification for the user, in the order they were raised. */
  remindersOf(userId: string): ReminderView[] {
    return this.notifications.reminderIdsOf(userId).flatMap((id) => this.reminders.get(id) ?? []);
  }

  userByEmail(email: string): UserView | undefined {
    const userId = this.userIdsByEmail.get(normaliseEmail(email));
    return userId ? this.users.get(userId) : undefined;
  }

  /** An erased address belongs to no one: nobody signs in or is found by it. */
  private indexUserEmail(email: string, userId: string): void {
    if (email !== ERASED) this.userIdsByEmail.set(email, userId);
  }

  private indexEvent(event: RecordedEvent): void {
    const deploymentId = VIEW_PROJECTIONS.deployments.keyOf(event);
    const deployment = deploymentId === undefined ? undefined : this.deployments.get(deploymentId);
    if (deploymentId !== undefined) this.index.update(deploymentId, deployment);
    if (deployment) this.schoolChanges.deploymentChanged(deployment.schoolUrn, event.position);
    else this.schoolChanges.otherChanged(event.position);
    if (VIEW_PROJECTIONS.sles.keyOf(event) !== undefined) {
      this.holders.clear();
      this.slesVersion++;
    }
    if (VIEW_PROJECTIONS.schools.keyOf(event) !== undefined) {
      this.schoolsByAuthority.clear();
      this.schoolsVersion++;
    }
    if (event.type === 'UserRegistered') this.indexUserEmail(normaliseEmail(event.data.email), event.data.userId);
    if (event.type === 'ReminderRaised') this.notifications.raised(event.data.reminderId, event.data.recipients);
  }
}

/** A list sorted by name, kept until the names or the ids it sorts change. */
interface KeptOrder<T> {
  index: DeploymentIndex;
  version: readonly [number, number];
  groups: readonly (readonly T[])[];
}

const isKept = <T>(
  kept: KeptOrder<T> | undefined,
  index: DeploymentIndex,
  version: readonly [number, number],
): kept is KeptOrder<T> => !!kept && kept.index === index && kept.version.every((v, i) => v === version[i]);

function* readBack<Stored, Read>(stored: Iterable<Stored>, read: (stored: Stored) => Read): Iterable<Read> {
  for (const s of stored) yield read(s);
}
