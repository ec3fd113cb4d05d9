import { AppHarness } from '../support/app-harness.js';
import { fixtures } from '../support/alliance-fixtures.js';

const NO_USER = '00000000-0000-4000-8000-000000000000';

/** Bad input to every route of people and sign-in: a 400 naming each bad field, and nothing appended. */
describe('People and sign-in refuse bad input', () => {
  let harness: AppHarness;
  let admin: string;
  let userId: string;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02', { THROTTLE_PER_ADDRESS: '1000', THROTTLE_PER_ACCOUNT: '1000' });
    admin = await harness.login();
    await harness.http.post('/api/schools').auth(admin, { type: 'bearer' }).send(fixtures.school('100001')).expect(201);
    userId = (
      await harness.http
        .post('/api/users/invitations')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'Kay', email: 'kay@alliance.test', role: 'core-team' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => harness.stop());

  const cases: [string, string, object, Record<string, RegExp>][] = [
    [
      'POST',
      '/api/users',
      { email: 'not-an-email', password: 'short', role: 'owner', schoolUrn: '12', sleId: 'x', colour: 'red' },
      {
        email: /email/,
        password: /12 characters/,
        role: /one of/,
        schoolUrn: /six-digit URN/,
        sleId: /UUID/,
        colour: /not a known field/,
      },
    ],
    [
      'POST',
      '/api/users',
      { email: 'p@alliance.test', password: 'password1234', role: 'core-team' },
      { password: /common/ },
    ],
    [
      'POST',
      '/api/users',
      { email: 'p@alliance.test', password: 'aaaaaaaaaaaaaa', role: 'core-team' },
      { password: /guess/ },
    ],
    ['POST', '/api/users/invitations', { name: '  ', email: 42, role: 'school' }, { name: /blank/, email: /email/ }],
    [
      'POST',
      '/api/users/invitations',
      { name: 'Sch', email: 's@school.test', role: 'school' },
      { schoolUrn: /required/ },
    ],
    [
      'POST',
      '/api/users/invitations',
      { name: 'Sch', email: 's@school.test', role: 'core-team', schoolUrn: '100001' },
      { schoolUrn: /only for a school user/ },
    ],
    ['POST', `/api/users/${NO_USER}/access`, { role: 'boss' }, { role: /one of/ }],
    ['POST', '/api/users/not-an-id/access', { role: 'admin' }, { id: /user id/ }],
    ['POST', '/api/users/not-an-id/disable', {}, { id: /user id/ }],
    ['POST', '/api/users/not-an-id/enable', {}, { id: /user id/ }],
    ['POST', '/api/users/not-an-id/invitation', {}, { id: /user id/ }],
    ['GET', '/api/users/not-an-id', {}, { id: /user id/ }],
    [
      'GET',
      '/api/users?role=boss&status=asleep&schoolUrn=1&sleId=2',
      {},
      { role: /one of/, status: /one of/, schoolUrn: /URN/, sleId: /UUID/ },
    ],
    ['POST', '/api/auth/login', { email: ['a'], password: 7 }, { email: /as text/, password: /string|as text/ }],
    [
      'POST',
      '/api/auth/password',
      { currentPassword: 1, newPassword: 'short' },
      { currentPassword: /as text/, newPassword: /12/ },
    ],
    ['POST', '/api/auth/password-reset', { email: 'nope' }, { email: /email/ }],
    [
      'POST',
      '/api/auth/password-reset/complete',
      { token: 'abc', password: 'short' },
      { token: /not the token/, password: /12/ },
    ],
    ['POST', '/api/invitations/lookup', { token: { $ne: null } }, { token: /string|not the token/ }],
    [
      'POST',
      '/api/invitations/accept',
      { token: 'x'.repeat(43), password: 'a-long-password-1' },
      { token: /expired or has already been used/ },
    ],
    ['POST', '/api/invitations/accept', {}, { token: /token/, password: /password/ }],
  ];

  it.each(cases)('%s %s answers 400 naming the fields, appending nothing', async (method, path, body, fields) => {
    const before = await harness.headPosition();
    const call = method === 'GET' ? harness.http.get(path) : harness.http.post(path).send(body);
    const res = await call.auth(admin, { type: 'bearer' }).expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(Object.keys(fields).sort());
    for (const [field, pattern] of Object.entries(fields)) expect(res.body.fields[field].join(' ')).toMatch(pattern);
    expect(await harness.headPosition()).toBe(before);
  });

  it('answers 404 for an unknown user and 409 for a change the account is not in a state for', async () => {
    await harness.http.get(`/api/users/${NO_USER}`).auth(admin, { type: 'bearer' }).expect(404);
    await harness.http.post(`/api/users/${NO_USER}/disable`).auth(admin, { type: 'bearer' }).expect(404);
    const me = (await harness.http.get('/api/auth/me').auth(admin, { type: 'bearer' })).body.userId;
    const self = await harness.http.post(`/api/users/${me}/disable`).auth(admin, { type: 'bearer' }).expect(409);
    expect(self.body.message).toMatch(/your own account/);
    const last = await harness.http
      .post(`/api/users/${me}/access`)
      .auth(admin, { type: 'bearer' })
      .send({ role: 'facilitator' })
      .expect(409);
    expect(last.body.message).toMatch(/last active admin/);
    await harness.http.post(`/api/users/${userId}/enable`).auth(admin, { type: 'bearer' }).expect(409);
    await harness.http
      .post(`/api/users/${userId}/access`)
      .auth(admin, { type: 'bearer' })
      .send({ role: 'core-team' })
      .expect(409);
  });
});
