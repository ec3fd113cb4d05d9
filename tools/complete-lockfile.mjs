#!/usr/bin/env node
// The registry this team installs from lacks some other platforms' optional binaries (e.g. @swc/core for
// macOS), so npm leaves them out of package-lock.json and `npm ci` then refuses the lock as out of sync.
// This records each missing optional binary with its platform constraints, which is what npm writes when
// the registry has them; `npm ci` skips them on a platform they do not fit.
// Run after every `npm install` that changes dependencies: node tools/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM =
  /(android|darwin|freebsd|linux|win32|openharmony)-(arm64|arm|x64|ia32|ppc64|s390x|loong64|riscv64)(?:-(gnu|gnueabihf|musl|musleabihf|eabi|msvc))?$/;
const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;

for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[base] || lock.packages[`node_modules/${name}`]) continue;
    const match = PLATFORM.exec(name);
    if (!match) throw new Error(`${name} is missing from the lock and is not a platform binary; run npm install`);
    const [, os, cpu, abi] = match;
    const libc = abi?.startsWith('musl') ? ['musl'] : abi?.startsWith('gnu') ? ['glibc'] : undefined;
    lock.packages[`node_modules/${name}`] = {
      version,
      cpu: [cpu],
      optional: true,
      os: [os],
      ...(libc ? { libc } : {}),
    };
    added++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`Recorded ${added} optional platform binaries the registry does not have.`);
