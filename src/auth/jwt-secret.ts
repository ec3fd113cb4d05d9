import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/**
 * JWT_SECRET when given; otherwise a random secret kept in DATA_DIR (readable by the owner only), so tokens
 * survive a restart without a secret ever living in the repository.
 */
export function jwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
