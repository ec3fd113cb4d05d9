import { fixtures } from '../support/alliance-fixtures.js';
import { accessibilityViolations, BrowserHarness, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * The people forms as a person uses them, on a server with no email: the invite form (its role and the school or
 * SLE shown for it), the search, an admin's role form and the buttons on a person's page, and a sign-in refusal
 * named in the address.
 */
describe('People forms in a browser, without email', () => {
  let b: BrowserHarness;
  let admin: string;
  let sleId: string;

  const personByEmail = async (email: string) => {
    const found = await b.app.http.get(`/api/users?search=${email}`).auth(admin, { type: 'bearer' }).expect(200);
    return found.body as { id: string; role: string; schoolUrn?: string; sleId?: string; status: string }[];
  };

  /** What the browser reported, but the failed fetch of an answer a test cuts off on purpose. */
  const unexpectedProblems = () => b.problems.filter((p) => !p.includes('net::ERR_CONNECTION_RESET'));

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    admin = await b.app.login();
    const post = (path: string, body: object) =>
      b.app.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    await post('/api/schools', fixtures.school('100201', { name: 'Aspen Primary' }));
    await post('/api/schools', fixtures.school('100202', { name: 'Birch Primary' }));
    sleId = (await post('/api/sles', fixtures.sle('100201', { name: 'Kim Lee', email: 'kim.lee@school.test' }))).body
      .sleId;
  }, 120_000);
  afterAll(async () => {
    await b?.stop();
  });

  it('a facilitator searches and invites; the link is shown once, and not after a lost answer', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('facilitator'));
    await page.getByRole('link', { name: 'People' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('People');

    // The search is kept in the address without the spaces typed around it.
    await page.getByLabel('Name or email').fill('  nobody  ');
    await page.getByRole('button', { name: 'Search' }).click();
    await pwExpect(page.getByText('Nobody matches the search.')).toBeVisible();
    expect(new URL(page.url()).hash).toBe('#/users?search=nobody');
    await pwExpect(page.getByLabel('Name or email')).toHaveValue('nobody');
    await page.getByRole('link', { name: 'Clear' }).click();
    await pwExpect(page.getByText('Nobody has been invited yet.')).toBeVisible();

    // A facilitator invites school and SLE users; the school or SLE select is offered for its role only.
    const form = page.getByRole('form', { name: 'Invite someone' });
    const role = form.getByLabel('Role');
    expect(await role.locator('option').allInnerTexts()).toEqual(['School', 'Sle']);
    await pwExpect(form.getByLabel('School')).toBeVisible();
    await pwExpect(form.getByLabel('SLE', { exact: true })).toBeHidden();
    await role.selectOption('sle');
    await pwExpect(form.getByLabel('School')).toBeHidden();
    await pwExpect(form.getByLabel('SLE', { exact: true })).toBeVisible();
    await role.selectOption('school');
    await form.getByLabel('Full name').fill('Robin Head');
    await form.getByLabel('Email').fill('robin.head@school.test');
    await form.getByLabel('School').fill('birch');
    await form.getByRole('option', { name: 'Birch Primary (100202)' }).click();
    await form.getByRole('button', { name: 'Send the invitation' }).click();

    // No email here: the link is given to hand over, once.
    const notice = page.locator('.notice.link-once');
    await pwExpect(notice).toContainText('Robin Head is invited, but no email could be sent');
    await pwExpect(notice).toBeFocused();
    expect(await notice.locator('code.one-time-link').innerText()).toMatch(/\/#\/invitation\?token=[\w-]{43}$/);
    await b.screenshot(page, 'people-invited-link-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await personByEmail('robin.head@school.test')).toEqual([
      expect.objectContaining({ role: 'school', schoolUrn: '100202', status: 'invited' }),
    ]);

    // On a school's page the access is fixed to that school. The answer to the first try is lost on the way back,
    // so the second try (with the same Idempotency-Key) is answered as a repeat, which never carries the link.
    await page.goto(`${b.baseUrl}/#/schools/100201`);
    await pwExpect(page.getByRole('heading', { name: 'Who has access to this school' })).toBeVisible();
    await page.getByText('Invite someone').click();
    const access = page.getByRole('form', { name: 'Invite someone' });
    await access.getByLabel('Full name').fill('Ash Deputy');
    await access.getByLabel('Email').fill('ash.deputy@school.test');
    let reached = 0;
    await page.route('**/api/users/invitations', async (route) => {
      const answer = await route.fetch();
      reached += answer.status() === 201 ? 1 : 0;
      await route.abort('connectionreset');
    });
    await access.getByRole('button', { name: 'Send the invitation' }).click();
    await pwExpect(access.locator('.error-summary')).toContainText('The service could not be reached');
    expect(reached).toBe(1);
    await page.unroute('**/api/users/invitations');
    await access.getByRole('button', { name: 'Send the invitation' }).click();
    const lost = page.locator('.notice.link-once');
    await pwExpect(lost).toContainText('Ash Deputy is invited, but no email could be sent');
    await pwExpect(lost).toContainText('Send the invitation again from their page');
    expect(await lost.locator('code').count()).toBe(0);
    await b.screenshot(page, 'people-invite-link-lost-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await b.screenshot(page, 'people-invite-link-lost-390');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
    await pwExpect(lost.getByRole('link', { name: 'their page' })).toHaveAttribute('href', /^#\/users\/[0-9a-f-]{36}$/);
    // Invited once, with the school's access.
    expect(await personByEmail('ash.deputy@school.test')).toEqual([
      expect.objectContaining({ role: 'school', schoolUrn: '100201', status: 'invited' }),
    ]);
    expect(unexpectedProblems()).toEqual([]);
  }, 120_000);

  it("an admin changes a person's role and SLE, sends a new link and disables them", async () => {
    await b.app.http
      .post('/api/users/invitations')
      .auth(admin, { type: 'bearer' })
      .send({ name: 'Jordan Change', email: 'jordan@school.test', role: 'school', schoolUrn: '100201' })
      .expect(201);
    const [jordan] = await personByEmail('jordan@school.test');
    const page = await b.newPage();
    await b.signIn(page, { email: 'admin@alliance.test', password: 'admin-password-123' });
    await page.goto(`${b.baseUrl}/#/users/${jordan.id}`);
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Jordan Change');

    const form = page.getByRole('form', { name: 'Change role' });
    await pwExpect(form.getByLabel('Role')).toHaveValue('school');
    await pwExpect(form.getByLabel('School')).toHaveValue('Aspen Primary (100201)');
    await pwExpect(form.getByLabel('SLE', { exact: true })).toBeHidden();
    await form.getByLabel('Role').selectOption('sle');
    await pwExpect(form.getByLabel('School')).toBeHidden();
    await form.getByLabel('SLE', { exact: true }).fill('kim');
    await form.getByRole('option', { name: 'Kim Lee' }).click();
    await form.getByRole('button', { name: 'Save the role' }).click();
    await pwExpect(page.locator('.notice')).toContainText('Jordan Change is now sle; they sign in again to use it.');
    // Only the SLE went with the new role: the school select was left out of the body.
    expect(await personByEmail('jordan@school.test')).toEqual([
      expect.objectContaining({ role: 'sle', sleId, status: 'invited' }),
    ]);
    expect((await personByEmail('jordan@school.test'))[0].schoolUrn).toBeUndefined();

    await page.getByRole('button', { name: 'Send the invitation again' }).click();
    const notice = page.locator('.notice.link-once');
    await pwExpect(notice).toContainText('Jordan Change is invited, but no email could be sent');
    expect(await notice.locator('code.one-time-link').innerText()).toMatch(/\/#\/invitation\?token=[\w-]{43}$/);

    await page.getByRole('button', { name: 'Disable access' }).click();
    await pwExpect(page.locator('.notice')).toContainText('Jordan Change can no longer sign in');
    await settled(page);
    await pwExpect(page.getByRole('button', { name: 'Enable access again' })).toBeVisible();
    expect((await personByEmail('jordan@school.test'))[0].status).toBe('disabled');
    expect(unexpectedProblems()).toEqual([]);
  }, 120_000);

  it('a people import whose answer is lost says, for each link, that it is not shown again', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('facilitator'));
    await page.goto(`${b.baseUrl}/#/import?kind=people`);
    expect(await page.getByRole('radio', { name: 'People to invite' }).isChecked()).toBe(true);
    const csv = 'name,email,role,school_urn,sle\r\nSky Teacher,sky@school.test,school,100201,\r\n';
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    let reached = 0;
    await page.route('**/api/imports/people', async (route) => {
      reached += (await route.fetch()).status() === 201 ? 1 : 0;
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Import people to invite' }).click();
    await pwExpect(page.getByRole('alert')).toContainText('The service could not be reached');
    expect(reached).toBe(1);
    await page.unroute('**/api/imports/people');
    await page.getByRole('button', { name: 'Import people to invite' }).click();
    await pwExpect(page.locator('.notice')).toContainText('Invited 1 person. 1 could not be emailed');
    const row = page.getByRole('row', { name: /sky@school\.test/ });
    await pwExpect(row).toContainText('Not shown again: send the invitation again from their page');
    expect(await row.locator('code').count()).toBe(0);
    await b.screenshot(page, 'people-import-link-lost-desktop');
    expect(await personByEmail('sky@school.test')).toHaveLength(1);
    expect(unexpectedProblems()).toEqual([]);
  }, 120_000);

  it('names a refused provider sign-in from the address, and only the refusals it knows', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/#/login?signin=disabled`);
    await pwExpect(page.getByRole('alert')).toHaveText(
      'Your account is disabled. Ask the alliance if you think it should not be.',
    );
    // A name every object has (not a refusal) is no refusal. A page of its own, so that what is read is its first view.
    const other = await b.newPage();
    await other.goto(`${b.baseUrl}/#/login?signin=constructor`);
    await settled(other);
    await pwExpect(other.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    expect(await other.locator('.login > .error-summary').count()).toBe(0);
    expect(await other.locator('main').innerText()).not.toMatch(/function|native code/);
    expect(unexpectedProblems()).toEqual([]);
  }, 60_000);
});
