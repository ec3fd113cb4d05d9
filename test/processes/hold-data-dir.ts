import { DataDirLock, DataDirLockedError } from '../../src/event-store/data-dir-lock.js';

/**
 * A child process that tries to take a data directory's lock, says `held` or `refused` on stdout, and keeps
 * what it took until its stdin closes (a dead holder's lock would be stale again at once).
 */
try {
  const lock = DataDirLock.acquire(process.argv[2]);
  process.stdout.write('held\n');
  process.stdin.resume().on('end', () => lock.release());
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  process.stdout.write('refused\n');
}
