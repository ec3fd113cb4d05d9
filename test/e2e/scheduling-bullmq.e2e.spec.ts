import { randomUUID } from 'node:crypto';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { PrivateRedis } from '../support/private-redis.js';
import { SmtpSink } from '../support/smtp-sink.js';

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
};

/**
 * The same reminders on BullMQ with a real Redis: the scheduled scan fires, each email is sent once, and
 * a Redis that is killed and comes back empty loses no notification and doubles none.
 */
describe('Scheduled work on BullMQ', () => {
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let harness: AppHarness;
  let admin: string;
  let sleToken: string;

  beforeAll(async () => {
    redis = new PrivateRedis();
    await redis.start();
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    harness = await AppHarness.start('2025-09-08', {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `test-${randomUUID()}`,
      SMTP_URL: smtpUrl,
      JOBS_SCAN_EVERY_SECONDS: '1',
      JOBS_RETRY_BACKOFF_MS: '50',
    });
    admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    await harness.userWith('facilitator');
    sleToken = await harness.userWith('sle', { sleId });
    const post = (path: string, body: object) =>
      harness.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    const id = (await post('/api/support-requests', fixtures.request('100001', { requestedOn: '2025-09-01' }))).body
      .deploymentId;
    harness.clock.set('2025-09-22T12:00:00Z');
    await post(
      `/api/deployments/${id}/brokerage-meeting`,
      fixtures.meeting(sleId, { heldOn: '2025-09-15', startDate: '2025-09-22', endDate: '2026-03-27' }),
    );
    await post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' });
    await post(`/api/deployments/${id}/contacts`, fixtures.contact({ on: '2025-09-22' }));
  }, 30_000);

  afterAll(async () => {
    await harness?.stop();
    await smtp.stop();
    await redis.kill();
  });

  it('keeps taking commands while Redis is down, then raises the reminder once and emails each person once', async () => {
    await redis.kill();
    harness.clock.set('2025-10-20T12:00:00Z'); // 28 days without contact
    const during = await harness.http
      .post('/api/support-requests')
      .auth(admin, { type: 'bearer' })
      .send(fixtures.request('100001', { requestedOn: '2025-10-20' }));
    expect(during.status).toBe(201);
    expect(smtp.received).toEqual([]);

    await redis.start(); // back, and empty
    await waitFor(() => smtp.received.length >= 2);
    await new Promise((r) => setTimeout(r, 3_000)); // several more scans
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(2);
    const mine = await harness.http.get('/api/notifications').auth(sleToken, { type: 'bearer' }).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ kind: 'contact-overdue', emailedAt: expect.any(String) })]);
  }, 40_000);
});
