import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

/**
 * The routes behind the inbox, the kept half-term review, the calendar feeds and a school's withdrawal of its
 * request: who may call them, and refusals.
 */
describe('Reviews kept, the inbox, calendar feeds and withdrawals over HTTP', () => {
  let harness: AppHarness;
  let admin: string;
  let coreTeam: string;
  let school: string;
  let sle: string;

  const review = {
    heldOn: '2025-12-15',
    attendees: [{ name: 'Chris Chair', role: 'Chair' }],
    areasOfConcern: [{ schoolUrn: '100001', concern: 'Attendance' }],
    notes: 'All reviewed',
  };
  const amendments = '/api/half-term-reviews/2025-26/autumn-2/amendments';

  /** Sends the request, checks the status and that the store did not move. */
  async function refused(token: string, path: string, body: object, status: number) {
    const before = await harness.headPosition();
    const res = await harness.http.post(path).auth(token, { type: 'bearer' }).send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(await harness.headPosition()).toBe(before);
    return res.body;
  }

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    coreTeam = await harness.userWith('core-team');
    school = await harness.userWith('school', { schoolUrn: '100001' });
    sle = await harness.userWith('sle', { sleId });
  });
  afterAll(() => harness.stop());

  it('lists no review for a year before one is held, and answers 404 for the half term', async () => {
    const list = await harness.http
      .get('/api/half-term-reviews?academicYear=2025-26')
      .auth(coreTeam, { type: 'bearer' })
      .expect(200);
    expect(list.body).toEqual([]);
    await harness.http.get('/api/half-term-reviews/2025-26/autumn-2').auth(coreTeam, { type: 'bearer' }).expect(404);
  });

  it('refuses an amendment before the review is held (409), appending nothing', async () => {
    const body = await refused(coreTeam, amendments, { ...review, reason: 'Typo' }, 409);
    expect(body.message).toMatch(/has not been held yet/);
  });

  it('keeps the review with its history and amends it, naming each bad field', async () => {
    await harness.http
      .post('/api/half-term-reviews')
      .auth(coreTeam, { type: 'bearer' })
      .send({ academicYear: '2025-26', halfTerm: 'autumn-2', ...review })
      .expect(201);
    const second = await refused(
      coreTeam,
      '/api/half-term-reviews',
      { academicYear: '2025-26', halfTerm: 'autumn-2', ...review },
      409,
    );
    expect(second.message).toMatch(/already been held; amend it instead/);

    expect(Object.keys((await refused(coreTeam, amendments, { ...review }, 400)).fields)).toEqual(['reason']);
    expect(
      Object.keys((await refused(coreTeam, amendments, { ...review, heldOn: '2026-13-01', reason: 'x' }, 400)).fields),
    ).toEqual(['heldOn']);
    expect((await refused(coreTeam, amendments, { ...review, reason: 'Nothing' }, 400)).fields).toEqual({
      reason: [expect.stringMatching(/nothing was changed/)],
    });
    expect(
      (await refused(coreTeam, '/api/half-term-reviews/2025-26/autumn-7/amendments', { ...review, reason: 'x' }, 400))
        .fields,
    ).toHaveProperty('halfTerm');
    expect(
      (
        await refused(
          coreTeam,
          amendments,
          { ...review, areasOfConcern: [{ schoolUrn: '999999', concern: 'x' }], reason: 'x' },
          400,
        )
      ).fields,
    ).toHaveProperty('areasOfConcern');

    const amended = await harness.http
      .post(amendments)
      .auth(coreTeam, { type: 'bearer' })
      .send({ ...review, notes: 'All reviewed; one to watch', reason: 'Notes completed' })
      .expect(201);
    expect(amended.body).toMatchObject({
      notes: 'All reviewed; one to watch',
      areasOfConcern: [{ schoolUrn: '100001', schoolName: expect.any(String), concern: 'Attendance' }],
      history: [
        { change: 'held', reason: null, by: expect.any(String) },
        { change: 'amended', reason: 'Notes completed', by: expect.any(String) },
      ],
    });
    const csv = await harness.http
      .get('/api/reports/half-termly/2025-26/autumn-2')
      .auth(coreTeam, { type: 'bearer' })
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.text).toContain('Chris Chair,Chair');
    expect(csv.text).toContain('All reviewed; one to watch');
    expect(csv.text).toMatch(/amended,[^,]+,[^,]+,Notes completed/);
  });

  it('keeps the reviews from schools and SLEs (403)', async () => {
    for (const token of [school, sle]) {
      await harness.http.get('/api/half-term-reviews/2025-26/autumn-2').auth(token, { type: 'bearer' }).expect(403);
      await harness.http.get('/api/half-term-reviews?academicYear=2025-26').auth(token, { type: 'bearer' }).expect(403);
      await refused(token, amendments, { ...review, reason: 'x' }, 403);
    }
  });

  it('answers 400 for a list of reviews without a proper academic year', async () => {
    const res = await harness.http
      .get('/api/half-term-reviews?academicYear=2025')
      .auth(coreTeam, { type: 'bearer' })
      .expect(400);
    expect(res.body.fields).toHaveProperty('academicYear');
  });

  it('counts only the person’s own unread notifications', async () => {
    for (const token of [coreTeam, school, sle])
      expect(
        (await harness.http.get('/api/notifications/unread').auth(token, { type: 'bearer' }).expect(200)).body,
      ).toEqual({ count: 0 });
    await harness.http.get('/api/notifications/unread').expect(401);
  });

  it('makes a calendar feed address only for a signed-in person; any other token finds nothing', async () => {
    await harness.http.post('/api/calendar-feed').expect(401);
    expect((await harness.http.get('/api/calendar-feed').auth(sle, { type: 'bearer' }).expect(200)).body).toEqual({
      issuedAt: null,
    });
    const { url } = (await harness.http.post('/api/calendar-feed').auth(sle, { type: 'bearer' }).expect(200)).body;
    const path = new URL(url).pathname;
    const feed = await harness.http.get(path).expect(200);
    expect(feed.text).toMatch(/^BEGIN:VCALENDAR/);
    await harness.http.get(path.replace(/[A-Za-z0-9_-]{43}/, 'B'.repeat(43))).expect(404);
    await harness.http.get('/api/calendar/x.ics').expect(404);
    await harness.http.get(`/api/calendar/${'%00'.repeat(20)}.ics`).expect(404);
  });

  it('lets only the school withdraw its own open request, once, naming each bad field', async () => {
    await harness.http.post('/api/schools').auth(admin, { type: 'bearer' }).send(fixtures.school('100003')).expect(201);
    const request = async (urn: string) =>
      (
        await harness.http
          .post('/api/support-requests')
          .auth(admin, { type: 'bearer' })
          .send(fixtures.request(urn, { requestedOn: '2026-02-20' }))
          .expect(201)
      ).body.deploymentId as string;
    const ours = await request('100001');
    const theirs = await request('100003');
    const withdrawal = (id: string) => `/api/deployments/${id}/withdrawal`;
    const body = { on: '2026-03-02', reason: 'Sent by mistake' };

    // Another school's request: 403, as for a facilitator (who cancels instead) and an SLE.
    await refused(school, withdrawal(theirs), body, 403);
    await refused(admin, withdrawal(ours), body, 403);
    await refused(sle, withdrawal(ours), body, 403);
    await refused(school, withdrawal('7d1f6c1e-1111-4111-8111-111111111111'), body, 404);
    expect(Object.keys((await refused(school, withdrawal(ours), {}, 400)).fields).sort()).toEqual(['on', 'reason']);
    expect((await refused(school, withdrawal(ours), { ...body, on: '2026-02-19' }, 400)).fields).toHaveProperty('on');
    expect((await refused(school, withdrawal(ours), { ...body, on: '2026-03-03' }, 400)).fields).toHaveProperty('on');

    await harness.http.post(withdrawal(ours)).auth(school, { type: 'bearer' }).send(body).expect(201);
    const view = await harness.http.get(`/api/deployments/${ours}`).auth(school, { type: 'bearer' }).expect(200);
    expect(view.body).toMatchObject({
      status: 'cancelled',
      cancellation: { on: '2026-03-02', reason: 'Sent by mistake', withdrawn: true },
    });
    expect((await refused(school, withdrawal(ours), body, 409)).message).toMatch(/the deployment is withdrawn/);
  });
});
