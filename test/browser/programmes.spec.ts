import type { Page } from 'playwright-core';
import { fixtures } from '../support/alliance-fixtures.js';
import { BrowserHarness, pick } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * An admin defines a RISE programme on the Programmes page (a bad code named beside its field); a facilitator
 * designates a RISE adviser (the capacity starts at the programme's days a year), and the request form offers a
 * choice of programme, with that programme's specialisms. The impact page then reads one programme's figures,
 * as the API gives them, with the choice kept in the address. Looked at on desktop and at 390 px, checked with
 * axe-core.
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
    // The capacity starts at the SLE programme's 20 days and follows the programme ticked: RISE's 30.
    const capacity = designate.getByLabel('Capacity (days a year)');
    await pwExpect(capacity).toHaveValue('20');
    const programmesGroup = designate.getByRole('group', { name: 'Programmes' });
    await programmesGroup.getByLabel('SLEs').uncheck();
    await programmesGroup.getByLabel('RISE advisers').check();
    await pwExpect(capacity).toHaveValue('30');
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
    const ada = await b.app.http.get('/api/sles').auth(admin, { type: 'bearer' }).expect(200);
    expect(ada.body).toEqual([expect.objectContaining({ name: 'Ada Adviser', capacityDays: 30 })]);
  });

  it("reads the impact page for one programme: its figures are the API's for it, kept in the address", async () => {
    // Built on the first test's RISE programme and adviser: an SLE's work and the adviser's, both evaluated in 2025-26.
    const admin = await b.app.login();
    const post = (path: string, body: object) =>
      b.app.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    const sles = (await b.app.http.get('/api/sles').auth(admin, { type: 'bearer' }).expect(200)).body as {
      sleId: string;
      name: string;
    }[];
    const adaId = sles.find((s) => s.name === 'Ada Adviser')!.sleId;
    const samId = (await post('/api/sles', fixtures.sle('100002'))).body.sleId as string;
    const evaluated = async (sleId: string, request: object, actuals: [number, number], schoolRating: number) => {
      const id = (await post('/api/support-requests', request)).body.deploymentId as string;
      const meeting = fixtures.meeting(sleId);
      await post(`/api/deployments/${id}/brokerage-meeting`, meeting);
      await post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' });
      await post(`/api/deployments/${id}/contacts`, fixtures.contact());
      await post(`/api/deployments/${id}/impact-evaluation`, {
        heldOn: '2026-02-20',
        outcomes: meeting.expectedOutcomes.map((o, i) => ({ measure: o.measure, actual: actuals[i] })),
        schoolRating,
        summary: 'Evaluated with the school',
      });
    };
    await evaluated(samId, fixtures.request('100001'), [72, 80], 5);
    await evaluated(
      adaId,
      fixtures.request('100001', { programme: 'rise', specialism: 'leadership', areaOfNeed: 'A new head' }),
      [60, 50],
      3,
    );
    const figuresOf = (body: Record<string, unknown>) =>
      Object.entries(body)
        .filter(([, v]) => typeof v === 'number' || v === null)
        .map(([key, value]) => ({ key, value }));
    const impact = async (programme?: string) =>
      (
        await b.app.http
          .get(`/api/reports/impact?from=2025-09-01&to=2026-08-31${programme ? `&programme=${programme}` : ''}`)
          .auth(admin, { type: 'bearer' })
          .expect(200)
      ).body as Record<string, unknown>;
    const rise = await impact('rise');
    expect(rise).toMatchObject({ programme: 'rise', deploymentsCompleted: 1 });
    expect((await impact()).deploymentsCompleted).toBe(2);

    const shownFigures = (page: Page) =>
      page.locator('.impact-figure').evaluateAll((cards) =>
        cards.map((c) => {
          const { figure, value } = (c as unknown as { dataset: Record<string, string> }).dataset;
          return { key: figure, value: value === 'null' ? null : Number(value) };
        }),
      );
    const coreTeam = await b.account('core-team');
    const page = await b.signedIn(coreTeam);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Impact' }).click();
    await pwExpect(page.locator('[data-figure="deploymentsCompleted"] .impact-figure__value')).toHaveText('2');
    const picker = page.getByRole('form', { name: 'Period' }).getByLabel('Programme');
    expect(await picker.locator('option').allTextContents()).toEqual(['Every programme', 'SLEs', 'RISE advisers']);
    await picker.selectOption('rise');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/#\/impact\?from=2025-09-01&to=2026-08-31&programme=rise$/);
    await pwExpect(page.locator('[data-figure="deploymentsCompleted"] .impact-figure__value')).toHaveText('1');
    expect(await shownFigures(page)).toEqual(figuresOf(rise));
    await pwExpect(page.locator('table tbody tr')).toHaveCount(1);
    await pwExpect(page.locator('table tbody tr')).toContainText('Ada Adviser');
    await pwExpect(page.getByRole('columnheader', { name: 'RISE adviser' })).toBeVisible();
    // A figure's deployments and another year keep the programme.
    await pwExpect(page.locator('[data-figure="deploymentsCompleted"] a')).toHaveAttribute('href', /programme=rise/);
    await pwExpect(page.getByRole('link', { name: '2024-25' })).toHaveAttribute('href', /programme=rise/);
    // Reloaded (or shared), the address gives the same programme and figures.
    await page.reload();
    await pwExpect(page.getByRole('form', { name: 'Period' }).getByLabel('Programme')).toHaveValue('rise');
    expect(await shownFigures(page)).toEqual(figuresOf(rise));
    await lookAt(page, 'impact-rise-desktop');
    const address = page.url();
    await page.context().close();

    const phone = await b.signedIn(coreTeam, { phone: true });
    await phone.goto(address);
    await pwExpect(phone.locator('[data-figure="deploymentsCompleted"] .impact-figure__value')).toHaveText('1');
    await lookAt(phone, 'impact-rise-390');
    await phone.context().close();

    // The needs analysis and the half-term review read one programme the same way.
    const other = await b.signedIn(coreTeam);
    await other.goto(`${b.baseUrl}/#/needs?programme=rise`);
    await pwExpect(other.getByLabel('Programme', { exact: true })).toHaveValue('rise');
    await pwExpect(other.locator('main')).toContainText('designating RISE advisers only where a need is shown');
    await lookAt(other, 'needs-rise-desktop');
    await other.goto(`${b.baseUrl}/#/review?academicYear=2025-26&halfTerm=spring-1&programme=rise`);
    await pwExpect(other.getByRole('heading', { level: 1 })).toHaveText(
      'Half-term review: Spring 1 2025-26, RISE advisers',
    );
    await lookAt(other, 'review-rise-desktop');
    await other.context().close();
  }, 60_000);
});
