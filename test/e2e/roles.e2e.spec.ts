import { AppHarness, type RoleTokens } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

/** The role rules at the end of DOMAIN.md, on every route a user of each role might try. */
describe('Who may do what', () => {
  let harness: AppHarness;
  let admin: string;
  let sleId: string;
  let otherSleId: string;
  let ours: string; // a deployment at school 100001 with sleId
  let theirs: string; // a deployment at school 100003 with otherSleId
  let tokens: RoleTokens;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
    ({ sleId } = await smallAlliance(harness, admin));
    await as(admin).post('/api/schools', fixtures.school('100003')).expect(201);
    otherSleId = (
      await as(admin)
        .post('/api/sles', fixtures.sle('100001', { name: 'Alex Other', email: 'alex@school.test' }))
        .expect(201)
    ).body.sleId;
    ours = (await as(admin).post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
    await as(admin).post(`/api/deployments/${ours}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
    await as(admin).post(`/api/deployments/${ours}/deploy`, { startedOn: '2025-09-22' }).expect(201);
    theirs = (await as(admin).post('/api/support-requests', fixtures.request('100003')).expect(201)).body.deploymentId;
    await as(admin).post(`/api/deployments/${theirs}/brokerage-meeting`, fixtures.meeting(otherSleId)).expect(201);
    await as(admin).post(`/api/deployments/${theirs}/deploy`, { startedOn: '2025-09-22' }).expect(201);
    tokens = await harness.tokensOfEveryRole(sleId);
  });
  afterAll(() => harness.stop());

  it('login answers the user with role and scope, and never the password hash', async () => {
    const res = await harness.http
      .post('/api/auth/login')
      .send({ email: 'admin@alliance.test', password: 'admin-password-123' })
      .expect(200);
    expect(res.body.user).toEqual({ id: expect.any(String), email: 'admin@alliance.test', role: 'admin' });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2/);
  });

  it('GET /api/auth/me answers who the token names, with its scope, and needs a token', async () => {
    const school = await as(tokens.school).get('/api/auth/me').expect(200);
    expect(school.body).toEqual({ userId: expect.any(String), role: 'school', schoolUrn: '100001' });
    const sle = await as(tokens.sle).get('/api/auth/me').expect(200);
    expect(sle.body).toEqual({ userId: expect.any(String), role: 'sle', sleId });
    expect((await as(tokens.facilitator).get('/api/auth/me').expect(200)).body).toEqual({
      userId: expect.any(String),
      role: 'facilitator',
    });
    await harness.http.get('/api/auth/me').expect(401);
    await as('not-a-token').get('/api/auth/me').expect(401);
  });

  it('only an admin creates users, and scoped roles need their school or SLE', async () => {
    await as(tokens.facilitator)
      .post('/api/users', { email: 'x@y.test', password: 'a-long-password-1', role: 'facilitator' })
      .expect(403);
    const res = await as(admin)
      .post('/api/users', { email: 'x@y.test', password: 'a-long-password-1', role: 'school' })
      .expect(400);
    expect(res.body.fields).toHaveProperty('schoolUrn');
    await as(admin)
      .post('/api/users', { email: 'x@y.test', password: 'a-long-password-1', role: 'facilitator', sleId })
      .expect(400);
    await as(admin).post('/api/users', { email: 'x@y.test', password: 'short', role: 'facilitator' }).expect(400);
  });

  describe('a school user', () => {
    it('sees only its own school', async () => {
      const list = await as(tokens.school).get('/api/schools').expect(200);
      expect(list.body.map((s: { urn: string }) => s.urn)).toEqual(['100001']);
      await as(tokens.school).get('/api/schools/100001').expect(200);
      await as(tokens.school).get('/api/schools/100003').expect(403);
    });

    it('sees only its own deployments', async () => {
      const list = await as(tokens.school).get('/api/deployments').expect(200);
      expect(list.body.map((d: { deploymentId: string }) => d.deploymentId)).toEqual([ours]);
      expect((await as(tokens.school).get('/api/deployments?schoolUrn=100003').expect(200)).body).toEqual([]);
      await as(tokens.school).get(`/api/deployments/${ours}`).expect(200);
      const denied = await as(tokens.school).get(`/api/deployments/${theirs}`).expect(403);
      expect(JSON.stringify(denied.body)).not.toContain('100003');
    });

    it('requests support for its own school only', async () => {
      await as(tokens.school)
        .post('/api/support-requests', fixtures.request('100001', { requestedOn: '2026-02-02' }))
        .expect(201);
      const before = await harness.headPosition();
      await as(tokens.school).post('/api/support-requests', fixtures.request('100003')).expect(403);
      expect(await harness.headPosition()).toBe(before);
    });

    it('may not take deployment steps, see SLEs or matches, or hold reviews', async () => {
      await as(tokens.school).post(`/api/deployments/${ours}/contacts`, fixtures.contact()).expect(403);
      await as(tokens.school)
        .post(`/api/deployments/${ours}/cancellation`, { on: '2026-01-01', reason: 'x' })
        .expect(403);
      await as(tokens.school).get('/api/sles').expect(403);
      await as(tokens.school).get(`/api/support-requests/${ours}/matches`).expect(403);
      await as(tokens.school).post('/api/schools', fixtures.school('100009')).expect(403);
    });
  });

  describe('an SLE user', () => {
    it('reads only the deployments it is matched to', async () => {
      const list = await as(tokens.sle).get('/api/deployments').expect(200);
      expect(list.body.map((d: { deploymentId: string }) => d.deploymentId)).toEqual([ours]);
      await as(tokens.sle).get(`/api/deployments/${theirs}`).expect(403);
      await as(tokens.sle).get('/api/schools').expect(403);
    });

    it('logs contacts on its own deployments only', async () => {
      await as(tokens.sle)
        .post(`/api/deployments/${ours}/contacts`, fixtures.contact({ daysUsed: 0 }))
        .expect(201);
      const before = await harness.headPosition();
      await as(tokens.sle)
        .post(`/api/deployments/${theirs}/contacts`, fixtures.contact({ daysUsed: 0 }))
        .expect(403);
      expect(await harness.headPosition()).toBe(before);
    });

    it('may not take other steps', async () => {
      await as(tokens.sle)
        .post(`/api/deployments/${ours}/extensions`, {
          on: '2026-01-05',
          additionalDays: 1,
          newEndDate: '2026-03-01',
          focus: 'x',
        })
        .expect(403);
    });

    it('sees its own SLE record and no other', async () => {
      await as(tokens.sle).get(`/api/sles/${sleId}`).expect(200);
      await as(tokens.sle).get(`/api/sles/${otherSleId}`).expect(403);
      expect((await as(tokens.sle).get('/api/sles').expect(200)).body.map((s: { sleId: string }) => s.sleId)).toEqual([
        sleId,
      ]);
    });
  });

  describe('the core team', () => {
    it('reads everything', async () => {
      expect((await as(tokens.coreTeam).get('/api/deployments').expect(200)).body.length).toBeGreaterThanOrEqual(2);
      await as(tokens.coreTeam).get('/api/schools/100003').expect(200);
      await as(tokens.coreTeam).get('/api/sles').expect(200);
      await as(tokens.coreTeam).get(`/api/support-requests/${ours}/matches`).expect(200);
    });

    it('holds half-term reviews but takes no deployment steps', async () => {
      await as(tokens.coreTeam)
        .post('/api/half-term-reviews', {
          academicYear: '2025-26',
          halfTerm: 'autumn-2',
          heldOn: '2025-12-10',
          attendees: [{ name: 'Chair', role: 'Chair' }],
          areasOfConcern: [],
          notes: '',
        })
        .expect(201);
      await as(tokens.coreTeam).post(`/api/deployments/${ours}/contacts`, fixtures.contact()).expect(403);
      await as(tokens.coreTeam).post('/api/support-requests', fixtures.request('100001')).expect(403);
    });
  });

  it('a facilitator does everything but users', async () => {
    await as(tokens.facilitator)
      .post(`/api/deployments/${theirs}/contacts`, fixtures.contact({ daysUsed: 0 }))
      .expect(201);
    await as(tokens.facilitator).post('/api/schools', fixtures.school('100004')).expect(201);
  });
});
