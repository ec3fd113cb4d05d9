import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (OWASP-recommended cost); the hash string carries its own salt and parameters. */
export const PasswordHasher = {
  hash: (password: string) => hash(password),
  verify: (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false),
};
