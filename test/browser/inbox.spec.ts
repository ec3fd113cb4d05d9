import type { Page } from 'playwright-core';
import { InProcessJobQueue } from '../../src/scheduling/in-process-job-queue.js';
import { JobQueue } from '../../src/scheduling/job-queue.js';
import { fixtures } from '../support/alliance-fixtures.js';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

/**
 * The inbox: the reminders the jobs raise reach the people they concern as a count on the bell, without
 * reloading, and on the notifications page, where they are read.
 */
describe('the inbox in a browser', () => {
  let b: BrowserHarness;
  let sleId: string;
  let deploymentId: string;
  let otherSleId: string;

  beforeAll(async () => {
    // 2 March 2026, the last contact on 2 February. The timer never scans by itself.
    b = await BrowserHarness.start('2026-03-02', { JOBS_SCAN_EVERY_SECONDS: '3600' });
    ({ sleId, deploymentId } = await supportedSchool(b.app, { evaluate: false }));
    const admin = await b.app.login();
    const other = await b.app.http
      .post('/api/sles')
      .auth(admin, { type: 'bearer' })
      .send(fixtures.sle('100003', { name: 'Ola Other', email: 'ola.other@school.test' }))
      .expect(201);
    otherSleId = other.body.sleId;
  }, 30_000);
  afterAll(() => b?.stop());

  const bellCount = (page: Page) => page.locator('#bell .bell-count');

  it('shows an overdue-contact reminder on the bell of the SLE and the facilitator only', async () => {
    const sle = await b.newPage();
    await b.signIn(sle, await b.account('sle', { sleId }));
    const facilitatorAccount = await b.account('facilitator');
    const facilitator = await b.newPage();
    await b.signIn(facilitator, facilitatorAccount);
    const otherSle = await b.newPage();
    await b.signIn(otherSle, await b.account('sle', { sleId: otherSleId }));
    const school = await b.newPage();
    await b.signIn(school, await b.account('school', { schoolUrn: '100001' }));
    for (const page of [sle, facilitator, otherSle, school]) {
      await pwExpect(page.locator('#bell[data-count="0"]')).toBeVisible();
      await pwExpect(bellCount(page)).toBeHidden();
    }

    // On 11 March the last contact (2 February) is more than 21 school days old: the jobs find it overdue, and
    // the open pages learn of it at their next poll, without a reload.
    b.app.clock.set('2026-03-11T07:00:00Z');
    await (b.app.app.get(JobQueue) as InProcessJobQueue).scanNow();
    // Each page in front in turn, as a person would look at it: a page in the background does not poll.
    await sle.bringToFront();
    await pwExpect(bellCount(sle), { timeout: 30_000 }).toHaveText('1');
    // The facilitators also have Brook Primary's request, waiting beyond its target for a brokerage meeting.
    await facilitator.bringToFront();
    await pwExpect(bellCount(facilitator), { timeout: 30_000 }).toHaveText('2');
    await pwExpect(sle.getByRole('link', { name: 'Notifications, 1 unread' })).toBeVisible();

    // Not another SLE's, nor the school's (an overdue contact is the SLE's and the facilitators' to act on).
    for (const page of [otherSle, school]) {
      await page.reload();
      await pwExpect(page.locator('#bell[data-count="0"]')).toBeVisible();
      await pwExpect(bellCount(page)).toBeHidden();
    }
    await otherSle.getByRole('link', { name: 'Notifications' }).click();
    await pwExpect(otherSle.getByText('You have no unread notifications.')).toBeVisible();

    // The SLE opens the notifications page, which links to the deployment, and marks it read.
    await sle.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    await pwExpect(sle.getByRole('heading', { level: 1 })).toHaveText('Notifications');
    const card = sle.locator('.notifications .card');
    await pwExpect(card).toHaveCount(1);
    await pwExpect(card).toContainText('Contact overdue');
    await pwExpect(card).toContainText('Unread');
    await pwExpect(card.getByRole('link')).toHaveAttribute('href', `#/deployments/${deploymentId}`);
    expect(await accessibilityViolations(sle)).toEqual([]);
    await b.screenshot(sle, 'inbox-notifications');

    await card.getByRole('button', { name: /Mark as read/ }).click();
    await pwExpect(sle.getByRole('status')).toContainText('Marked as read');
    await pwExpect(bellCount(sle)).toBeHidden();
    await pwExpect(sle.getByText('You have no unread notifications.')).toBeVisible();
    await sle.getByRole('link', { name: /Show all 1/ }).click();
    await pwExpect(sle.locator('.notifications .card')).toContainText('Read');
    // The facilitator's own notification of the same reminder is still unread.
    await facilitator.reload();
    await pwExpect(facilitator.locator('#bell[data-count="2"]')).toBeVisible();

    const phone = await b.newPhonePage();
    await b.signIn(phone, facilitatorAccount);
    await phone.goto(`${b.baseUrl}/#/notifications`);
    await pwExpect(phone.locator('.notifications .card')).toHaveCount(2);
    await pwExpect(phone.locator('.notifications .card', { hasText: 'Contact overdue' })).toHaveCount(1);
    expect(await accessibilityViolations(phone)).toEqual([]);
    await b.screenshot(phone, 'inbox-notifications-phone');
    expect(b.problems).toEqual([]);
  }, 90_000);
});
