import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '../../events/index.js';
import type { DocumentProjection } from '../../projections/projection.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { ReadModelsLostError, type ProjectionCommit, type ReadModelStore } from './read-model-store.port.js';

const PAGE = 2_000;

interface ProjectionState {
  projection: DocumentProjection<unknown>;
  docs: Map<string, unknown>;
  /** Last event folded into `docs`. */
  position: bigint;
  /** Last event stored durably with the documents. */
  storedPosition: bigint;
  /** Keys changed since the last durable commit. */
  dirty: Set<string>;
}

/**
 * Feeds projections from the event store's global order. Documents are served from memory; after every
 * page of events the changed documents and the checkpoints are committed together. Memory always equals the
 * fold of the events up to `position`, so a failed commit is simply retried with everything still dirty,
 * and a crash resumes from the stored checkpoint with no event missed or counted twice.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projections');
  private readonly states: ProjectionState[];
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly listeners: ((event: RecordedEvent) => void)[] = [];

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    projections: DocumentProjection<unknown>[],
  ) {
    this.states = projections.map((projection) => ({ projection, docs: new Map(), position: 0n, storedPosition: 0n, dirty: new Set() }));
  }

  /** Loads each projection from the store; one whose code version changed is dropped and rebuilt. */
  async start(): Promise<void> {
    for (const state of this.states) {
      const { name, version } = state.projection;
      const checkpoint = await this.store.checkpoint(name);
      if (checkpoint && checkpoint.version === version) {
        state.docs = await this.store.documents(name);
        state.position = state.storedPosition = checkpoint.position;
      } else {
        if (checkpoint) this.logger.log({ msg: 'Projection code changed; rebuilding', projection: name, from: checkpoint.version, to: version });
        await this.store.reset(name);
        state.docs = new Map();
        state.position = state.storedPosition = 0n;
      }
    }
  }

  /** Drops every projection and replays all events. */
  async rebuild(): Promise<void> {
    for (const state of this.states) await this.store.reset(state.projection.name);
    await this.start();
    await this.catchUp();
  }

  docs<Doc>(name: string): Map<string, Doc> {
    const state = this.states.find((s) => s.projection.name === name);
    if (!state) throw new Error(`No projection ${name}`);
    return state.docs as Map<string, Doc>;
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
      await this.commit();
      if (page.length < PAGE) return;
    }
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
    if (applied) for (const listener of this.listeners) listener(event);
  }

  private async commit(): Promise<void> {
    const pending = this.states.filter((s) => s.dirty.size > 0 || s.position !== s.storedPosition);
    if (!pending.length) return;
    const commits: ProjectionCommit[] = pending.map((s) => ({
      projection: s.projection.name,
      documents: new Map([...s.dirty].map((key) => [key, s.docs.get(key) ?? null])),
      checkpoint: { position: s.position, version: s.projection.version },
      complete: s.storedPosition === 0n,
    }));
    try {
      await this.store.commit(commits);
    } catch (error) {
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
    for (const [i, s] of pending.entries()) {
      for (const key of commits[i].documents.keys()) s.dirty.delete(key);
      s.storedPosition = commits[i].checkpoint.position;
    }
  }
}
