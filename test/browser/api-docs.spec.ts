import { BrowserHarness } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/** The interactive API docs under the policy the API now sends (issue 28, item 11): they must still work. */
describe('the API docs in a browser', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
  }, 30_000);
  afterAll(() => b?.stop());

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ])('load their script and style and list the routes, with no policy violation (%s)', async (name, viewport) => {
    const page = await b.newPage({ viewport, isMobile: name === 'phone' });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${b.baseUrl}/api/docs`);
    const login = page.locator('.opblock-post', { hasText: '/api/auth/login' });
    await pwExpect(login).toBeVisible();
    await login.locator('.opblock-summary').click();
    await pwExpect(login.getByText('LoginDto').or(login.getByText('email')).first()).toBeVisible();
    await b.screenshot(page, `api-docs-${name}`, false);
    expect(violations).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
