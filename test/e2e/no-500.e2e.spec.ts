import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

/** Tried as a careless or curious user would: no input reaches a 500, and no refused input appends. */
describe('No input reaches a 500', () => {
  let harness: AppHarness;
  let token: string;
  let deploymentId: string;
  let userId: string;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    token = await harness.login();
    // An account that has not accepted its invitation yet: a resend of it would be a change.
    userId = (
      await harness.http
        .post('/api/users')
        .auth(token, { type: 'bearer' })
        .send({ email: 'someone@alliance.test', password: 'a-long-password-1', role: 'core-team' })
        .expect(201)
    ).body.id;
    const { sleId } = await smallAlliance(harness, token);
    deploymentId = (
      await harness.http
        .post('/api/support-requests')
        .auth(token, { type: 'bearer' })
        .send(fixtures.request('100001'))
        .expect(201)
    ).body.deploymentId;
    await harness.http
      .post(`/api/deployments/${deploymentId}/brokerage-meeting`)
      .auth(token, { type: 'bearer' })
      .send(fixtures.meeting(sleId))
      .expect(201);
  });
  afterAll(() => harness.stop());

  const routes = () => [
    '/api/auth/login',
    '/api/users',
    '/api/schools',
    '/api/schools/100001/ofsted-judgements',
    '/api/schools/100001/data-points',
    '/api/sles',
    '/api/support-requests',
    `/api/deployments/${deploymentId}/brokerage-meeting`,
    `/api/deployments/${deploymentId}/deploy`,
    `/api/deployments/${deploymentId}/contacts`,
    `/api/deployments/${deploymentId}/extensions`,
    `/api/deployments/${deploymentId}/impact-evaluation`,
    `/api/deployments/${deploymentId}/cancellation`,
    '/api/half-term-reviews',
    '/api/users/invitations',
    `/api/users/${userId}/access`,
    `/api/users/${userId}/invitation`,
    '/api/auth/session',
    '/api/auth/password',
    '/api/auth/password-reset',
    '/api/auth/password-reset/complete',
    '/api/invitations/lookup',
    '/api/invitations/accept',
    '/api/imports/people',
    '/api/imports/people/dry-run',
  ];

  const junk: [string, string][] = [
    ['empty object', '{}'],
    ['truncated JSON', '{"a":'],
    ['a number', '42'],
    [
      'nested nonsense',
      '{"email":{"$ne":null},"password":[1],"urn":{"a":1},"attendees":"x","expectedOutcomes":[null],"outcomes":[[]],"on":1e309}',
    ],
    [
      'huge numbers',
      '{"daysCommissioned":1e308,"capacityDays":-1e308,"schoolRating":1.5,"daysUsed":"1","value":"NaN"}',
    ],
    ['prototype keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
    [
      'unicode and control characters',
      JSON.stringify({ name: '\u0000\u202e', note: 'x'.repeat(5000), areaOfNeed: '\ud800' }),
    ],
    [
      'dates that do not exist',
      '{"on":"2025-13-45","heldOn":"0000-00-00","startedOn":"2025-02-29","requestedOn":"tomorrow"}',
    ],
  ];

  it('answers every junk body on every route with a 4xx and appends nothing', async () => {
    const before = await harness.headPosition();
    for (const path of routes()) {
      for (const [label, body] of junk) {
        const res = await harness.http
          .post(path)
          .auth(token, { type: 'bearer' })
          .set('content-type', 'application/json')
          .send(body);
        expect({ path, label, status: res.status }).toEqual({ path, label, status: expect.any(Number) });
        if (res.status >= 500 || res.status < 400)
          throw new Error(`${path} with ${label} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    }
    expect(await harness.headPosition()).toBe(before);
  });

  it('answers every junk body on the PUT routes (term dates, programmes) with a 4xx and appends nothing', async () => {
    const before = await harness.headPosition();
    for (const path of ['/api/term-dates', '/api/programmes/rise', '/api/programmes/%00']) {
      for (const [label, body] of junk) {
        const res = await harness.http
          .put(path)
          .auth(token, { type: 'bearer' })
          .set('content-type', 'application/json')
          .send(body);
        if (res.status >= 500 || res.status < 400)
          throw new Error(`PUT ${path} with ${label} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    }
    expect(await harness.headPosition()).toBe(before);
  });

  it('answers odd query strings, paths and content types with a 4xx', async () => {
    const get = (path: string) => harness.http.get(path).auth(token, { type: 'bearer' });
    for (const path of [
      '/api/deployments?status=evaluated&status=cancelled',
      '/api/deployments?status[$ne]=x',
      '/api/deployments?colour=blue',
      '/api/sles?academicYear[]=2025-26',
      '/api/schools/%00',
      '/api/sles/..%2F..%2Fetc',
      `/api/support-requests/${deploymentId}/matches?includeIneligible=maybe`,
      '/api/term-dates?academicYear[]=2025-26',
      '/api/term-dates?academicYear=1999-2000',
      '/api/term-dates?localAuthority=%00',
      '/api/reports/impact?from=2025-09-01&to=2026-08-31&programme[]=sle',
      '/api/reports/needs?programme=%00',
    ]) {
      const res = await get(path);
      if (res.status >= 500 || res.status < 400) throw new Error(`${path} answered ${res.status}`);
    }
    const text = await harness.http
      .post('/api/schools')
      .auth(token, { type: 'bearer' })
      .set('content-type', 'text/plain')
      .send('urn=100005');
    expect(text.status).toBe(400);
    const large = await harness.http
      .post('/api/schools')
      .auth(token, { type: 'bearer' })
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2_000_000) }));
    expect(large.status).toBe(413);
  });
});
