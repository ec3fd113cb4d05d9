import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userStream } from '../../events/index.js';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures } from '../support/alliance-fixtures.js';
import { SmtpSink } from '../support/smtp-sink.js';

const PASSWORD = 'a-long-password-1';
const DAY = 86_400_000;

/** Waits for `count` mails to `address` (a reset is mailed after its answer has gone). */
async function mailsTo(smtp: SmtpSink, address: string, count = 1): Promise<string[]> {
  for (let i = 0; i < 200 && smtp.tokensFor(address).length < count; i++) await new Promise((r) => setTimeout(r, 25));
  return smtp.tokensFor(address);
}

describe('Invitations and password resets, mailed', () => {
  let harness: AppHarness;
  let smtp: SmtpSink;
  let admin: string;
  let facilitator: string;
  let sleId: string;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });
  const anonymous = (path: string, body: object) => harness.http.post(path).send(body);

  beforeAll(async () => {
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    harness = await AppHarness.start('2026-03-02', { SMTP_URL: smtpUrl, PUBLIC_URL: 'https://sle.alliance.test' });
    admin = await harness.login();
    facilitator = await harness.userWith('facilitator');
    for (const urn of ['100001', '100002']) await as(admin).post('/api/schools', fixtures.school(urn)).expect(201);
    sleId = (await as(admin).post('/api/sles', fixtures.sle('100002')).expect(201)).body.sleId;
  });
  afterAll(async () => {
    await harness.stop();
    await smtp.stop();
  });

  it('invites by email with a one-time link to PUBLIC_URL; the person sets a password and signs in', async () => {
    const invited = await as(facilitator)
      .post('/api/users/invitations', {
        name: 'Jo Head',
        email: 'Jo.Head@School.test',
        role: 'school',
        schoolUrn: '100001',
      })
      .expect(201);
    expect(invited.body).toEqual({ id: expect.any(String), expiresAt: '2026-03-09T12:00:00.000Z', mailed: true });
    const [mail] = smtp.received.filter((m) => m.to.includes('jo.head@school.test'));
    expect(mail.subject).toBe('You are invited to the SLE brokerage service');
    expect(mail.text).toContain('Hello Jo Head');
    expect(mail.text).toMatch(/https:\/\/sle\.alliance\.test\/#\/invitation\?token=[A-Za-z0-9_-]{43}/);
    const [token] = smtp.tokensFor('jo.head@school.test');

    // Only the token's hash is recorded.
    const events = await harness.app.get(EventStore).readStream(userStream(invited.body.id));
    expect(events.map((e) => e.type)).toEqual(['UserInvited', 'InvitationIssued']);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(token);

    const listed = await as(facilitator).get('/api/users?search=jo').expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: invited.body.id, status: 'invited', role: 'school', schoolUrn: '100001' }),
    ]);
    await anonymous('/api/auth/login', { email: 'jo.head@school.test', password: PASSWORD }).expect(401);

    const lookup = await anonymous('/api/invitations/lookup', { token }).expect(200);
    expect(lookup.body).toMatchObject({ email: 'jo.head@school.test', name: 'Jo Head', role: 'school' });
    const weak = await anonymous('/api/invitations/accept', { token, password: 'qwertyuiop123' }).expect(400);
    expect(Object.keys(weak.body.fields)).toEqual(['password']);
    await anonymous('/api/invitations/accept', { token, password: PASSWORD }).expect(200);
    const signedIn = await anonymous('/api/auth/login', { email: 'jo.head@school.test', password: PASSWORD }).expect(
      200,
    );
    expect(signedIn.body.user).toMatchObject({ role: 'school', schoolUrn: '100001', name: 'Jo Head' });

    // Single use.
    const again = await anonymous('/api/invitations/accept', { token, password: 'another-long-password-9' }).expect(
      400,
    );
    expect(again.body.fields).toEqual({ token: ['this invitation link has expired or has already been used'] });
    await anonymous('/api/invitations/lookup', { token }).expect(400);
  });

  it('a link stops working after 7 days, and a new one replaces the old', async () => {
    const invited = await as(admin)
      .post('/api/users/invitations', { name: 'Ed Late', email: 'ed.late@school.test', role: 'core-team' })
      .expect(201);
    const [first] = smtp.tokensFor('ed.late@school.test');
    const resent = await as(admin).post(`/api/users/${invited.body.id}/invitation`).expect(201);
    expect(resent.body.mailed).toBe(true);
    const [, second] = smtp.tokensFor('ed.late@school.test');
    await anonymous('/api/invitations/accept', { token: first, password: PASSWORD }).expect(400);

    const now = harness.clock.now();
    harness.clock.set(new Date(now.getTime() + 7 * DAY + 1_000));
    try {
      await anonymous('/api/invitations/accept', { token: second, password: PASSWORD }).expect(400);
      const listed = await as(admin).get(`/api/users/${invited.body.id}`).expect(200);
      expect(listed.body).toMatchObject({ status: 'invited', invitationExpiresAt: expect.any(String) });
      await as(admin).post(`/api/users/${invited.body.id}/invitation`).expect(201);
      const [, , third] = smtp.tokensFor('ed.late@school.test');
      await anonymous('/api/invitations/accept', { token: third, password: PASSWORD }).expect(200);
      await as(admin).post(`/api/users/${invited.body.id}/invitation`).expect(409);
    } finally {
      harness.clock.set(now);
    }
  });

  it('a facilitator invites school and SLE users only; the linked school or SLE must exist', async () => {
    await as(facilitator)
      .post('/api/users/invitations', { name: 'Al Admin', email: 'al@alliance.test', role: 'admin' })
      .expect(403);
    await as(facilitator)
      .post('/api/users/invitations', { name: 'Sam Patel', email: 'sam.patel@school.test', role: 'sle', sleId })
      .expect(201);
    const missing = await as(facilitator)
      .post('/api/users/invitations', {
        name: 'No School',
        email: 'no@school.test',
        role: 'school',
        schoolUrn: '100999',
      })
      .expect(400);
    expect(missing.body.fields).toEqual({ schoolUrn: ['no school with URN 100999 is registered'] });
    const school = await harness.userWith('school', { schoolUrn: '100001' });
    await as(school)
      .post('/api/users/invitations', { name: 'X', email: 'x@school.test', role: 'school', schoolUrn: '100001' })
      .expect(403);
    await as(school).get('/api/users').expect(403);
  });

  it('a forgotten password: the same answer for any email; the link sets a new password, ends sessions, once', async () => {
    const email = 'reset.me@alliance.test';
    await as(admin).post('/api/users', { email, password: PASSWORD, role: 'facilitator' }).expect(201);
    const session = await harness.login(email, PASSWORD);
    const known = await anonymous('/api/auth/password-reset', { email: 'Reset.Me@alliance.test' }).expect(202);
    const unknown = await anonymous('/api/auth/password-reset', { email: 'nobody@alliance.test' }).expect(202);
    expect(unknown.body).toEqual(known.body);
    const [token] = await mailsTo(smtp, email);
    expect(smtp.received.some((m) => m.to.includes('nobody@alliance.test'))).toBe(false);
    const mail = smtp.received.find((m) => m.to.includes(email))!;
    expect(mail.text).toContain('https://sle.alliance.test/#/reset-password?token=');

    await anonymous('/api/auth/password-reset/complete', { token, password: 'short' }).expect(400);
    const done = await anonymous('/api/auth/password-reset/complete', {
      token,
      password: 'a-reset-password-42',
    }).expect(200);
    expect(done.body).toEqual({ email });
    await as(session).get('/api/schools').expect(401);
    await harness.login(email, 'a-reset-password-42');
    await anonymous('/api/auth/password-reset/complete', { token, password: 'yet-another-password-3' }).expect(400);
  });

  it('invites people from a CSV, all or nothing, and mails each one once', async () => {
    const header = 'name,email,role,school_urn,sle';
    const good = [
      'Ann One,ann.one@school.test,school,100001,',
      'Ben Two,ben.two@school.test,school,100002,',
      `Sam Patel again,sam.again@school.test,sle,,${sleId}`,
    ];
    const before = await harness.headPosition();
    const mailsBefore = smtp.received.length;
    const bad = await as(facilitator)
      .post('/api/imports/people', {
        csv: [header, ...good, 'Cy Three,ann.one@school.test,school,100001,', 'Di Four,di@school.test,admin,,'].join(
          '\n',
        ),
      })
      .expect(400);
    expect(bad.body.problems).toEqual([
      { row: 5, column: 'email', message: 'is already in row 2 of this file' },
      { row: 6, message: 'A facilitator may invite school and SLE users only' },
    ]);
    expect(await harness.headPosition()).toBe(before);
    expect(smtp.received.length).toBe(mailsBefore);

    const dry = await as(facilitator)
      .post('/api/imports/people/dry-run', { csv: [header, ...good].join('\n') })
      .expect(200);
    expect(dry.body).toMatchObject({ valid: true, eventsAppended: 0 });
    expect(smtp.received.length).toBe(mailsBefore);

    const done = await as(facilitator)
      .post('/api/imports/people', { csv: [header, ...good].join('\n') })
      .expect(201);
    expect(done.body.invitations).toEqual([
      { row: 2, id: expect.any(String), email: 'ann.one@school.test', mailed: true },
      { row: 3, id: expect.any(String), email: 'ben.two@school.test', mailed: true },
      { row: 4, id: expect.any(String), email: 'sam.again@school.test', mailed: true },
    ]);
    for (const email of ['ann.one@school.test', 'ben.two@school.test', 'sam.again@school.test'])
      expect(smtp.tokensFor(email)).toHaveLength(1);
    const [token] = smtp.tokensFor('sam.again@school.test');
    await anonymous('/api/invitations/accept', { token, password: PASSWORD }).expect(200);
    const sle = await anonymous('/api/auth/login', { email: 'sam.again@school.test', password: PASSWORD }).expect(200);
    expect(sle.body.user).toMatchObject({ role: 'sle', sleId });
    // Run twice, the file adds nobody twice.
    await as(facilitator)
      .post('/api/imports/people', { csv: [header, ...good].join('\n') })
      .expect(400);
  });
});

describe('Invitations without SMTP', () => {
  let harness: AppHarness;
  let admin: string;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
  });
  afterAll(() => harness.stop());

  it('shows the link to the inviter once: a repeat of the same request answers without it, and nothing stores it', async () => {
    const send = () =>
      harness.http
        .post('/api/users/invitations')
        .auth(admin, { type: 'bearer' })
        .set('Idempotency-Key', 'invite-kim-once')
        .send({ name: 'Kim Core', email: 'kim@alliance.test', role: 'core-team' });
    const first = await send().expect(201);
    expect(first.body).toMatchObject({
      mailed: false,
      link: expect.stringMatching(/^http:\/\/localhost:3000\/#\/invitation\?token=/),
    });
    const token = new URL(first.body.link.replace('#/', '')).searchParams.get('token')!;
    const repeat = await send().expect(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual({ id: first.body.id, expiresAt: first.body.expiresAt, mailed: false });
    // Idempotency records are kept in the event store (no Redis here): the link's token is in none of them.
    const records = (await harness.eventsAfter(0n)).filter((e) => e.streamId.startsWith('idempotency-'));
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records.map((e) => e.data))).not.toContain(token);
    expect(readFileSync(join(harness.config.dataDir, 'events.db')).toString('latin1')).not.toContain(token);
    await harness.http.post('/api/invitations/accept').send({ token, password: PASSWORD }).expect(200);
  });

  it('keeps no plain hash of a password in the idempotency store, and still tells a different password apart', async () => {
    const body = { email: 'lee@alliance.test', password: 'a-long-password-1', role: 'core-team' };
    const send = (sent: object) =>
      harness.http.post('/api/users').auth(admin, { type: 'bearer' }).set('Idempotency-Key', 'make-lee').send(sent);
    const first = await send(body).expect(201);
    expect((await send(body).expect(201)).body).toEqual(first.body);
    await send({ ...body, password: 'another-long-password-9' }).expect(422);
    const claims = (await harness.eventsAfter(0n)).filter(
      (e) => e.type === 'IdempotencyKeyClaimed' && e.data.key === 'make-lee',
    );
    expect(claims).toHaveLength(1);
    const { fingerprint } = claims[0].data as { fingerprint: string };
    const plain = createHash('sha256')
      .update(`POST /api/users\n\n${JSON.stringify(body)}`)
      .digest('hex');
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toBe(plain);
  });
});
