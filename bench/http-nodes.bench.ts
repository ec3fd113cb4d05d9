import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataset } from './datasets.js';
import { figureOf, type BenchOptions, type BenchSuite, type Figure } from './harness.js';
import { combined, commands, CONNECTIONS, load, noop, ROUNDS, type LoadResult } from './http.bench.js';
import { startServer, type RunningServer, type ServerNode } from './server.js';
import type { AllianceSize } from './synthetic-alliance.js';

/**
 * Issue 29: the http suite's commands and no-op route on another Node (BENCH_OTHER_NODE, e.g. Node 24 LTS,
 * with BENCH_OTHER_BINDING, its better-sqlite3 addon) against the Node running the benchmarks, in one run.
 * Both servers run at once, each on its own copy of the same store, and the rounds alternate between them
 * (no-op then commands on one, then on the other), so that a slower spell of this shared machine weighs on
 * both alike. `npm run bench:nodes` sets both variables for Node 24 (.ci/node24.sh).
 */
export const httpNodesBench: BenchSuite = {
  name: 'http-nodes',
  description: `the http suite's commands and no-op route (${CONNECTIONS} connections) on BENCH_OTHER_NODE against this Node, alternating rounds, at each store size`,
  async run({ quick, log }: BenchOptions) {
    const other = otherNode();
    const sizes: AllianceSize[] = quick ? ['10k', '100k'] : ['10k', '100k', '1M'];
    const amount = quick ? 3_000 : 30_000;
    const figures: Figure[] = [];
    const context: Record<string, unknown> = { thisNode: process.version, otherNode: other.execPath, sizes: {} };
    for (const size of sizes) {
      const data = await dataset(size, log);
      await (await startServer(data.dataDir, log)).stop(); // creates the admin, so that the copy has it too
      const copy = mkdtempSync(join(tmpdir(), 'sle-bench-nodes-'));
      cpSync(data.dataDir, copy, { recursive: true });
      const servers: RunningServer[] = [];
      try {
        servers.push(await startServer(data.dataDir, log), await startServer(copy, log, other));
        const versions = [process.version, execFileSync(other.execPath, ['-v'], { encoding: 'utf8' }).trim()];
        const warmup = quick ? 2 : 8;
        for (const server of servers) {
          await load(server, noop(server), { duration: warmup });
          await load(server, commands(server, data), { duration: warmup });
        }
        const rounds = servers.map(() => ({ noop: [] as LoadResult[], commands: [] as LoadResult[] }));
        for (let round = 0; round < ROUNDS; round++) {
          for (const [i, server] of servers.entries()) {
            rounds[i].noop.push(await load(server, noop(server), { amount: amount / ROUNDS }));
            rounds[i].commands.push(await load(server, commands(server, data), { amount: amount / ROUNDS }));
          }
        }
        const [mine, theirs] = rounds.map((r) => ({ noop: combined(r.noop), commands: combined(r.commands) }));
        for (const [what, label] of [
          ['commands', 'commands'],
          ['noop', 'no-op route'],
        ] as const) {
          const [a, b] = [mine[what], theirs[what]];
          const at = `at ${size} events`;
          const [vThis, vOther] = versions;
          figures.push(
            figureOf(`${label} ${at} on ${vOther} throughput`, b.perSecond, 'req/s', `on ${vThis}`, a.perSecond),
            figureOf(`${label} ${at} on ${vOther} p50`, b.p50, 'ms', `on ${vThis}`, a.p50),
            figureOf(`${label} ${at} on ${vOther} p99`, b.p99, 'ms', `on ${vThis}`, a.p99),
            figureOf(
              `${label} ${at} on ${vOther} server CPU`,
              b.serverCpuMsPerRequest,
              'ms/req',
              `on ${vThis}`,
              a.serverCpuMsPerRequest,
            ),
          );
          const failed = a.failed + b.failed;
          if (failed) log(`http-nodes ${size}: ${failed} ${label} requests did not succeed`);
        }
        (context.sizes as Record<string, unknown>)[size] = {
          versions,
          readyMs: servers.map((s) => Math.round(s.readyMs)),
          peakRssBytes: servers.map((s) => s.peakRssBytes()),
        };
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
        rmSync(copy, { recursive: true, force: true });
      }
    }
    return { figures, context };
  },
};

function otherNode(): ServerNode {
  const execPath = process.env.BENCH_OTHER_NODE;
  const sqliteBinding = process.env.BENCH_OTHER_BINDING;
  if (!execPath || !sqliteBinding)
    throw new Error('Set BENCH_OTHER_NODE and BENCH_OTHER_BINDING (npm run bench:nodes does, for Node 24)');
  return { execPath, sqliteBinding };
}
