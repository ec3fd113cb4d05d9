import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { buildForChild, childEnv, repoRoot, type ChildBuild } from '../support/child-process-build.js';
import { PrivateRedis } from '../support/private-redis.js';
import { SmtpSink } from '../support/smtp-sink.js';

/** Every source the worker process needs (`npm run worker`), transpiled for a child we can SIGKILL. */
function appSources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir)).flatMap((name) => {
    const path = join(repoRoot, dir, name);
    if (statSync(path).isDirectory()) return appSources(relative(repoRoot, path));
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')
      ? [relative(repoRoot, path)]
      : [];
  });
}

const waitFor = async (check: () => boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * A worker is killed with SIGKILL while its emails are on the wire; another worker picks the stalled jobs
 * up, and each person still gets exactly one email. Workers run on the system clock, so the deployment is
 * dated to be overdue a contact today.
 */
describe('A job worker killed mid-email', () => {
  let build: ChildBuild;
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let harness: AppHarness;
  const workers: ChildProcess[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    build = await buildForChild([...appSources('src'), ...appSources('events'), ...appSources('projections')]);
    redis = new PrivateRedis();
    await redis.start();
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    const today = new Date();
    const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const shared = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `test-${randomUUID()}`,
      SMTP_URL: smtpUrl,
      JOBS_SCAN_EVERY_SECONDS: '1',
      JOBS_LOCK_SECONDS: '2',
      JOBS_RETRY_BACKOFF_MS: '50',
    };
    harness = await AppHarness.start(daysAgo(60), { ...shared, RUN_JOBS: 'false' });
    env = { ...childEnv(), ...shared, DATA_DIR: harness.config.dataDir, LOG_LEVEL: 'error' };

    const admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    await harness.userWith('facilitator');
    await harness.userWith('sle', { sleId });
    const post = (path: string, body: object) =>
      harness.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    const id = (await post('/api/support-requests', fixtures.request('100001', { requestedOn: daysAgo(70) }))).body
      .deploymentId;
    await post(
      `/api/deployments/${id}/brokerage-meeting`,
      fixtures.meeting(sleId, { heldOn: daysAgo(65), startDate: daysAgo(60), endDate: daysAgo(-120) }),
    );
    await post(`/api/deployments/${id}/deploy`, { startedOn: daysAgo(60) });
    await post(`/api/deployments/${id}/contacts`, fixtures.contact({ on: daysAgo(60) }));
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await harness?.stop();
    await smtp?.stop();
    await redis?.kill();
    build?.remove();
  });

  const startWorker = () => {
    const worker = spawn(process.execPath, [build.script('src/worker.ts')], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    workers.push(worker);
    return worker;
  };

  it('retries the stalled email in another worker without a second copy', async () => {
    smtp.delayMs = 5_000; // the server holds each message before answering
    let arrived = false;
    smtp.onDataArrived = () => (arrived = true);
    const first = startWorker();
    await waitFor(() => arrived);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(smtp.received).toEqual([]);

    smtp.delayMs = 0;
    startWorker();
    await waitFor(() => smtp.received.length >= 2, 30_000);
    await new Promise((r) => setTimeout(r, 4_000)); // more scans, more stalled checks
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(2);
    expect(new Set(smtp.received.flatMap((m) => m.to)).size).toBe(2);
  }, 60_000);
});
