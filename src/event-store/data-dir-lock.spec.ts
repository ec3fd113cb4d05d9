import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { DataDirLock, DataDirLockedError, LOCK_FILE, lockDataDirFor, type LockHolder } from './data-dir-lock.js';

describe('DataDirLock', () => {
  let dir: string;
  const lockFile = () => join(dir, LOCK_FILE);
  const holderInFile = () => JSON.parse(readFileSync(lockFile(), 'utf8')) as LockHolder;
  const leaveLock = (holder: Partial<LockHolder>) =>
    writeFileSync(lockFile(), JSON.stringify({ host: hostname(), since: '2026-01-01T00:00:00.000Z', ...holder }));
  /** The pid of a process that has exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sle-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the holder’s pid and host into the lock file, and removes it on release', () => {
    const lock = DataDirLock.acquire(dir);
    expect(holderInFile()).toEqual({ pid: process.pid, host: hostname(), since: lock.holder.since });
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses a second holder in the same process until the first releases', () => {
    const first = DataDirLock.acquire(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    first.release();
    DataDirLock.acquire(dir).release();
  });

  it('refuses a lock held by a live process on this host, naming it', () => {
    leaveLock({ pid: process.ppid });
    expect(() => DataDirLock.acquire(dir)).toThrow(`in use by process ${process.ppid} on ${hostname()}`);
    expect(holderInFile().pid).toBe(process.ppid);
  });

  it('refuses a lock from another host, whose process it cannot check, and says how to clear it', () => {
    leaveLock({ pid: deadPid(), host: 'api-2.alliance.internal' });
    expect(() => DataDirLock.acquire(dir)).toThrow(/on api-2\.alliance\.internal[\s\S]*delete .*writer\.lock/);
  });

  it('refuses a lock file it cannot read rather than guess', () => {
    writeFileSync(lockFile(), 'not json');
    expect(() => DataDirLock.acquire(dir)).toThrow(/cannot identify/);
  });

  it('takes over a lock left by a process that died on this host', () => {
    leaveLock({ pid: deadPid() });
    const lock = DataDirLock.acquire(dir);
    expect(holderInFile()).toEqual(lock.holder);
    lock.release();
  });

  it('takes over a lock bearing its own pid that it does not hold (a restarted container is pid 1 again)', () => {
    leaveLock({ pid: process.pid });
    const lock = DataDirLock.acquire(dir);
    expect(holderInFile().since).toBe(lock.holder.since);
    lock.release();
  });

  it('leaves alone, on release, a lock someone else has taken since', () => {
    const lock = DataDirLock.acquire(dir);
    leaveLock({ pid: process.ppid });
    lock.release();
    expect(holderInFile().pid).toBe(process.ppid);
  });

  it('is taken for an embedded store or embedded views, not for EventStoreDB with Redis, nor when lifted', () => {
    const held = (env: Record<string, string>) => {
      const lock = lockDataDirFor(loadConfig({ DATA_DIR: dir, ...env }));
      lock?.release();
      return lock !== undefined;
    };
    const esdb = 'esdb://127.0.0.1:2113?tls=false';
    expect(held({})).toBe(true);
    expect(held({ REDIS_URL: 'redis://127.0.0.1:6379' })).toBe(true);
    expect(held({ EVENTSTORE_URL: esdb })).toBe(true);
    expect(held({ EVENTSTORE_URL: esdb, REDIS_URL: 'redis://127.0.0.1:6379' })).toBe(false);
    expect(held({ DATA_DIR_LOCK: 'off' })).toBe(false);
  });
});
