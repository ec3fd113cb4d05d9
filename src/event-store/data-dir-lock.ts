import { randomUUID } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** Who holds a data directory: written into its lock file as one line of JSON. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Another live process holds the data directory: the message says which, and what to do. */
export class DataDirLockedError extends Error {}

export const LOCK_FILE = 'writer.lock';

/** Lock files taken by this process, so that a second app in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * One server per data directory: the embedded event store, the embedded views and the rules that span
 * streams are one process's. Taken at start by creating `writer.lock` (the holder's pid, host and start
 * time) only if it does not exist; removed at a clean stop. A lock left by a process that died on this host
 * is taken over; one from another host, or from a process still alive, refuses the start.
 */
export class DataDirLock {
  private constructor(
    readonly file: string,
    readonly holder: LockHolder,
  ) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const file = join(realpathSync(dataDir), LOCK_FILE);
    if (heldHere.has(file)) throw new DataDirLockedError(refusal(file, readHolder(file)));
    const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    // A few rounds: each either takes the lock, refuses, or clears a stale lock and tries again.
    for (let round = 0; round < 5; round++) {
      if (createOnlyIfAbsent(file, me)) {
        heldHere.add(file);
        return new DataDirLock(file, me);
      }
      let found: { holder: LockHolder | undefined; inode: number };
      try {
        found = { inode: statSync(file).ino, holder: readHolder(file) };
      } catch (error) {
        if (isCode(error, 'ENOENT')) continue; // released meanwhile
        throw error;
      }
      if (!found.holder || !isStale(found.holder)) throw new DataDirLockedError(refusal(file, found.holder));
      removeIfStill(file, found.inode);
    }
    throw new DataDirLockedError(`Could not take ${file}: other processes kept taking and leaving it`);
  }

  /** Removes the lock file if it is still this holder's. */
  release(): void {
    if (!heldHere.delete(this.file)) return;
    const holder = readHolder(this.file);
    if (holder && sameHolder(holder, this.holder)) unlinkSync(this.file);
  }
}

/**
 * The lock a server takes at start: whenever something in DATA_DIR is one process's (the embedded event
 * store, or the embedded views when there is no Redis), unless lifted with DATA_DIR_LOCK=off (tests only).
 */
export function lockDataDirFor(config: AppConfig): DataDirLock | undefined {
  const dataDirIsOwned = !config.eventStoreUrl || !config.redisUrl;
  return config.dataDirLock && dataDirIsOwned ? DataDirLock.acquire(config.dataDir) : undefined;
}

/** Writes the whole file beside, then links it into place: the lock never exists half written. */
function createOnlyIfAbsent(file: string, holder: LockHolder): boolean {
  const temp = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(temp, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Moves the stale lock aside and deletes it, but only if what was moved is the very file found stale: two
 * processes clearing it together must not delete the lock the quicker one has taken since.
 */
function removeIfStill(file: string, staleInode: number): void {
  const aside = `${file}.stale.${process.pid}.${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  if (statSync(aside).ino !== staleInode) {
    try {
      linkSync(aside, file); // someone else's fresh lock: put it back
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
  }
  unlinkSync(aside);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.since === 'string')
      return parsed as LockHolder;
  } catch (error) {
    if (isCode(error, 'ENOENT')) throw error;
  }
  return undefined;
}

/**
 * Only a holder on this host can be known dead. Our own pid in a lock we do not hold is a previous life of
 * this process's host (a container restarted keeps its name and is pid 1 again).
 */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return isCode(error, 'ESRCH');
  }
}

function refusal(file: string, holder: LockHolder | undefined): string {
  const who = holder
    ? `process ${holder.pid} on ${holder.host} (since ${holder.since})`
    : `a process this one cannot identify (${file} is unreadable)`;
  return [
    `This data directory is in use by ${who}.`,
    'Only one server may run on an embedded store: stop the other one first.',
    'To run several API nodes, give them EventStoreDB and Redis (EVENTSTORE_URL, REDIS_URL; see docs/production-nodes.md).',
    `If no such process is running any more (a host that is gone), delete ${file}.`,
  ].join('\n');
}

const sameHolder = (a: LockHolder, b: LockHolder) => a.pid === b.pid && a.host === b.host && a.since === b.since;

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException)?.code === code;
