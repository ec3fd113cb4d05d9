import { WEB_CONTENT_SECURITY_POLICY } from '../../src/web/web-static.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { documentedPostRoutes } from '../support/post-routes.js';

/** What a black-box probe of the API found (issue 28, items 7 to 12), each asked again over HTTP. */
describe('Hardening of the HTTP API', () => {
  let harness: AppHarness;
  let token: string;
  let sleId: string;

  const post = (path: string, body: string | object) => {
    const request = harness.http.post(path).auth(token, { type: 'bearer' });
    return typeof body === 'string' ? request.set('content-type', 'application/json').send(body) : request.send(body);
  };
  const requestSupport = async () =>
    (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId as string;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    token = await harness.login();
    ({ sleId } = await smallAlliance(harness, token));
  });
  afterAll(() => harness.stop());

  describe('bodies nested too deep or too large (item 7)', () => {
    /** 3,000 objects inside one another: 18 KB, as the probe sent. */
    const nested = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;

    it('answers 3,000 levels of nesting with a 400 naming the body on every POST route, login included', async () => {
      const deploymentId = await requestSupport();
      const { routes } = await documentedPostRoutes(harness, { id: deploymentId, urn: '100001', sleId });
      expect(nested.length).toBe(18_001);
      const before = await harness.headPosition();
      const answers = [];
      for (const route of routes) {
        const res = await post(route.path, nested);
        answers.push({ route: route.template, status: res.status, fields: res.body.fields });
      }
      expect(answers).toEqual(
        routes.map((r) => ({
          route: r.template,
          status: 400,
          fields: { body: ['is nested more than 8 levels deep'] },
        })),
      );
      expect(answers.map((a) => a.route)).toContain('/api/auth/login');
      expect(await harness.headPosition()).toBe(before);
    });

    it('answers the same without a token: the body is refused before anything reads it', async () => {
      const res = await harness.http.post('/api/auth/login').set('content-type', 'application/json').send(nested);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['body: is nested more than 8 levels deep']);
    });

    it('answers a body over 1 MB, or holding more than 10,000 values, with a 413 naming the body', async () => {
      const large = await post('/api/schools', JSON.stringify({ name: 'x'.repeat(1_100_000) }));
      expect(large.status).toBe(413);
      expect(large.body).toMatchObject({
        error: 'Payload Too Large',
        fields: { body: ['is larger than 1048576 bytes'] },
      });
      const many = await post(
        '/api/half-term-reviews',
        JSON.stringify({ notes: 'x', attendees: Array(10_001).fill(0) }),
      );
      expect(many.status).toBe(413);
      expect(many.body.fields).toEqual({ body: ['holds more than 10000 values'] });
    });

    it('names malformed JSON as the body', async () => {
      const res = await post('/api/schools', '{"urn":');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: ['body: is not valid JSON'], fields: { body: ['is not valid JSON'] } });
    });
  });

  describe('control and invisible characters (item 8)', () => {
    it('refuses a school name with a line break before a formula, naming the field and the character', async () => {
      const before = await harness.headPosition();
      const res = await post('/api/schools', fixtures.school('100010', { name: '\n=1+2' }));
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual({ name: ['name must be one line without control characters (found U+000A)'] });
      expect(await harness.headPosition()).toBe(before);
    });

    it.each([
      ['NUL', 'Pioneer\u0000'],
      ['CR', 'Pioneer\rPrimary'],
      ['ESC', 'Pioneer\u001b[31m'],
      ['DEL', 'Pioneer\u007f'],
    ])('refuses %s in a name', async (_label, name) => {
      const res = await post('/api/schools', fixtures.school('100011', { name }));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields)).toEqual(['name']);
    });

    it('refuses a name of only invisible characters as blank', async () => {
      const res = await post('/api/sles', fixtures.sle('100002', { name: '\u200b\u200d\u00a0\u3164' }));
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual({ name: ['name must not be blank'] });
    });

    it('names a control character inside a nested name by its path', async () => {
      const deploymentId = await requestSupport();
      const res = await post(
        `/api/deployments/${deploymentId}/brokerage-meeting`,
        fixtures.meeting(sleId, { attendees: [{ name: 'Jo\nHead', role: 'Headteacher' }] }),
      );
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields)).toEqual(['attendees.0.name']);
    });

    it('keeps line breaks in free text, and refuses other control characters there', async () => {
      const created = await post(
        '/api/support-requests',
        fixtures.request('100001', { areaOfNeed: 'Reasoning in KS2:\r\n- fractions\n- ratio\tand proportion' }),
      );
      expect(created.status).toBe(201);
      const view = await harness.http
        .get(`/api/deployments/${created.body.deploymentId}`)
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(view.body.areaOfNeed).toBe('Reasoning in KS2:\r\n- fractions\n- ratio\tand proportion');
      const refused = await post(
        '/api/support-requests',
        fixtures.request('100001', { areaOfNeed: 'Reasoning\u0000' }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual({
        areaOfNeed: ['areaOfNeed must not contain control characters other than line breaks and tabs (found U+0000)'],
      });
    });

    it('refuses an email with half a surrogate pair with a 400, not a 500 from the email check', async () => {
      const res = await post('/api/sles', fixtures.sle('100002', { email: '\udfffsam@school.test' }));
      expect(res.status).toBe(400);
      expect(res.body.fields.email).toEqual([
        'email must be one line without control characters (found U+DFFF)',
        'email must be an email',
      ]);
    });

    it('holds an imported row to the same rule, naming its row and column', async () => {
      const csv = 'urn,name,phase,local_authority\r\n100201,"Line\n=1+2",primary,Buckinghamshire\r\n';
      const res = await post('/api/imports/schools/dry-run', { csv }).expect(200);
      // The row is the file's line where the record ends (3 here); see csv-rows.ts.
      expect(res.body.problems).toEqual([
        expect.objectContaining({
          column: 'name',
          message: 'must be one line without control characters (found U+000A)',
        }),
      ]);
    });
  });

  describe('prototype keys (item 9)', () => {
    it.each([
      ['__proto__ at the top', '{"__proto__":{"role":"admin"},"urn":"100020"}', '__proto__'],
      ['constructor at the top', '{"constructor":{"prototype":{"x":1}},"urn":"100020"}', 'constructor'],
    ])('refuses %s like an unknown field', async (_label, body, field) => {
      const before = await harness.headPosition();
      const res = await post('/api/schools', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        message: [`${field}: is not a known field`],
        fields: { [field]: ['is not a known field'] },
      });
      expect(await harness.headPosition()).toBe(before);
    });

    it('refuses one nested in an otherwise valid request, naming its path', async () => {
      const deploymentId = await requestSupport();
      const meeting = fixtures.meeting(sleId);
      const body = JSON.stringify(meeting).replace('{"name":"Jo Head"', '{"constructor":{},"name":"Jo Head"');
      const res = await post(`/api/deployments/${deploymentId}/brokerage-meeting`, body);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual({ 'attendees.0.constructor': ['is not a known field'] });
    });

    it('refuses one in a login', async () => {
      const res = await harness.http
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send('{"email":"admin@alliance.test","password":"admin-password-123","__proto__":{}}');
      expect(res.status).toBe(400);
    });
  });

  describe('dates planned far ahead (item 10)', () => {
    it('refuses an end date of 9999-12-31 and takes one at the end of the academic year five years on', async () => {
      const deploymentId = await requestSupport();
      const before = await harness.headPosition();
      const far = await post(
        `/api/deployments/${deploymentId}/brokerage-meeting`,
        fixtures.meeting(sleId, { endDate: '9999-12-31' }),
      );
      expect(far.status).toBe(400);
      expect(far.body.fields).toEqual({
        endDate: ['endDate must be on or before 2031-08-31, the end of the academic year 5 years from today'],
      });
      expect(await harness.headPosition()).toBe(before);
      await post(
        `/api/deployments/${deploymentId}/brokerage-meeting`,
        fixtures.meeting(sleId, { endDate: '2031-08-31' }),
      ).expect(201);
      await post(`/api/deployments/${deploymentId}/deploy`, { startedOn: '2025-09-22' }).expect(201);
      const extension = {
        on: '2026-01-05',
        additionalDays: 2,
        newEndDate: '2031-09-01',
        focus: 'Reasoning in Y5 as well',
      };
      const extended = await post(`/api/deployments/${deploymentId}/extensions`, extension);
      expect(extended.status).toBe(400);
      expect(Object.keys(extended.body.fields)).toEqual(['newEndDate']);
    });

    it('refuses a start date beyond the horizon too', async () => {
      const deploymentId = await requestSupport();
      const res = await post(
        `/api/deployments/${deploymentId}/brokerage-meeting`,
        fixtures.meeting(sleId, { startDate: '2040-01-01', endDate: '2040-06-01' }),
      );
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields).sort()).toEqual(['endDate', 'startDate']);
    });
  });

  describe('response headers (item 11)', () => {
    const expectApiHeaders = (headers: Record<string, string>) =>
      expect(headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });

    it('sends them on answers with personal data, on refusals and on errors from the body parser', async () => {
      expectApiHeaders((await harness.http.get('/api/schools').auth(token, { type: 'bearer' }).expect(200)).headers);
      expectApiHeaders((await harness.http.get('/api/schools').expect(401)).headers);
      expectApiHeaders((await post('/api/schools', '{"urn":').expect(400)).headers);
      expectApiHeaders((await harness.http.get('/api/no-such-route').expect(404)).headers);
    });

    it('sends no HSTS from the app: that is the TLS proxy’s (docs/production-tls.md)', async () => {
      const res = await harness.http.get('/api/health');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('lets the API docs load their own script and style, still unframed and unstored', async () => {
      const docs = await harness.http.get('/api/docs/').expect(200);
      expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
      expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(docs.headers['x-frame-options']).toBe('DENY');
      expect(docs.headers['cache-control']).toBe('no-store');
    });

    it('keeps the web pages’ own policy', async () => {
      const page = await harness.http.get('/').expect(200);
      expect(page.headers['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
      expect(page.headers['cache-control']).toBe('no-cache');
    });
  });

  describe('the OpenAPI document (item 12)', () => {
    it('declares If-Match once on each step of a deployment, as optional, and no header twice anywhere', async () => {
      const doc = (await harness.http.get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
      };
      const steps = Object.entries(doc.paths).filter(
        ([path, ops]) => path.startsWith('/api/deployments/{id}/') && ops.post,
      );
      expect(steps).toHaveLength(7);
      for (const [path, ops] of steps) {
        const ifMatch = ops.post.parameters?.filter((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
        expect({ path, ifMatch }).toEqual({ path, ifMatch: [expect.objectContaining({ required: false })] });
      }
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
          expect({ path, method, headers }).toEqual({ path, method, headers: [...new Set(headers)] });
          if (method === 'get') expect({ path, headers }).toEqual({ path, headers: [] });
        }
      }
    });

    it('still reads If-Match from a request, and refuses a stale one', async () => {
      const deploymentId = await requestSupport();
      const { headers } = await harness.http
        .get(`/api/deployments/${deploymentId}`)
        .auth(token, { type: 'bearer' })
        .expect(200);
      const stale = await harness.http
        .post(`/api/deployments/${deploymentId}/cancellation`)
        .auth(token, { type: 'bearer' })
        .set('If-Match', '"7"')
        .send({ on: '2026-03-02', reason: 'No longer needed' });
      expect(stale.status).toBe(409);
      await harness.http
        .post(`/api/deployments/${deploymentId}/cancellation`)
        .auth(token, { type: 'bearer' })
        .set('If-Match', headers.etag)
        .send({ on: '2026-03-02', reason: 'No longer needed' })
        .expect(201);
    });
  });
});
