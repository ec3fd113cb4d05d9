import { typicalTermDates } from '../../src/calendar/academic-calendar.js';
import { ReminderService } from '../../src/scheduling/reminder.service.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

describe('Term dates over HTTP: the default year, defining and editing, and what counts school days by them', () => {
  let harness: AppHarness;
  let admin: string;
  let sleId: string;

  const get = (path: string, as = admin) => harness.http.get(path).auth(as, { type: 'bearer' });
  const put = (body: object, as = admin) => harness.http.put('/api/term-dates').auth(as, { type: 'bearer' }).send(body);
  const post = (path: string, body: object) => harness.http.post(path).auth(admin, { type: 'bearer' }).send(body);
  const typical = () => typicalTermDates('2025-26').map((h) => ({ ...h }));
  const changed = (i: number, change: object) => typical().map((h, j) => (j === i ? { ...h, ...change } : h));

  beforeAll(async () => {
    harness = await AppHarness.start('2025-09-04');
    admin = await harness.login();
    ({ sleId } = await smallAlliance(harness, admin));
  });
  afterAll(() => harness.stop());

  it('answers a typical English year, with its holidays, while the alliance has defined none', async () => {
    const res = await get('/api/term-dates?academicYear=2025-26').expect(200);
    expect(res.body).toMatchObject({ academicYear: '2025-26', localAuthority: null, source: 'default' });
    expect(res.body.halfTerms[1]).toEqual({ halfTerm: 'autumn-2', from: '2025-11-03', to: '2025-12-19' });
    expect(res.body.holidays[0]).toEqual({ after: 'autumn-1', from: '2025-10-25', to: '2025-11-02' });
    expect(res.body.holidays[1]).toEqual({ after: 'autumn-2', from: '2025-12-20', to: '2026-01-04' });
  });

  it('raises no contact reminder, and counts no day since contact, over the summer holiday', async () => {
    const request = (
      await post('/api/support-requests', fixtures.request('100001', { requestedOn: '2025-05-01' })).expect(201)
    ).body.deploymentId;
    await post(
      `/api/deployments/${request}/brokerage-meeting`,
      fixtures.meeting(sleId, { heldOn: '2025-05-08', startDate: '2025-05-12', endDate: '2025-12-19' }),
    ).expect(201);
    await post(`/api/deployments/${request}/deploy`, { startedOn: '2025-05-12' }).expect(201);
    await post(`/api/deployments/${request}/contacts`, fixtures.contact({ on: '2025-07-18' })).expect(201);
    // 4 September: 48 days since the last contact, 4 school days.
    const report = await get('/api/reports/half-termly/2025-26/autumn-1').expect(200);
    const row = report.body.activeDeployments.find((d: { deploymentId: string }) => d.deploymentId === request);
    expect(row).toMatchObject({ lastContactOn: '2025-07-18', contactOverdue: false });
    expect(report.body.areasOfConcern).toEqual([]);
    const scan = await harness.app.get(ReminderService).scan();
    expect(scan.raised.filter((id) => id.startsWith('contact-overdue'))).toEqual([]);
    // The 15th school day since is Friday 19 September; the reminder comes on the 16th, Monday 22nd.
    harness.clock.set('2025-09-19T12:00:00Z');
    expect((await harness.app.get(ReminderService).scan()).raised).not.toContain(
      `contact-overdue-${request}-2025-07-18`,
    );
    harness.clock.set('2025-09-22T12:00:00Z');
    expect((await harness.app.get(ReminderService).scan()).raised).toContain(`contact-overdue-${request}-2025-07-18`);
    harness.clock.set('2025-09-04T12:00:00Z');
  });

  it('defines and edits a year (facilitator or admin), and reports then use those half terms', async () => {
    const facilitator = await harness.userWith('facilitator');
    const defined = await put(
      { academicYear: '2025-26', halfTerms: changed(0, { from: '2025-09-02' }) },
      facilitator,
    ).expect(200);
    expect(defined.body).toMatchObject({ source: 'alliance' });
    expect(defined.body.halfTerms[0]).toEqual({ halfTerm: 'autumn-1', from: '2025-09-02', to: '2025-10-24' });
    const edited = await put({ academicYear: '2025-26', halfTerms: changed(1, { to: '2025-12-18' }) }).expect(200);
    expect(edited.body.halfTerms[0].from).toBe('2025-09-03');
    expect(edited.body.halfTerms[1].to).toBe('2025-12-18');
    const report = await get('/api/reports/half-termly/2025-26/autumn-2').expect(200);
    expect(report.body.teaching).toEqual({ from: '2025-11-03', to: '2025-12-18' });
    expect(report.body.to).toBe('2026-01-04');
  });

  it("keeps a local authority's own dates apart from the alliance's", async () => {
    const own = changed(0, { from: '2025-09-08' });
    const res = await put({ academicYear: '2025-26', localAuthority: 'Buckinghamshire', halfTerms: own }).expect(200);
    expect(res.body).toMatchObject({ localAuthority: 'Buckinghamshire', source: 'local-authority' });
    expect(res.body.localAuthoritiesWithOwnDates).toEqual(['Buckinghamshire']);
    const alliance = await get('/api/term-dates?academicYear=2025-26').expect(200);
    expect(alliance.body.halfTerms[0].from).toBe('2025-09-03');
    const other = await get('/api/term-dates?academicYear=2025-26&localAuthority=Elsewhere').expect(200);
    expect(other.body.source).toBe('alliance');
  });

  it('refuses overlapping, out-of-order and impossible dates with a 400 naming each field, appending nothing', async () => {
    const before = (await get('/api/term-dates?academicYear=2025-26').expect(200)).body;
    const overlapping = await put({ academicYear: '2025-26', halfTerms: changed(3, { from: '2026-02-10' }) }).expect(
      400,
    );
    expect(Object.keys(overlapping.body.fields)).toEqual(['halfTerms.3.from']);
    const swapped = typical();
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    const outOfOrder = await put({ academicYear: '2025-26', halfTerms: swapped }).expect(400);
    expect(Object.keys(outOfOrder.body.fields)).toEqual(
      expect.arrayContaining(['halfTerms.0.halfTerm', 'halfTerms.1.halfTerm']),
    );
    const backwards = await put({ academicYear: '2025-26', halfTerms: changed(4, { to: '2026-04-01' }) }).expect(400);
    expect(Object.keys(backwards.body.fields)).toEqual(['halfTerms.4.to']);
    const notADate = await put({ academicYear: '2025-26', halfTerms: changed(2, { to: '2026-02-30' }) }).expect(400);
    expect(Object.keys(notADate.body.fields)).toEqual(['halfTerms.2.to']);
    const outsideYear = await put({ academicYear: '2024-25', halfTerms: typical() }).expect(400);
    expect(Object.keys(outsideYear.body.fields)).toContain('halfTerms.0.from');
    const badYear = await put({ academicYear: '2025-27', halfTerms: typical() }).expect(400);
    expect(Object.keys(badYear.body.fields)).toEqual(['academicYear']);
    const five = await put({ academicYear: '2025-26', halfTerms: typical().slice(0, 5) }).expect(400);
    expect(Object.keys(five.body.fields)).toEqual(['halfTerms']);
    const unknownAuthority = await put({
      academicYear: '2025-26',
      localAuthority: 'Nowhere',
      halfTerms: typical(),
    }).expect(400);
    expect(Object.keys(unknownAuthority.body.fields)).toEqual(['localAuthority']);
    await get('/api/term-dates?academicYear=2025').expect(400);
    expect((await get('/api/term-dates?academicYear=2025-26').expect(200)).body).toEqual(before);
  });

  it('lets the core team read term dates but only facilitators and admins define them; schools neither', async () => {
    const coreTeam = await harness.userWith('core-team');
    await get('/api/term-dates', coreTeam).expect(200);
    await put({ academicYear: '2025-26', halfTerms: typical() }, coreTeam).expect(403);
    const school = await harness.userWith('school', { schoolUrn: '100001' });
    await get('/api/term-dates', school).expect(403);
    await put({ academicYear: '2025-26', halfTerms: typical() }, school).expect(403);
  });
});
