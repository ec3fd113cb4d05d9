import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, type LockHolder } from '../../src/event-store/data-dir-lock.js';
import { buildForChild, childEnv, type ChildBuild } from '../support/child-process-build.js';

/** Output and exit of a child process, as it comes. */
class Child {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  constructor(readonly process: ChildProcess) {
    process.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }
  async until(seen: (out: string) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!seen(this.stdout)) {
      if (this.process.exitCode !== null)
        throw new Error(`exited (${this.process.exitCode}) before ${what}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${what} in time: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Real server processes (`src/main.ts`, as `npm start` runs it) on one DATA_DIR. */
describe('One server per data directory, across processes', () => {
  let build: ChildBuild;
  let dataDir: string;
  const children: Child[] = [];
  const lockHolder = () => JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockHolder;

  beforeAll(async () => {
    build = await buildForChild(['src/main.ts', 'test/processes/hold-data-dir.ts']);
  }, 60_000);
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sle-lock-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => build?.remove());

  const server = (env: Record<string, string> = {}) => {
    const child = new Child(
      spawn(process.execPath, [build.script('src/main.ts')], {
        env: {
          ...childEnv(),
          DATA_DIR: dataDir,
          PORT: '0',
          JWT_SECRET: randomBytes(32).toString('hex'),
          RUN_JOBS: 'false',
          LOG_LEVEL: 'log',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    children.push(child);
    return child;
  };
  const started = (child: Child) => child.until((out) => out.includes('successfully started'), 'start');

  it('refuses a second server with a message naming the first; takes over once the first is killed', async () => {
    const first = server();
    await started(first);
    expect(lockHolder()).toMatchObject({ pid: first.process.pid, host: hostname() });

    const second = server();
    expect(await second.exited).toBe(73);
    expect(second.stderr).toContain(`This data directory is in use by process ${first.process.pid} on ${hostname()}`);
    expect(second.stderr).toContain('EVENTSTORE_URL, REDIS_URL');
    expect(lockHolder().pid).toBe(first.process.pid);

    first.process.kill('SIGKILL');
    await first.exited;
    expect(lockHolder().pid).toBe(first.process.pid); // left behind, stale

    const third = server();
    await started(third);
    expect(lockHolder().pid).toBe(third.process.pid);
    third.process.kill('SIGTERM');
    await third.exited;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('lets a second server start beside the first only when the lock is lifted (DATA_DIR_LOCK=off)', async () => {
    const first = server();
    await started(first);
    const lifted = server({ DATA_DIR_LOCK: 'off' });
    await started(lifted);
    expect(lockHolder().pid).toBe(first.process.pid);
  }, 60_000);

  it('hands a stale lock to exactly one of six processes started together, the others refused', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: dead.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    const racers = Array.from({ length: 6 }, () => {
      const child = new Child(
        spawn(process.execPath, [build.script('test/processes/hold-data-dir.ts'), dataDir], {
          env: childEnv(),
          stdio: ['pipe', 'pipe', 'pipe'],
        }),
      );
      children.push(child);
      return child;
    });
    await Promise.all(racers.map((r) => r.until((out) => /held|refused/.test(out), 'an answer')));
    const holders = racers.filter((r) => r.stdout.startsWith('held'));
    expect(holders).toHaveLength(1);
    expect(lockHolder().pid).toBe(holders[0].process.pid);
    expect(racers.filter((r) => r.stdout.startsWith('refused'))).toHaveLength(5);
  }, 60_000);
});
