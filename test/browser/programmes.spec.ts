import type { Page } from 'playwright-core';
import { BrowserHarness, pick } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * An admin defines a RISE programme on the Programmes page (a bad code named beside its field); a facilitator's
 * request form then offers a choice of programme, with that programme's specialisms. Looked at on desktop and at
 * 390 px, checked with axe-core.
 */
describe('programmes in a browser', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    const admin = await b.app.login();
    await b.app.http
      .post('/api/schools')
      .auth(admin, { type: 'bearer' })
      .send({ urn: '100001', name: 'Pioneer Primary', phase: 'primary', localAuthority: 'Milton Keynes' })
      .expect(201);
    await b.app.http
      .post('/api/schools')
      .auth(admin, { type: 'bearer' })
      .send({ urn: '100002', name: 'Brook Primary', phase: 'primary', localAuthority: 'Milton Keynes' })
      .expect(201);
  }, 30_000);
  afterAll(() => b?.stop());

  const lookAt = (page: Page, name: string) => b.inspect(page, `programmes-${name}`);

  it('defines a programme, then requests support within it', async () => {
    const page = await b.signedIn('admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programmes' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Programmes');
    await pwExpect(page.getByRole('row', { name: /SLEs/ })).toContainText('sle');

    const form = page.getByRole('form', { name: 'Define a programme' });
    await form.getByLabel('Code').fill('RISE advisers');
    await form.getByLabel('One is called').fill('RISE adviser');
    await form.getByLabel('Several are called').fill('RISE advisers');
    await form.getByLabel('Specialisms').fill('leadership\nmaths-primary');
    await form.getByLabel('Days a year').fill('30');
    await form.getByRole('button', { name: 'Define the programme' }).click();
    await pwExpect(form.locator('[data-field="programmeId"] .field-error')).toContainText('lower-case');
    await form.getByLabel('Code').fill('rise');
    await form.getByRole('button', { name: 'Define the programme' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('RISE advisers: saved.');
    await pwExpect(page.getByRole('row', { name: /RISE advisers/ })).toContainText('leadership, maths-primary');
    await lookAt(page, 'admin-desktop');
    await page.context().close();

    const phone = await b.signedIn('admin', { phone: true });
    await phone.goto(`${b.baseUrl}/#/programmes?edit=rise`);
    await pwExpect(phone.getByRole('heading', { level: 2, name: 'Edit RISE advisers' })).toBeVisible();
    await lookAt(phone, 'admin-390');
    await phone.context().close();

    const facilitator = await b.signedIn('facilitator');
    // Designate a RISE adviser: the form asks which programmes, and offers every programme's specialisms.
    await facilitator.goto(`${b.baseUrl}/#/sles`);
    await facilitator.getByText('Designate an SLE', { exact: true }).click();
    const designate = facilitator.getByRole('form', { name: 'Designate an SLE' });
    await designate.getByLabel('Full name').fill('Ada Adviser');
    await designate.getByLabel('Email').fill('ada@rise.test');
    await pick(designate, 'Home school', 'brook', 'Brook Primary (100002)');
    await designate.getByLabel('Capacity (days a year)').fill('30');
    const programmesGroup = designate.getByRole('group', { name: 'Programmes' });
    await programmesGroup.getByLabel('SLEs').uncheck();
    await programmesGroup.getByLabel('RISE advisers').check();
    await designate.getByRole('group', { name: 'Specialisms' }).getByLabel('Leadership', { exact: true }).check();
    await designate.getByRole('group', { name: 'Phases' }).getByLabel('Primary').check();
    await designate.getByRole('button', { name: 'Designate the SLE' }).click();
    await pwExpect(facilitator.getByRole('status')).toContainText('Ada Adviser is designated');

    await facilitator.goto(`${b.baseUrl}/#/requests/new`);
    const request = facilitator.getByRole('form', { name: 'Request support' });
    await request.getByLabel('Programme').selectOption('rise');
    const specialisms = await request.getByLabel('Specialism needed').locator('option').allTextContents();
    expect(specialisms).toEqual(['Choose a specialism', 'Leadership', 'Maths primary']);
    await pick(request, 'School', 'pioneer', 'Pioneer Primary (100001)');
    await request.getByLabel('Specialism needed').selectOption('leadership');
    await request.getByLabel('Source').selectOption('dfe');
    await request.getByLabel('Area of need').fill('A new head needs support with the school improvement plan');
    await lookAt(facilitator, 'request-desktop');
    await request.getByRole('button', { name: 'Send the request' }).click();
    await pwExpect(facilitator.getByRole('status')).toContainText('Support requested');
    const id = facilitator.url().split('/').pop() ?? '';
    const admin = await b.app.login();
    const view = await b.app.http.get(`/api/deployments/${id}`).auth(admin, { type: 'bearer' }).expect(200);
    expect(view.body).toMatchObject({ programme: 'rise', specialism: 'leadership' });
    await pwExpect(facilitator.locator('main')).toContainText('RISE advisers');
    // The RISE adviser is the match; no SLE-programme specialist is offered.
    await pwExpect(facilitator.getByLabel('SLE', { exact: true })).toContainText('Ada Adviser');
    await b.screenshot(facilitator, 'programmes-deployment-desktop');
    await facilitator.context().close();
  });
});
