import ICAL from 'ical.js';
import { fixtures } from '../support/alliance-fixtures.js';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness, PASSWORD } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/** A feed's events as an independent iCalendar parser (ical.js) reads them: day, summary and UID. */
function parseFeed(text: string): { on: string; summary: string; uid: string; url: string }[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    expect(event.startDate.isDate).toBe(true); // all-day
    return {
      on: event.startDate.toString(),
      summary: event.summary,
      uid: event.uid,
      url: String(vevent.getFirstPropertyValue('url')),
    };
  });
}

/**
 * Each person's private calendar feed: made and copied on its page, read by a calendar app with no session, with
 * that person's own dates only; a new address stops the old one.
 */
describe('calendar feeds in a browser', () => {
  let b: BrowserHarness;
  let sleId: string;
  let deploymentId: string;
  let otherSleId: string;
  let otherDeploymentId: string;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    ({ sleId, deploymentId } = await supportedSchool(b.app, { evaluate: false }));
    // Another SLE supporting another school: none of it may reach the first SLE's or school's feed.
    const admin = await b.app.login();
    const post = (path: string, body: object) =>
      b.app.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);
    await post('/api/schools', fixtures.school('100004', { name: 'Elm Academy' }));
    otherSleId = (
      await post('/api/sles', fixtures.sle('100002', { name: 'Ola Other', email: 'ola.other@school.test' }))
    ).body.sleId;
    otherDeploymentId = (await post('/api/support-requests', fixtures.request('100004', { requestedOn: '2026-02-02' })))
      .body.deploymentId;
    await post(
      `/api/deployments/${otherDeploymentId}/brokerage-meeting`,
      fixtures.meeting(otherSleId, { heldOn: '2026-02-09', startDate: '2026-02-23', endDate: '2026-06-26' }),
    );
    await post(`/api/deployments/${otherDeploymentId}/deploy`, { startedOn: '2026-02-23' });
    await post(`/api/deployments/${otherDeploymentId}/contacts`, fixtures.contact({ on: '2026-02-26' }));
    await post('/api/half-term-reviews', {
      academicYear: '2025-26',
      halfTerm: 'spring-1',
      heldOn: '2026-02-13',
      attendees: [{ name: 'Chris Chair', role: 'Chair' }],
      areasOfConcern: [],
      notes: 'Reviewed',
    });
  }, 30_000);
  afterAll(() => b?.stop());

  /** The feed at an address, fetched as a calendar app would: no cookie, no token but the one in it. */
  const fetchFeed = (url: string) => fetch(url, { headers: { accept: 'text/calendar' } });

  /** A person's feed address, made over the API. */
  async function feedOf(email: string): Promise<string> {
    const token = await b.app.login(email, PASSWORD);
    return (await b.app.http.post('/api/calendar-feed').auth(token, { type: 'bearer' }).expect(200)).body.url;
  }

  it('makes, copies and revokes an SLE’s feed, which holds that SLE’s dates alone', async () => {
    const sleAccount = await b.account('sle', { sleId });
    const page = await b.newPage();
    await b.signIn(page, sleAccount);
    await page.goto(`${b.baseUrl}/#/account`);
    await page.getByRole('link', { name: 'your calendar feed' }).click();
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('Calendar feed');
    await pwExpect(page.getByText('You have no feed address yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Make my feed address' }).click();
    const address = page.getByLabel('Feed address (shown this once)');
    await pwExpect(address).toHaveValue(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const url = await address.inputValue();
    expect(await accessibilityViolations(page)).toEqual([]);
    await b.screenshot(page, 'calendar-feed');

    const response = await fetchFeed(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const events = parseFeed(await response.text());
    const summaries = events.map((e) => `${e.on} ${e.summary}`);
    expect(summaries).toEqual(
      expect.arrayContaining([
        '2025-09-15 Brokerage meeting: maths-primary support at School 100001',
        '2025-10-06 Visit: maths-primary support at School 100001',
        '2025-11-03 Phone call: maths-primary support at School 100001',
        '2026-03-27 Agreed end: maths-primary support at School 100001',
        '2026-03-13 Evaluation due: maths-primary support at School 100001',
      ]),
    );
    expect(events.every((e) => e.url.endsWith(`/#/deployments/${deploymentId}`))).toBe(true);
    // Not the other SLE's deployment, nor the core team's reviews.
    expect(summaries.join('\n')).not.toMatch(/Elm Academy|Half-term review/);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);

    // A new address stops the old one.
    await page.getByRole('button', { name: /Make a new address/ }).click();
    // The notice already reads so from the first address: wait for the address itself to change.
    const escapedUrl = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await pwExpect(address).toHaveValue(new RegExp(`^(?!${escapedUrl}$)http.*\\.ics$`));
    await pwExpect(page.getByText(/Any address made before no longer works/)).toBeVisible();
    const newUrl = await address.inputValue();
    expect(newUrl).not.toBe(url);
    expect((await fetchFeed(url)).status).toBe(404);
    expect((await fetchFeed(newUrl)).status).toBe(200);

    const phone = await b.newPhonePage();
    await b.signIn(phone, sleAccount);
    await phone.goto(`${b.baseUrl}/#/calendar-feed`);
    await pwExpect(phone.getByText(/You made a feed address on/)).toBeVisible();
    await phone.getByRole('button', { name: /Make a new address/ }).click();
    await pwExpect(phone.getByLabel('Feed address (shown this once)')).toBeVisible();
    expect(await accessibilityViolations(phone)).toEqual([]);
    await b.screenshot(phone, 'calendar-feed-phone');
    expect((await fetchFeed(newUrl)).status).toBe(404);
    expect(b.problems).toEqual([]);
  }, 60_000);

  it('gives every other person their own dates only', async () => {
    const other = parseFeed(
      await (await fetchFeed(await feedOf((await b.account('sle', { sleId: otherSleId })).email))).text(),
    );
    expect(other.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        'Visit: maths-primary support at Elm Academy',
        'Agreed end: maths-primary support at Elm Academy',
      ]),
    );
    expect(other.every((e) => e.url.endsWith(`/#/deployments/${otherDeploymentId}`))).toBe(true);

    const school = parseFeed(
      await (await fetchFeed(await feedOf((await b.account('school', { schoolUrn: '100001' })).email))).text(),
    );
    expect(school.length).toBeGreaterThan(0);
    expect(school.every((e) => e.summary.endsWith('School 100001'))).toBe(true);

    const coreTeam = parseFeed(await (await fetchFeed(await feedOf((await b.account('core-team')).email))).text());
    expect(coreTeam.map((e) => `${e.on} ${e.summary}`)).toEqual(
      expect.arrayContaining([
        '2026-02-13 Half-term review: spring-1 2025-26',
        '2026-02-26 Visit: maths-primary support at Elm Academy',
        '2026-02-02 Visit: maths-primary support at School 100001',
      ]),
    );

    // Any other address is a 404, as is a disabled person's.
    expect((await fetchFeed(`${b.baseUrl}/api/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetchFeed(`${b.baseUrl}/api/calendar/not-a-token.ics`)).status).toBe(404);
    const leaver = await b.account('facilitator');
    const leaverUrl = await feedOf(leaver.email);
    expect((await fetchFeed(leaverUrl)).status).toBe(200);
    const admin = await b.app.login();
    const users = (await b.app.http.get('/api/users').auth(admin, { type: 'bearer' }).expect(200)).body as {
      id: string;
      email: string;
    }[];
    const leaverId = users.find((u) => u.email === leaver.email)?.id;
    await b.app.http.post(`/api/users/${leaverId}/disable`).auth(admin, { type: 'bearer' }).expect(200);
    expect((await fetchFeed(leaverUrl)).status).toBe(404);
    // Without a session, no address is made.
    await b.app.http.post('/api/calendar-feed').expect(401);
  }, 60_000);
});
