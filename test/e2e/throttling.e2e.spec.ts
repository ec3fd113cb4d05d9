import { AppHarness, ADMIN } from '../support/app-harness.js';
import { REDIS_URL, redisPrefixes } from '../support/redis.js';
import { SmtpSink } from '../support/smtp-sink.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Windows longer than 300 requests take here, and short enough for a test to wait one out. */
const SHORT = {
  THROTTLE_WINDOW_SECONDS: '15',
  THROTTLE_PER_ADDRESS: '20',
  THROTTLE_PER_ACCOUNT: '10',
  LOCKOUT_AFTER_FAILURES: '5',
  LOCKOUT_SECONDS: '15',
};

/** Guessing a password: throttled per address and per account, then locked out; the owner gets back in. */
function guessing(label: string, env: () => Record<string, string>) {
  describe(`Guessing a password (${label})`, () => {
    let harness: AppHarness;

    // Each test has an app (and counts) of its own: the requests all come from one address.
    beforeEach(async () => {
      harness = await AppHarness.start('2026-03-02', { ...SHORT, ...env() });
    });
    afterEach(() => harness.stop());

    const attempt = (email: string, password: string) => harness.http.post('/api/auth/login').send({ email, password });

    it('300 wrong passwords from one client get 429s after the limit; the owner signs in after the lockout window', async () => {
      const statuses: number[] = [];
      let retryAfter = 0;
      for (let i = 0; i < 300; i++) {
        const res = await attempt(ADMIN.email, `wrong-password-${i}`);
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.headers['retry-after']).toMatch(/^\d+$/);
          retryAfter = Math.max(retryAfter, Number(res.headers['retry-after']));
        }
      }
      const firstRefusal = statuses.indexOf(429);
      // Five wrong passwords, then the account is locked out; every later guess is a 429, none a 401 or a 200.
      expect(statuses.slice(0, firstRefusal)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      // Locked out: the right password is refused too, until the window ends.
      const locked = await attempt(ADMIN.email, ADMIN.password).expect(429);
      expect(locked.body.message).toMatch(/try again in \d+ seconds/);

      await sleep((Number(locked.headers['retry-after']) + 1) * 1000);
      const back = await attempt(ADMIN.email, ADMIN.password).expect(200);
      expect(back.body.user.email).toBe(ADMIN.email);
    });

    it('limits one address across accounts (spraying one password over many emails)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await attempt(`someone-${i}@alliance.test`, 'Winter2026!!')).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    });
  });
}

guessing('counts in memory', () => ({}));

const prefixes = redisPrefixes();
guessing('counts in Redis, shared by every node', () => ({ REDIS_URL, REDIS_PREFIX: prefixes.next() }));
afterAll(() => prefixes.removeAll());

describe('A lockout the person lifts by resetting the password', () => {
  let harness: AppHarness;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = new SmtpSink();
    harness = await AppHarness.start('2026-03-02', {
      SMTP_URL: await smtp.start(),
      LOCKOUT_AFTER_FAILURES: '3',
      LOCKOUT_SECONDS: '600',
    });
  });
  afterAll(async () => {
    await harness.stop();
    await smtp.stop();
  });

  it('is locked out for ten minutes, resets, and signs in at once with the new password', async () => {
    const login = (password: string) => harness.http.post('/api/auth/login').send({ email: ADMIN.email, password });
    for (let i = 0; i < 3; i++) await login(`wrong-password-${i}`).expect(401);
    const locked = await login(ADMIN.password).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);

    await harness.http.post('/api/auth/password-reset').send({ email: ADMIN.email }).expect(202);
    for (let i = 0; i < 200 && !smtp.tokensFor(ADMIN.email).length; i++) await sleep(25);
    const [token] = smtp.tokensFor(ADMIN.email);
    await harness.http
      .post('/api/auth/password-reset/complete')
      .send({ token, password: 'a-new-admin-password-5' })
      .expect(200);
    await login('a-new-admin-password-5').expect(200);
  });
});
