import { AppHarness } from '../support/app-harness.js';
import { CookieClient } from '../support/cookie-client.js';
import { OIDC_CLIENT, OidcTestProvider } from '../support/oidc-test-provider.js';
import { freePort } from '../support/private-redis.js';

const PASSWORD = 'a-long-password-1';

/** The test provider's sign-in form: answered with the person's email. */
const signInAs = (email: string) => (_url: string, html: string) => {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  return action ? { url: action, body: new URLSearchParams({ email }).toString() } : undefined;
};

/** Sign in with Microsoft or Google, end to end against a real OpenID Connect provider on loopback. */
describe('Sign in with an OpenID Connect provider', () => {
  let provider: OidcTestProvider;
  let harness: AppHarness;
  let base: string;
  let admin: string;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });

  /** Signs a fresh browser in with the provider as `email`; answers where the app sent it and who it is then. */
  async function signIn(email: string, tamper: (authorizeUrl: URL) => void = () => undefined) {
    const browser = new CookieClient();
    const start = await browser.request(`${base}/api/auth/oidc/google/start`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(provider.issuer);
    tamper(authorize);
    const landed = await browser.follow(authorize.href, signInAs(email));
    const session = (await (await browser.request(`${base}/api/auth/session`)).json()) as { user: unknown };
    return { landed: landed.replace(base, ''), user: session.user as { email: string; role: string } | null, browser };
  }

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = new OidcTestProvider();
    await provider.start([`${base}/api/auth/oidc/google/callback`]);
    harness = await AppHarness.start('2026-03-02', {
      PUBLIC_URL: base,
      OIDC_GOOGLE_ISSUER: provider.issuer,
      OIDC_GOOGLE_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_GOOGLE_CLIENT_SECRET: OIDC_CLIENT.secret,
    });
    await harness.app.listen(port, '127.0.0.1');
    admin = await harness.login();
    await as(admin)
      .post('/api/schools', { urn: '100001', name: 'Pioneer', phase: 'primary', localAuthority: 'Bucks' })
      .expect(201);
  });
  afterAll(async () => {
    await harness.stop();
    await provider.stop();
  });

  it('lists the provider for the sign-in page, and asks it for the code flow with PKCE, state and nonce', async () => {
    const page = await harness.http.get('/api/auth/session').expect(200);
    expect(page.body.signInProviders).toEqual([{ provider: 'google', label: 'Google' }]);
    const start = await harness.http.get('/api/auth/oidc/google/start').expect(303);
    const authorize = new URL(start.headers.location);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: OIDC_CLIENT.id,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: `${base}/api/auth/oidc/google/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
  });

  it('signs in an existing account whose email the provider has verified', async () => {
    await as(admin)
      .post('/api/users', { email: 'fran@alliance.test', password: PASSWORD, role: 'facilitator' })
      .expect(201);
    provider.add({ email: 'Fran@alliance.test', emailVerified: true });
    const { landed, user, browser } = await signIn('fran@alliance.test');
    expect(landed).toBe('/#/');
    expect(user).toMatchObject({ email: 'fran@alliance.test', role: 'facilitator' });
    expect(browser.cookie(base, 'sle_oidc')).toBeUndefined();
    expect((await browser.request(`${base}/api/schools`)).status).toBe(200);
  });

  it('accepts an invitation: the account becomes active and the mailed link stops working', async () => {
    const invited = await as(admin)
      .post('/api/users/invitations', {
        name: 'Gus Head',
        email: 'gus@school.test',
        role: 'school',
        schoolUrn: '100001',
      })
      .expect(201);
    const token = new URL(invited.body.link.replace('#/', '')).searchParams.get('token');
    provider.add({ email: 'gus@school.test', emailVerified: true });
    const { landed, user } = await signIn('gus@school.test');
    expect(landed).toBe('/#/');
    expect(user).toMatchObject({ email: 'gus@school.test', role: 'school' });
    const account = await as(admin).get(`/api/users/${invited.body.id}`).expect(200);
    expect(account.body).toMatchObject({ status: 'active', signsInWith: ['google'] });
    await harness.http.post('/api/invitations/accept').send({ token, password: PASSWORD }).expect(400);
  });

  it('refuses an ID token whose nonce is not the one this browser sent', async () => {
    await as(admin)
      .post('/api/users', { email: 'nia@alliance.test', password: PASSWORD, role: 'core-team' })
      .expect(201);
    provider.add({ email: 'nia@alliance.test', emailVerified: true });
    const before = await harness.headPosition();
    const { landed, user } = await signIn('nia@alliance.test', (url) => url.searchParams.set('nonce', 'not-the-nonce'));
    expect(landed).toBe('/#/login?signin=failed');
    expect(user).toBeNull();
    expect(await harness.headPosition()).toBe(before);
  });

  it('refuses a state that is not the one this browser sent', async () => {
    const { landed, user } = await signIn('nia@alliance.test', (url) => url.searchParams.set('state', 'forged-state'));
    expect(landed).toBe('/#/login?signin=failed');
    expect(user).toBeNull();
  });

  it('refuses an email the provider has not verified, even one with an account', async () => {
    await as(admin)
      .post('/api/users', { email: 'una@alliance.test', password: PASSWORD, role: 'facilitator' })
      .expect(201);
    provider.add({ email: 'una@alliance.test', emailVerified: false });
    const { landed, user } = await signIn('una@alliance.test');
    expect(landed).toBe('/#/login?signin=unverified-email');
    expect(user).toBeNull();
  });

  it('never creates an account for an email that has none', async () => {
    provider.add({ email: 'stranger@elsewhere.test', emailVerified: true });
    const before = await harness.headPosition();
    const { landed, user } = await signIn('stranger@elsewhere.test');
    expect(landed).toBe('/#/login?signin=no-account');
    expect(user).toBeNull();
    expect(await harness.headPosition()).toBe(before);
    expect((await as(admin).get('/api/users?search=stranger').expect(200)).body).toEqual([]);
  });

  it('refuses a disabled account', async () => {
    const made = await as(admin)
      .post('/api/users', { email: 'dee@alliance.test', password: PASSWORD, role: 'facilitator' })
      .expect(201);
    await as(admin).post(`/api/users/${made.body.id}/disable`).expect(200);
    provider.add({ email: 'dee@alliance.test', emailVerified: true });
    expect((await signIn('dee@alliance.test')).landed).toBe('/#/login?signin=disabled');
  });

  it('answers 400 naming the provider when it is not configured, and refuses a callback with no flow', async () => {
    const unknown = await harness.http.get('/api/auth/oidc/microsoft/start').expect(400);
    expect(unknown.body.fields).toEqual({ provider: ['must be one of google'] });
    await harness.http.get('/api/auth/oidc/yahoo/callback?code=x&state=y').expect(400);
    const stray = await harness.http.get('/api/auth/oidc/google/callback?code=x&state=y').expect(303);
    expect(stray.headers.location).toBe('/#/login?signin=failed');
  });
});
