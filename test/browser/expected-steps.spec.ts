import { fixtures } from '../support/alliance-fixtures.js';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * The steps people expect: a school withdraws a request it sent by mistake; a facilitator edits an SLE's record;
 * the brokerage meeting starts with the SLE and the facilitator as attendees; deploying starts from the agreed
 * start and warns when the dates differ.
 */
describe('the steps people expect, in a browser', () => {
  let b: BrowserHarness;
  let sleId: string;
  let mistaken: string;
  let waiting: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    ({ sleId } = await supportedSchool(b.app, { evaluate: false }));
    const admin = await b.app.login();
    const request = (urn: string, extra: Record<string, unknown>) =>
      b.app.http
        .post('/api/support-requests')
        .auth(admin, { type: 'bearer' })
        .send(fixtures.request(urn, extra))
        .expect(201);
    mistaken = (await request('100003', { areaOfNeed: 'Sent twice by mistake', requestedOn: '2026-02-27' })).body
      .deploymentId;
    waiting = (await request('100001', { areaOfNeed: 'Fractions in Y5', requestedOn: '2026-02-16' })).body.deploymentId;
  }, 30_000);
  afterAll(() => b?.stop());

  it('lets a school withdraw its own open request, which its history then shows', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('school', { schoolUrn: '100003' }));
    await page.goto(`${b.baseUrl}/#/deployments/${mistaken}`);
    await page.locator('summary', { hasText: 'Withdraw the request' }).click();
    const form = page.getByRole('form', { name: 'Withdraw the request' });
    await form.getByRole('button', { name: 'Withdraw the request' }).click();
    await pwExpect(form.locator('[data-field="reason"] .field-error')).toHaveText('reason must not be blank');
    expect(await accessibilityViolations(page)).toEqual([]);
    await form.getByLabel('Why are you withdrawing it?').fill('Sent twice by mistake');
    await form.getByRole('button', { name: 'Withdraw the request' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('The request is withdrawn. Nothing more will happen with it.');
    await pwExpect(page.getByRole('heading', { name: 'Withdrawn by the school' })).toBeVisible();
    await pwExpect(page.locator('summary', { hasText: 'Withdraw the request' })).toHaveCount(0);
    await b.screenshot(page, 'school-request-withdrawn');

    // The school's history says so.
    await page.goto(`${b.baseUrl}/#/schools/100003`);
    await pwExpect(page.getByText('Request withdrawn by the school: Sent twice by mistake').first()).toBeVisible();

    const phone = await b.newPhonePage();
    await b.signIn(phone, await b.account('school', { schoolUrn: '100003' }));
    await phone.goto(`${b.baseUrl}/#/deployments/${mistaken}`);
    await pwExpect(phone.getByRole('heading', { name: 'Withdrawn by the school' })).toBeVisible();
    expect(await accessibilityViolations(phone)).toEqual([]);
    await b.screenshot(phone, 'school-request-withdrawn-phone');
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('pre-fills the meeting’s attendees and warns when the work started on another day than agreed', async () => {
    const facilitator = await b.account('facilitator');
    const page = await b.newPage();
    await b.signIn(page, facilitator);
    await page.goto(`${b.baseUrl}/#/deployments/${waiting}`);
    const meeting = page.getByRole('form', { name: 'Brokerage meeting' });
    await pwExpect(meeting.locator('[data-field="attendees.1.name"] input')).toHaveValue(facilitator.email);
    await pwExpect(meeting.locator('[data-field="attendees.1.role"] input')).toHaveValue('SLE facilitator');
    await page.getByRole('button', { name: 'Choose Sam Patel' }).click();
    await pwExpect(meeting.locator('[data-field="attendees.0.name"] input')).toHaveValue('Sam Patel');
    await pwExpect(meeting.locator('[data-field="attendees.0.role"] input')).toHaveValue('SLE');
    await meeting.getByLabel('Held on').fill('2026-02-20');
    await meeting.getByLabel('Days commissioned').fill('2');
    await meeting.getByLabel('Work starts on').fill('2026-02-23');
    await meeting.getByLabel('Agreed end date').fill('2026-05-22');
    await meeting.locator('[data-field="expectedOutcomes.0.measure"] input').fill('% of Y5 secure in fractions');
    await meeting.locator('[data-field="expectedOutcomes.0.baseline"] input').fill('40');
    await meeting.locator('[data-field="expectedOutcomes.0.target"] input').fill('70');
    await meeting.getByRole('button', { name: 'Record the brokerage meeting' }).click();
    await pwExpect(page.getByRole('status')).toContainText('Brokerage meeting recorded');

    const deploy = page.getByRole('form', { name: 'Deploy the SLE' });
    const startedOn = deploy.getByLabel('Work started on');
    await pwExpect(startedOn).toHaveValue('2026-02-23');
    await pwExpect(deploy.locator('.warning')).toBeHidden();
    await startedOn.fill('2026-02-25');
    await pwExpect(deploy.locator('.warning')).toContainText('2 days later than agreed');
    expect(await accessibilityViolations(page)).toEqual([]);
    await b.screenshot(page, 'deploy-start-differs');
    await startedOn.fill('2026-02-23');
    await pwExpect(deploy.locator('.warning')).toBeHidden();
    await deploy.getByRole('button', { name: 'Deploy the SLE' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('The SLE is deployed.');
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('lets a facilitator change an SLE’s capacity and specialisms and end the designation', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('facilitator'));
    await page.goto(`${b.baseUrl}/#/sles/${sleId}`);
    await page.locator('summary', { hasText: 'Change the capacity' }).click();
    const capacity = page.getByRole('form', { name: 'Change the capacity' });
    await capacity.getByLabel('Days a year').fill('');
    await capacity.getByRole('button', { name: 'Change the capacity' }).click();
    await pwExpect(capacity.locator('[data-field="capacityDays"] .field-error')).toBeVisible();
    await capacity.getByLabel('Days a year').fill('25');
    await capacity.getByRole('button', { name: 'Change the capacity' }).click();
    await pwExpect(page.getByRole('status')).toHaveText("Sam Patel's capacity is changed.");
    await pwExpect(page.locator('dd', { hasText: /of 25 commissioned/ })).toBeVisible();

    await page.locator('summary', { hasText: 'Change the specialisms' }).click();
    const specialisms = page.getByRole('form', { name: 'Change the specialisms' });
    await specialisms.getByLabel('English primary', { exact: true }).check();
    await specialisms.getByRole('button', { name: 'Change the specialisms' }).click();
    await pwExpect(page.getByRole('status')).toHaveText("Sam Patel's specialisms are changed.");
    await pwExpect(page.locator('dd', { hasText: 'English primary, Maths primary' })).toBeVisible();
    await page.locator('summary', { hasText: 'End the designation' }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await b.screenshot(page, 'sle-record-edit');

    const end = page.getByRole('form', { name: 'End the designation' });
    await end.getByLabel('Reason').fill('Moved to another region');
    await end.getByRole('button', { name: 'End the designation' }).click();
    await pwExpect(page.getByRole('status')).toHaveText("Sam Patel's designation has ended.");
    await pwExpect(page.locator('summary', { hasText: 'End the designation' })).toHaveCount(0);

    const phone = await b.newPhonePage();
    await b.signIn(phone, await b.account('facilitator'));
    await phone.goto(`${b.baseUrl}/#/sles/${sleId}`);
    await phone.locator('summary', { hasText: 'Change the capacity' }).click();
    expect(await accessibilityViolations(phone)).toEqual([]);
    await b.screenshot(phone, 'sle-record-edit-phone');
    expect(b.problems).toEqual([]);
  }, 60_000);
});
