/** One stream per (user, Idempotency-Key): `recordId` is a hash of both, so any key makes a valid stream name. */
export const idempotencyStream = (recordId: string) => `idempotency-${recordId}`;

/** A request with this key is being worked on by some node; appended only where no live claim is. */
export interface IdempotencyKeyClaimed {
  type: 'IdempotencyKeyClaimed';
  data: { recordId: string; userId: string; key: string; fingerprint: string; claimedAt: string };
}

/** How the request was answered, so that a repeat on any node is answered the same. */
export interface IdempotentRequestAnswered {
  type: 'IdempotentRequestAnswered';
  data: { recordId: string; status: number; body: unknown };
}

/** The request failed with a server error: the key may be used again. */
export interface IdempotencyKeyReleased {
  type: 'IdempotencyKeyReleased';
  data: { recordId: string; releasedAt: string };
}

export type IdempotencyEvent = IdempotencyKeyClaimed | IdempotentRequestAnswered | IdempotencyKeyReleased;
