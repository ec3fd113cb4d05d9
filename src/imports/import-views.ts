import type { RecordedEvent } from '../../events/index.js';
import {
  emptyViews,
  VIEW_COLLECTIONS,
  VIEW_PROJECTIONS,
  type AllianceViews,
  type FoldedViews,
  type ViewCollection,
  type ViewTypes,
} from '../../projections/alliance-views.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import { factsOf } from '../../projections/deployment-facts.js';
import { forEachDeployment } from '../../projections/deployment-lookup.js';
import type { DocumentProjection } from '../../projections/projection.js';
import { ReadOnlyMap } from '../shared/read-only-map.js';

/** The part of the read models the command handlers use. */
export interface HandlerViews extends Pick<AllianceViews, 'deployments' | 'schools' | 'sles' | 'programmes'> {
  deploymentsOfSle(sleId: string): readonly DeploymentFacts[];
}

/**
 * The views as they would be once the planned events are appended: the current read models with the plan's
 * documents laid over them, folded by the same projections the read models use. The real read models are
 * never touched, and nothing of them is copied: at a national network's size, a copy of every deployment's
 * view for each import (and again for each row rolled back) was a read of every view in the store.
 * Stands in for `ReadModels` in the command handlers while an import is planned.
 */
export class ImportViews implements HandlerViews {
  /** The documents the plan changed, by collection. */
  private planned: FoldedViews = emptyViews();
  readonly deployments: Overlay<ViewTypes['deployments']>;
  readonly schools: Overlay<ViewTypes['schools']>;
  readonly sles: Overlay<ViewTypes['sles']>;
  readonly programmes: Overlay<ViewTypes['programmes']>;

  constructor(private readonly base: HandlerViews) {
    this.deployments = new Overlay(base.deployments, () => this.planned.deployments);
    this.schools = new Overlay(base.schools, () => this.planned.schools);
    this.sles = new Overlay(base.sles, () => this.planned.sles);
    this.programmes = new Overlay(base.programmes, () => this.planned.programmes);
  }

  async catchUp(): Promise<void> {}

  /** The SLE's deployments as the read models have them, with the plan's changes and its new matches. */
  deploymentsOfSle(sleId: string): DeploymentFacts[] {
    const planned = this.planned.deployments;
    const listed = this.base.deploymentsOfSle(sleId).map((d) => planned.get(d.deploymentId) ?? d);
    for (const d of planned.values())
      if (d.sleId === sleId && !listed.some((l) => l.deploymentId === d.deploymentId)) listed.push(d);
    return listed.filter((d) => d.sleId === sleId);
  }

  /** Every deployment's facts, the plan's where it changed them. */
  forEachDeployment(each: (facts: DeploymentFacts) => void): void {
    const planned = this.planned.deployments;
    forEachDeployment(this.base, (d) => {
      if (!planned.has(d.deploymentId)) each(d);
    });
    for (const d of planned.values()) each(factsOf(d));
  }

  apply(events: RecordedEvent[]): void {
    for (const event of events) {
      for (const collection of VIEW_COLLECTIONS) {
        const projection = VIEW_PROJECTIONS[collection] as DocumentProjection<unknown>;
        const key = projection.keyOf(event);
        if (key === undefined) continue;
        const next = projection.apply(this.current(collection, key), event);
        if (next !== undefined) (this.planned[collection] as Map<string, unknown>).set(key, next);
      }
    }
  }

  /** Back to the current read models plus the given (committed) events. */
  reset(events: RecordedEvent[]): void {
    this.planned = emptyViews();
    this.apply(events);
  }

  private current(collection: ViewCollection, key: string): unknown {
    const planned = this.planned[collection] as Map<string, unknown>;
    if (planned.has(key)) return planned.get(key);
    return (this.base as Partial<AllianceViews>)[collection]?.get(key);
  }
}

/** A map read through `over()` first, then `base`: the plan's documents over the read models'. */
class Overlay<V> extends ReadOnlyMap<string, V> {
  constructor(
    private readonly base: ReadonlyMap<string, V>,
    private readonly over: () => ReadonlyMap<string, V>,
  ) {
    super();
  }

  get(key: string): V | undefined {
    return this.over().get(key) ?? this.base.get(key);
  }

  has(key: string): boolean {
    return this.over().has(key) || this.base.has(key);
  }

  get size(): number {
    let size = this.base.size;
    for (const key of this.over().keys()) if (!this.base.has(key)) size++;
    return size;
  }

  *entries(): MapIterator<[string, V]> {
    const over = this.over();
    for (const [key, value] of this.base) if (!over.has(key)) yield [key, value];
    yield* over.entries();
  }
}
