import {
  dataSubject,
  idempotencyStream,
  type DataSubjectId,
  type IdempotencyEvent,
  type RecordedEvent,
} from '../../events/index.js';
import { EventStore, readAllInPages, WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import { CLAIM_LEASE_MS, IdempotencyStore, idempotencyRecordId, type StoredAnswer } from './idempotency.store.js';

type Record =
  | { state: 'free'; revision: number | 'no-stream' }
  | { state: 'claimed'; revision: number; fingerprint: string; claimedAt: string }
  | { state: 'answered'; fingerprint: string; status: number; body: unknown };

/**
 * Idempotency records in the event store, one stream per (user, key): a claim is an append at the revision
 * read (`no-stream` for a new key), so of two nodes claiming at once the store lets exactly one in. Used
 * when there is no Redis; with EventStoreDB the records are shared by every node.
 */
export class EventStoreIdempotencyStore extends IdempotencyStore {
  /** The revision of each claim this process holds, which its answer or release is appended after. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly leaseMs = CLAIM_LEASE_MS,
  ) {
    super();
  }

  async claim(userId: string, key: string, fingerprint: string): Promise<StoredAnswer | 'claimed'> {
    const recordId = idempotencyRecordId(userId, key);
    for (;;) {
      const record = await this.read(recordId);
      if (record.state === 'answered')
        return { fingerprint: record.fingerprint, status: record.status, body: record.body };
      if (record.state === 'claimed' && !this.expired(record.claimedAt))
        return { fingerprint: record.fingerprint, status: 0, body: undefined };
      const claimedAt = this.clock.now().toISOString();
      try {
        const claimed = await this.store.append(
          idempotencyStream(recordId),
          [{ type: 'IdempotencyKeyClaimed', data: { recordId, userId, key, fingerprint, claimedAt } }],
          { expectedRevision: record.revision },
        );
        this.held.set(recordId, claimed.nextExpectedRevision);
        return 'claimed';
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Another node claimed it first: read again to answer as it stands now.
      }
    }
  }

  async complete(userId: string, key: string, status: number, body: unknown): Promise<void> {
    const recordId = idempotencyRecordId(userId, key);
    await this.appendAfterClaim(recordId, { type: 'IdempotentRequestAnswered', data: { recordId, status, body } });
  }

  async release(userId: string, key: string): Promise<void> {
    const recordId = idempotencyRecordId(userId, key);
    const releasedAt = this.clock.now().toISOString();
    await this.appendAfterClaim(recordId, { type: 'IdempotencyKeyReleased', data: { recordId, releasedAt } });
  }

  async answersNaming(texts: readonly string[]): Promise<DataSubjectId[]> {
    const answers: DataSubjectId[] = [];
    if (!texts.length) return answers;
    for await (const page of readAllInPages(this.store))
      for (const event of page) {
        if (event.type !== 'IdempotentRequestAnswered') continue;
        const body = JSON.stringify(event.data.body) ?? '';
        if (texts.some((text) => body.includes(text))) answers.push(dataSubject('answer', event.data.recordId));
      }
    return answers;
  }

  async close(): Promise<void> {
    // The event store is closed by its own module.
  }

  /** Appends only if the claim is still this process's; a claim taken over after its lease is left alone. */
  private async appendAfterClaim(recordId: string, event: IdempotencyEvent): Promise<void> {
    const revision = this.held.get(recordId);
    if (revision === undefined) return;
    this.held.delete(recordId);
    try {
      await this.store.append(idempotencyStream(recordId), [event], { expectedRevision: revision });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }

  private async read(recordId: string): Promise<Record> {
    const events = (await this.store.readStream(idempotencyStream(recordId))) as RecordedEvent<IdempotencyEvent>[];
    let record: Record = { state: 'free', revision: 'no-stream' };
    for (const event of events) {
      if (event.type === 'IdempotencyKeyClaimed') {
        const { fingerprint, claimedAt } = event.data;
        record = { state: 'claimed', revision: event.revision, fingerprint, claimedAt };
      } else if (event.type === 'IdempotentRequestAnswered' && record.state === 'claimed') {
        record = {
          state: 'answered',
          fingerprint: record.fingerprint,
          status: event.data.status,
          body: event.data.body,
        };
      } else if (event.type === 'IdempotencyKeyReleased') {
        record = { state: 'free', revision: event.revision };
      }
    }
    return record;
  }

  private expired(claimedAt: string): boolean {
    return this.clock.now().getTime() - new Date(claimedAt).getTime() > this.leaseMs;
  }
}
