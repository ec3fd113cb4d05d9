import type { Page } from 'playwright-core';
import { BrowserHarness } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * A facilitator reads the default year's term dates, moves the end of autumn 2 and sees the API's refusal of an
 * overlap beside the field; the core team reads them. Looked at on desktop and at 390 px, checked with axe-core.
 */
describe('term dates in a browser', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2025-09-04');
    const admin = await b.app.login();
    await b.app.http
      .post('/api/schools')
      .auth(admin, { type: 'bearer' })
      .send({ urn: '100001', name: 'Pioneer Primary', phase: 'primary', localAuthority: 'Milton Keynes' })
      .expect(201);
  }, 30_000);
  afterAll(() => b?.stop());

  const lookAt = (page: Page, name: string, size: string) => b.inspect(page, `term-dates-${name}-${size}`);

  it('shows the default year, saves an edited one, and names an overlap beside its field', async () => {
    const page = await b.signedIn('facilitator');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Term dates' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Term dates 2025-26');
    await pwExpect(page.locator('.lede')).toContainText('A typical English year');
    const autumn2 = page.getByRole('row', { name: /Autumn 2/ });
    await pwExpect(autumn2).toContainText('19 Dec 2025');
    await lookAt(page, 'default', 'desktop');

    const form = page.getByRole('form', { name: 'Change the term dates' });
    const autumn2Fields = form.getByRole('group', { name: 'Autumn 2' });
    await autumn2Fields.getByLabel('Last day').fill('2025-12-17');
    await form.getByRole('button', { name: 'Save the term dates' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('The term dates of 2025-26 are saved.');
    await pwExpect(page.locator('.lede')).toContainText("The alliance's term dates for 2025-26.");
    await pwExpect(page.getByRole('row', { name: /Autumn 2/ })).toContainText('17 Dec 2025');

    const spring1Fields = form.getByRole('group', { name: 'Spring 1' });
    await spring1Fields.getByLabel('First day').fill('2025-12-10');
    await form.getByRole('button', { name: 'Save the term dates' }).click();
    await pwExpect(form.locator('[data-field="halfTerms.2.from"] .field-error')).toContainText('may not overlap');
    await b.screenshot(page, 'term-dates-overlap-desktop');
    await page.context().close();
  });

  it('shows the core team the dates without the form, on a phone', async () => {
    const page = await b.signedIn('core-team', { phone: true });
    await page.goto(`${b.baseUrl}/#/term-dates?academicYear=2025-26&localAuthority=Milton%20Keynes`);
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Term dates 2025-26: Milton Keynes');
    await pwExpect(page.getByRole('form', { name: 'Change the term dates' })).toHaveCount(0);
    await lookAt(page, 'core-team', '390');
    await page.context().close();
    const facilitatorPhone = await b.signedIn('facilitator', { phone: true });
    await facilitatorPhone.goto(`${b.baseUrl}/#/term-dates`);
    await lookAt(facilitatorPhone, 'facilitator', '390');
    await facilitatorPhone.context().close();
  });
});
