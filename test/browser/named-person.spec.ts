import { readFileSync } from 'node:fs';
import { ERASED } from '../../events/index.js';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * An admin answers a head teacher with no account, typed into a brokerage meeting's attendees: finds the records
 * naming her, downloads them, and erases them (the deployment is under way, so only once forced).
 */
describe('someone named only in text, on the data protection page', () => {
  let b: BrowserHarness;
  let deploymentId: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    // fixtures.meeting types "Jo Head" into the attendee list; deployed, not evaluated.
    ({ deploymentId } = await supportedSchool(b.app, { evaluate: false }));
  }, 30_000);
  afterAll(() => b?.stop());

  it('finds, downloads and erases the records naming her', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('admin'));
    await page.goto(`${b.baseUrl}/#/data-protection`);
    await settled(page);
    const search = page.getByRole('form', { name: 'Find someone named in text' });
    await search.getByLabel('Their name').fill('Jo');
    await search.getByRole('button', { name: 'Find the records naming them' }).click();
    await pwExpect(search.locator('[data-field="name"] .field-error')).toHaveText(/\S/);
    await search.getByLabel('Their name').fill('jo head');
    await search.getByRole('button', { name: 'Find the records naming them' }).click();
    await pwExpect(page.getByRole('heading', { name: '1 record names them' })).toBeVisible();
    expect(await page.getByLabel(/^Brokerage meeting attendees of maths primary support at /).isChecked()).toBe(true);
    expect(page.url()).not.toMatch(/jo/i);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download what names them' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('named-person-2026-03-02.json');
    const held = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      events: { type: string; data: { attendees?: { name: string }[] } }[];
    };
    expect(held.events.map((e) => e.type)).toEqual(['BrokerageMeetingHeld']);
    expect(held.events[0].data.attendees?.map((a) => a.name)).toEqual(['Jo Head', '[another person]']);
    await b.screenshot(page, 'data-protection-named-found');
    expect(await accessibilityViolations(page)).toEqual([]);

    const erase = page.getByRole('form', { name: 'Erase the records chosen' });
    await erase.getByLabel('Why they are erased').fill('Asked by letter of 1 March 2026');
    await erase.getByLabel('Type jo head to confirm').fill('someone');
    await erase.getByRole('button', { name: 'Erase the records chosen' }).click();
    await pwExpect(erase.locator('[data-field="confirm"] .field-error')).toContainText('type the name as shown');
    await erase.getByLabel('Type jo head to confirm').fill('Jo Head');
    await erase.getByRole('button', { name: 'Erase the records chosen' }).click();
    await pwExpect(erase.getByLabel('Erase although a deployment is active')).toBeVisible();
    await erase.getByLabel('Erase although a deployment is active').check();
    await erase.getByRole('button', { name: 'Erase the records chosen' }).click();
    await pwExpect(page.getByRole('status')).toContainText('1 record erased');
    await pwExpect(page.getByRole('status')).toContainText('Erased although a deployment was active');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${b.baseUrl}/#/deployments/${deploymentId}`);
    await settled(page);
    await pwExpect(page.locator('main')).toContainText(`${ERASED} (Headteacher)`);
    expect(await page.locator('main').innerText()).not.toContain('Jo Head');
    expect(b.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });

  it('reads well on a phone', async () => {
    const phone = await b.newPhonePage();
    await b.signIn(phone, await b.account('admin'));
    await phone.goto(`${b.baseUrl}/#/data-protection`);
    await settled(phone);
    const search = phone.getByRole('form', { name: 'Find someone named in text' });
    await search.getByLabel('Their name').fill('Nobody Named');
    await search.getByRole('button', { name: 'Find the records naming them' }).click();
    await pwExpect(phone.getByRole('heading', { name: 'No record names them' })).toBeVisible();
    await b.screenshot(phone, 'data-protection-named-phone');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
    expect(await accessibilityViolations(phone)).toEqual([]);
  });
});
