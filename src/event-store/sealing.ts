import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { DataSubjectId } from '../../events/index.js';

/**
 * A personal field as stored: AES-256-GCM under its subject's key, or under a key drawn from the keys of
 * `subject` and each of `also` (a field of several people opens only while none of them is erased). Never a
 * string, so no input can pose as one.
 */
export interface SealedValue {
  sealed: 'aes-256-gcm';
  subject: DataSubjectId;
  also?: DataSubjectId[];
  iv: string;
  data: string;
  tag: string;
}

export class SealBrokenError extends Error {}

export const isSealed = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && (value as Partial<SealedValue>).sealed === 'aes-256-gcm';

/** Every subject whose key the sealed value needs. */
export const subjectsSealing = (sealed: SealedValue): DataSubjectId[] => [sealed.subject, ...(sealed.also ?? [])];

const FIRST_BLOCK = Buffer.from([1]);

/**
 * The one key of a field: its subject's own, or for several subjects one drawn from all their keys: HKDF-Expand
 * (RFC 5869) of one block, the keys together being its pseudorandom key (they are random already, so the extract
 * step adds nothing), which is one HMAC-SHA-256: a quarter of `hkdfSync`'s time.
 */
function fieldKey(keys: readonly Buffer[], subjects: readonly DataSubjectId[]): Buffer {
  if (keys.length === 1) return keys[0];
  return createHmac('sha256', Buffer.concat(keys))
    .update(`field|${subjects.join('|')}`)
    .update(FIRST_BLOCK)
    .digest();
}

/**
 * Seals a field's value (any JSON) with the keys of its subjects, in the same order. `where` (the event type and
 * field) and the subjects are authenticated with it, so a sealed value moved to another field or subject fails
 * to open.
 */
export function seal(
  value: unknown,
  keys: readonly Buffer[],
  subjects: readonly DataSubjectId[],
  where: string,
): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', fieldKey(keys, subjects), iv);
  cipher.setAAD(Buffer.from(`${where}|${subjects.join('|')}`));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const [subject, ...also] = subjects;
  return {
    sealed: 'aes-256-gcm',
    subject,
    ...(also.length ? { also } : {}),
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/**
 * The value sealed, given the keys of `subjectsSealing(sealed)` in order; throws SealBrokenError for a wrong key,
 * or a value changed or moved.
 */
export function unseal(sealed: SealedValue, keys: readonly Buffer[], where: string): unknown {
  const subjects = subjectsSealing(sealed);
  try {
    const decipher = createDecipheriv('aes-256-gcm', fieldKey(keys, subjects), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(`${where}|${subjects.join('|')}`));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw new SealBrokenError(`A sealed ${where} of ${subjects.join(', ')} does not open with its keys`);
  }
}
