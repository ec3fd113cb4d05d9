import autocannon from 'autocannon';
import type { FoldLagSummary } from '../src/read-models/fold-lag.js';
import { dataset, type Dataset } from './datasets.js';
import { figureOf, percentile, type BenchOptions, type BenchSuite, type Figure } from './harness.js';
import { startServer, type RunningServer } from './server.js';
import { ALLIANCE_SIZES, type AllianceSize } from './synthetic-alliance.js';

/**
 * Issue 7, commands over HTTP: the real server in its own process on a store already holding 10k, 100k
 * (and, in the full run, 1M) events, loaded by autocannon from this process with 64 connections on
 * loopback. The commands alternate between the commonest in the domain, logging a contact on a deployment
 * (the next of the same 200 deployments at every size, so no two requests in flight share a stream and
 * every size sees the same stream lengths), and a school's request for support (a new stream). Each
 * handler catches the views up, checks what it needs in them, reads the stream, decides and appends. The
 * baseline is the same server's authenticated no-op route (GET /api/auth/me: the token is checked, nothing
 * is read) under the same load, in rounds alternating with the commands' so that both meet the machine in
 * the same moods; percentiles are over every response counted.
 *
 * Catch-up lag: the server times each event from its recording to its folding into the views in memory, over
 * the last 8,192 events (GET /api/health, views.lag); read after each round of commands, the figure is the
 * last round's.
 */
export const CONNECTIONS = 64;
const POOL = 200;
/** Each figure's requests are sent in this many rounds, alternating with the baseline's. */
export const ROUNDS = 3;

export const httpBench: BenchSuite = {
  name: 'http',
  description: `POST /api/deployments/:id/contacts and POST /api/support-requests, alternately, with ${CONNECTIONS} autocannon connections on loopback, against GET /api/auth/me on the same server, at each store size; views catch-up lag under that load`,
  async run({ quick, log }: BenchOptions) {
    const sizes: AllianceSize[] = quick ? ['10k', '100k'] : ['10k', '100k', '1M'];
    const amount = quick ? 3_000 : 30_000;
    const figures: Figure[] = [];
    const context: Record<string, unknown> = {
      connections: CONNECTIONS,
      requestsPerFigure: amount,
      rounds: ROUNDS,
      deploymentPool: POOL,
      sizes: {},
    };
    const bySize: Record<string, { commandsPerSecond: number; p99: number }> = {};
    for (const size of sizes) {
      const data = await dataset(size, log);
      // The first start creates the admin; the measured server is a plain restart.
      await (await startServer(data.dataDir, log)).stop();
      const server = await startServer(data.dataDir, log);
      try {
        // Warm-up: a fresh server answers about a third slower over its first ten thousand requests or so (JIT).
        const warmup = quick ? 2 : 8;
        await load(server, noop(server), { duration: warmup });
        await load(server, commands(server, data), { duration: warmup });
        // In rounds, no-op then commands, so that a slower spell of this shared machine weighs on both alike.
        const noopRounds: LoadResult[] = [];
        const commandRounds: LoadResult[] = [];
        const lags: FoldLagSummary[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          noopRounds.push(await load(server, noop(server), { amount: amount / ROUNDS }));
          commandRounds.push(await load(server, commands(server, data), { amount: amount / ROUNDS }));
          lags.push(await foldLag(server));
        }
        const [baseline, measured] = [combined(noopRounds), combined(commandRounds)];
        const lag = lags[lags.length - 1];
        if (measured.failed > 0)
          log(
            `http ${size}: ${measured.failed} of ${measured.requests} commands did not answer 201 (${JSON.stringify(measured.statuses)})`,
          );
        const at = `at ${size} events`;
        figures.push(
          figureOf(
            `commands ${at} throughput`,
            measured.perSecond,
            'commands/s',
            'no-op route throughput',
            baseline.perSecond,
          ),
          figureOf(`commands ${at} p50`, measured.p50, 'ms', 'no-op route p50', baseline.p50),
          figureOf(`commands ${at} p99`, measured.p99, 'ms', 'no-op route p99', baseline.p99),
          figureOf(
            `commands ${at} server CPU`,
            measured.serverCpuMsPerRequest,
            'ms/command',
            'no-op route',
            baseline.serverCpuMsPerRequest,
          ),
          figureOf(`views catch-up lag ${at} p50`, lag.p50Ms ?? NaN, 'ms', 'command p50', measured.p50),
          figureOf(`views catch-up lag ${at} p99`, lag.p99Ms ?? NaN, 'ms', 'command p99', measured.p99),
        );
        bySize[size] = { commandsPerSecond: measured.perSecond, p99: measured.p99 };
        const rounds = (results: LoadResult[]) => results.map(({ latencies: _l, ...r }) => r);
        (context.sizes as Record<string, unknown>)[size] = {
          events: data.events,
          noop: rounds(noopRounds),
          commands: rounds(commandRounds),
          lag: lags,
          setup: data.setup,
          serverReadyMs: Math.round(server.readyMs),
        };
      } finally {
        await server.stop();
      }
    }
    // Flat from the smallest store to the largest: the largest size's figure against the smallest's.
    const [first, last] = [sizes[0], sizes[sizes.length - 1]];
    figures.push(
      figureOf(
        `commands at ${last} events throughput`,
        bySize[last].commandsPerSecond,
        'commands/s',
        `commands at ${first} events`,
        bySize[first].commandsPerSecond,
      ),
      figureOf(
        `commands at ${last} events p99`,
        bySize[last].p99,
        'ms',
        `commands at ${first} events`,
        bySize[first].p99,
      ),
    );
    return { figures, context };
  },
};

type Request = autocannon.Request;

export function noop(server: RunningServer): Request[] {
  return [{ method: 'GET', path: '/api/auth/me', headers: { authorization: `Bearer ${server.token}` } }];
}

export function commands(server: RunningServer, data: Dataset): Request[] {
  const pool = (data.deploymentsByStatus.deployed ?? []).slice(0, POOL);
  if (pool.length < POOL) throw new Error(`The ${data.size} dataset has only ${pool.length} deployed deployments`);
  const schools = data.schoolUrns;
  let contact = 0;
  let request = 0;
  const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  // Dated the synthetic alliance's "today": after every deployment in the pool started, and not in the future.
  const on = ALLIANCE_SIZES[data.size].today;
  const contactBody = JSON.stringify({
    on,
    channel: 'email',
    daysUsed: 0,
    status: 'on-track',
    note: 'Checked in by email on the action plan',
  });
  return [
    {
      method: 'POST',
      headers,
      body: contactBody,
      setupRequest: (req) => ({ ...req, path: `/api/deployments/${pool[contact++ % pool.length]}/contacts` }),
    },
    {
      method: 'POST',
      path: '/api/support-requests',
      headers,
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({
          schoolUrn: schools[(request++ * 7919) % schools.length],
          specialism: 'maths-primary',
          areaOfNeed: 'Reasoning in KS2 maths',
          source: 'self-referral',
          requestedOn: on,
        }),
      }),
    },
  ];
}

export interface LoadResult {
  requests: number;
  failed: number;
  statuses: Record<string, number>;
  perSecond: number;
  p50: number;
  p99: number;
  seconds: number;
  /** The server's CPU time per answered request: steadier than throughput on a shared machine. */
  serverCpuMsPerRequest: number;
  /** Every response's time, in ms. */
  latencies: number[];
}

/** Rounds as one: throughput over their summed time, percentiles over every response. */
export function combined(rounds: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number) => rounds.reduce((total, r) => total + f(r), 0);
  const statuses: Record<string, number> = {};
  for (const r of rounds)
    for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const latencies = rounds.flatMap((r) => r.latencies);
  const seconds = sum((r) => r.seconds);
  const requests = sum((r) => r.requests);
  return {
    requests,
    failed: sum((r) => r.failed),
    statuses,
    perSecond: sum((r) => r.perSecond * r.seconds) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
    serverCpuMsPerRequest: sum((r) => r.serverCpuMsPerRequest * r.requests) / requests,
    latencies,
  };
}

export async function load(
  server: RunningServer,
  requests: Request[],
  until: { amount: number } | { duration: number },
): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  // Each run opens its connections afresh, and a busy server accepts some of them late: a connection's first
  // answer times its own opening. Until every connection has answered once, nothing is counted; the times,
  // the rate and the CPU start there.
  const opened = new Set<unknown>();
  let cpuBefore = NaN;
  let started = NaN;
  let lastResponse = NaN;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: server.url, connections: CONNECTIONS, ...until, requests, timeout: 30 },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      lastResponse = performance.now();
      if (opened.size < CONNECTIONS) {
        opened.add(client);
        if (opened.size === CONNECTIONS) [started, cpuBefore] = [lastResponse, server.cpuMs() ?? NaN];
        return;
      }
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode < 300) ok++;
      latencies.push(responseTime);
    });
  });
  // To the last response: autocannon counts its duration, and even calls back, on ticks of a one-second timer.
  const seconds = (lastResponse - started) / 1000;
  return {
    requests: latencies.length,
    failed: latencies.length - ok + result.errors + result.timeouts,
    statuses,
    perSecond: ok / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
    serverCpuMsPerRequest: ((server.cpuMs() ?? NaN) - cpuBefore) / latencies.length,
    latencies,
  };
}

/** What the server says of its views' lag (GET /api/health, views.lag). */
async function foldLag(server: RunningServer): Promise<FoldLagSummary> {
  const res = await fetch(`${server.url}/api/health`);
  const body = (await res.json()) as { details?: { views?: { lag?: FoldLagSummary } } };
  const lag = body.details?.views?.lag;
  if (!lag)
    throw new Error(`GET /api/health answered ${res.status} without views.lag: ${JSON.stringify(body).slice(0, 300)}`);
  return lag;
}
