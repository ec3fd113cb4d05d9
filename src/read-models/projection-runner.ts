import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '../../events/index.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { FoldLag } from './fold-lag.js';
import { ReadModelsLostError, type ProjectionCommit, type ReadModelStore } from './read-model-store.port.js';
import { StoredDocuments } from './stored-documents.js';
import { stringInterner } from './string-interner.js';
import { storedVersion, type StoredProjection } from './projection-storage.js';

const PAGE = 2_000;

/**
 * At most how often, by default, the store is brought up to the views in memory. The stored copy is what a
 * restart starts from, never what a read reads: storing it after every catch-up would add a write to every
 * command, while now a document changed many times in a second is written once.
 */
export const STORE_EVERY_MS = 1_000;

export interface ProjectionRunnerOptions {
  /** At most how often the store is brought up to memory, in ms; 0 stores after every catch-up. */
  storeEveryMs?: number;
}

/** A projection's documents: all in memory, or in the store with the changes not yet stored held here. */
type Documents = Map<string, unknown> | StoredDocuments<unknown>;

interface ProjectionState extends StoredProjection {
  docs: Documents;
  /** Last event folded into `docs`. */
  position: bigint;
  /** Last event stored durably with the documents. */
  storedPosition: bigint;
  /** Keys changed since the last durable commit. */
  dirty: Set<string>;
}

/**
 * Feeds projections from the event store's global order. Documents are served from memory, or for a projection
 * stored `readByKey` where the store can read by key, from the store with the changes not yet stored laid over it
 * (`StoredDocuments`). The changed documents and the checkpoints are committed together, at most every
 * `storeEveryMs` (a timer stores what a last catch-up left) and whenever `flush` is called. What it serves
 * always equals the fold of the events up to `position`, so a failed commit is simply retried with everything
 * still dirty, and a crash resumes from the stored checkpoint with no event missed or counted twice: it only
 * replays the last second's events.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projections');
  private readonly states: ProjectionState[];
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly listeners: ((event: RecordedEvent) => void)[] = [];
  /** How long the events recorded since this runner was made took to be folded in. */
  readonly lag = new FoldLag();
  private readonly storeEveryMs: number;
  /** When the store last took a commit (performance.now()); never, so the first catch-up stores at once. */
  private storedAt = -Infinity;
  private storeTimer: NodeJS.Timeout | undefined;
  /** Commits one after another, whether a run, the timer or `flush` asks. */
  private storing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    projections: StoredProjection[],
    { storeEveryMs = STORE_EVERY_MS }: ProjectionRunnerOptions = {},
  ) {
    this.states = projections.map(({ projection, storage }) => ({
      projection,
      storage,
      docs: new Map(),
      position: 0n,
      storedPosition: 0n,
      dirty: new Set(),
    }));
    this.storeEveryMs = storeEveryMs;
  }

  /** Loads each projection from the store; one whose code version changed is dropped and rebuilt. */
  async start(): Promise<void> {
    for (const state of this.states) {
      const { name } = state.projection;
      const version = storedVersion(state);
      const checkpoint = await this.store.checkpoint(name);
      const current = checkpoint && checkpoint.version === version;
      if (!current) {
        if (checkpoint)
          this.logger.log({
            msg: 'Projection code changed; rebuilding',
            projection: name,
            from: checkpoint.version,
            to: version,
          });
        await this.store.reset([name]);
      }
      const reader = state.storage.readByKey ? this.store.reader(name) : undefined;
      if (reader) state.docs = new StoredDocuments(reader);
      else state.docs = current ? await this.store.documents(name, interningStrings(state)) : new Map();
      state.position = state.storedPosition = current ? checkpoint.position : 0n;
    }
  }

  /** Drops every projection and replays all events. */
  async rebuild(): Promise<void> {
    await this.store.reset(this.states.map((state) => state.projection.name));
    await this.start();
    await this.catchUp();
    await this.flush();
  }

  /** Stores what is left, and stores nothing more: before the store is closed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Stores every change folded so far, now: after a rebuild, and when closing. */
  flush(): Promise<void> {
    clearTimeout(this.storeTimer);
    this.storeTimer = undefined;
    this.storing = this.storing.then(() => this.commit());
    return this.storing;
  }

  docs<Doc>(name: string): ReadonlyMap<string, Doc> {
    return this.state(name).docs as ReadonlyMap<string, Doc>;
  }

  /**
   * Every document's summary (`ProjectionStorage.summarise`) where the projection's documents stay in the
   * store, read without parsing them; undefined where they are all in memory (read them instead).
   */
  summaries<Summary>(name: string): Iterable<Summary> | undefined {
    const { docs, storage } = this.state(name);
    if (!(docs instanceof StoredDocuments) || !storage.summarise) return undefined;
    return docs.summaries(storage.summarise) as Iterable<Summary>;
  }

  /**
   * The snapshot last saved of a projection (`saveSnapshot`), if it is of exactly what the store holds: taken at
   * the checkpoint this runner started from, by the same code version, with nothing folded since. Otherwise
   * undefined (a crash after events were stored, a rebuild, none kept), and the documents are to be read instead.
   */
  async snapshot(name: string): Promise<Uint8Array | undefined> {
    const state = this.state(name);
    if (state.position !== state.storedPosition) return undefined;
    return this.store.snapshot(name, { position: state.storedPosition, version: storedVersion(state) });
  }

  /**
   * Saves the snapshot `take` makes of a projection as folded now, if that is what the store holds: after
   * `close`, whose last commit stored everything. `take` is called at once, before anything else is folded,
   * and only where the store keeps snapshots. False when none was saved.
   */
  async saveSnapshot(name: string, take: () => Uint8Array): Promise<boolean> {
    const state = this.state(name);
    if (state.position !== state.storedPosition || state.dirty.size) return false;
    return this.store.saveSnapshot(name, { position: state.position, version: storedVersion(state) }, take);
  }

  private state(name: string): ProjectionState {
    const state = this.states.find((s) => s.projection.name === name);
    if (!state) throw new Error(`No projection ${name}`);
    return state;
  }

  /** The position every projection has reached. */
  get position(): bigint {
    return this.states.reduce((min, s) => (s.position < min ? s.position : min), this.states[0]?.position ?? 0n);
  }

  /** Called with each event once every projection has folded it in (to keep derived indexes). */
  onApplied(listener: (event: RecordedEvent) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Folds in every event appended before the call and commits. A run already going may have read the store
   * before this caller's events were appended, so callers arriving meanwhile share one more run after it:
   * however many readers wait, at most two runs are ever queued.
   */
  catchUp(): Promise<void> {
    if (!this.inFlight) return this.startRun();
    this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        // A run another caller started once the last one ended began after every caller waiting here.
        return this.inFlight ?? this.startRun();
      });
    return this.queued;
  }

  /**
   * Folds again, from the first event, every document an event `affects` fed, and swaps them in at once: after
   * an erasure, so that the views hold what a rebuild would give. Runs alone (catch-ups wait for it); answers
   * the keys folded again, by projection.
   */
  async refold(affects: (event: RecordedEvent) => boolean): Promise<Map<string, Set<string>>> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    const work = this.refoldNow(affects);
    const run = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
    return work;
  }

  private async refoldNow(affects: (event: RecordedEvent) => boolean): Promise<Map<string, Set<string>>> {
    await this.run();
    const keys = this.states.map(() => new Set<string>());
    await this.scan((event) => {
      if (affects(event))
        this.states.forEach((state, i) => {
          const key = state.projection.keyOf(event);
          if (key !== undefined) keys[i].add(key);
        });
    });
    const fresh = this.states.map(() => new Map<string, unknown>());
    await this.scan((event) =>
      this.states.forEach((state, i) => {
        const key = state.projection.keyOf(event);
        if (key === undefined || !keys[i].has(key) || event.position > state.position) return;
        const next = state.projection.apply(fresh[i].get(key), event);
        if (next === undefined) fresh[i].delete(key);
        else fresh[i].set(key, next);
      }),
    );
    const refolded = new Map<string, Set<string>>();
    this.states.forEach((state, i) => {
      for (const key of keys[i]) {
        const doc = fresh[i].get(key);
        if (doc === undefined) state.docs.delete(key);
        else state.docs.set(key, doc);
        state.dirty.add(key);
      }
      refolded.set(state.projection.name, keys[i]);
    });
    await this.flush();
    return refolded;
  }

  /** Every event up to the position reached, in order. */
  private async scan(visit: (event: RecordedEvent) => void): Promise<void> {
    const upTo = this.position;
    let after = 0n;
    while (after < upTo) {
      const page = await this.events.readAll({ after, limit: PAGE });
      for (const event of page) if (event.position <= upTo) visit(event);
      if (page.length < PAGE) return;
      after = page[page.length - 1].position;
    }
  }

  private startRun(): Promise<void> {
    const run = this.run().finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  private async run(): Promise<void> {
    for (;;) {
      const page = await this.events.readAll({ after: this.position, limit: PAGE });
      for (const event of page) this.apply(event);
      await this.storeWhenDue();
      if (page.length < PAGE) return;
    }
  }

  /** Stores now if the last commit is `storeEveryMs` old; otherwise makes sure a timer will. */
  private async storeWhenDue(): Promise<void> {
    if (this.closed) return;
    const wait = this.storedAt + this.storeEveryMs - performance.now();
    if (wait <= 0) return this.flush();
    this.storeTimer ??= setTimeout(() => void this.flush(), wait).unref();
  }

  private apply(event: RecordedEvent): void {
    let applied = false;
    for (const state of this.states) {
      if (event.position <= state.position) continue;
      const key = state.projection.keyOf(event);
      if (key !== undefined) {
        const next = state.projection.apply(state.docs.get(key), event);
        if (next === undefined) state.docs.delete(key);
        else state.docs.set(key, next);
        state.dirty.add(key);
      }
      state.position = event.position;
      applied = true;
    }
    if (!applied) return;
    this.lag.folded(event.recordedAt);
    for (const listener of this.listeners) listener(event);
  }

  private async commit(): Promise<void> {
    const pending = this.states.filter((s) => s.dirty.size > 0 || s.position !== s.storedPosition);
    if (!pending.length) return;
    // Taken as they stand now: events folded while the store works mark their keys dirty again.
    const taken = pending.map((s) => {
      const keys = s.dirty;
      s.dirty = new Set();
      return keys;
    });
    const commits: ProjectionCommit[] = pending.map((s, i) => ({
      projection: s.projection.name,
      documents: new Map([...taken[i]].map((key) => [key, s.docs.get(key) ?? null])),
      checkpoint: { position: s.position, version: storedVersion(s) },
      complete: s.storedPosition === 0n,
      summarise: s.storage.summarise,
    }));
    try {
      await this.store.commit(commits);
    } catch (error) {
      pending.forEach((s, i) => taken[i].forEach((key) => s.dirty.add(key)));
      if (error instanceof ReadModelsLostError) {
        // Memory still holds the fold of every event: write all of it back on the next commit.
        this.logger.warn({ msg: 'Read-model store lost data; restoring it', projections: error.projections });
        for (const s of this.states.filter((st) => error.projections.includes(st.projection.name))) {
          s.storedPosition = 0n;
          for (const key of s.docs.keys()) s.dirty.add(key);
        }
        return this.commit();
      }
      // Memory stays ahead and everything stays dirty; the next catch-up commits it again.
      this.logger.warn({ msg: 'Could not store read models; will retry', error: (error as Error).message });
      return;
    }
    this.storedAt = performance.now();
    pending.forEach((s, i) => {
      s.storedPosition = commits[i].checkpoint.position;
      if (s.docs instanceof StoredDocuments) s.docs.stored(commits[i].documents);
    });
  }
}

/** `storage.internStrings` for each document loaded, with one copy of each string kept while they load. */
function interningStrings({ storage }: StoredProjection): ((doc: unknown) => void) | undefined {
  const { internStrings } = storage;
  if (!internStrings) return undefined;
  const intern = stringInterner();
  return (doc) => internStrings(doc, intern);
}
