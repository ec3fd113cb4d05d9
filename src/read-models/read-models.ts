import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '../../events/index.js';
import { foldViews, type AllianceViews } from '../../projections/alliance-views.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { HalfTermReviewView } from '../../projections/review-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import type { SleView } from '../../projections/sle-view.js';
import { normaliseEmail, type UserView } from '../../projections/user-view.js';
import { EventStore } from '../event-store/event-store.port.js';

const PAGE = 5_000;

/**
 * The views the API reads, kept in memory and fed from the store's global order. Every read first
 * catches up with the store, so a read sent after a write's answer sees that write.
 */
@Injectable()
export class ReadModels implements AllianceViews {
  readonly deployments = new Map<string, DeploymentView>();
  readonly schools = new Map<string, SchoolView>();
  readonly sles = new Map<string, SleView>();
  readonly users = new Map<string, UserView>();
  readonly reviews = new Map<string, HalfTermReviewView>();
  private readonly deploymentIdsBySle = new Map<string, Set<string>>();
  private readonly userIdsByEmail = new Map<string, string>();
  private checkpoint = 0n;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly store: EventStore) {}

  get position(): bigint {
    return this.checkpoint;
  }

  /** Applies every event appended since the last call. Concurrent callers share one catch-up. */
  async catchUp(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.inFlight = this.readNewEvents().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async readNewEvents(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({ after: this.checkpoint, limit: PAGE });
      for (const event of events) this.apply(event);
      if (events.length < PAGE) return;
    }
  }

  private apply(event: RecordedEvent): void {
    foldViews([event], this);
    if (event.type === 'BrokerageMeetingHeld') {
      const ids = this.deploymentIdsBySle.get(event.data.sleId) ?? new Set<string>();
      this.deploymentIdsBySle.set(event.data.sleId, ids.add(event.data.deploymentId));
    }
    if (event.type === 'UserRegistered') this.userIdsByEmail.set(normaliseEmail(event.data.email), event.data.userId);
    this.checkpoint = event.position;
  }

  deploymentsOfSle(sleId: string): DeploymentView[] {
    return [...(this.deploymentIdsBySle.get(sleId) ?? [])].map((id) => this.deployments.get(id)!);
  }

  userByEmail(email: string): UserView | undefined {
    const userId = this.userIdsByEmail.get(normaliseEmail(email));
    return userId ? this.users.get(userId) : undefined;
  }
}
