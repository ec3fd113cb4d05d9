import type { Page } from 'playwright-core';
import { supportedSchool } from './alliance-history.js';
import { BrowserHarness, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * Issue 27.3 in Chromium: the impact page's figures are the API's, each linking to the deployments behind it,
 * and the needs analysis with its advice; both checked with axe-core and looked at on a desktop and at 390 px.
 */
describe('Impact and needs pages in a browser', () => {
  let b: BrowserHarness;
  let coreTeam: { email: string; password: string };
  let deploymentId: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    ({ deploymentId } = await supportedSchool(b.app, { evaluate: true }));
    coreTeam = await b.account('core-team');
  }, 60_000);
  afterAll(() => b?.stop());

  const lookAt = (name: string, path: string, check: (page: Page) => Promise<void>) =>
    b.atBothSizes(coreTeam, path, `reports-${name}`, check);

  it("shows the impact report's figures as GET /api/reports/impact gives them, each with the deployments behind it", async () => {
    const admin = await b.app.login();
    const api = (
      await b.app.http.get('/api/reports/impact?from=2025-09-01&to=2026-08-31').auth(admin, { type: 'bearer' })
    ).body as Record<string, unknown>;
    const expected = Object.entries(api)
      .filter(([, v]) => typeof v === 'number' || v === null)
      .map(([key, value]) => ({ key, value }));
    expect(expected.length).toBeGreaterThan(5);

    const page = await b.signedIn(coreTeam);
    await page.getByRole('link', { name: 'Impact', exact: true }).click();
    await settled(page);
    const shown = await page.locator('.impact-figure').evaluateAll((cards) =>
      cards.map((c) => {
        const { figure, value } = (c as unknown as { dataset: Record<string, string> }).dataset;
        return { key: figure, value: value === 'null' ? null : Number(value) };
      }),
    );
    expect(shown).toEqual(expected);
    await pwExpect(page.locator('[data-figure="deploymentsCompleted"] .impact-figure__value')).toHaveText('1');
    await pwExpect(page.locator('[data-figure="positiveRatingShare"] .impact-figure__value')).toHaveText('100%');

    // A figure's link lists the deployments behind it, each linking to its page.
    // Requires improvement overall before, then a report card at expected standard throughout: its own
    // measure, not "requires improvement to good" (no read-across between Ofsted's generations).
    await pwExpect(page.locator('[data-figure="requiresImprovementToGood"] .impact-figure__value')).toHaveText('0');
    await page.locator('[data-figure="schoolsExpectedStandardAfterRequiresImprovement"] a').click();
    await pwExpect(
      page.getByRole('heading', { name: /The deployments behind: Schools good or at expected standard throughout/ }),
    ).toBeVisible();
    await pwExpect(page.locator('table tbody tr')).toHaveCount(1);
    await pwExpect(page.locator('table tbody tr')).toContainText('Sam Patel');
    await pwExpect(page.locator('table tbody tr')).toContainText(
      'Good or expected standard throughout after requires improvement',
    );
    await pwExpect(page.getByRole('link', { name: 'School 100001' })).toHaveAttribute(
      'href',
      `#/deployments/${deploymentId}`,
    );
    // A period with nothing evaluated.
    await page.getByLabel('Evaluated from').fill('2024-09-01');
    await page.getByLabel('Evaluated to').fill('2025-08-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await pwExpect(page.getByText('No deployment was evaluated in this period.')).toBeVisible();
    await pwExpect(page.locator('[data-figure="deploymentsCompleted"] .impact-figure__value')).toHaveText('0');

    // The CSV of the deployments names the school and the SLE.
    await page.getByRole('link', { name: '2025-26' }).click();
    await settled(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Deployments CSV' }).click(),
    ]);
    const csv = await streamText(await download.createReadStream());
    expect(csv).toMatch(/^\uFEFFSchool,URN,SLE,Specialism,Evaluated,/);
    expect(csv).toContain(`School 100001,100001,Sam Patel,Maths primary,2026-03-02`);
    expect(csv).toContain(deploymentId);
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('the impact page looks right at desktop and 390 px', async () => {
    await lookAt('impact', '/impact', async (page) => {
      await pwExpect(page.locator('svg.month-chart')).toBeVisible();
    });
  }, 60_000);

  it('the needs analysis shows its advice, and looks right at desktop and 390 px', async () => {
    const admin = await b.app.login();
    const { rows } = (await b.app.http.get('/api/reports/needs').auth(admin, { type: 'bearer' })).body as {
      rows: { specialism: string; recommendation: { text: string } }[];
    };
    const english = rows.find((r) => r.specialism === 'english-primary');
    expect(english).toBeDefined();
    await lookAt('needs', '/needs', async (page) => {
      await pwExpect(page.getByRole('heading', { level: 1, name: 'Needs analysis' })).toBeVisible();
      await pwExpect(page.locator('table tbody tr')).toHaveCount(rows.length);
      await pwExpect(page.getByRole('row', { name: /English primary/ })).toContainText(english!.recommendation.text);
    });
  }, 60_000);
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
