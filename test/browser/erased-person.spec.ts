import { ERASED } from '../../events/index.js';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/** After an SLE is erased, the deployment page shows "erased" where their name and the notes were. */
describe('an erased SLE in a browser', () => {
  let b: BrowserHarness;
  let deploymentId: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    let sleId: string;
    ({ sleId, deploymentId } = await supportedSchool(b.app, { evaluate: true }));
    const admin = await b.app.login();
    await b.app.http
      .post(`/api/data-subjects/${sleId}/erasure`)
      .auth(admin, { type: 'bearer' })
      .send({ reason: 'Asked to be forgotten' })
      .expect(200);
  }, 30_000);
  afterAll(() => b?.stop());

  for (const size of ['desktop', 'phone'] as const)
    it(`shows erased on the deployment page (${size})`, async () => {
      const page = size === 'phone' ? await b.newPhonePage() : await b.newPage();
      await b.signIn(page, await b.account('facilitator'));
      await page.goto(`${b.baseUrl}/#/deployments/${deploymentId}`);
      await settled(page);
      const main = page.locator('main');
      await pwExpect(main).toContainText(`${ERASED} (SLE)`);
      await pwExpect(main).toContainText(ERASED);
      // The figures stay: the days and the outcomes.
      await pwExpect(main).toContainText('Achieved');
      const text = await main.innerText();
      for (const gone of ['Sam Patel', 'sam.patel@school.test', 'Staff absence in Y6', 'Jo Head']) {
        expect(text).not.toContain(gone);
      }
      await b.screenshot(page, `erased-sle-deployment-${size}`);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(b.problems).toEqual([]);
    });
});
