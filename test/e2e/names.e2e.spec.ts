import { AppHarness, type RoleTokens } from '../support/app-harness.js';
import { fixtures } from '../support/alliance-fixtures.js';

/**
 * The names the web app's pages show come with the answers they read, so that no page reads every school or SLE:
 * each name only to someone who may read what it names.
 */
describe('Names in the answers', () => {
  let harness: AppHarness;
  let admin: string;
  let sleId: string;
  let tokens: RoleTokens;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });

  beforeAll(async () => {
    harness = await AppHarness.start('2025-10-20');
    admin = await harness.login();
    const register = (urn: string, name: string, localAuthority: string) =>
      as(admin).post('/api/schools', fixtures.school(urn, { name, localAuthority })).expect(201);
    await register('100001', 'Hill Primary', 'Buckinghamshire');
    await register('100002', 'Home Academy', 'Milton Keynes');
    await register('100003', 'Brook Primary', 'Luton');
    sleId = (await as(admin).post('/api/sles', fixtures.sle('100002')).expect(201)).body.sleId;
    const id = (await as(admin).post('/api/support-requests', fixtures.request('100001')).expect(201)).body
      .deploymentId;
    await as(admin).post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
    await as(admin).post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' }).expect(201);
    tokens = await harness.tokensOfEveryRole(sleId);
  });
  afterAll(() => harness.stop());

  it('names the school or SLE each person is linked to, in the list and for one person', async () => {
    const schoolPeople = (await as(tokens.facilitator).get('/api/users?schoolUrn=100001').expect(200)).body;
    expect(schoolPeople).toEqual([expect.objectContaining({ schoolUrn: '100001', schoolName: 'Hill Primary' })]);
    const [slePerson] = (await as(tokens.facilitator).get(`/api/users?sleId=${sleId}`).expect(200)).body;
    expect(slePerson).toMatchObject({ sleId, sleName: 'Sam Patel' });
    expect(slePerson).not.toHaveProperty('schoolName');
    expect((await as(tokens.facilitator).get(`/api/users/${schoolPeople[0].id}`).expect(200)).body).toMatchObject({
      schoolName: 'Hill Primary',
    });
  });

  it("names on a person's own account only what they are linked to", async () => {
    const school = (await as(tokens.school).get('/api/auth/account').expect(200)).body;
    expect(school).toMatchObject({ schoolUrn: '100001', schoolName: 'Hill Primary' });
    expect(JSON.stringify(school)).not.toMatch(/Brook Primary|Home Academy|Sam Patel/);
    expect((await as(tokens.sle).get('/api/auth/account').expect(200)).body).toMatchObject({ sleName: 'Sam Patel' });
    const staff = (await as(tokens.facilitator).get('/api/auth/account').expect(200)).body;
    expect(staff).not.toHaveProperty('schoolName');
    expect(staff).not.toHaveProperty('sleName');
  });

  it("answers one SLE with their home school's name, to the SLE and to staff; a school reads no SLE", async () => {
    for (const token of [tokens.sle, tokens.coreTeam])
      expect((await as(token).get(`/api/sles/${sleId}`).expect(200)).body.homeSchoolName).toBe('Home Academy');
    const refused = await as(tokens.school).get(`/api/sles/${sleId}`).expect(403);
    expect(JSON.stringify(refused.body)).not.toContain('Home Academy');
  });

  it('names the school and SLE of each active deployment in the half-term report, which only staff read', async () => {
    const report = (await as(tokens.coreTeam).get('/api/reports/half-termly/2025-26/autumn-1').expect(200)).body;
    expect(report.activeDeployments).toEqual([
      expect.objectContaining({ schoolUrn: '100001', schoolName: 'Hill Primary', sleId, sleName: 'Sam Patel' }),
    ]);
    await as(tokens.school).get('/api/reports/half-termly/2025-26/autumn-1').expect(403);
    await as(tokens.sle).get('/api/reports/half-termly/2025-26/autumn-1').expect(403);
  });

  it("lists the local authorities of the alliance's schools with the term dates, which only staff read", async () => {
    const dates = (await as(tokens.facilitator).get('/api/term-dates').expect(200)).body;
    expect(dates.localAuthorities).toEqual(['Buckinghamshire', 'Luton', 'Milton Keynes']);
    await as(tokens.school).get('/api/term-dates').expect(403);
    await as(tokens.otherSchool).get('/api/term-dates').expect(403);
  });
});
