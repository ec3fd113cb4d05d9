import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HALF_TERMS, type IsoDate } from '../events/index.js';
import { halfTermOf } from '../src/calendar/academic-calendar.js';
import { dataset } from './datasets.js';
import { figureOf, percentile, type BenchOptions, type BenchSuite, type Figure } from './harness.js';
import { startServer, type RunningServer } from './server.js';
import { ALLIANCE_SIZES, type AllianceSize } from './synthetic-alliance.js';

/**
 * Issue 7, reads at the largest size: the real server restarted on a store of 1M events (100k with
 * --quick) whose views are already stored, timed from spawn to its first healthy answer; then one client
 * asking, one request at a time, for half-termly reports (the whole network's, and the largest local
 * authority's, as a hub's core team reads it), school timelines, the matches of open requests and the
 * brokerage queue, and the list pages (schools, deployments and SLEs searched, sorted and paged), each kind in its
 * own block alternating with the authenticated no-op route, the baseline. A report stands until an event changes what it reads, so each is also timed with a contact logged (untimed)
 * before each read on a deployment it covers. The client takes a browser's encodings; last, the whole network's
 * report is read by one that takes none. Start-up time and peak memory (VmHWM) are set beside the same server on an empty store.
 */
export const readsBench: BenchSuite = {
  name: 'reads',
  description:
    'Half-termly report, school timeline, matches and the brokerage queue over HTTP, one request at a time, against GET /api/auth/me; start-up to ready and peak memory against an empty store',
  async run({ quick, log }: BenchOptions) {
    const size: AllianceSize = quick ? '100k' : '1M';
    const each = quick ? 60 : 500;
    const data = await dataset(size, log);

    const empty = await emptyServerFigures(log);
    await (await startServer(data.dataDir, log)).stop(); // the first start creates the admin
    const server = await startServer(data.dataDir, log);
    const peakAtReady = server.peakRssBytes() ?? NaN;
    try {
      const halfTerms = recentHalfTerms(ALLIANCE_SIZES[size].today, 6);
      const urns = data.schoolUrns;
      const requests = data.openRequests;
      const localAuthority = data.localAuthorities[0];
      // The whole network's report last: working out each half term's leaves tens of megabytes of garbage,
      // collected during whatever is read next, and each figure here is meant to be that read's own.
      const paths: Record<string, (i: number) => string> = {
        'school timeline': (i) => `/api/schools/${urns[(i * 7919) % urns.length]}/timeline`,
        matches: (i) => `/api/support-requests/${requests[i % requests.length]}/matches`,
        // What a hub's core team reads in a national network: its own local authority's report (the largest one's).
        'half-termly report, one local authority': (i) =>
          `/api/reports/half-termly/${halfTerms[i % halfTerms.length]}?localAuthority=${encodeURIComponent(localAuthority)}`,
        // Not among the issue's reads, but the facilitator's daily page, and it grows with every open request.
        'brokerage queue': () => '/api/brokerage/queue',
        // Nor these: what a supported school's page lists, and the core team's needs analysis each half term.
        "a school's deployments": (i) => `/api/deployments?schoolUrn=${urns[(i * 7919) % urns.length]}`,
        'needs analysis': () => '/api/reports/needs',
        // The list pages (issue 27.4), a page at a time: every school, one searched for by its name, a page deep in
        // the schools, sorted by local authority, and the deployments and SLEs lists as a facilitator opens them.
        'schools list, first page': () => '/api/schools?page=1',
        'schools list, searched by name': (i) =>
          `/api/schools?q=${encodeURIComponent(`School ${1 + ((i * 7919) % urns.length)}`)}`,
        'schools list, page 400 by local authority': () => '/api/schools?sort=localAuthority&page=400',
        'deployments list, first page': () => '/api/deployments?page=1',
        'deployments list, searched': (i) =>
          `/api/deployments?q=${encodeURIComponent(`School ${1 + ((i * 7919) % urns.length)}`)}`,
        'deployments list by school name': () => '/api/deployments?sort=school&page=3',
        'SLEs list, first page': () => '/api/sles?page=1',
        'half-termly report': (i) => `/api/reports/half-termly/${halfTerms[i % halfTerms.length]}`,
      };
      const names = Object.keys(paths);
      const times: Record<string, number[]> = Object.fromEntries([...names, 'no-op route'].map((n) => [n, []]));
      const timed = async (name: string, path: string, encodings: string) => {
        const started = performance.now();
        await get(server, path, encodings);
        (times[name] ??= []).push(performance.now() - started);
      };
      // Each kind in its own block, after a warm-up (the JIT, and its first requests), alternating with the no-op route.
      const timeBlock = async (name: string, path: (i: number) => string, encodings = BROWSER_ENCODINGS) => {
        for (let i = 0; i < 20; i++) await get(server, path(i), encodings);
        for (let i = 0; i < each; i++) {
          await timed('no-op route', '/api/auth/me', BROWSER_ENCODINGS);
          await timed(name, path(i), encodings);
        }
      };
      let peakBeforeWholeReport = NaN;
      for (const name of names) {
        if (name === 'half-termly report') peakBeforeWholeReport = server.peakRssBytes() ?? NaN;
        await timeBlock(name, paths[name]);
      }
      // A report is kept until an event changes what it reads: time both again with a contact logged before each
      // read on a deployment it covers (for the local authority's, one at its own schools; another hub's would leave it standing).
      const deployedIn: Record<string, string[]> = {
        'half-termly report, one local authority': data.deployedInLargestLocalAuthority,
        'half-termly report': data.deploymentsByStatus.deployed ?? [],
      };
      for (const report of ['half-termly report, one local authority', 'half-termly report']) {
        const afterChange: number[] = [];
        const deployed = deployedIn[report];
        if (!deployed.length) throw new Error(`No deployment under way for the ${report}`);
        // After a warm-up of its own, as every other kind has: the first reads after events work out again what
        // no read has yet (12-50 ms each over the first ten, measured), and would be a hundred samples' p99.
        const timedFrom = 20;
        for (let i = 0; i < timedFrom + Math.max(20, each / 5); i++) {
          await post(server, `/api/deployments/${deployed[i % deployed.length]}/contacts`, {
            on: ALLIANCE_SIZES[size].today,
            channel: 'email',
            daysUsed: 0,
            status: 'on-track',
            note: 'Checked in by email',
          });
          const started = performance.now();
          await get(server, paths[report](i));
          if (i >= timedFrom) afterChange.push(performance.now() - started);
        }
        times[`${report}, after an event`] = afterChange;
        names.push(`${report}, after an event`);
      }
      const peak = server.peakRssBytes() ?? NaN;
      // Last, after the peak above: a client that takes no compression (curl without --compressed, some
      // scripts) is answered the whole network's report inflated, eleven megabytes a read at 1M events.
      const plain = 'half-termly report, to a client without deflate';
      await timeBlock(plain, paths['half-termly report'], 'identity');
      names.push(plain);
      const peakWithPlain = server.peakRssBytes() ?? NaN;
      const at = `at ${size} events`;
      const base = times['no-op route'];
      const figures: Figure[] = [];
      for (const name of names) {
        for (const p of [50, 99]) {
          const value = percentile(times[name], p);
          const baseline = percentile(base, p);
          figures.push(figureOf(`${name} ${at} p${p}`, value, 'ms', `no-op route p${p}`, baseline));
        }
      }
      figures.push(
        figureOf(`server ready ${at}`, server.readyMs, 'ms', 'ready on an empty store', empty.readyMs),
        figureOf(
          `server peak memory ${at}, at ready`,
          peakAtReady / 2 ** 20,
          'MiB',
          'peak on an empty store',
          empty.peakMiB,
        ),
        figureOf(
          `server peak memory ${at}, after every read but the whole network's report`,
          peakBeforeWholeReport / 2 ** 20,
          'MiB',
          'peak on an empty store',
          empty.peakMiB,
        ),
        figureOf(
          `server peak memory ${at}, after the reads`,
          peak / 2 ** 20,
          'MiB',
          'peak on an empty store',
          empty.peakMiB,
        ),
        figureOf(
          `server peak memory ${at}, after the reads without deflate too`,
          peakWithPlain / 2 ** 20,
          'MiB',
          'peak on an empty store',
          empty.peakMiB,
        ),
      );
      return {
        figures,
        context: {
          size,
          events: data.events,
          requestsEach: each,
          halfTerms,
          localAuthority,
          emptyStore: empty,
          setup: data.setup,
        },
      };
    } finally {
      await server.stop();
    }
  },
};

/**
 * One GET, timed to its last byte as autocannon times the HTTP suite's: the body is read and its length checked
 * against Content-Length, not decoded. Decoding the whole network's eleven megabytes into a string is the
 * client's own work (about 7 ms of this client's 11 ms at p50 when measured), not the server's answer. It takes
 * the encodings a browser takes, as the core team's browsers and fetch do: the kept reports answer deflated.
 */
function get(server: RunningServer, path: string, encodings = BROWSER_ENCODINGS): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${server.url}${path}`,
      { headers: { authorization: `Bearer ${server.token}`, 'accept-encoding': encodings }, agent: KEEP_ALIVE },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (res.statusCode !== 200) chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200)
            reject(
              new Error(`GET ${path} answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`),
            );
          else if (res.headers['content-length'] && Number(res.headers['content-length']) !== bytes)
            reject(new Error(`GET ${path} gave ${bytes} bytes of ${res.headers['content-length']}`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
  });
}

const KEEP_ALIVE = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

async function post(server: RunningServer, path: string, body: object): Promise<void> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
}

/** The same server on an empty store: restarted once the first start has created the admin. */
async function emptyServerFigures(log: (message: string) => void): Promise<{ readyMs: number; peakMiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sle-bench-empty-'));
  try {
    await (await startServer(dir, log)).stop();
    const server = await startServer(dir, log);
    for (let i = 0; i < 50; i++) await get(server, '/api/auth/me');
    const peakMiB = (server.peakRssBytes() ?? NaN) / 2 ** 20;
    await server.stop();
    return { readyMs: server.readyMs, peakMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` half terms, newest first, from the one `today` falls in, as `year/halfTerm`. */
function recentHalfTerms(today: IsoDate, count: number): string[] {
  const current = halfTermOf(today);
  if (!current) throw new Error(`${today} is in no half term`);
  const out: string[] = [];
  let year = Number(current.academicYear.slice(0, 4));
  let index = HALF_TERMS.indexOf(current.halfTerm);
  while (out.length < count) {
    out.push(`${year}-${String((year + 1) % 100).padStart(2, '0')}/${HALF_TERMS[index]}`);
    if (--index < 0) {
      index = HALF_TERMS.length - 1;
      year--;
    }
  }
  return out;
}
