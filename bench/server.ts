import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The real server (`dist/src/main.js`, what `npm start` runs) in its own process on a benchmark DATA_DIR,
 * so that its start-up, memory and HTTP figures are its own and not the load generator's.
 */
export interface RunningServer {
  url: string;
  pid: number;
  /** From spawn to the first 200 of GET /api/health (the views are loaded before the server listens). */
  readyMs: number;
  /** A facilitator-strength token (the first admin). */
  token: string;
  /** The most resident memory the process has had (VmHWM), in bytes; undefined off Linux. */
  peakRssBytes(): number | undefined;
  /** CPU time the process has used so far (user and system), in ms; undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url)); // dist/bench → dist/src/main.js
/** Node's flags for the server (its heap's sizes), read from the `start` script so that what is measured is what `npm start` runs. */
const SERVER_NODE_ARGS = startScriptNodeArgs();
const ADMIN = { email: 'bench-admin@alliance.test', password: 'bench-admin-password' };

/** Another Node than the one running the benchmarks, with the better-sqlite3 addon built for it. */
export interface ServerNode {
  /** The `node` binary. */
  execPath: string;
  /** better-sqlite3's addon built for that Node (BETTER_SQLITE3_BINDING). */
  sqliteBinding: string;
}

export async function startServer(
  dataDir: string,
  log: (message: string) => void,
  node?: ServerNode,
): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    JWT_SECRET: randomBytes(32).toString('hex'),
    SLE_ADMIN_EMAIL: ADMIN.email,
    SLE_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    // Reminder scans would raise thousands of reminders on a synthetic history; they are not what is measured.
    RUN_JOBS: 'false',
    ...(node ? { BETTER_SQLITE3_BINDING: node.sqliteBinding } : {}),
  };
  // To profile the server under a suite's load: BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
  const nodeArgs = [...SERVER_NODE_ARGS, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const started = performance.now();
  const child = spawn(node?.execPath ?? process.execPath, [...nodeArgs, MAIN], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const readyMs = performance.now() - started;
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (login.status !== 200) throw new Error(`Login answered ${login.status}: ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  log(
    `server: pid ${child.pid} (node at ${node?.execPath ?? process.execPath}) ready in ${readyMs.toFixed(0)} ms on ${url}`,
  );
  return {
    url,
    pid: child.pid!,
    readyMs,
    token,
    peakRssBytes: () => peakRss(child.pid!),
    cpuMs: () => cpuMs(child.pid!),
    stop: () => stop(child),
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('The server was not ready within 120 s');
}

function startScriptNodeArgs(): string[] {
  const packageJson = fileURLToPath(new URL('../../package.json', import.meta.url)); // dist/bench → package.json
  const start: string = JSON.parse(readFileSync(packageJson, 'utf8')).scripts.start;
  const flags = /\bnode ((?:--\S+ )*)dist\/src\/main\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`The start script does not run node dist/src/main.js: ${start}`);
  return flags.split(' ').filter(Boolean);
}

function peakRss(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ, 100 on every Linux build we run on

function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port')),
      );
    });
  });
}
