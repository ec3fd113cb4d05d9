import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

/** Every rejection the contract lists answers with its status, names the bad fields, and appends nothing. */
describe('Rejections', () => {
  let harness: AppHarness;
  let token: string;
  let sleId: string;
  let requested: string;
  let deployed: string;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const req = harness.http.post(path).auth(token, { type: 'bearer' }).set(headers);
    return typeof body === 'string' ? req.set('content-type', 'application/json').send(body) : req.send(body as object);
  };

  /** Sends the request and checks its status, and that the store did not move. */
  async function refused(path: string, body: unknown, status: number, headers: Record<string, string> = {}) {
    const before = await harness.headPosition();
    const res = await post(path, body, headers);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(await harness.headPosition()).toBe(before);
    return res.body;
  }

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    token = await harness.login();
    ({ sleId } = await smallAlliance(harness, token));
    requested = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
    deployed = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
    await post(`/api/deployments/${deployed}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
    await post(`/api/deployments/${deployed}/deploy`, { startedOn: '2025-09-22' }).expect(201);
  });
  afterAll(() => harness.stop());

  describe('400: input that breaks the contract, naming each bad field', () => {
    it('names every missing, mistyped and unknown field at once', async () => {
      const body = await refused(
        '/api/support-requests',
        { schoolUrn: '12', specialism: 5, source: 'rumour', requestedOn: '2025-02-30', colour: 'red' },
        400,
      );
      expect(Object.keys(body.fields).sort()).toEqual([
        'areaOfNeed',
        'colour',
        'requestedOn',
        'schoolUrn',
        'source',
        'specialism',
      ]);
      expect(body.fields.colour).toEqual(['is not a known field']);
      expect(body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^requestedOn: /)]));
    });

    it('checks an Ofsted judgement against the generation its date implies, naming each field', async () => {
      const path = '/api/schools/100001/ofsted-judgements';
      const card = {
        inclusion: 'expected-standard',
        'curriculum-and-teaching': 'expected-standard',
        achievement: 'needs-attention',
        'attendance-and-behaviour': 'expected-standard',
        'personal-development-and-well-being': 'expected-standard',
        'leadership-and-governance': 'expected-standard',
      };
      // An overall grade after September 2024: one mistake, named on the date.
      const grade = await refused(path, { grade: 'good', inspectedOn: '2026-02-10' }, 400);
      expect(grade.fields).toEqual({ inspectedOn: [expect.stringContaining('an overall grade is given only')] });
      // A report card: each area and safeguarding named.
      const areas = await refused(
        path,
        { inspectedOn: '2026-02-10', areas: { ...card, achievement: 'good', inclusion: undefined, wellbeing: 'x' } },
        400,
      );
      expect(Object.keys(areas.fields).sort()).toEqual([
        'areas.achievement',
        'areas.inclusion',
        'areas.wellbeing',
        'safeguarding',
      ]);
      // Key judgements dated under report cards, and grades that are not text.
      await refused(path, { inspectedOn: '2026-02-10', framework: 'key-judgements', areas: card }, 400);
      const mistyped = await refused(
        path,
        { inspectedOn: '2026-02-10', areas: { inclusion: 3 }, safeguarding: 'yes' },
        400,
      );
      expect(Object.keys(mistyped.fields).sort()).toEqual(['areas', 'safeguarding']);
      await refused(path, { inspectedOn: '2026-02-10', areas: [card], safeguarding: 'met' }, 400);
      // The same report card, complete, is recorded.
      await post(path, { inspectedOn: '2026-02-10', areas: card, safeguarding: 'met' }).expect(201);
    });

    it('names nested fields by their path', async () => {
      const meeting = fixtures.meeting(sleId, {
        attendees: [{ name: '' }],
        expectedOutcomes: [{ measure: 'x', unit: '%', baseline: '40', target: 75, extra: 1 }],
      });
      const body = await refused(`/api/deployments/${requested}/brokerage-meeting`, meeting, 400);
      expect(Object.keys(body.fields)).toEqual(
        expect.arrayContaining([
          'attendees.0.name',
          'attendees.0.role',
          'expectedOutcomes.0.baseline',
          'expectedOutcomes.0.extra',
        ]),
      );
    });

    it.each([
      ['malformed JSON', '{"on": '],
      ['a JSON array', '[]'],
      ['a JSON string', '"hello"'],
      ['null', 'null'],
    ])('refuses %s as a body with 400', async (_label, raw) => {
      const body = await refused(`/api/deployments/${deployed}/contacts`, raw, 400);
      expect(body.statusCode).toBe(400);
    });

    it.each([
      ['an unknown specialism', fixtures.request('100001', { specialism: 'knitting' }), 'specialism'],
      ['an unregistered school', fixtures.request('999999'), 'schoolUrn'],
      ['a future request date', fixtures.request('100001', { requestedOn: '2026-03-03' }), 'requestedOn'],
    ])('refuses a request for %s', async (_label, body, field) => {
      expect((await refused('/api/support-requests', body, 400)).fields).toHaveProperty(field);
    });

    it('refuses an SLE at their own home school, naming sleId', async () => {
      const own = (await post('/api/support-requests', fixtures.request('100002')).expect(201)).body.deploymentId;
      const body = await refused(`/api/deployments/${own}/brokerage-meeting`, fixtures.meeting(sleId), 400);
      expect(body.fields.sleId[0]).toMatch(/own school/);
    });

    it('refuses an SLE without the specialism, and an unknown SLE', async () => {
      const science = (
        await post('/api/support-requests', fixtures.request('100001', { specialism: 'science' })).expect(201)
      ).body.deploymentId;
      expect(
        (await refused(`/api/deployments/${science}/brokerage-meeting`, fixtures.meeting(sleId), 400)).fields.sleId[0],
      ).toMatch(/specialism/);
      expect(
        (await refused(`/api/deployments/${requested}/brokerage-meeting`, fixtures.meeting('no-such-sle'), 400)).fields,
      ).toHaveProperty('sleId');
    });

    it('refuses an evaluation that leaves an expected outcome unmeasured', async () => {
      const body = await refused(
        `/api/deployments/${deployed}/impact-evaluation`,
        {
          heldOn: '2026-02-20',
          outcomes: [{ measure: '% of maths lessons judged good or better', actual: 80 }],
          schoolRating: 4,
          summary: 'Good progress',
        },
        400,
      );
      expect(body.fields.outcomes[0]).toMatch(/missing: % of Y6 working at expected standard in reasoning/);
    });

    it('refuses contact days other than 0, 0.5 or 1 and a rating outside 1 to 5', async () => {
      expect(
        (await refused(`/api/deployments/${deployed}/contacts`, fixtures.contact({ daysUsed: 2 }), 400)).fields,
      ).toHaveProperty('daysUsed');
      const evaluation = {
        heldOn: '2026-02-20',
        outcomes: [{ measure: 'a', actual: 1 }],
        schoolRating: 6,
        summary: 's',
      };
      expect((await refused(`/api/deployments/${deployed}/impact-evaluation`, evaluation, 400)).fields).toHaveProperty(
        'schoolRating',
      );
    });

    it('refuses a malformed If-Match and Idempotency-Key', async () => {
      expect(
        (await refused(`/api/deployments/${deployed}/contacts`, fixtures.contact(), 400, { 'If-Match': 'yesterday' }))
          .fields,
      ).toHaveProperty('If-Match');
      expect(
        (
          await refused(`/api/deployments/${deployed}/contacts`, fixtures.contact(), 400, {
            'Idempotency-Key': 'has spaces in it',
          })
        ).fields,
      ).toHaveProperty('Idempotency-Key');
    });

    it('refuses a bad academic year on reads', async () => {
      const res = await harness.http.get('/api/sles?academicYear=2025').auth(token, { type: 'bearer' }).expect(400);
      expect(res.body.fields).toHaveProperty('academicYear');
    });
  });

  describe('401 and 404', () => {
    it('answers 401 without a token, with a bad token, and for a wrong password', async () => {
      await harness.http.get('/api/schools').expect(401);
      await harness.http.get('/api/schools').auth('not-a-token', { type: 'bearer' }).expect(401);
      await harness.http
        .post('/api/auth/login')
        .send({ email: 'admin@alliance.test', password: 'wrong-password' })
        .expect(401);
      await harness.http
        .post('/api/auth/login')
        .send({ email: 'nobody@alliance.test', password: 'wrong-password' })
        .expect(401);
    });

    it.each([
      ['GET', '/api/deployments/4b8e0a56-7f0e-4c1e-9a51-2f1d2e7c9a10'],
      ['GET', '/api/deployments/not-a-uuid'],
      ['GET', '/api/schools/999999'],
      ['GET', '/api/sles/4b8e0a56-7f0e-4c1e-9a51-2f1d2e7c9a10'],
      ['GET', '/api/support-requests/4b8e0a56-7f0e-4c1e-9a51-2f1d2e7c9a10/matches'],
    ])('answers 404 for %s %s', async (_method, path) => {
      await harness.http.get(path).auth(token, { type: 'bearer' }).expect(404);
    });

    it('answers 404 for a step on an unknown deployment or school, appending nothing', async () => {
      await refused('/api/deployments/4b8e0a56-7f0e-4c1e-9a51-2f1d2e7c9a10/deploy', { startedOn: '2025-10-01' }, 404);
      await refused('/api/schools/999999/ofsted-judgements', { grade: 'good', inspectedOn: '2025-10-01' }, 404);
    });
  });

  describe('409: steps out of order, duplicates, stale versions', () => {
    it.each([
      [
        'deploy before the brokerage meeting',
        () => `/api/deployments/${requested}/deploy`,
        { startedOn: '2025-10-01' },
      ],
      ['log a contact before deployment', () => `/api/deployments/${requested}/contacts`, fixtures.contact()],
      [
        'evaluate before deployment',
        () => `/api/deployments/${requested}/impact-evaluation`,
        { heldOn: '2026-01-10', outcomes: [{ measure: 'a', actual: 1 }], schoolRating: 4, summary: 's' },
      ],
      [
        'hold a second brokerage meeting',
        () => `/api/deployments/${deployed}/brokerage-meeting`,
        fixtures.meeting('x'),
      ],
      ['deploy twice', () => `/api/deployments/${deployed}/deploy`, { startedOn: '2025-09-22' }],
    ])('refuses to %s', async (_label, path, body) => {
      await refused(path(), body, 409);
    });

    it('refuses every step after a cancellation', async () => {
      const id = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
      await post(`/api/deployments/${id}/cancellation`, { on: '2025-09-10', reason: 'Head left' }).expect(201);
      await refused(`/api/deployments/${id}/cancellation`, { on: '2025-09-11', reason: 'again' }, 409);
      await refused(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId), 409);
    });

    it('refuses a duplicate school URN', async () => {
      await refused('/api/schools', fixtures.school('100001'), 409);
    });

    it('refuses a duplicate user email, whatever its case', async () => {
      await refused(
        '/api/users',
        { email: 'ADMIN@alliance.test', password: 'another-password-1', role: 'facilitator' },
        409,
      );
    });

    it('refuses a stale If-Match and accepts the current one', async () => {
      const { body } = await harness.http
        .get(`/api/deployments/${deployed}`)
        .auth(token, { type: 'bearer' })
        .expect(200);
      await refused(`/api/deployments/${deployed}/contacts`, fixtures.contact(), 409, {
        'If-Match': String(body.version - 1),
      });
      const ok = await post(`/api/deployments/${deployed}/contacts`, fixtures.contact({ daysUsed: 0 }), {
        'If-Match': `"${body.version}"`,
      }).expect(201);
      expect(ok.body.version).toBe(body.version + 1);
    });

    it('refuses days beyond capacity unless a reason is given', async () => {
      const id = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
      const body = await refused(
        `/api/deployments/${id}/brokerage-meeting`,
        fixtures.meeting(sleId, { daysCommissioned: 16 }),
        409,
      );
      expect(body.message).toMatch(/capacity/);
      await post(
        `/api/deployments/${id}/brokerage-meeting`,
        fixtures.meeting(sleId, { daysCommissioned: 16, capacityOverrideReason: 'Agreed with the SLE and their head' }),
      ).expect(201);
      const view = await harness.http.get(`/api/deployments/${id}`).auth(token, { type: 'bearer' }).expect(200);
      expect(view.body.brokerageMeeting.capacityOverrideReason).toBe('Agreed with the SLE and their head');
    });
  });

  describe('Idempotency-Key', () => {
    it('appends once and answers the same for a repeated command', async () => {
      const key = { 'Idempotency-Key': 'request-abc-1' };
      const first = await post('/api/support-requests', fixtures.request('100001'), key).expect(201);
      const position = await harness.headPosition();
      const second = await post('/api/support-requests', fixtures.request('100001'), key).expect(201);
      expect(second.body).toEqual(first.body);
      expect(await harness.headPosition()).toBe(position);
    });

    it('answers a repeated refusal the same way', async () => {
      const key = { 'Idempotency-Key': 'deploy-again-1' };
      const first = await post(`/api/deployments/${deployed}/deploy`, { startedOn: '2025-09-22' }, key).expect(409);
      const second = await post(`/api/deployments/${deployed}/deploy`, { startedOn: '2025-09-22' }, key).expect(409);
      expect(second.body).toEqual(first.body);
    });

    it('refuses the same key for a different request', async () => {
      const key = { 'Idempotency-Key': 'request-abc-2' };
      await post('/api/support-requests', fixtures.request('100001'), key).expect(201);
      await refused('/api/support-requests', fixtures.request('100001', { areaOfNeed: 'Something else' }), 422, key);
    });

    it('keeps keys apart per user', async () => {
      const other = await harness.userWith('facilitator');
      const key = 'shared-key-1';
      const mine = await post('/api/support-requests', fixtures.request('100001'), { 'Idempotency-Key': key }).expect(
        201,
      );
      const theirs = await harness.http
        .post('/api/support-requests')
        .auth(other, { type: 'bearer' })
        .set('Idempotency-Key', key)
        .send(fixtures.request('100001'))
        .expect(201);
      expect(theirs.body.deploymentId).not.toBe(mine.body.deploymentId);
    });
  });
});
