import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A key store file for several nodes of one test to share (KEYS_FILE), removed after the file's tests. */
export function sharedKeysFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sle-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'keys.db');
}
