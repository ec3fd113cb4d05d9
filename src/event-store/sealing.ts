import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataSubjectId } from '../../events/index.js';

/** A personal field as stored: AES-256-GCM under its subject's key. Never a string, so no input can pose as one. */
export interface SealedValue {
  sealed: 'aes-256-gcm';
  subject: DataSubjectId;
  iv: string;
  data: string;
  tag: string;
}

export class SealBrokenError extends Error {}

export const isSealed = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && (value as Partial<SealedValue>).sealed === 'aes-256-gcm';

/**
 * Seals a field's value (any JSON) with the subject's key. `where` (the event type and field) is authenticated
 * with it, so a sealed value moved to another field or subject fails to open.
 */
export function seal(value: unknown, key: Buffer, subject: DataSubjectId, where: string): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${where}|${subject}`));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    sealed: 'aes-256-gcm',
    subject,
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** The value sealed; throws SealBrokenError for the wrong key, or a value changed or moved. */
export function unseal(sealed: SealedValue, key: Buffer, where: string): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(`${where}|${sealed.subject}`));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw new SealBrokenError(`A sealed ${where} of ${sealed.subject} does not open with its key`);
  }
}
