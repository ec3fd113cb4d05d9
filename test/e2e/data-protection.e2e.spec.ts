import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED } from '../../events/index.js';
import { openEventStore } from '../../src/event-store/event-store.module.js';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { ReadModels, viewRunner } from '../../src/read-models/read-models.js';
import { SqliteReadModelStore } from '../../src/read-models/sqlite-read-model-store.js';
import { InProcessJobQueue } from '../../src/scheduling/in-process-job-queue.js';
import { JobQueue } from '../../src/scheduling/job-queue.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { AppHarness } from '../support/app-harness.js';
import { SmtpSink } from '../support/smtp-sink.js';

const SLE = { name: 'Sam Patel', email: 'sam.patel@school.test' };
/** Everything personal of the SLE that must be gone: name, email and the notes of their deployments. */
const NOTES = ['Observed Y6 lessons; planning reviewed', 'Moderated writing with the Y6 team', 'Reasoning now taught'];
const OTHER = { name: 'Priya Shah', email: 'priya.shah@school.test' };

const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

describe('Data protection: erasure and subject access', () => {
  let harness: AppHarness;
  let smtp: SmtpSink;
  let admin: string;
  let facilitator: string;
  let sleId: string;
  let otherSleId: string;
  const deployments: string[] = [];

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });
  const jobs = () => harness.app.get(JobQueue) as InProcessJobQueue;

  /** Every way the data is read: the API's JSON, CSV and HTML answers, and the events as the store gives them. */
  async function everythingRead(): Promise<string> {
    const a = as(admin);
    const texts = await Promise.all([
      a.get('/api/sles').expect(200),
      a.get(`/api/sles/${sleId}`).expect(200),
      a.get('/api/deployments').expect(200),
      ...deployments.map((id) => a.get(`/api/deployments/${id}`).expect(200)),
      a.get('/api/users').expect(200),
      a.get('/api/reports/impact?from=2025-09-01&to=2026-08-31').expect(200),
      a.get('/api/reports/half-termly/2025-26/autumn-2').expect(200),
      a.get('/api/reports/half-termly/2025-26/autumn-2').set('Accept', 'text/csv').expect(200),
      a.get('/api/reports/half-termly/2025-26/autumn-2').set('Accept', 'text/html').expect(200),
      a.get('/api/schools/100001/timeline').expect(200),
      as(facilitator).get('/api/notifications').expect(200),
    ]);
    const events = await harness.app.get(EventStore).readAll();
    return [...texts.map((res) => res.text), json(events)].join('\n');
  }

  beforeAll(async () => {
    smtp = new SmtpSink();
    harness = await AppHarness.start('2025-09-08', { SMTP_URL: await smtp.start(), JOBS_SCAN_EVERY_SECONDS: '3600' });
    admin = await harness.login();
    ({ sleId } = await smallAlliance(harness, admin));
    const a = as(admin);
    otherSleId = (await a.post('/api/sles', fixtures.sle('100001', OTHER)).expect(201)).body.sleId;
    await a.post('/api/users', { ...SLE, password: 'a-long-password-1', role: 'sle', sleId }).expect(201);
    facilitator = await harness.userWith('facilitator');
    // A refusal kept for an Idempotency-Key replay, naming the SLE's address.
    const taken = await a
      .post('/api/sles', fixtures.sle('100001', { name: 'Someone Else', email: SLE.email }))
      .set('Idempotency-Key', 'designate-again')
      .expect(409);
    expect(taken.text).toContain(SLE.email);
    for (const [i, urn] of ['100001', '100002'].entries()) {
      if (urn === '100002') await a.post('/api/schools', fixtures.school('100003')).expect(201);
      const school = urn === '100002' ? '100003' : urn;
      const id = (await a.post('/api/support-requests', fixtures.request(school)).expect(201)).body.deploymentId;
      deployments.push(id);
      harness.clock.set('2025-09-22T12:00:00Z');
      await a.post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
      await a.post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' }).expect(201);
      harness.clock.set('2025-10-06T12:00:00Z');
      await a.post(`/api/deployments/${id}/contacts`, fixtures.contact({ note: NOTES[i] })).expect(201);
    }
    // A reminder for the SLE's account and the facilitator, mailed to both.
    harness.clock.set('2025-11-20T07:00:00Z');
    await jobs().scanNow();
    await jobs().idle();
    harness.clock.set('2025-12-01T12:00:00Z');
    await a.post(`/api/deployments/${deployments[0]}/contacts`, fixtures.contact({ on: '2025-12-01' })).expect(201);
  });
  afterAll(async () => {
    await harness.stop();
    await smtp.stop();
  });

  const evaluate = (id: string) => {
    harness.clock.set('2025-12-12T12:00:00Z');
    return as(admin)
      .post(`/api/deployments/${id}/impact-evaluation`, {
        heldOn: '2025-12-12',
        outcomes: [
          { measure: '% of Y6 working at expected standard in reasoning', actual: 72 },
          { measure: '% of maths lessons judged good or better', actual: 60 },
        ],
        schoolRating: 5,
        summary: NOTES[2],
      })
      .expect(201);
  };

  it('is for admins only, wants a reason, and answers 404 for no one', async () => {
    await as(facilitator).post(`/api/data-subjects/${sleId}/erasure`, { reason: 'x' }).expect(403);
    await as(facilitator).get(`/api/data-subjects/${sleId}/export`).expect(403);
    const before = await harness.headPosition();
    const noReason = await as(admin).post(`/api/data-subjects/${sleId}/erasure`, {}).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    await as(admin).post('/api/data-subjects/nobody@school.test/erasure', { reason: 'asked' }).expect(404);
    await as(admin).get('/api/data-subjects/no-such-id/export').expect(404);
    expect(await harness.headPosition()).toBe(before);
  });

  it('exports every event naming the SLE, their views, notifications and mails, and nothing of anyone else', async () => {
    const res = await as(admin)
      .get(`/api/data-subjects/${encodeURIComponent(SLE.email)}/export`)
      .expect(200);
    const text = JSON.stringify(res.body);
    expect(res.body.person).toEqual({ kind: 'sle', id: sleId });
    const types = res.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['SleDesignated', 'UserRegistered', 'EmailReserved']));
    expect(types.filter((t: string) => t === 'BrokerageMeetingHeld')).toHaveLength(2);
    expect(types.filter((t: string) => t === 'ContactLogged')).toHaveLength(3);
    expect(types).toContain('ReminderRaised');
    for (const mine of [SLE.name, SLE.email, NOTES[0], NOTES[1]]) expect(text).toContain(mine);
    expect(res.body.notifications.length).toBeGreaterThan(0);
    expect(res.body.mails.length).toBe(res.body.notifications.length);
    // The other people on the same deployments and reminders: the headteacher who attended, the facilitator
    // mailed the same reminder, and another SLE.
    // (the facilitator's and the admin's addresses are @alliance.test)
    for (const theirs of ['Jo Head', '@alliance.test', OTHER.name, OTHER.email, otherSleId])
      expect(text).not.toContain(theirs);
  });

  it('refuses to erase an SLE with an active deployment (409) unless forced with a reason', async () => {
    const before = await harness.headPosition();
    const res = await as(admin).post(`/api/data-subjects/${sleId}/erasure`, { reason: 'Asked to be forgotten' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain(deployments[0]);
    // Named apart from the words too, for the web page to offer erasing anyway.
    expect(res.body.activeDeployments).toEqual(deployments);
    expect(await harness.headPosition()).toBe(before);
  });

  it("erases an SLE with evaluated deployments: name, email and notes appear nowhere, the figures don't move", async () => {
    for (const id of deployments) await evaluate(id);
    const impactBefore = (await as(admin).get('/api/reports/impact?from=2025-09-01&to=2026-08-31').expect(200)).text;
    expect(impactBefore).toContain('School 100001');
    const halfTermBefore = (await as(admin).get('/api/reports/half-termly/2025-26/autumn-2').expect(200)).body;
    expect(await everythingRead()).toContain(SLE.name);

    const res = await as(admin)
      .post(`/api/data-subjects/${encodeURIComponent(SLE.email)}/erasure`, { reason: 'Asked to be forgotten' })
      .expect(200);
    expect(res.body).toMatchObject({ person: { kind: 'sle', id: sleId }, forced: false });

    const read = await everythingRead();
    for (const gone of [SLE.name, SLE.email, ...NOTES]) expect(read).not.toContain(gone);
    expect(read).toContain(ERASED);
    // Another SLE is untouched.
    expect(read).toContain(OTHER.name);
    expect((await as(admin).get(`/api/sles/${sleId}`).expect(200)).body).toMatchObject({
      name: ERASED,
      email: ERASED,
    });
    const deployment = (await as(admin).get(`/api/deployments/${deployments[0]}`).expect(200)).body;
    expect(deployment.contacts.map((c: { note: string }) => c.note)).toEqual([ERASED, ERASED]);
    expect(deployment.contacts.map((c: { daysUsed: number }) => c.daysUsed)).toEqual([1, 1]);
    // Every figure byte for byte; only the SLE's name beside each deployment now reads as erased.
    const impactAfter = (await as(admin).get('/api/reports/impact?from=2025-09-01&to=2026-08-31').expect(200)).text;
    expect(impactAfter).not.toContain('Sam Patel');
    expect(impactAfter).toBe(impactBefore.replaceAll('"sleName":"Sam Patel"', `"sleName":"${ERASED}"`));
    const halfTermAfter = (await as(admin).get('/api/reports/half-termly/2025-26/autumn-2').expect(200)).body;
    expect(halfTermAfter.summary).toEqual(halfTermBefore.summary);
    // Nor on disk: the events hold only sealed values, and the keys are deleted.
    const events = readFileSync(join(harness.config.dataDir, 'events.db'));
    for (const gone of [SLE.name, SLE.email, ...NOTES]) expect(events.includes(gone)).toBe(false);
    // The erased account signs in no more, and the erasure is not repeated.
    await harness.http.post('/api/auth/login').send({ email: SLE.email, password: 'a-long-password-1' }).expect(401);
    await as(admin).post(`/api/data-subjects/${sleId}/erasure`, { reason: 'again' }).expect(409);
  });

  it('gives the same views when they are rebuilt from the events, and after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-rebuilt-'));
    const events = await openEventStore(harness.config);
    const store = new SqliteReadModelStore(join(dir, 'views.db'));
    try {
      const runner = viewRunner(events, store);
      await runner.rebuild();
      const running = harness.app.get(ReadModels);
      await running.catchUp();
      for (const name of ['deployments', 'sles', 'users', 'reviews', 'reminders'] as const) {
        const rebuilt = new Map(runner.docs(name));
        expect(json([...rebuilt].sort())).toBe(json([...running[name]].sort()));
      }
      expect(json([...runner.docs('sles')])).not.toContain(SLE.name);
    } finally {
      await store.close();
      await events.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await harness.restart();
    admin = await harness.login();
    const read = await everythingRead();
    for (const gone of [SLE.name, SLE.email, ...NOTES]) expect(read).not.toContain(gone);
  });

  it("keeps who read which school's or person's data, apart from the events, for admins to query", async () => {
    const me = (await as(facilitator).get('/api/auth/me').expect(200)).body as { userId: string };
    await as(facilitator).get(`/api/deployments/${deployments[0]}`).expect(200);
    await as(facilitator).get('/api/schools/100001/timeline').expect(200);
    await as(facilitator).get(`/api/deployments/no-such-deployment`).expect(404);

    const mine = (await as(admin).get(`/api/audit/reads?user=${me.userId}`).expect(200)).body;
    expect(mine.slice(0, 2)).toEqual([
      expect.objectContaining({ subject: 'school:100001', route: '/api/schools/:urn/timeline', role: 'facilitator' }),
      expect.objectContaining({ subject: `deployment:${deployments[0]}`, route: '/api/deployments/:id' }),
    ]);
    // Named as held now: the reader by their account, the school by its name.
    expect(mine[0]).toMatchObject({ readerName: expect.stringContaining('@'), subjectName: 'School 100001' });
    // A refused read read nothing.
    expect(JSON.stringify(mine)).not.toContain('no-such-deployment');
    const ofDeployment = (
      await as(admin).get(`/api/audit/reads?subject=deployment:${deployments[0]}&from=2025-09-01&to=2025-12-31`)
    ).body as { userId: string }[];
    expect(new Set(ofDeployment.map((r) => r.userId)).size).toBe(2);
    expect((await as(admin).get(`/api/audit/reads?subject=deployment:${deployments[0]}&to=2025-01-01`)).body).toEqual(
      [],
    );
    // The export asked for by email is kept by the SLE's id, not their address.
    const exports = (await as(admin).get(`/api/audit/reads?subject=sle:${sleId}`).expect(200)).body;
    expect(exports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route: '/api/data-subjects/:id/export', subjectName: ERASED }),
      ]),
    );
    expect(JSON.stringify((await as(admin).get('/api/audit/reads').expect(200)).body)).not.toContain(SLE.email);
    await as(facilitator).get('/api/audit/reads').expect(403);
    const bad = await as(admin).get('/api/audit/reads?from=yesterday').expect(400);
    expect(JSON.stringify(bad.body)).toContain('from');
    // Not a domain event: the audit is kept apart.
    const events = await harness.app.get(EventStore).readAll();
    expect(events.some((e) => e.type.toLowerCase().includes('read'))).toBe(false);
  });

  it('erases a user who is no SLE: their account reads as erased and signs in no more', async () => {
    const email = 'jo.head@school.test';
    const { id } = (
      await as(admin)
        .post('/api/users', {
          email,
          name: 'Jo Head',
          password: 'a-long-password-1',
          role: 'school',
          schoolUrn: '100001',
        })
        .expect(201)
    ).body as { id: string };
    const token = (
      await harness.http.post('/api/auth/login').send({ email, password: 'a-long-password-1' }).expect(200)
    ).body.token as string;
    const feed = new URL((await as(token).post('/api/calendar-feed', {}).expect(200)).body.url as string).pathname;
    await harness.http.get(feed).expect(200);
    const res = await as(admin).post(`/api/data-subjects/${email}/erasure`, { reason: 'Left the school' }).expect(200);
    // Her name was typed into the meetings' attendee lists (fixtures.meeting), which went with the SLE before.
    expect(res.body).toEqual({ person: { kind: 'user', id }, subjects: 1, forced: false, typedInLists: [] });
    const account = (await as(admin).get(`/api/users/${id}`).expect(200)).body;
    expect(account).toMatchObject({ email: ERASED, name: ERASED, role: 'school' });
    await harness.http.post('/api/auth/login').send({ email, password: 'a-long-password-1' }).expect(401);
    await as(token).get('/api/schools/100001').expect(401);
    await harness.http.get(feed).expect(404);
    // Found by id once the email is gone; erased once only.
    await as(admin).post(`/api/data-subjects/${email}/erasure`, { reason: 'again' }).expect(404);
    await as(admin).post(`/api/data-subjects/${id}/erasure`, { reason: 'again' }).expect(409);
  });
});
