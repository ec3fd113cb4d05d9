import { expect as pwExpect } from './pw-expect.js';
import { fixtures } from '../support/alliance-fixtures.js';
import { accessibilityViolations, BrowserHarness, pick } from './browser-support.js';

const REASONING = '% of Y6 working at expected standard in reasoning';

/**
 * A facilitator brokers and runs a deployment through the pages, from the school's request to the evaluation
 * of impact: registering a school, designating an SLE, the queue, the matches, every step's form (with the
 * API's 400 messages beside their fields and a 409 at the top), the filtered list and the SLE directory.
 */

describe('the brokerage desk in a browser', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    const admin = await b.app.login();
    await b.app.http
      .post('/api/schools')
      .auth(admin, { type: 'bearer' })
      .send(
        fixtures.school('100001', {
          name: 'Pioneer Primary',
          ofstedGrade: 'requires-improvement',
          ofstedInspectedOn: '2024-05-20',
        }),
      )
      .expect(201);
  }, 30_000);
  afterAll(() => b?.stop());

  it('takes a request through brokerage, deployment, contact, extension and evaluation', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('facilitator'));

    // Lands on the brokerage queue, which is empty.
    await pwExpect(page.getByRole('heading', { level: 1, name: 'Brokerage queue' })).toBeVisible();
    await pwExpect(page.getByText('The queue is empty.')).toBeVisible();
    // What a page leaves out is left out, not written as "null" (no request is over the target here).
    expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b/);

    // Register the SLE's home school; a bad URN is named beside its field first.
    await page.getByRole('link', { name: 'Schools', exact: true }).click();
    await page.locator('summary', { hasText: 'Register a school' }).click();
    const schoolForm = page.getByRole('form', { name: 'Register a school' });
    await schoolForm.getByLabel('URN').fill('12345');
    await schoolForm.getByLabel('Name', { exact: true }).fill('Brook Primary');
    await schoolForm.getByLabel('Phase').selectOption('primary');
    await schoolForm.getByLabel('Local authority').fill('Buckinghamshire');
    await schoolForm.getByRole('button', { name: 'Register the school' }).click();
    await pwExpect(schoolForm.locator('[data-field="urn"] .field-error')).toHaveText('urn must be a six-digit URN');
    await pwExpect(schoolForm.getByLabel('URN')).toHaveAttribute('aria-invalid', 'true');
    await pwExpect(schoolForm.locator('.error-summary')).toBeFocused();
    await b.screenshot(page, 'facilitator-register-school-error');
    await schoolForm.getByLabel('URN').fill('100002');
    await schoolForm.getByRole('button', { name: 'Register the school' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Brook Primary (100002) is registered.');

    // Designate the SLE.
    await page.getByRole('link', { name: 'SLEs', exact: true }).click();
    await page.locator('summary', { hasText: 'Designate an SLE' }).click();
    const sleForm = page.getByRole('form', { name: 'Designate an SLE' });
    await sleForm.getByLabel('Full name').fill('Sam Patel');
    await sleForm.getByLabel('Email').fill('sam.patel@school.test');
    await pick(sleForm, 'Home school', 'brook', 'Brook Primary (100002)');
    await sleForm.getByLabel('Capacity (days a year)').fill('20');
    await sleForm.getByLabel('Designated on').fill('2024-09-01');
    await sleForm.getByLabel('Maths primary', { exact: true }).check();
    await sleForm.getByLabel('Primary', { exact: true }).check();
    await sleForm.getByRole('button', { name: 'Designate the SLE' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Sam Patel is designated as an SLE.');

    // The school asks for support (entered by the facilitator).
    await page.getByRole('link', { name: 'Brokerage queue' }).click();
    await page.getByRole('link', { name: 'Request support for a school' }).click();
    await pwExpect(page.getByRole('heading', { level: 1, name: 'Request support' })).toBeVisible();
    // A facilitator chooses the school, so no school is named above the form.
    expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b/);
    await pick(page, 'School', '100001', 'Pioneer Primary (100001)');
    await page.getByLabel('Specialism needed').selectOption('maths-primary');
    await page.getByLabel('Requested on').fill('2025-09-08');
    await page.getByLabel('Area of need').fill('Reasoning in KS2 maths');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await pwExpect(page.getByRole('heading', { level: 1, name: 'Pioneer Primary: Maths primary' })).toBeVisible();

    // It waits in the queue, from which the request's page opens with its ranked matches and their reasons.
    await page.getByRole('link', { name: 'Brokerage queue' }).click();
    await pwExpect(page.getByRole('row', { name: /Pioneer Primary/ })).toContainText('Maths primary');
    await b.screenshot(page, 'facilitator-queue');
    await page.getByRole('link', { name: 'Pioneer Primary' }).click();
    const match = page.locator('ol.matches > li').first();
    await pwExpect(match.getByRole('heading', { name: 'Sam Patel' })).toBeVisible();
    await pwExpect(match.locator('ul.reasons li').first()).toBeVisible();

    // The brokerage meeting: a missing target is named beside its field.
    await match.getByRole('button', { name: 'Choose Sam Patel' }).click();
    const meeting = page.getByRole('form', { name: 'Brokerage meeting' });
    await pwExpect(meeting.getByLabel('SLE')).toHaveValue(/.+/);
    await meeting.getByLabel('Held on').fill('2025-09-15');
    await meeting.getByLabel('Days commissioned').fill('50');
    await meeting.getByLabel('Work starts on').fill('2025-09-22');
    await meeting.getByLabel('Agreed end date').fill('2026-02-13');
    // The attendees start as the SLE chosen and the facilitator recording the meeting; the head is added.
    await pwExpect(meeting.locator('[data-field="attendees.0.name"] input')).toHaveValue('Sam Patel');
    await pwExpect(meeting.locator('[data-field="attendees.0.role"] input')).toHaveValue('SLE');
    await pwExpect(meeting.locator('[data-field="attendees.1.role"] input')).toHaveValue('SLE facilitator');
    await meeting.getByRole('button', { name: 'Add another attendee' }).click();
    await meeting.locator('[data-field="attendees.2.name"] input').fill('Jo Head');
    await meeting.locator('[data-field="attendees.2.role"] input').fill('Headteacher');
    await meeting.locator('[data-field="expectedOutcomes.0.measure"] input').fill(REASONING);
    await meeting.locator('[data-field="expectedOutcomes.0.baseline"] input').fill('48');
    // Add a second outcome row, then remove it again: the form sends what is on screen.
    await meeting.getByRole('button', { name: 'Add another outcome' }).click();
    await pwExpect(meeting.locator('[data-field="expectedOutcomes.1.measure"] input')).toBeFocused();
    await meeting.getByRole('button', { name: 'Remove outcome 2' }).click();
    await pwExpect(meeting.locator('[data-field="expectedOutcomes.1.measure"]')).toHaveCount(0);
    await meeting.getByRole('button', { name: 'Record the brokerage meeting' }).click();
    const targetError = meeting.locator('[data-field="expectedOutcomes.0.target"] .field-error');
    // In words a head teacher reads, not the validator's ("must be a number conforming to the specified constraints").
    await pwExpect(targetError).toHaveText('Enter the target as a number, such as 5 or 2.5');
    await pwExpect(meeting.locator('.error-summary')).toContainText(
      'Outcome 1, Target: Enter the target as a number, such as 5 or 2.5',
    );
    await b.screenshot(page, 'facilitator-meeting-field-error');

    // 50 days is beyond the SLE's capacity: the 409 is shown at the top of the form.
    await meeting.locator('[data-field="expectedOutcomes.0.target"] input').fill('70');
    await meeting.getByRole('button', { name: 'Record the brokerage meeting' }).click();
    await pwExpect(meeting.locator('.error-summary')).toContainText('This could not be done');
    await pwExpect(meeting.locator('.error-summary')).toContainText('has 20 days of capacity in 2025-26');
    await pwExpect(targetError).toBeHidden();
    await meeting.getByLabel('Days commissioned').fill('5');
    await meeting.getByRole('button', { name: 'Record the brokerage meeting' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Brokerage meeting recorded: the deployment is brokered.');
    await pwExpect(page.locator('.lede .badge')).toHaveText('Brokered');
    // The SLE's and the facilitator's rows name them, so that each name is erased with its person; the head's,
    // typed in, names no one.
    const deploymentId = /[0-9a-f-]{36}/.exec(new URL(page.url()).hash)?.[0] ?? '';
    const admin = await b.app.login();
    const recorded = await b.app.http
      .get(`/api/deployments/${deploymentId}`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const attendees = recorded.body.brokerageMeeting.attendees as Record<string, string>[];
    expect(attendees.map((a) => [a.name, a.sleId !== undefined, a.userId !== undefined])).toEqual([
      ['Sam Patel', true, false],
      [expect.any(String), false, true],
      ['Jo Head', false, false],
    ]);

    // Deploy, log a contact, extend, evaluate.
    await page.getByLabel('Work started on').fill('2025-09-22');
    await page.getByRole('button', { name: 'Deploy the SLE' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('The SLE is deployed.');

    const contact = page.getByRole('form', { name: 'Log a contact' });
    await contact.getByLabel('On', { exact: true }).fill('2025-10-06');
    await contact.getByLabel('Note').fill('Observed Y6 lessons; planning reviewed');
    await contact.getByRole('button', { name: 'Log the contact' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Contact logged.');
    await pwExpect(page.getByRole('row', { name: /Observed Y6 lessons/ })).toContainText('On track');

    await page.locator('summary', { hasText: 'Extend the deployment' }).click();
    const extension = page.getByRole('form', { name: 'Extend the deployment' });
    await extension.getByLabel('Agreed on').fill('2026-01-12');
    await extension.getByLabel('More days').fill('3');
    await extension.getByLabel('New end date').fill('2026-03-27');
    await extension.getByLabel('Focus of the extension').fill('Greater depth reasoning');
    await extension.getByRole('button', { name: 'Extend the deployment' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Deployment extended.');
    await pwExpect(page.getByText('1 delivered of 8 commissioned')).toBeVisible();

    await page.locator('summary', { hasText: 'Evaluate impact' }).click();
    const evaluation = page.getByRole('form', { name: 'Evaluate impact' });
    await evaluation.getByLabel('Held on').fill('2026-03-02');
    await evaluation.getByLabel("School's rating of the support").selectOption('5');
    await evaluation.getByLabel(`Actual: ${REASONING}`).fill('72');
    await evaluation.getByLabel('Summary of impact').fill('Reasoning now taught explicitly across KS2');
    await b.screenshot(page, 'facilitator-deployment-deployed');
    await evaluation.getByRole('button', { name: 'Record the evaluation' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Impact evaluated: the deployment is complete.');
    await pwExpect(page.locator('.lede .badge')).toHaveText('Evaluated');
    await pwExpect(page.getByRole('row', { name: new RegExp(REASONING.replace(/[%]/g, '.')) })).toContainText(
      'Achieved',
    );
    await pwExpect(page.getByRole('heading', { name: 'Next steps' })).toHaveCount(0);
    await b.screenshot(page, 'facilitator-deployment-evaluated');

    // The school's page: what was agreed, and the impact chart with its baseline, target and actual.
    await page.getByRole('link', { name: 'School page' }).click();
    await pwExpect(page.getByRole('heading', { level: 1, name: 'Pioneer Primary' })).toBeVisible();
    await pwExpect(page.locator('#timeline-charts')).toHaveAttribute('data-drawn', '2');
    await b.screenshot(page, 'facilitator-school-page');

    // A report card, recorded through the form the inspection date shapes: a report card's areas from
    // 10 November 2025, the overall grade before September 2024.
    await page.locator('summary', { hasText: 'Record an Ofsted judgement' }).click();
    const ofsted = page.getByRole('form', { name: 'Record an Ofsted judgement' });
    await ofsted.getByLabel('Inspected on').fill('2024-03-04');
    await pwExpect(ofsted.getByLabel('Overall effectiveness')).toBeVisible();
    await pwExpect(ofsted.getByLabel('Inclusion')).toBeHidden();
    await ofsted.getByLabel('Inspected on').fill('2026-01-14');
    await pwExpect(ofsted.getByLabel('Overall effectiveness')).toBeHidden();
    for (const area of [
      'Inclusion',
      'Curriculum and teaching',
      'Attendance and behaviour',
      'Personal development and well being',
      'Leadership and governance',
    ])
      await ofsted.getByLabel(area, { exact: true }).selectOption('expected-standard');
    await ofsted.getByLabel('Achievement', { exact: true }).selectOption('needs-attention');
    await ofsted.getByRole('button', { name: 'Record the judgement' }).click();
    // Safeguarding left out: the API's 400 is shown beside it.
    await pwExpect(ofsted.locator('.error-summary')).toContainText('Safeguarding');
    await pwExpect(ofsted.getByLabel('Safeguarding', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await b.screenshot(page, 'facilitator-ofsted-report-card-error');
    await ofsted.getByLabel('Safeguarding', { exact: true }).selectOption('met');
    await ofsted.getByRole('button', { name: 'Record the judgement' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Ofsted judgement recorded.');
    await pwExpect(page.locator('.summary').first()).toContainText('Report card. Inclusion: expected standard');
    await pwExpect(page.locator('#timeline-charts')).toHaveAttribute('data-drawn', '2');
    expect(await accessibilityViolations(page)).toEqual([]);
    await b.screenshot(page, 'facilitator-school-report-card');

    // The list of deployments, filtered by status, school and SLE.
    await page.getByRole('link', { name: 'Deployments', exact: true }).click();
    await page.getByLabel('Status').selectOption('evaluated');
    await pick(page, 'School', 'pioneer', 'Pioneer Primary (100001)');
    await pick(page, 'SLE', 'sam', 'Sam Patel');
    await page.getByRole('button', { name: 'Search' }).click();
    await pwExpect(page.getByText('Showing 1 to 1 of 1 deployments; page 1 of 1.')).toBeVisible();
    await pwExpect(page.getByRole('combobox', { name: 'School' })).toHaveValue('Pioneer Primary (100001)');
    await pwExpect(page.locator('table tbody tr')).toHaveCount(1);
    await b.screenshot(page, 'facilitator-deployments');
    await page.getByLabel('Status').selectOption('deployed');
    await page.getByRole('button', { name: 'Search' }).click();
    await pwExpect(page.getByText('No deployment matches.')).toBeVisible();

    // The SLE directory with utilisation.
    await page.getByRole('link', { name: 'SLEs', exact: true }).click();
    await pwExpect(page.getByRole('row', { name: /Sam Patel/ })).toContainText('8 of 20 days (40%)');
    await b.screenshot(page, 'facilitator-sles');

    expect(b.problems).toEqual([]);
  }, 90_000);
});
