import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { jwtSecret } from '../../src/auth/jwt-secret.js';
import request from 'supertest';
import { AppHarness, ADMIN } from '../support/app-harness.js';

const PASSWORD = 'a-long-password-1';
const setCookies = (res: request.Response): string[] => {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? header : header ? [String(header)] : [];
};
const cookieNamed = (res: request.Response, name: string) => setCookies(res).find((c) => c.startsWith(`${name}=`));

/** Sessions that can be ended: every request checks the account as it stands now. */
describe('Sessions', () => {
  let harness: AppHarness;
  let admin: string;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });

  /** A facilitator with a fresh account; answers its id and a token. */
  async function facilitator(): Promise<{ id: string; email: string; token: string }> {
    const email = `f-${Math.random().toString(36).slice(2)}@alliance.test`;
    const res = await as(admin).post('/api/users', { email, password: PASSWORD, role: 'facilitator' }).expect(201);
    return { id: res.body.id, email, token: await harness.login(email, PASSWORD) };
  }

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
  });
  afterAll(() => harness.stop());

  it('disabling a user makes their very next request a 401, whatever token they hold; enabling lets them sign in again', async () => {
    const person = await facilitator();
    const second = await harness.login(person.email, PASSWORD);
    await as(person.token).get('/api/schools').expect(200);
    const disabled = await as(admin).post(`/api/users/${person.id}/disable`).expect(200);
    expect(disabled.body.status).toBe('disabled');
    for (const token of [person.token, second]) {
      const res = await as(token).get('/api/schools').expect(401);
      expect(res.body.message).toMatch(/disabled/);
    }
    await harness.http.post('/api/auth/login').send({ email: person.email, password: PASSWORD }).expect(401);
    await as(admin).post(`/api/users/${person.id}/enable`).expect(200);
    // The tokens issued before stay ended: disabling ended every session.
    await as(person.token).get('/api/schools').expect(401);
    await as(await harness.login(person.email, PASSWORD))
      .get('/api/schools')
      .expect(200);
  });

  it('a role change applies from the next request: the old session ends and the new one has the new role', async () => {
    const person = await facilitator();
    await as(person.token).get('/api/deployments').expect(200);
    await as(admin).post(`/api/users/${person.id}/access`, { role: 'core-team' }).expect(200);
    await as(person.token).get('/api/deployments').expect(401);
    const token = await harness.login(person.email, PASSWORD);
    expect((await as(token).get('/api/auth/me').expect(200)).body.role).toBe('core-team');
    // A core-team member may not register a school, as a facilitator could.
    await as(token)
      .post('/api/schools', { urn: '100999', name: 'X', phase: 'primary', localAuthority: 'Y' })
      .expect(403);
  });

  it('"sign out everywhere" ends every session of the user and no one else\'s', async () => {
    const person = await facilitator();
    const other = await facilitator();
    const second = await harness.login(person.email, PASSWORD);
    await as(person.token).post('/api/auth/sign-out-everywhere').expect(200);
    await as(person.token).get('/api/schools').expect(401);
    await as(second).get('/api/schools').expect(401);
    await as(other.token).get('/api/schools').expect(200);
    await as(await harness.login(person.email, PASSWORD))
      .get('/api/schools')
      .expect(200);
  });

  it('refuses a token naming no account, one without an expiry, and one that has expired', async () => {
    const jwt = harness.app.get(JwtService);
    // The same secret without the app's default expiry, as a forger holding the secret could sign.
    const bare = new JwtService({ secret: createSecretKey(Buffer.from(jwtSecret(harness.config))) });
    const unknown = await jwt.signAsync({ sub: '00000000-0000-4000-8000-000000000000', sv: 0 });
    expect((await as(unknown).get('/api/schools').expect(401)).body.message).toMatch(/no account/);
    const me = (await as(admin).get('/api/auth/me').expect(200)).body.userId as string;
    const forever = await bare.signAsync({ sub: me, sv: 0 });
    expect(JSON.parse(Buffer.from(forever.split('.')[1], 'base64url').toString())).not.toHaveProperty('exp');
    await as(forever).get('/api/schools').expect(401);
    const expired = await bare.signAsync({ sub: me, sv: 0, exp: Math.floor(Date.now() / 1000) - 10 });
    await as(expired).get('/api/schools').expect(401);
    await as(await bare.signAsync({ sub: me, sv: 0, exp: Math.floor(Date.now() / 1000) + 60 }))
      .get('/api/schools')
      .expect(200);
  });

  describe('in the web app, an httpOnly cookie with a CSRF token', () => {
    it('signs in with the CSRF token of the page, sets an httpOnly SameSite=Lax cookie (not Secure over http)', async () => {
      const browser = request.agent(harness.app.getHttpServer());
      const page = await browser.get('/api/auth/session').expect(200);
      expect(page.body).toMatchObject({ user: null, csrfToken: expect.any(String) });
      // Without the token the sign-in is refused: a forged form cannot sign a browser in.
      await browser.post('/api/auth/session').send({ email: ADMIN.email, password: ADMIN.password }).expect(403);
      const signedIn = await browser
        .post('/api/auth/session')
        .set('X-CSRF-Token', page.body.csrfToken)
        .send({ email: ADMIN.email, password: ADMIN.password })
        .expect(200);
      const cookie = cookieNamed(signedIn, 'sle_session')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Max-Age=28800/);
      expect(cookie).not.toMatch(/Secure/);
      expect(JSON.stringify(signedIn.body)).not.toContain(cookie.split(';')[0].split('=')[1]);

      // A new tab (the same cookies) is signed in, and gets the session's CSRF token.
      const tab = await browser.get('/api/auth/session').expect(200);
      expect(tab.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
      await browser.get('/api/schools').expect(200);

      // A change needs the CSRF token; refused without it, and nothing is appended.
      const before = await harness.headPosition();
      const school = { urn: '100777', name: 'Cookie Primary', phase: 'primary', localAuthority: 'Kent' };
      await browser.post('/api/schools').send(school).expect(403);
      await browser.post('/api/schools').set('X-CSRF-Token', 'forged').send(school).expect(403);
      expect(await harness.headPosition()).toBe(before);
      await browser.post('/api/schools').set('X-CSRF-Token', tab.body.csrfToken).send(school).expect(201);

      // Signing out this browser clears the cookie.
      const out = await browser.delete('/api/auth/session').set('X-CSRF-Token', tab.body.csrfToken).expect(200);
      expect(cookieNamed(out, 'sle_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
      await browser.get('/api/schools').expect(401);
    });

    it('a CSRF token of another session does not pass', async () => {
      const first = request.agent(harness.app.getHttpServer());
      const firstToken = (await first.get('/api/auth/session')).body.csrfToken as string;
      const signedIn = await first
        .post('/api/auth/session')
        .set('X-CSRF-Token', firstToken)
        .send({ email: ADMIN.email, password: ADMIN.password })
        .expect(200);
      // The token issued before signing in belonged to no session: it no longer passes.
      await first.post('/api/auth/sign-out-everywhere').set('X-CSRF-Token', firstToken).expect(403);
      await first.post('/api/auth/sign-out-everywhere').set('X-CSRF-Token', signedIn.body.csrfToken).expect(200);
      admin = await harness.login();
    });

    it('bearer tokens need no CSRF token', async () => {
      await as(admin)
        .post('/api/schools', { urn: '100778', name: 'Bearer Primary', phase: 'primary', localAuthority: 'Kent' })
        .expect(201);
    });
  });

  it('marks the cookie Secure when COOKIE_SECURE=true (behind a proxy that ends https)', async () => {
    const secure = await AppHarness.start('2026-03-02', { COOKIE_SECURE: 'true' });
    try {
      const page = await secure.http.get('/api/auth/session').expect(200);
      const csrfCookie = cookieNamed(page, 'sle_csrf')!;
      expect(csrfCookie).toMatch(/; Secure/);
      // A browser would send it back over https only; this test is on http, so it sends it by hand.
      const signedIn = await secure.http
        .post('/api/auth/session')
        .set('Cookie', csrfCookie.split(';')[0])
        .set('X-CSRF-Token', page.body.csrfToken)
        .send({ email: ADMIN.email, password: ADMIN.password })
        .expect(200);
      expect(cookieNamed(signedIn, 'sle_session')).toMatch(/; Secure/);
    } finally {
      await secure.stop();
    }
  });

  it('changing the password ends the other sessions and keeps this one with a new token', async () => {
    const person = await facilitator();
    const other = await harness.login(person.email, PASSWORD);
    const wrong = await as(person.token)
      .post('/api/auth/password', { currentPassword: 'not-my-password-1', newPassword: 'a-brand-new-password-7' })
      .expect(400);
    expect(wrong.body.fields).toEqual({ currentPassword: ['is not your password'] });
    const weak = await as(person.token)
      .post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'password1234' })
      .expect(400);
    expect(weak.body.fields.newPassword[0]).toMatch(/common or breached/);
    const changed = await as(person.token)
      .post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a-brand-new-password-7' })
      .expect(200);
    await as(other).get('/api/schools').expect(401);
    await as(person.token).get('/api/schools').expect(401);
    await as(changed.body.token).get('/api/schools').expect(200);
    await harness.http.post('/api/auth/login').send({ email: person.email, password: PASSWORD }).expect(401);
    await harness.login(person.email, 'a-brand-new-password-7');
  });
});
