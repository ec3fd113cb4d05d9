import { createHash } from 'node:crypto';
import type { DataSubjectId } from '../../events/index.js';

/** What a key was answered with; `status` 0 while a request holding the key is still being worked on. */
export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * How long a claim holds without an answer. A node that died mid-request leaves its claim; after this the
 * key can be claimed again. Far longer than any request takes (a read that cannot catch up answers 503
 * within 5 s), so a slow request is never run twice.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Answers kept per (user, Idempotency-Key), shared by every node, so a command sent twice appends once and
 * is answered the same on whichever node the repeat lands. A key is first claimed, then completed with the
 * answer; a failed attempt releases its claim. Claiming is atomic across nodes: of two nodes claiming one
 * key at once, one gets it and the other is told it is in progress.
 */
export abstract class IdempotencyStore {
  /** Claims the key; returns the earlier answer or live claim when the key was used before. */
  abstract claim(userId: string, key: string, fingerprint: string): Promise<StoredAnswer | 'claimed'>;
  /** Records the answer of a request this node claimed. */
  abstract complete(userId: string, key: string, status: number, body: unknown): Promise<void>;
  /** Gives up this node's claim, so that the key may be tried again. */
  abstract release(userId: string, key: string): Promise<void>;
  /**
   * The subjects (`answer:{recordId}`) of the answers kept that hold any of these texts (a person's name or
   * email): an erasure deletes their keys, and a replay then answers `[erased]`.
   */
  abstract answersNaming(texts: readonly string[]): Promise<DataSubjectId[]>;
  abstract close(): Promise<void>;
}

/** A fixed-length name for a (user, key) pair, fit for a stream or Redis key whatever the key holds. */
export const idempotencyRecordId = (userId: string, key: string) =>
  createHash('sha256').update(`${userId}\n${key}`).digest('hex').slice(0, 40);
