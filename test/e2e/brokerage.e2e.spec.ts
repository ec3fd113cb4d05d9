import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

describe('Brokerage over HTTP: queue, needs analysis, explained matches', () => {
  let harness: AppHarness;
  let token: string;
  let sleId: string;

  const get = (path: string, as = token) => harness.http.get(path).auth(as, { type: 'bearer' });
  const post = (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body);

  beforeAll(async () => {
    harness = await AppHarness.start('2025-10-20');
    token = await harness.login();
    ({ sleId } = await smallAlliance(harness, token));
  });
  afterAll(() => harness.stop());

  it('queues requests until their brokerage meeting, oldest first, flagged past the target', async () => {
    const later = (
      await post(
        '/api/support-requests',
        fixtures.request('100001', { requestedOn: '2025-10-15', specialism: 'science' }),
      ).expect(201)
    ).body.deploymentId;
    const older = (
      await post('/api/support-requests', fixtures.request('100001', { requestedOn: '2025-09-29' })).expect(201)
    ).body.deploymentId;
    const queue = await get('/api/brokerage/queue').expect(200);
    expect(queue.body.targetSchoolDays).toBe(10);
    expect(
      queue.body.requests.map(
        (r: { deploymentId: string; ageSchoolDays: number; eligibleSles: number; overTarget: boolean }) => [
          r.deploymentId,
          r.ageSchoolDays,
          r.eligibleSles,
          r.overTarget,
        ],
      ),
    ).toEqual([
      [older, 15, 1, true],
      [later, 3, 0, false],
    ]);

    await post(
      `/api/deployments/${older}/brokerage-meeting`,
      fixtures.meeting(sleId, { heldOn: '2025-10-16', startDate: '2025-10-20' }),
    ).expect(201);
    const after = await get('/api/brokerage/queue').expect(200);
    expect(after.body.requests.map((r: { deploymentId: string }) => r.deploymentId)).toEqual([later]);
  });

  it('lists ineligible SLEs with the reasons when asked', async () => {
    const science = (await get('/api/brokerage/queue').expect(200)).body.requests[0].deploymentId;
    const res = await get(`/api/support-requests/${science}/matches?includeIneligible=true`).expect(200);
    expect(res.body.matches).toEqual([]);
    expect(res.body.ineligible).toEqual([
      { sleId, name: 'Sam Patel', reasons: ['does not hold the science specialism'] },
    ]);
  });

  it('lists a shortlist of the best matches, `limit` long, with how many SLEs are eligible in all', async () => {
    const request = (
      await post('/api/support-requests', fixtures.request('100001', { requestedOn: '2025-10-17' })).expect(201)
    ).body.deploymentId;
    expect((await get(`/api/support-requests/${request}/matches`).expect(200)).body.eligibleCount).toBe(1);
    const second = await post(
      '/api/sles',
      fixtures.sle('100002', { name: 'Ola Second', email: 'ola.second@school.test' }),
    ).expect(201);
    const all = (await get(`/api/support-requests/${request}/matches`).expect(200)).body;
    expect(all.eligibleCount).toBe(2);
    expect(all.matches.map((m: { sleId: string }) => m.sleId).sort()).toEqual([sleId, second.body.sleId].sort());
    const one = (await get(`/api/support-requests/${request}/matches?limit=1`).expect(200)).body;
    expect(one).toEqual({ matches: [all.matches[0]], eligibleCount: 2 });
    for (const limit of ['0', '201', '1.5', 'ten']) {
      const bad = await get(`/api/support-requests/${request}/matches?limit=${limit}`).expect(400);
      expect(Object.keys(bad.body.fields)).toEqual(['limit']);
    }
    // The SLEs holding a specialism are kept between requests: a change to an SLE is seen at once.
    await post(`/api/sles/${second.body.sleId}/specialisms`, { specialisms: ['assessment'], on: '2025-10-20' }).expect(
      201,
    );
    expect((await get(`/api/support-requests/${request}/matches`).expect(200)).body).toEqual({
      matches: [expect.objectContaining({ sleId })],
      eligibleCount: 1,
    });
    await post(`/api/sles/${second.body.sleId}/specialisms`, {
      specialisms: ['maths-primary'],
      on: '2025-10-20',
    }).expect(201);
    expect((await get(`/api/support-requests/${request}/matches`).expect(200)).body.eligibleCount).toBe(2);
  });

  it('shows the needs analysis for the current or a named academic year', async () => {
    const current = await get('/api/reports/needs').expect(200);
    expect(current.body.academicYear).toBe('2025-26');
    const science = current.body.rows.find((r: { specialism: string }) => r.specialism === 'science');
    expect(science).toMatchObject({
      phase: 'primary',
      demand: { requestsReceived: 1, requestsWithNoEligibleSle: 1 },
      recommendation: { action: 'designate-more', count: 1 },
    });
    expect(
      (await get('/api/reports/needs?academicYear=2024-25').expect(200)).body.rows.every(
        (r: { demand: { requestsReceived: number } }) => r.demand.requestsReceived === 0,
      ),
    ).toBe(true);
    const bad = await get('/api/reports/needs?academicYear=2025').expect(400);
    expect(bad.body.fields).toHaveProperty('academicYear');
  });

  it('is for staff only', async () => {
    const school = await harness.userWith('school', { schoolUrn: '100001' });
    const sle = await harness.userWith('sle', { sleId });
    const coreTeam = await harness.userWith('core-team');
    for (const as of [school, sle]) {
      await get('/api/brokerage/queue', as).expect(403);
      await get('/api/reports/needs', as).expect(403);
    }
    await get('/api/brokerage/queue', coreTeam).expect(200);
  });
});
