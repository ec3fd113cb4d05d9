import type { Page } from 'playwright-core';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { fixtures } from '../support/alliance-fixtures.js';
import { ev } from '../support/event-builders.js';
import { accessibilityViolations, BrowserHarness, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/** A national network's schools (the bench's largest size). */
const SCHOOLS = 24_000;
const FIRST_URN = 200_000;
const PLACES = ['Oak', 'Ash', 'Elm', 'Birch', 'Hazel', 'Rowan', 'Willow', 'Alder', 'Holly', 'Yew'];
const KINDS = ['Primary School', 'Academy', 'Infant School', 'Junior School', 'High School'];
/** The one school searched for, somewhere in the middle. */
const WANTED = { urn: String(FIRST_URN + 17_345), name: 'Wychwood Primary School' };
const nameOf = (i: number) =>
  FIRST_URN + i === Number(WANTED.urn) ? WANTED.name : `${PLACES[i % 10]} ${KINDS[(i >> 4) % 5]} ${i}`;

/**
 * Issue 27.4 in Chromium: the schools, SLEs and deployments lists searched, sorted and paged on the server among
 * 24,000 schools (registered through the event store port, not one request each), and the type-ahead school picker.
 */
describe('Lists that scale, in a browser', () => {
  let b: BrowserHarness;
  let facilitator: { email: string; password: string };
  let sleId: string;
  let brokered: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    const store = b.app.app.get(EventStore);
    // Many appends in flight at once, so that the store commits them together.
    const WINDOW = 256;
    for (let from = 0; from < SCHOOLS; from += WINDOW) {
      const batch = [];
      for (let i = from; i < Math.min(SCHOOLS, from + WINDOW); i++) {
        const urn = String(FIRST_URN + i);
        batch.push(
          store.append(
            `school-${urn}`,
            [ev.schoolRegistered(urn, nameOf(i), { localAuthority: `Authority ${i % 60}` })],
            {
              expectedRevision: 'no-stream',
            },
          ),
        );
      }
      await Promise.all(batch);
    }
    const admin = await b.app.login();
    const post = (path: string, body: object) =>
      b.app.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    sleId = (await post('/api/sles', fixtures.sle(WANTED.urn, { name: 'Kim Lee', email: 'kim.lee@school.test' }))).body
      .sleId as string;
    for (const [i, urn] of ['200001', '200002', '200003'].entries()) {
      const id = (await post('/api/support-requests', fixtures.request(urn, { requestedOn: `2025-09-1${i}` }))).body
        .deploymentId as string;
      if (i === 0) await post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId));
      if (i === 0) brokered = id;
    }
    facilitator = await b.account('facilitator');
  }, 300_000);
  afterAll(() => b?.stop());

  /** Screenshots at desktop and 390 px (the whole page and the first screen), axe-core on each. */
  const lookAt = (name: string, path: string, check: (page: Page) => Promise<void>) =>
    b.atBothSizes(facilitator, path, `lists-${name}`, check, { screen: true });

  it('finds a school among 24,000 by searching, and pages and sorts them', async () => {
    const page = await b.signedIn(facilitator);
    await page.getByRole('link', { name: 'Schools', exact: true }).click();
    await pwExpect(page.getByText('Showing 1 to 25 of 24,000 schools; page 1 of 960.')).toBeVisible();
    await pwExpect(page.locator('table tbody tr')).toHaveCount(25);

    await page.getByRole('searchbox', { name: 'Search schools' }).fill('wychwood');
    await page.getByRole('button', { name: 'Search' }).click();
    await pwExpect(page.getByText('Showing 1 to 1 of 1 schools; page 1 of 1.')).toBeVisible();
    await pwExpect(page.locator('table tbody tr')).toHaveCount(1);
    await pwExpect(page.getByRole('row', { name: new RegExp(WANTED.name) })).toContainText(WANTED.urn);
    expect(page.url()).toContain('q=wychwood');

    // Sorted by URN, highest first (the second click), then the next page.
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.getByRole('link', { name: /^URN/ }).click();
    await pwExpect(page.getByRole('columnheader', { name: /^URN/ })).toHaveAttribute('aria-sort', 'ascending');
    await page.getByRole('link', { name: /^URN/ }).click();
    await pwExpect(page.getByRole('columnheader', { name: /^URN/ })).toHaveAttribute('aria-sort', 'descending');
    await pwExpect(page.locator('table tbody tr').first()).toContainText(String(FIRST_URN + SCHOOLS - 1));
    await page.getByRole('link', { name: 'Next page' }).click();
    await pwExpect(page.getByText('Showing 26 to 50 of 24,000 schools; page 2 of 960.')).toBeVisible();
    await pwExpect(page.locator('table tbody tr').first()).toContainText(String(FIRST_URN + SCHOOLS - 26));
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('chooses a school among 24,000 by typing part of its name, with the keyboard', async () => {
    const page = await b.signedIn(facilitator);
    await page.goto(`${b.baseUrl}/#/requests/new`);
    await settled(page);
    const box = page.getByRole('combobox', { name: 'School', exact: true });
    await box.fill('wychwood prim');
    await pwExpect(page.getByRole('option', { name: `${WANTED.name} (${WANTED.urn})` })).toBeVisible();
    await pwExpect(box).toHaveAttribute('aria-expanded', 'true');
    await b.screenshot(page, 'lists-school-picker-desktop', false);
    expect(await accessibilityViolations(page)).toEqual([]);
    await box.press('ArrowDown');
    await pwExpect(box).toHaveAttribute('aria-activedescendant', /-0$/);
    await box.press('Enter');
    await pwExpect(box).toHaveValue(`${WANTED.name} (${WANTED.urn})`);
    await pwExpect(box).toHaveAttribute('aria-expanded', 'false');
    await page.getByLabel('Specialism needed').selectOption('maths-primary');
    await page.getByLabel('Area of need').fill('Phonics in Year 1');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await pwExpect(page.getByRole('heading', { level: 1, name: new RegExp(`^${WANTED.name}`) })).toBeVisible();
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('the schools list, searched, looks right at desktop and 390 px', async () => {
    await lookAt('schools', '/schools?q=oak%20academy&sort=-name', async (page) => {
      await pwExpect(page.getByText(/^Showing 1 to 25 of [\d,]+ schools/)).toBeVisible();
    });
  }, 60_000);

  it('the deployments list, with names and a sortable header, looks right at desktop and 390 px', async () => {
    await lookAt('deployments', '/deployments?sort=school', async (page) => {
      await pwExpect(page.getByText(/^Showing 1 to [34] of [34] deployments; page 1 of 1./)).toBeVisible();
      await pwExpect(page.getByRole('row', { name: /Kim Lee/ })).toContainText(nameOf(1));
    });
  }, 60_000);

  it('an SLE sees the names of the schools they work with, not their URNs alone', async () => {
    const page = await b.signedIn(await b.account('sle', { sleId }));
    await pwExpect(page.getByRole('heading', { level: 1, name: 'My deployments' })).toBeVisible();
    await page.getByRole('link', { name: nameOf(1) }).click();
    await pwExpect(page.getByRole('heading', { level: 1, name: `${nameOf(1)}: Maths primary` })).toBeVisible();
    await pwExpect(page.locator('dl.summary').first()).toContainText(`${nameOf(1)} (200001)`);
    await pwExpect(page.locator('dl.summary').first()).toContainText('Kim Lee');
    expect(await page.locator('main').innerText()).not.toContain('School 200001');
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('the SLE list looks right at desktop and 390 px', async () => {
    await lookAt('sles', '/sles', async (page) => {
      await pwExpect(page.getByRole('row', { name: /Kim Lee/ })).toContainText(WANTED.name);
    });
  }, 60_000);

  it('opens the pages that name schools and SLEs without reading every school or SLE', async () => {
    const page = await b.signedIn(facilitator);
    const wholeLists: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      // A list read whole: no page asked for.
      if (/^\/api\/(schools|sles)$/.test(url.pathname) && !url.searchParams.has('pageSize')) wholeLists.push(url.href);
    });
    for (const path of [
      `/deployments/${brokered}`,
      '/review',
      '/users',
      '/term-dates',
      `/schools/200001`,
      `/sles/${sleId}`,
      '/notifications',
      '/account',
    ]) {
      await page.goto(`${b.baseUrl}/#${path}`);
      await settled(page);
      await pwExpect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
    await page.goto(`${b.baseUrl}/#/deployments/${brokered}`);
    await settled(page);
    await pwExpect(page.locator('dl.summary').first()).toContainText('Kim Lee');
    await page.goto(`${b.baseUrl}/#/sles/${sleId}`);
    await settled(page);
    await pwExpect(page.getByRole('link', { name: WANTED.name })).toBeVisible();
    expect(wholeLists).toEqual([]);
    expect(b.problems).toEqual([]);
  }, 60_000);
});
