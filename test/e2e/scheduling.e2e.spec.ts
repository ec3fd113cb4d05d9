import { publishedReportStream } from '../../events/index.js';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { ReadModels } from '../../src/read-models/read-models.js';
import { InProcessJobQueue } from '../../src/scheduling/in-process-job-queue.js';
import { JobQueue } from '../../src/scheduling/job-queue.js';
import { ReminderService } from '../../src/scheduling/reminder.service.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { SmtpSink } from '../support/smtp-sink.js';

/** Reminders, notifications and emails in the in-process mode (no Redis), with time in the test's hands. */
describe('Scheduled work without Redis', () => {
  let harness: AppHarness;
  let smtp: SmtpSink;
  let admin: string;
  let tokens: { facilitator: string; sle: string; school: string };
  let deploymentId: string;

  const jobs = () => harness.app.get(JobQueue) as InProcessJobQueue;
  /** Moves the clock to a day, runs a scan as the timer would, and waits for the emails it queued. */
  const scanOn = async (day: string) => {
    harness.clock.set(`${day}T07:00:00Z`);
    await jobs().scanNow();
    await jobs().idle();
  };
  const notifications = async (token: string) =>
    (await harness.http.get('/api/notifications').auth(token, { type: 'bearer' }).expect(200)).body;

  beforeAll(async () => {
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    harness = await AppHarness.start('2025-09-08', {
      SMTP_URL: smtpUrl,
      JOBS_SCAN_EVERY_SECONDS: '3600',
      JOBS_RETRY_BACKOFF_MS: '5',
    });
    admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    tokens = {
      facilitator: await harness.userWith('facilitator'),
      sle: await harness.userWith('sle', { sleId }),
      school: await harness.userWith('school', { schoolUrn: '100001' }),
    };
    const post = (path: string, body: object) =>
      harness.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    deploymentId = (await post('/api/support-requests', fixtures.request('100001', { requestedOn: '2025-09-01' }))).body
      .deploymentId;
    harness.clock.set('2025-09-22T12:00:00Z');
    await post(
      `/api/deployments/${deploymentId}/brokerage-meeting`,
      fixtures.meeting(sleId, { heldOn: '2025-09-15', startDate: '2025-09-22', endDate: '2025-12-12' }),
    );
    await post(`/api/deployments/${deploymentId}/deploy`, { startedOn: '2025-09-22' });
    harness.clock.set('2025-10-01T12:00:00Z');
    await post(`/api/deployments/${deploymentId}/contacts`, fixtures.contact({ on: '2025-10-01' }));
  });
  afterAll(async () => {
    await harness.stop();
    await smtp.stop();
  });

  it('reminds the facilitator and the SLE once when contact is overdue, and emails each once', async () => {
    await scanOn('2025-10-22');
    expect(await notifications(tokens.sle)).toEqual([]);

    await scanOn('2025-10-23');
    await scanOn('2025-10-23');
    await scanOn('2025-10-24');
    const [forSle] = await notifications(tokens.sle);
    expect(forSle).toMatchObject({
      kind: 'contact-overdue',
      deploymentId,
      schoolUrn: '100001',
      schoolName: 'School 100001',
      raisedOn: '2025-10-23',
      readAt: null,
      emailedAt: expect.any(String),
    });
    expect(await notifications(tokens.facilitator)).toHaveLength(1);
    expect(await notifications(tokens.school)).toEqual([]);
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(2);
    expect(smtp.received[0].subject).toBe('Contact overdue: maths primary support at School 100001');
  });

  it('marks a notification read for its owner only', async () => {
    const [mine] = await notifications(tokens.sle);
    await harness.http
      .post(`/api/notifications/${mine.id}/read`)
      .auth(tokens.facilitator, { type: 'bearer' })
      .expect(404);
    await harness.http.post(`/api/notifications/${mine.id}/read`).auth(tokens.sle, { type: 'bearer' }).expect(200);
    await harness.http.post(`/api/notifications/${mine.id}/read`).auth(tokens.sle, { type: 'bearer' }).expect(200);
    const [after] = await notifications(tokens.sle);
    expect(after.readAt).toEqual(expect.any(String));
    expect((await notifications(tokens.facilitator))[0].readAt).toBeNull();
  });

  it('freezes the report of a half term that has ended, once', async () => {
    await scanOn('2025-11-03');
    await scanOn('2025-11-04');
    const published = await harness.app.get(EventStore).readStream(publishedReportStream('2025-26', 'autumn-1'));
    expect(published.map((e) => e.type)).toEqual(['HalfTermReportPublished']);
    expect(
      (published[0].data as unknown as { report: { summary: { deploymentsActive: number } } }).report.summary
        .deploymentsActive,
    ).toBe(1);
  });

  it('tells the school too when the evaluation is due, and keeps a refused email in the failed list after its retries', async () => {
    const schoolAddress = [...harness.app.get(ReadModels).users.values()].find((u) => u.role === 'school')!.email;
    smtp.refuse.add(schoolAddress);
    harness.clock.set('2025-11-25T12:00:00Z');
    await harness.http
      .post(`/api/deployments/${deploymentId}/contacts`)
      .auth(admin, { type: 'bearer' })
      .send(fixtures.contact({ on: '2025-11-25', daysUsed: 0 }))
      .expect(201);
    const before = smtp.received.length;

    await scanOn('2025-11-28'); // the agreed end date, 12 December, is 14 days away
    expect(await notifications(tokens.school)).toEqual([
      expect.objectContaining({ kind: 'evaluation-due', emailedAt: null }),
    ]);
    expect(smtp.received.slice(before).map((m) => m.subject)).toEqual([
      'Evaluation due: maths primary support at School 100001',
      'Evaluation due: maths primary support at School 100001',
    ]);
    const failed = await harness.http.get('/api/jobs/failed').auth(tokens.facilitator, { type: 'bearer' }).expect(200);
    expect(failed.body).toEqual([
      expect.objectContaining({
        name: 'send-email',
        attempts: 5,
        failedReason: expect.stringMatching(/Mailbox unavailable/),
      }),
    ]);
    await harness.http.get('/api/jobs/failed').auth(tokens.school, { type: 'bearer' }).expect(403);
  });

  it('lists the same notifications after a restart, and finds each again to mark it read or email it', async () => {
    const before = {
      facilitator: await notifications(tokens.facilitator),
      sle: await notifications(tokens.sle),
      school: await notifications(tokens.school),
    };
    expect(before.sle.length).toBeGreaterThan(0);
    await harness.restart();
    expect(await notifications(tokens.facilitator)).toEqual(before.facilitator);
    expect(await notifications(tokens.sle)).toEqual(before.sle);
    expect(await notifications(tokens.school)).toEqual(before.school);
    const unread = before.facilitator.find((n: { readAt: string | null }) => !n.readAt);
    await harness.http.post(`/api/notifications/${unread.id}/read`).auth(tokens.sle, { type: 'bearer' }).expect(404);
    await harness.http
      .post(`/api/notifications/${unread.id}/read`)
      .auth(tokens.facilitator, { type: 'bearer' })
      .expect(200);
    expect((await notifications(tokens.facilitator)).find((n: { id: string }) => n.id === unread.id).readAt).toEqual(
      expect.any(String),
    );
    // An email already sent is found, and not sent again.
    const sent = before.facilitator.find((n: { emailedAt: string | null }) => n.emailedAt);
    await expect(harness.app.get(ReminderService).sendEmail(sent.id)).resolves.toBe('already-sent');
  });
});
