import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Role } from '../../events/index.js';
import { AppHarness } from '../support/app-harness.js';
import { repoRoot } from '../support/child-process-build.js';
import { freePort } from '../support/private-redis.js';
import { expect as pwExpect } from './pw-expect.js';

/** Screenshots for a reviewer to look at; test/output/ is git-ignored. */
export const OUTPUT_DIR = join(repoRoot, 'test', 'output');
export const SCREENSHOTS_DIR = join(OUTPUT_DIR, 'screenshots');

/** Debian's Chromium, driven by playwright-core: no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const PASSWORD = 'a-long-password-1';

/** How someone signs in. */
export interface Credentials {
  email: string;
  password: string;
}

/** The real app on a temporary store with a fixed clock, listening on a free port, and a headless Chromium. */
export class BrowserHarness {
  private contexts: BrowserContext[] = [];
  /** Console errors, page errors and CSP violations seen by any page: a test ends by expecting none. */
  readonly problems: string[] = [];

  private constructor(
    readonly app: AppHarness,
    readonly baseUrl: string,
    readonly browser: Browser,
  ) {}

  /**
   * `env` adds to the app's configuration; `port` is where it listens (a free one by default), known before it
   * starts so that PUBLIC_URL (the base of mailed links and sign-in redirects) can name it.
   */
  static async start(today: string, env: Record<string, string> = {}, port?: number): Promise<BrowserHarness> {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    const listenOn = port ?? (await freePort());
    const app = await AppHarness.start(today, { PUBLIC_URL: `http://127.0.0.1:${listenOn}`, ...env });
    await app.app.listen(listenOn, '127.0.0.1');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new BrowserHarness(app, `http://127.0.0.1:${listenOn}`, browser);
  }

  async stop(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    await this.app?.stop();
  }

  /** A new page (its own session storage), desktop-sized unless told otherwise. */
  async newPage(options: { viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 900 },
      isMobile: options.isMobile,
      hasTouch: options.isMobile,
      deviceScaleFactor: 1,
      acceptDownloads: true,
      locale: 'en-GB',
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      // The API's refusals (400, 403, 409) are part of the scenarios; anything else logged as an error is a problem.
      if (message.type() === 'error' && !/status of (400|403|409)/.test(message.text()))
        this.problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    return page;
  }

  /** An account with the role, created by the admin over the API. */
  async account(role: Role, extra: { schoolUrn?: string; sleId?: string } = {}): Promise<Credentials> {
    const admin = await this.app.login();
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@alliance.test`;
    await this.app.http
      .post('/api/users')
      .auth(admin, { type: 'bearer' })
      .send({ email, password: PASSWORD, role, ...extra })
      .expect(201);
    return { email, password: PASSWORD };
  }

  async signIn(page: Page, { email, password }: Credentials): Promise<void> {
    await page.goto(`${this.baseUrl}/`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async screenshot(page: Page, name: string, fullPage = true): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage });
  }

  /** A page as a phone shows it: 390 px wide. */
  newPhonePage(): Promise<Page> {
    return this.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  }

  /** A new page with `who` signed in (a new account when given a role): desktop-sized, or 390 px wide with `phone`. */
  async signedIn(who: Credentials | Role, { phone = false }: { phone?: boolean } = {}): Promise<Page> {
    const page = phone ? await this.newPhonePage() : await this.newPage();
    await this.signIn(page, typeof who === 'string' ? await this.account(who) : who);
    return page;
  }

  /**
   * What every page is checked for once on screen: a screenshot `name` (of the whole page, and with `screen` of
   * what the screen first shows too), no axe-core violation, and nothing wider than the screen.
   */
  async inspect(page: Page, name: string, { screen = false }: { screen?: boolean } = {}): Promise<void> {
    await settled(page);
    await this.screenshot(page, name);
    // What the screen first shows, which a whole long page shrinks out of sight.
    if (screen) await this.screenshot(page, `${name}-screen`, false);
    expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({ page: name, violations: [] });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
  }

  /**
   * `path` opened by `who` on a desktop and at 390 px; each is `check`ed, then inspected as `name-desktop` and
   * `name-390`, and closed.
   */
  async atBothSizes(
    who: Credentials | Role,
    path: string,
    name: string,
    check: (page: Page) => Promise<void> = async () => undefined,
    options: { screen?: boolean } = {},
  ): Promise<void> {
    for (const [size, phone] of [
      ['desktop', false],
      ['390', true],
    ] as const) {
      const page = await this.signedIn(who, { phone });
      await page.goto(`${this.baseUrl}/#${path}`);
      await settled(page);
      await check(page);
      await this.inspect(page, `${name}-${size}`, options);
      await page.context().close();
    }
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's accessibility rules (WCAG 2.1 A and AA and best practice) run on the page as it stands: each violation with where it is. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // Written as text: this code runs in the page, where `axe` and `document` are.
  const violations = (await page.evaluate(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`)) as string[];
  return violations;
}

/** Waits until the router has put a new view on screen (after a navigation or a step). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    `document.getElementById('main')?.dataset.ready !== undefined && !document.querySelector('form[aria-busy="true"]')`,
  );
}

/** Types into a type-ahead picker and chooses the suggestion named. */
export async function pick(scope: Page | Locator, label: string, text: string, choice: string): Promise<void> {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.fill(text);
  await scope.getByRole('option', { name: choice }).click();
  await pwExpect(box).toHaveValue(choice);
}
