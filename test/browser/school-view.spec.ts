import { LESSONS, REASONING, supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * A head teacher on a phone: their own school's page with what was agreed and the impact chart, and nothing of
 * any other school, nor anything the school role may not do.
 */
describe("a school's own view in a browser, on a phone", () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    await supportedSchool(b.app, { evaluate: true });
  }, 30_000);
  afterAll(() => b?.stop());

  it('shows its own timeline chart, and cannot open another school', async () => {
    const page = await b.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await b.signIn(page, await b.account('school', { schoolUrn: '100001' }));

    // Lands on its own school, with only what a school may do in the menu.
    await pwExpect(page.getByRole('heading', { level: 1, name: 'School 100001' })).toBeVisible();
    const menu = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await pwExpect(menu).toHaveCount(3);
    await pwExpect(menu.nth(0)).toHaveText('Our school');
    await pwExpect(menu.nth(2)).toHaveText('Request support');

    // What was agreed, and how it ended.
    const card = page.locator('.card').first();
    await pwExpect(card).toContainText('Jo Head (Headteacher), Sam Patel (SLE)');
    await pwExpect(card.getByRole('row', { name: /reasoning/ })).toContainText('Achieved');

    // The impact timeline: one small chart per measure and one of Ofsted judgements, a band per area judged.
    const charts = page.locator('#timeline-charts');
    await pwExpect(charts).toHaveAttribute('data-drawn', '4');
    expect(await page.locator('#timeline-charts figcaption').allInnerTexts()).toEqual([
      'Ofsted judgements',
      `${LESSONS} (%)`,
      `${REASONING} (%)`,
      'KS2 reading expected standard (%)',
    ]);
    // Each point's tooltip says when and what it is, its style shows where the value came from (or where an
    // Ofsted grade stands), and the line to a target is dashed.
    const points = await page.locator('#timeline-charts canvas').evaluateAll((canvases) =>
      canvases.flatMap((el) => {
        interface ChartLike {
          data: { datasets: { label: string; data: unknown[] }[] };
          scales: { y: { ticks: { value: number }[]; getLabelForValue?: unknown } };
          tooltip: {
            setActiveElements(active: { datasetIndex: number; index: number }[], at: { x: number; y: number }): void;
            title: string[];
            body: { lines: string[] }[];
          };
          getDatasetMeta(index: number): {
            data: { options: { pointStyle: string } }[];
            dataset: { segments: { start: number; end: number; style?: { borderDash?: number[] } }[] };
          };
        }
        const instance = (globalThis as unknown as { Chart: { getChart(c: unknown): ChartLike } }).Chart.getChart(el);
        return instance.data.datasets.flatMap((dataset, datasetIndex) =>
          dataset.data.map((_, index) => {
            instance.tooltip.setActiveElements([{ datasetIndex, index }], { x: 0, y: 0 });
            const { title, body } = instance.tooltip;
            const meta = instance.getDatasetMeta(datasetIndex);
            const dashedTo = meta.dataset.segments.some(
              (s) => s.style?.borderDash?.length && s.start < index && index <= s.end,
            );
            const style = meta.data[index].options.pointStyle;
            return [...title, ...body.flatMap((b) => b.lines), style, ...(dashedTo ? ['dashed line'] : [])].join(' | ');
          }),
        );
      }),
    );
    expect(points.sort()).toEqual(
      [
        `15 Sep 2025 | ${LESSONS} (%): 40 (baseline) | circle`,
        `2 Mar 2026 | ${LESSONS} (%): 60 (actual) | rectRot`,
        `27 Mar 2026 | ${LESSONS} (%): 75 (target) | triangle | dashed line`,
        `15 Sep 2025 | ${REASONING} (%): 48 (baseline) | circle`,
        `2 Mar 2026 | ${REASONING} (%): 72 (actual) | rectRot`,
        `27 Mar 2026 | ${REASONING} (%): 70 (target) | triangle | dashed line`,
        '15 Jan 2026 | KS2 reading expected standard (%): 64 (school data) | rect',
        '20 May 2024 | Overall effectiveness: requires improvement (overall effectiveness) | triangle',
        ...[
          'Inclusion',
          'Curriculum and teaching',
          'Attendance and behaviour',
          'Personal development and well being',
          'Leadership and governance',
        ].flatMap((area) => [
          `20 Nov 2025 | ${area}: expected standard (report card) | circle`,
          `10 Feb 2026 | ${area}: expected standard (report card) | circle`,
        ]),
        '20 Nov 2025 | Achievement: needs attention (report card) | triangle',
        '10 Feb 2026 | Achievement: expected standard (report card) | circle',
      ].sort(),
    );
    await pwExpect(charts).toHaveAttribute(
      'aria-label',
      /Chart of the impact timeline\. .*Ofsted: Requires improvement \(20 May 2024\), Report card\. /,
    );
    // The table view has a row per area judged.
    await page.getByText('The chart as a table').click();
    expect(await page.locator('details tr', { hasText: 'Ofsted: achievement' }).allInnerTexts()).toEqual([
      expect.stringMatching(/20 Nov 2025\s+Ofsted: achievement\s+Report card\s+Needs attention/),
      expect.stringMatching(/10 Feb 2026\s+Ofsted: achievement\s+Report card\s+Expected standard/),
    ]);
    // The entries say what moved between the report cards.
    await pwExpect(page.locator('ol.timeline')).toContainText(
      'Improved: achievement from needs attention to expected standard.',
    );
    // Above the entries, oldest first.
    await pwExpect(page.locator('ol.timeline > li').first()).toContainText(
      'Ofsted judged the school requires improvement',
    );

    // It fits the phone's width: nothing scrolls sideways.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    if (overflow > 0) {
      const wide = await page.evaluate(
        `[...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth).slice(0, 8).map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))`,
      );
      await b.screenshot(page, 'school-own-page-phone-overflow');
      throw new Error(`The page is wider than the phone: ${JSON.stringify(wide)}`);
    }
    await b.screenshot(page, 'school-own-page-phone');
    await charts.scrollIntoViewIfNeeded();
    await b.screenshot(page, 'school-chart-phone', false);
    await page.locator('#timeline-charts figure').nth(1).scrollIntoViewIfNeeded();
    await b.screenshot(page, 'school-chart-phone-measures', false);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The same page on a desktop.
    const desktop = await b.newPage();
    await b.signIn(desktop, await b.account('school', { schoolUrn: '100001' }));
    await pwExpect(desktop.locator('#timeline-charts')).toHaveAttribute('data-drawn', '4');
    await desktop.locator('#timeline-charts').scrollIntoViewIfNeeded();
    await b.screenshot(desktop, 'school-chart-desktop', false);
    expect(await accessibilityViolations(desktop)).toEqual([]);

    // Another school's page is refused by the API, and the page says so.
    await page.goto(`${b.baseUrl}/#/schools/100003`);
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
    await pwExpect(page.locator('main')).toContainText('A school user may see only its own school');
    expect(await page.locator('main').innerText()).not.toContain('Brook Primary');
    await b.screenshot(page, 'school-other-school-refused');

    // Pages for other roles are not offered, and not opened.
    await page.goto(`${b.baseUrl}/#/desk`);
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
    await page.goto(`${b.baseUrl}/#/deployments`);
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Our deployments');
    await pwExpect(page.locator('table tbody tr')).toHaveCount(1);

    expect(b.problems).toEqual([]);
  }, 60_000);
});
