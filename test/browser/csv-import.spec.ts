import { readFileSync } from 'node:fs';
import { BrowserHarness } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

const HEADER = 'urn,name,phase,local_authority,ofsted_grade,ofsted_inspected_on';

/** A spreadsheet of schools with a bad row is refused with the row named, then imported once fixed. */
describe('CSV import in a browser', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
  }, 30_000);
  afterAll(() => b?.stop());

  it('refuses a file with a bad row, naming the row, and imports it once fixed', async () => {
    const page = await b.newPage();
    // Keyboard first: the skip link is the first stop and takes focus to the main content; sign in with Enter.
    const { email, password } = await b.account('facilitator');
    await page.goto(`${b.baseUrl}/`);
    await page.getByLabel('Email address').waitFor();
    await page.keyboard.press('Tab');
    await pwExpect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await pwExpect(page.locator('main')).toBeFocused();
    await page.keyboard.press('Tab');
    await pwExpect(page.getByLabel('Email address')).toBeFocused();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await pwExpect(page.getByRole('heading', { level: 1, name: 'Brokerage queue' })).toBeVisible();
    await page.getByRole('link', { name: 'Import' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Import from CSV');
    await pwExpect(page.getByRole('radio', { name: 'Schools' })).toHaveAttribute('value', 'schools');

    // The template downloads, with its notes and example rows.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the schools template' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe('schools-template.csv');
    expect(readFileSync((await template.path())!, 'utf8')).toContain(
      '# urn (required): six-digit unique reference number of the school',
    );

    const file = (rows: string[]) => ({
      name: 'schools.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`),
    });
    const bad = file([
      '200001,Pioneer Primary,primary,Leeds,requires-improvement,2024-05-20',
      '20002,Brook Primary,primary,Leeds,,',
      '200003,Castle Primary,primary,Leeds,good,',
    ]);
    await page.getByLabel('CSV file').setInputFiles(bad);

    // The dry run names each bad row and why; nothing is imported.
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('table', { name: 'Problems, by row' });
    await pwExpect(page.locator('.error-summary')).toContainText('The file has problems in 2 rows');
    await pwExpect(problems.getByRole('row', { name: /Row 3/ })).toContainText('must be a six-digit URN');
    await pwExpect(problems.getByRole('row', { name: /Row 4/ })).toContainText('ofsted_inspected_on');
    await b.screenshot(page, 'facilitator-import-dry-run-refused');

    // Importing it anyway is refused as a whole, with the same rows named.
    await page.getByRole('button', { name: 'Import schools' }).click();
    await pwExpect(page.locator('.error-summary')).toContainText(
      'Nothing was imported: the file has problems in 2 rows',
    );
    await pwExpect(problems.getByRole('row', { name: /Row 3/ })).toContainText('urn');
    const admin = await b.app.login();
    expect((await b.app.http.get('/api/schools').auth(admin, { type: 'bearer' }).expect(200)).body).toEqual([]);

    // Fixed, it checks clean and imports every row.
    await page
      .getByLabel('CSV file')
      .setInputFiles(
        file([
          '200001,Pioneer Primary,primary,Leeds,requires-improvement,2024-05-20',
          '200002,Brook Primary,primary,Leeds,,',
          '200003,Castle Primary,primary,Leeds,good,20/05/2023',
        ]),
      );
    await page.getByRole('button', { name: 'Check the file' }).click();
    await pwExpect(page.getByRole('status')).toHaveText(
      'All 3 rows are valid and ready to import. Nothing has been imported yet.',
    );
    await page.getByRole('button', { name: 'Import schools' }).click();
    await pwExpect(page.getByRole('status')).toHaveText('Imported 3 rows of schools.');
    await b.screenshot(page, 'facilitator-import-done');
    const schools = (await b.app.http.get('/api/schools').auth(admin, { type: 'bearer' }).expect(200)).body as {
      urn: string;
      ofsted: { inspectedOn: string } | null;
    }[];
    expect(schools.map((s) => s.urn).sort()).toEqual(['200001', '200002', '200003']);
    expect(schools.find((s) => s.urn === '200003')!.ofsted!.inspectedOn).toBe('2023-05-20');

    // The imported schools are there to open.
    await page.getByRole('link', { name: '200002' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Brook Primary');

    expect(b.problems).toEqual([]);
  }, 60_000);
});
