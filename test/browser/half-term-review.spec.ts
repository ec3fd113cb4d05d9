import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness, OUTPUT_DIR, pick } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/** The core team opens the report of a half term, records the review, prints it and downloads it as CSV. */
describe('the half-term review in a browser', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    await supportedSchool(b.app, { evaluate: false });
  }, 30_000);
  afterAll(() => b?.stop());

  it('opens, records, prints and downloads a half-term review', async () => {
    const page = await b.newPage();
    const coreTeam = await b.account('core-team');
    await b.signIn(page, coreTeam);

    // Lands on the review of the current half term (spring 2, on 2 March 2026); core team cannot broker or import.
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Half-term review: Spring 2 2025-26');
    const menu = page.getByRole('navigation', { name: 'Main' });
    await pwExpect(menu.getByRole('link', { name: 'Import' })).toHaveCount(0);

    // Pick autumn 2: the deployment was at risk at its latest contact, which is overdue by the half term's end.
    await page.getByLabel('Half term', { exact: true }).selectOption('autumn-2');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Half-term review: Autumn 2 2025-26');
    await pwExpect(page.locator('.figures li', { hasText: 'Deployments active' }).locator('.figure')).toHaveText('1');
    const row = page.getByRole('row', { name: /School 100001/ });
    await pwExpect(row).toContainText('At risk');
    await pwExpect(row).toContainText('Contact overdue');
    await pwExpect(page.locator('section', { hasText: 'Areas of concern' }).locator('.card h3')).toHaveText(
      'School 100001 (100001)',
    );

    // Record the review: the report's concern is filled in to start with.
    const form = page.getByRole('form', { name: 'Record the half-term review' });
    await form.getByLabel('Held on').fill('2025-12-15');
    await form.locator('[data-field="attendees.0.name"] input').fill('Chris Chair');
    await form.locator('[data-field="attendees.0.role"] input').fill('Chair of the core team');
    // The school is a type-ahead picker, named from the report: no list of every school is read.
    const concernSchool = form.locator('[data-field="areasOfConcern.0.schoolUrn"]');
    await pwExpect(concernSchool.getByRole('combobox', { name: 'School' })).toHaveValue('School 100001 (100001)');
    await pwExpect(concernSchool.locator('input[type="hidden"]')).toHaveValue('100001');
    await form
      .locator('[data-field="areasOfConcern.0.concern"] textarea')
      .fill('Y6 staffing; SLE to visit weekly until February');
    await form.getByLabel('Notes').fill('All current deployments reviewed.');
    await form.getByRole('button', { name: 'Record the review' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('The Autumn 2 2025-26 review is recorded.');
    await pwExpect(page.locator('section', { hasText: 'Areas of concern' })).toContainText(
      'Y6 staffing; SLE to visit weekly until February',
    );
    // Kept: the attendees, the decisions and the notes are on the page, with who recorded them.
    const kept = page.locator('section.kept-review');
    await pwExpect(kept).toContainText('Chris Chair, Chair of the core team');
    await pwExpect(kept.locator('.decisions')).toContainText('Y6 staffing; SLE to visit weekly until February');
    await pwExpect(kept.locator('.review-notes')).toHaveText('All current deployments reviewed.');
    await pwExpect(kept.getByRole('row', { name: /Recorded/ })).toContainText(coreTeam.email);
    await b.screenshot(page, 'core-team-half-term-review');

    // The form for a held review is "amend", filled in with the record, never a second "record".
    await pwExpect(page.getByRole('form', { name: 'Record the half-term review' })).toHaveCount(0);
    await page.locator('summary', { hasText: 'Amend the review' }).click();
    const amend = page.getByRole('form', { name: 'Amend the half-term review' });
    await pwExpect(amend.locator('[data-field="attendees.0.name"] input')).toHaveValue('Chris Chair');
    await pwExpect(amend.getByLabel('Notes')).toHaveValue('All current deployments reviewed.');
    await b.screenshot(page, 'core-team-half-term-review-amend-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);
    // A school left without a concern is named beside its field; an amendment needs its reason.
    await amend.locator('[data-field="areasOfConcern.0.concern"] textarea').fill('');
    await amend.getByRole('button', { name: 'Amend the review' }).click();
    await pwExpect(amend.locator('[data-field="areasOfConcern.0.concern"] .field-error')).toHaveText(
      'concern must not be blank',
    );
    await pwExpect(amend.locator('[data-field="reason"] .field-error')).toHaveText('reason must not be blank');
    await amend
      .locator('[data-field="areasOfConcern.0.concern"] textarea')
      .fill('Y6 staffing; SLE to visit weekly until February');
    await amend.getByRole('button', { name: 'Add another attendee' }).click();
    await amend.locator('[data-field="attendees.1.name"] input').fill('Dana Deputy');
    await amend.locator('[data-field="attendees.1.role"] input').fill('Deputy head, 100001');
    await amend.getByLabel('Reason for the amendment').fill('Dana Deputy was there but left off the list');
    await amend.getByRole('button', { name: 'Amend the review' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('The Autumn 2 2025-26 review is amended.');
    await pwExpect(kept).toContainText('Dana Deputy, Deputy head, 100001');
    await pwExpect(kept.getByRole('row', { name: /Amended/ })).toContainText(
      'Dana Deputy was there but left off the list',
    );
    await b.screenshot(page, 'core-team-half-term-review-amended');
    const phone = await b.newPhonePage();
    await b.signIn(phone, coreTeam);
    await phone.goto(`${b.baseUrl}/#/review?academicYear=2025-26&halfTerm=autumn-2`);
    await pwExpect(phone.locator('section.kept-review')).toContainText('Dana Deputy');
    expect(await accessibilityViolations(phone)).toEqual([]);
    await b.screenshot(phone, 'core-team-half-term-review-phone');
    // Another school of concern is chosen by typing part of its name: the picker asks the server for a few.
    await phone.locator('summary', { hasText: 'Amend the review' }).click();
    const phoneAmend = phone.getByRole('form', { name: 'Amend the half-term review' });
    await phoneAmend.getByRole('button', { name: 'Add a school of concern' }).click();
    const added = phoneAmend.locator('[data-field="areasOfConcern.1.schoolUrn"]');
    await added.getByRole('combobox', { name: 'School' }).fill('brook');
    await pwExpect(added.getByRole('option', { name: 'Brook Primary (100003)' })).toBeVisible();
    expect(await accessibilityViolations(phone)).toEqual([]);
    await added.scrollIntoViewIfNeeded();
    await b.screenshot(phone, 'core-team-half-term-review-amend-phone', false);
    await pick(added, 'School', 'brook', 'Brook Primary (100003)');
    await pwExpect(added.locator('input[type="hidden"]')).toHaveValue('100003');

    // Printed: the report alone, without the menu, the picker or the forms.
    await page.emulateMedia({ media: 'print' });
    await pwExpect(page.locator('.site-header')).toBeHidden();
    await pwExpect(page.getByRole('form', { name: 'Amend the half-term review' })).toBeHidden();
    await pwExpect(page.locator('section.kept-review')).toBeVisible();
    await pwExpect(page.locator('section.kept-review')).toContainText('Dana Deputy');
    await pwExpect(page.getByRole('form', { name: 'Choose a half term' })).toBeHidden();
    await pwExpect(page.getByRole('heading', { name: 'Active deployments' })).toBeVisible();
    await pwExpect(page.getByText('Printed on 2 Mar 2026.')).toBeVisible();
    await b.screenshot(page, 'core-team-half-term-review-print');
    const pdf = join(OUTPUT_DIR, 'half-term-review-autumn-2.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });

    // Downloaded as CSV, as the API renders it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('100001');
    expect(csv).toContain('at risk');
    // The review with names: attendees, decisions, notes and its history.
    expect(csv).toContain('Chris Chair,Chair of the core team');
    expect(csv).toContain('Dana Deputy,"Deputy head, 100001"');
    expect(csv).toMatch(/100001,School 100001,Y6 staffing; SLE to visit weekly until February/);
    expect(csv).toContain('All current deployments reviewed.');
    expect(csv).toContain(`,${coreTeam.email},Dana Deputy was there but left off the list`);

    expect(b.problems).toEqual([]);
  }, 60_000);
});

/** An SLE sees only the deployments it is matched to, and may only log contacts on them. */
describe('an SLE in a browser', () => {
  let b: BrowserHarness;
  let sleId: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    ({ sleId } = await supportedSchool(b.app, { evaluate: false }));
  }, 30_000);
  afterAll(() => b?.stop());

  it('lands on its own deployments and logs a contact, with nothing else offered', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('sle', { sleId }));
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('My deployments');
    await pwExpect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(1);
    await pwExpect(page.locator('table tbody tr')).toHaveCount(1);
    await page.getByRole('link', { name: 'School 100001' }).click();
    const contact = page.getByRole('form', { name: 'Log a contact' });
    await contact.getByLabel('On', { exact: true }).fill('2026-02-23');
    await contact.getByLabel('Channel').selectOption('phone');
    await contact.getByLabel('Days used').selectOption('0');
    await contact.getByLabel('Note').fill('Call with the maths lead');
    await contact.getByRole('button', { name: 'Log the contact' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Contact logged.');
    await pwExpect(page.getByRole('row', { name: /Call with the maths lead/ })).toContainText('Phone');
    for (const step of ['Evaluate impact', 'Extend the deployment', 'Cancel the deployment'])
      await pwExpect(page.locator('summary', { hasText: step })).toHaveCount(0);
    await b.screenshot(page, 'sle-deployment');
    expect(b.problems).toEqual([]);
  }, 60_000);
});
