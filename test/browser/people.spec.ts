import type { Page } from 'playwright-core';
import { OIDC_CLIENT, OidcTestProvider } from '../support/oidc-test-provider.js';
import { freePort } from '../support/private-redis.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { fixtures } from '../support/alliance-fixtures.js';
import { accessibilityViolations, BrowserHarness, PASSWORD, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

const PEOPLE = 60;
const SCHOOLS = Array.from({ length: 20 }, (_, i) => String(100101 + i));
const SLE_COUNT = 30;

interface Invitee {
  name: string;
  email: string;
  role: 'school' | 'sle';
  schoolUrn?: string;
  sleEmail?: string;
}

/** Half school users (of 20 schools), half SLE users (each the SLE with that email). */
const invitees: Invitee[] = Array.from({ length: PEOPLE }, (_, i) =>
  i % 2 === 0
    ? {
        name: `Head Teacher ${i}`,
        email: `head.${i}@school.test`,
        role: 'school',
        schoolUrn: SCHOOLS[i % SCHOOLS.length],
      }
    : { name: `Specialist ${i}`, email: `sle.${i}@school.test`, role: 'sle', sleEmail: `sle.${i}@school.test` },
);

/**
 * A facilitator invites 60 people from a CSV in the web app; each gets one mail and signs in, by setting a
 * password or with the test OpenID provider (as Google or as Microsoft). Every new page is looked at (desktop
 * and 390 px) and checked with axe-core.
 */
describe('People in a browser', () => {
  let b: BrowserHarness;
  let smtp: SmtpSink;
  let provider: OidcTestProvider;
  let facilitator: { email: string; password: string };

  /** Screenshots at desktop and 390 px of what `open` shows, each checked with axe-core. */
  async function lookAt(
    name: string,
    open: (page: Page) => Promise<void>,
    signInAs?: { email: string; password: string },
  ) {
    for (const [size, page] of [
      ['desktop', await b.newPage()],
      ['390', await b.newPhonePage()],
    ] as const) {
      if (signInAs) await b.signIn(page, signInAs);
      await open(page);
      await settled(page);
      await b.screenshot(page, `people-${name}-${size}`);
      expect({ page: `${name} (${size})`, violations: await accessibilityViolations(page) }).toEqual({
        page: `${name} (${size})`,
        violations: [],
      });
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect({ page: `${name} (${size})`, overflow }).toEqual({ page: `${name} (${size})`, overflow: 0 });
      await page.context().close();
    }
  }

  beforeAll(async () => {
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    provider = new OidcTestProvider();
    await provider.start([`${base}/api/auth/oidc/google/callback`, `${base}/api/auth/oidc/microsoft/callback`]);
    b = await BrowserHarness.start(
      '2026-03-02',
      {
        SMTP_URL: smtpUrl,
        OIDC_GOOGLE_ISSUER: provider.issuer,
        OIDC_GOOGLE_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_GOOGLE_CLIENT_SECRET: OIDC_CLIENT.secret,
        OIDC_MICROSOFT_ISSUER: provider.issuer,
        OIDC_MICROSOFT_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_MICROSOFT_CLIENT_SECRET: OIDC_CLIENT.secret,
        // Everyone here comes from one address: 127.0.0.1.
        THROTTLE_PER_ADDRESS: '100000',
      },
      port,
    );
    const admin = await b.app.login();
    const post = (path: string, body: object) =>
      b.app.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    for (const urn of SCHOOLS) await post('/api/schools', fixtures.school(urn, { name: `School ${urn}` }));
    for (let i = 1; i < 2 * SLE_COUNT; i += 2)
      await post('/api/sles', fixtures.sle(SCHOOLS[0], { name: `Specialist ${i}`, email: `sle.${i}@school.test` }));
    facilitator = await b.account('facilitator');
  }, 120_000);
  afterAll(async () => {
    await b?.stop();
    await provider?.stop();
    await smtp?.stop();
  });

  it('a facilitator invites 60 people from a CSV; each gets one mail and signs in with a password or a provider', async () => {
    const page = await b.newPage();
    await b.signIn(page, facilitator);
    await page.getByRole('link', { name: 'People' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('People');
    await page.getByRole('link', { name: 'Invite many from a CSV' }).click();
    await pwExpect(page.getByRole('heading', { level: 2, name: '1. Get the people to invite template' })).toBeVisible();
    expect(await page.getByRole('radio', { name: 'People to invite' }).isChecked()).toBe(true);

    const csv = [
      'name,email,role,school_urn,sle',
      ...invitees.map((p) => [p.name, p.email, p.role, p.schoolUrn ?? '', p.sleEmail ?? ''].join(',')),
    ].join('\r\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    // A file of 60 rows, planned, then appended and mailed one by one: longer than a page's usual step.
    await pwExpect(page.locator('.notice'), { timeout: 60_000 }).toContainText('All 60 rows are valid');
    expect(smtp.received).toHaveLength(0);
    await page.getByRole('button', { name: 'Import people to invite' }).click();
    await pwExpect(page.locator('.notice'), { timeout: 120_000 }).toContainText(
      'Invited 60 people. Each has been emailed a link',
    );
    await b.screenshot(page, 'people-import-done-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);

    // One mail each, with a link to this app.
    for (const person of invitees)
      expect({ to: person.email, links: smtp.tokensFor(person.email).length }).toEqual({ to: person.email, links: 1 });
    expect(smtp.received).toHaveLength(PEOPLE);

    /** One person opens their mail's link and signs in: every third sets a password, the others use a provider. */
    const acceptAndSignIn = async (i: number, person: Invitee) => {
      const [token] = smtp.tokensFor(person.email);
      const visitor = await b.newPage();
      await visitor.goto(`${b.baseUrl}/#/invitation?token=${token}`);
      await pwExpect(visitor.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${person.name}`);
      if (i % 3 === 0) {
        await visitor.getByLabel('New password', { exact: true }).fill(PASSWORD);
        await visitor.getByLabel('New password again').fill(PASSWORD);
        await visitor.getByRole('button', { name: 'Set password and sign in' }).click();
      } else {
        provider.add({ email: person.email, emailVerified: true });
        const label = i % 3 === 1 ? 'Continue with Google' : 'Continue with Microsoft';
        await visitor.getByRole('link', { name: label }).click();
        await visitor.getByLabel('Email').fill(person.email);
        await visitor.getByRole('button', { name: 'Continue' }).click();
      }
      await pwExpect(visitor.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await pwExpect(visitor.locator('#account .who')).toHaveText(
        `${person.name} (${person.role === 'sle' ? 'Sle' : 'School'})`,
      );
      await visitor.context().close();
    };
    // Two people at a time, each in a browser of their own.
    let next = 0;
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        for (let i = next++; i < invitees.length; i = next++) await acceptAndSignIn(i, invitees[i]);
      }),
    );

    const everyone = await b.app.http
      .get('/api/users')
      .auth(await b.app.login(), { type: 'bearer' })
      .expect(200);
    const invited = (everyone.body as { email: string; status: string; signsInWith: string[] }[]).filter((u) =>
      invitees.some((p) => p.email === u.email),
    );
    expect(invited).toHaveLength(PEOPLE);
    expect(invited.every((u) => u.status === 'active')).toBe(true);
    expect(invited.filter((u) => u.signsInWith.includes('password'))).toHaveLength(PEOPLE / 3);
    expect(b.problems).toEqual([]);
  }, 600_000);

  it('shows each new page at desktop and 390 px with no accessibility violation', async () => {
    const admin = { email: 'admin@alliance.test', password: 'admin-password-123' };
    await lookAt('login-with-providers', async (page) => {
      await page.goto(`${b.baseUrl}/#/login`);
      await pwExpect(page.getByRole('link', { name: 'Sign in with Microsoft' })).toBeVisible();
    });
    await lookAt('forgot-password', async (page) => {
      await page.goto(`${b.baseUrl}/#/forgot-password`);
      await page.getByLabel('Email address').fill('head.0@school.test');
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await pwExpect(page.locator('.notice')).toContainText('If an account has this email');
    });
    await lookAt(
      'users',
      async (page) => {
        await page.goto(`${b.baseUrl}/#/users?search=head.1`);
        await pwExpect(page.getByRole('table')).toContainText('head.10@school.test');
      },
      admin,
    );
    await lookAt(
      'user',
      async (page) => {
        await page.goto(`${b.baseUrl}/#/users?search=head.2@`);
        await page.getByRole('link', { name: 'Head Teacher 2', exact: true }).click();
        await pwExpect(page.getByRole('heading', { level: 2, name: 'Role and access' })).toBeVisible();
      },
      admin,
    );
    await lookAt(
      'account',
      async (page) => {
        await page.goto(`${b.baseUrl}/#/account`);
        await pwExpect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
      },
      facilitator,
    );
    await lookAt(
      'school-access',
      async (page) => {
        await page.goto(`${b.baseUrl}/#/schools/100101`);
        await pwExpect(page.getByRole('heading', { name: 'Who has access to this school' })).toBeVisible();
        await page.getByText('Invite someone').click();
      },
      facilitator,
    );
    await lookAt(
      'sle-access',
      async (page) => {
        await page.goto(`${b.baseUrl}/#/sles`);
        await page.getByRole('link', { name: 'Specialist 1', exact: true }).click();
        await pwExpect(page.getByRole('heading', { name: 'Who has access as this SLE' })).toBeVisible();
      },
      facilitator,
    );

    // An invitation and a reset link, opened as they are mailed.
    const invited = await b.app.http
      .post('/api/users/invitations')
      .auth(await b.app.login(), { type: 'bearer' })
      .send({ name: 'Pat Core', email: 'pat@alliance.test', role: 'core-team' })
      .expect(201);
    expect(invited.body.mailed).toBe(true);
    await lookAt('invitation', async (page) => {
      await page.goto(`${b.baseUrl}/#/invitation?token=${smtp.tokensFor('pat@alliance.test')[0]}`);
      await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Pat Core');
    });
    await b.app.http.post('/api/auth/password-reset').send({ email: facilitator.email }).expect(202);
    for (let i = 0; i < 200 && !smtp.tokensFor(facilitator.email).length; i++)
      await new Promise((r) => setTimeout(r, 25));
    await lookAt('reset-password', async (page) => {
      await page.goto(`${b.baseUrl}/#/reset-password?token=${smtp.tokensFor(facilitator.email)[0]}`);
      await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
    });
    expect(b.problems).toEqual([]);
  }, 300_000);

  it('a disabled person is signed out at their very next step; "sign out everywhere" ends every tab', async () => {
    const admin = await b.app.login();
    const person = await b.account('core-team');
    const page = await b.newPage();
    await b.signIn(page, person);
    // A second tab of the same browser is signed in too: the session is a cookie, not the tab's storage.
    const tab = await page.context().newPage();
    await tab.goto(`${b.baseUrl}/#/review`);
    await pwExpect(tab.getByRole('button', { name: 'Sign out' })).toBeVisible();

    await page.goto(`${b.baseUrl}/#/account`);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await tab.reload();
    await pwExpect(tab.getByRole('heading', { level: 1 })).toHaveText('Sign in');

    await b.signIn(page, person);
    const me = (await b.app.http.get(`/api/users?search=${person.email}`).auth(admin, { type: 'bearer' })).body[0];
    await b.app.http.post(`/api/users/${me.id}/disable`).auth(admin, { type: 'bearer' }).expect(200);
    await page.getByRole('link', { name: 'Deployments' }).click();
    await pwExpect(page.locator('.notice')).toContainText('Your session has ended');
    await b.screenshot(page, 'people-disabled-signed-out-desktop');
  }, 120_000);
});
