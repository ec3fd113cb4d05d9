import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

/** Programmes beyond SLE over HTTP: defining them, designating and requesting within one, matching and reports by programme. */
describe('Programmes over HTTP', () => {
  let harness: AppHarness;
  let admin: string;
  let sleId: string;
  let adviserId: string;
  let riseRequest: string;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => harness.http.put(path).auth(token, { type: 'bearer' }).send(body),
  });
  const rise = {
    singular: 'RISE adviser',
    plural: 'RISE advisers',
    specialisms: ['leadership', 'maths-primary'],
    yearlyDays: 30,
  };

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
    ({ sleId } = await smallAlliance(harness, admin));
    await as(admin).post('/api/schools', fixtures.school('100003')).expect(201);
  });
  afterAll(() => harness.stop());

  it('has the SLE programme from the start, with the configured specialisms: existing data stays valid', async () => {
    const res = await as(admin).get('/api/programmes').expect(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ programmeId: 'sle', singular: 'SLE', plural: 'SLEs' });
    expect(res.body[0].specialisms).toContain('maths-primary');
    const request = await as(admin).post('/api/support-requests', fixtures.request('100001')).expect(201);
    const view = await as(admin).get(`/api/deployments/${request.body.deploymentId}`).expect(200);
    expect(view.body.programme).toBe('sle');
    expect((await as(admin).get(`/api/sles/${sleId}`).expect(200)).body.programmes).toEqual(['sle']);
  });

  it('lets an admin define a programme, in its own words; not a facilitator; refusing bad fields by name', async () => {
    const facilitator = await harness.userWith('facilitator');
    await as(facilitator).put('/api/programmes/rise', rise).expect(403);
    const defined = await as(admin).put('/api/programmes/rise', rise).expect(200);
    expect(defined.body).toEqual({ programmeId: 'rise', ...rise });
    const school = await harness.userWith('school', { schoolUrn: '100001' });
    const seen = await as(school).get('/api/programmes').expect(200);
    expect(seen.body.map((p: { programmeId: string }) => p.programmeId)).toEqual(['sle', 'rise']);

    const bad = await as(admin)
      .put('/api/programmes/rise', { ...rise, yearlyDays: 0, specialisms: [], plural: '' })
      .expect(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['plural', 'specialisms', 'yearlyDays']);
    const badId = await as(admin).put('/api/programmes/Bad%20Id', rise).expect(400);
    expect(Object.keys(badId.body.fields)).toEqual(['programmeId']);
    await as(admin).get('/api/programmes/nope').expect(404);
  });

  it('designates a specialist to a programme, with only that programme’s specialisms', async () => {
    const wrong = await as(admin)
      .post(
        '/api/sles',
        fixtures.sle('100002', { email: 'ada@rise.test', programmes: ['rise'], specialisms: ['phonics'] }),
      )
      .expect(400);
    expect(Object.keys(wrong.body.fields)).toEqual(['specialisms']);
    const unknown = await as(admin)
      .post('/api/sles', fixtures.sle('100002', { email: 'ada@rise.test', programmes: ['hub'] }))
      .expect(400);
    expect(Object.keys(unknown.body.fields)).toEqual(['programmes']);
    // The contract's designation says its capacity: the programme's yearly days only start the web form's value.
    const { capacityDays: _omitted, ...noCapacity } = fixtures.sle('100003', {
      email: 'ada@rise.test',
      programmes: ['rise'],
      specialisms: ['leadership'],
    });
    const withoutCapacity = await as(admin).post('/api/sles', noCapacity).expect(400);
    expect(Object.keys(withoutCapacity.body.fields)).toEqual(['capacityDays']);
    const adviser = await as(admin)
      .post(
        '/api/sles',
        fixtures.sle('100003', {
          name: 'Ada Adviser',
          email: 'ada@rise.test',
          programmes: ['rise'],
          specialisms: ['leadership', 'maths-primary'],
        }),
      )
      .expect(201);
    adviserId = adviser.body.sleId;
  });

  it('requests support within a programme, and matches only that programme’s specialists', async () => {
    const unknown = await as(admin)
      .post('/api/support-requests', fixtures.request('100001', { programme: 'hub' }))
      .expect(400);
    expect(Object.keys(unknown.body.fields)).toEqual(['programme']);
    const notInProgramme = await as(admin)
      .post('/api/support-requests', fixtures.request('100001', { programme: 'rise', specialism: 'phonics' }))
      .expect(400);
    expect(Object.keys(notInProgramme.body.fields)).toEqual(['specialism']);

    riseRequest = (
      await as(admin)
        .post('/api/support-requests', fixtures.request('100001', { programme: 'rise', requestedOn: '2026-02-02' }))
        .expect(201)
    ).body.deploymentId;
    const matches = await as(admin).get(`/api/support-requests/${riseRequest}/matches?includeIneligible=true`);
    expect(matches.status).toBe(200);
    expect(matches.body.matches.map((m: { sleId: string }) => m.sleId)).toEqual([adviserId]);
    expect(matches.body.ineligible).toEqual([{ sleId, name: 'Sam Patel', reasons: ['is not in the rise programme'] }]);
    // The SLE programme's specialist cannot be brokered to it.
    const refused = await as(admin)
      .post(
        `/api/deployments/${riseRequest}/brokerage-meeting`,
        fixtures.meeting(sleId, { heldOn: '2026-02-09', startDate: '2026-02-23', endDate: '2026-05-22' }),
      )
      .expect(400);
    expect(Object.keys(refused.body.fields)).toEqual(['sleId']);
    await as(admin)
      .post(
        `/api/deployments/${riseRequest}/brokerage-meeting`,
        fixtures.meeting(adviserId, { heldOn: '2026-02-09', startDate: '2026-02-23', endDate: '2026-05-22' }),
      )
      .expect(201);
  });

  it('imports specialists into a programme from CSV, naming an unknown programme’s cell', async () => {
    const header = 'name,email,home_school_urn,specialisms,phases,capacity_days,designated_on,programmes';
    const bad = `${header}\nBo Hub,bo@hub.test,100002,leadership,primary,20,2025-09-01,hub\n`;
    const refused = await as(admin).post('/api/imports/sles', { csv: bad }).expect(400);
    expect(refused.body.problems).toEqual([
      { row: 2, column: 'programmes', message: expect.stringContaining('no programme hub is defined') },
    ]);
    const good = `${header}\nBo Rise,bo@rise.test,100002,leadership,primary,20,2025-09-01,rise\n`;
    await as(admin).post('/api/imports/sles', { csv: good }).expect(201);
    const sles = await as(admin).get('/api/sles?q=Bo%20Rise').expect(200);
    const bo = (Array.isArray(sles.body) ? sles.body : sles.body.items).find(
      (s: { name: string }) => s.name === 'Bo Rise',
    );
    expect(bo.programmes).toEqual(['rise']);
  });

  it('filters the impact, half-termly and needs reports by ?programme=, and names an unknown one', async () => {
    const queue = await as(admin).get('/api/brokerage/queue').expect(200);
    expect(queue.body.requests).toHaveLength(1); // the SLE request still waits
    const half = await as(admin).get('/api/reports/half-termly/2025-26/spring-1?programme=rise').expect(200);
    expect(half.body).toMatchObject({ programme: 'rise', summary: { requestsReceived: 1, brokerageMeetingsHeld: 1 } });
    const sle = await as(admin).get('/api/reports/half-termly/2025-26/spring-1?programme=sle').expect(200);
    expect(sle.body.summary).toMatchObject({ requestsReceived: 0, brokerageMeetingsHeld: 0 });
    const needs = await as(admin).get('/api/reports/needs?programme=rise').expect(200);
    expect(needs.body.programme).toBe('rise');
    const leadership = needs.body.rows.find((r: { specialism: string }) => r.specialism === 'leadership');
    expect(leadership.supply.designatedSles).toBe(2); // Ada and Bo, the RISE advisers
    const impact = await as(admin).get('/api/reports/impact?from=2025-09-01&to=2026-08-31&programme=rise').expect(200);
    expect(impact.body).toMatchObject({ programme: 'rise', deploymentsCompleted: 0 });
    const csv = await as(admin)
      .get('/api/reports/impact?from=2025-09-01&to=2026-08-31&programme=rise')
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.text).toContain('Programme,rise');
    const halfCsv = await as(admin)
      .get('/api/reports/half-termly/2025-26/spring-1?programme=rise')
      .set('Accept', 'text/csv')
      .expect(200);
    expect(halfCsv.text).toContain('Programme,rise');
    for (const path of [
      '/api/reports/half-termly/2025-26/spring-1?programme=hub',
      '/api/reports/needs?programme=hub',
      '/api/reports/impact?from=2025-09-01&to=2026-08-31&programme=hub',
    ]) {
      const res = await as(admin).get(path).expect(400);
      expect(Object.keys(res.body.fields)).toEqual(['programme']);
    }
  });
});
