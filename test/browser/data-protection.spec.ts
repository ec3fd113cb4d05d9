import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ERASED } from '../../events/index.js';
import { supportedSchool } from './alliance-history.js';
import { accessibilityViolations, BrowserHarness, settled } from './browser-support.js';
import { expect as pwExpect } from './pw-expect.js';

const SLE_EMAIL = 'sam.patel@school.test';

/**
 * An admin answers a subject access request and then an erasure request for an SLE still at work, on the data
 * protection page; the read audit shows the export. A facilitator is offered none of it.
 */
describe('the data protection page', () => {
  let b: BrowserHarness;
  let sleId: string;
  let deploymentId: string;
  let admin: Page;

  beforeAll(async () => {
    b = await BrowserHarness.start('2026-03-02');
    // Deployed and not evaluated: an active deployment.
    ({ sleId, deploymentId } = await supportedSchool(b.app, { evaluate: false }));
    admin = await b.newPage();
    await b.signIn(admin, await b.account('admin'));
  }, 30_000);
  afterAll(() => b?.stop());

  const main = () => admin.locator('main');

  it('says so in words when no one has the email', async () => {
    await admin.getByRole('link', { name: 'Data protection' }).click();
    await settled(admin);
    await admin.getByLabel('Email address or id').fill('nobody@school.test');
    await admin.getByRole('button', { name: 'Find', exact: true }).click();
    await pwExpect(admin.getByRole('alert')).toContainText('No SLE or user with that email or id');
    expect(b.problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    b.problems.length = 0;
  });

  it('finds an SLE by email, sums up what is held and downloads it, named by id; the address holds no email', async () => {
    await admin.getByLabel('Email address or id').fill(SLE_EMAIL);
    await admin.getByRole('button', { name: 'Find', exact: true }).click();
    await pwExpect(admin.getByRole('heading', { name: 'SLE Sam Patel', exact: true })).toBeVisible();
    await pwExpect(main()).toContainText('Events naming them');
    expect(admin.url()).toContain(`id=${sleId}`);
    expect(decodeURIComponent(admin.url())).not.toContain('@');

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Download what we hold' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sle-${sleId}.json`);
    const held = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      person: unknown;
      events: { type: string; data: { note?: string } }[];
    };
    expect(held.person).toEqual({ kind: 'sle', id: sleId });
    const types = held.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['SleDesignated', 'BrokerageMeetingHeld', 'ContactLogged']));
    expect(held.events.map((e) => e.data.note)).toContain('Staff absence in Y6');
    // The summary counts what the file holds.
    await pwExpect(main().locator('dt:text-is("Events naming them") + dd')).toHaveText(String(held.events.length));

    await b.screenshot(admin, 'data-protection-found-desktop');
    expect(await accessibilityViolations(admin)).toEqual([]);
  });

  it('erases the SLE with a reason, once told of the active deployment and asked to force, and says what it did', async () => {
    const erase = admin.getByRole('form', { name: 'Erase SLE Sam Patel' });
    const send = erase.getByRole('button', { name: 'Erase for good' });
    // The confirmation is checked first, then the reason by the API.
    await erase.getByLabel(`Type ${SLE_EMAIL} or ${sleId} to confirm`).fill('someone else');
    await send.click();
    await pwExpect(erase.locator('[data-field="confirm"] .field-error')).toContainText('type it as shown');
    await erase.getByLabel(`Type ${SLE_EMAIL} or ${sleId} to confirm`).fill(SLE_EMAIL.toUpperCase());
    await send.click();
    await pwExpect(erase.locator('[data-field="reason"] .field-error')).toHaveText(/\S/);

    await erase.getByLabel('Why they are erased').fill('Asked to be forgotten, letter of 2 March 2026');
    await send.click();
    await pwExpect(erase).toContainText('They are working on 1 active deployment');
    await pwExpect(erase.getByRole('link', { name: /Deployed at/ })).toHaveAttribute(
      'href',
      `#/deployments/${deploymentId}`,
    );
    await b.screenshot(admin, 'data-protection-force-desktop');
    expect(await accessibilityViolations(admin)).toEqual([]);

    await erase.getByLabel('Erase although a deployment is active').check();
    await send.click();
    await pwExpect(admin.getByRole('heading', { name: 'Erased', exact: true })).toBeVisible();
    await pwExpect(main()).toContainText('Erased although a deployment was active');
    // The fixture's meeting has the SLE's name typed in, unlinked: the list is said to be erased whole.
    await pwExpect(main()).toContainText('Their name was typed into these lists without a link');
    await pwExpect(main().getByRole('link', { name: /^the deployment at / })).toHaveAttribute(
      'href',
      `#/deployments/${deploymentId}`,
    );
    // Read again after: the summary shows what is held now.
    await pwExpect(main().locator('dt:text-is("Name") + dd')).toHaveText(ERASED);
    await b.screenshot(admin, 'data-protection-erased-desktop');

    await admin.getByRole('link', { name: 'Open their page' }).last().click();
    await settled(admin);
    await pwExpect(admin.getByRole('heading', { level: 1 })).toHaveText(ERASED);
    expect(await main().innerText()).not.toContain('Sam Patel');
  });

  it('lists the export in the read audit, and names a bad filter beside its field', async () => {
    await admin.getByRole('link', { name: 'Data protection' }).click();
    await settled(admin);
    const audit = admin.getByRole('form', { name: 'Filter the read audit' });
    await audit.getByLabel('Whose data').fill('x'.repeat(401));
    await audit.getByRole('button', { name: 'Show reads' }).click();
    await pwExpect(audit.locator('[data-field="subject"] .field-error')).toHaveText(/\S/);

    await audit.getByLabel('Whose data').fill(`sle:${sleId}`);
    await audit.getByRole('button', { name: 'Show reads' }).click();
    const rows = admin.getByRole('table').locator('tbody tr');
    await pwExpect(rows.filter({ hasText: '/api/data-subjects/:id/export' }).first()).toContainText(`SLE ${ERASED}`);
    await b.screenshot(admin, 'data-protection-audit-desktop');
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('shows an erased person and the audit on a phone', async () => {
    const phone = await b.newPhonePage();
    await b.signIn(phone, await b.account('admin'));
    await phone.goto(`${b.baseUrl}/#/data-protection?id=${sleId}`);
    await settled(phone);
    await pwExpect(phone.locator('main')).toContainText('Their name and email are already erased.');
    await phone.getByRole('button', { name: 'Show who read their data' }).click();
    await pwExpect(phone.getByRole('table')).toContainText('/api/data-subjects/:id/export');
    await b.screenshot(phone, 'data-protection-phone');
    expect(await accessibilityViolations(phone)).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('is neither offered nor opened for a facilitator', async () => {
    const page = await b.newPage();
    await b.signIn(page, await b.account('facilitator'));
    await pwExpect(page.locator('#nav')).toContainText('People');
    await pwExpect(page.getByRole('link', { name: 'Data protection' })).toHaveCount(0);
    await page.goto(`${b.baseUrl}/#/data-protection`);
    await settled(page);
    await pwExpect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
    expect(b.problems).toEqual([]);
  });
});
