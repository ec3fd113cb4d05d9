import { EventStore } from '../../src/event-store/event-store.port.js';
import { ReadModels } from '../../src/read-models/read-models.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

describe('A whole deployment over HTTP, from request to evaluation', () => {
  let harness: AppHarness;
  let token: string;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    token = await harness.login();
  });
  afterAll(() => harness.stop());

  const post = (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body);
  const get = (path: string) => harness.http.get(path).auth(token, { type: 'bearer' });

  it('runs every step, and after a restart every read answers the same', async () => {
    const { sleId } = await smallAlliance(harness, token);

    const requested = await post('/api/support-requests', fixtures.request('100001')).expect(201);
    const id: string = requested.body.deploymentId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const matches = await get(`/api/support-requests/${id}/matches`).expect(200);
    expect(matches.body.matches).toEqual([
      expect.objectContaining({
        sleId,
        score: expect.any(Number),
        reasons: expect.arrayContaining(['holds the maths primary specialism']),
      }),
    ]);

    await post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
    await post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' }).expect(201);
    await post(`/api/deployments/${id}/contacts`, fixtures.contact({ on: '2025-10-06', daysUsed: 1 })).expect(201);
    await post(
      `/api/deployments/${id}/contacts`,
      fixtures.contact({ on: '2025-11-03', channel: 'phone', daysUsed: 0, status: 'at-risk', note: 'Staff absence' }),
    ).expect(201);
    await post(`/api/deployments/${id}/extensions`, {
      on: '2026-01-12',
      additionalDays: 3,
      newEndDate: '2026-03-27',
      focus: 'Greater depth writing',
    }).expect(201);
    await post(
      `/api/deployments/${id}/contacts`,
      fixtures.contact({ on: '2026-02-02', daysUsed: 0.5, status: 'on-track' }),
    ).expect(201);
    await post(`/api/deployments/${id}/impact-evaluation`, {
      heldOn: '2026-03-02',
      outcomes: [
        { measure: '% of Y6 working at expected standard in reasoning', actual: 72 },
        { measure: '% of maths lessons judged good or better', actual: 60 },
      ],
      schoolRating: 5,
      summary: 'Reasoning now taught explicitly across KS2',
    }).expect(201);

    const deployment = await get(`/api/deployments/${id}`).expect(200);
    expect(deployment.body).toMatchObject({
      deploymentId: id,
      schoolUrn: '100001',
      sleId,
      status: 'evaluated',
      specialism: 'maths-primary',
      areaOfNeed: 'Reasoning in KS2 maths',
      startDate: '2025-09-22',
      endDate: '2026-03-27',
      daysCommissioned: 8,
      daysDelivered: 1.5,
      latestStatus: 'on-track',
      version: 7,
    });
    expect(deployment.body.contacts.map((c: { on: string }) => c.on)).toEqual([
      '2025-10-06',
      '2025-11-03',
      '2026-02-02',
    ]);
    expect(deployment.body.evaluation.outcomes.map((o: { result: string }) => o.result)).toEqual([
      'achieved',
      'partly-achieved',
    ]);
    expect(deployment.headers.etag).toBe('"7"');

    const sle = await get(`/api/sles/${sleId}?academicYear=2025-26`).expect(200);
    expect(sle.body).toMatchObject({ capacityDays: 20, commissionedDays: 8, deliveredDays: 1.5 });

    const reads = async () => ({
      deployment: (await get(`/api/deployments/${id}`).expect(200)).body,
      deployments: (await get('/api/deployments').expect(200)).body,
      schools: (await get('/api/schools').expect(200)).body,
      school: (await get('/api/schools/100001').expect(200)).body,
      sles: (await get('/api/sles?academicYear=2025-26').expect(200)).body,
    });
    const before = await reads();
    await harness.restart();
    token = await harness.login();
    expect(await reads()).toEqual(before);
  });

  it('lists deployments filtered by status, school and SLE', async () => {
    const { body: sles } = await get('/api/sles').expect(200);
    const sleId = sles[0].sleId;
    const cancelled = (
      await post('/api/support-requests', fixtures.request('100001', { requestedOn: '2026-01-05' })).expect(201)
    ).body.deploymentId;
    await post(`/api/deployments/${cancelled}/cancellation`, {
      on: '2026-01-20',
      reason: 'School joined a trust with its own support',
    }).expect(201);

    const byStatus = await get('/api/deployments?status=cancelled').expect(200);
    expect(byStatus.body.map((d: { deploymentId: string }) => d.deploymentId)).toEqual([cancelled]);
    expect(
      (await get(`/api/deployments?sleId=${sleId}`).expect(200)).body.every(
        (d: { sleId: string }) => d.sleId === sleId,
      ),
    ).toBe(true);
    expect((await get('/api/deployments?schoolUrn=100002').expect(200)).body).toEqual([]);
    expect((await get('/api/deployments?schoolUrn=100001').expect(200)).body).toHaveLength(2);
  });

  it('records Ofsted judgements and data points, and shows the latest judgement', async () => {
    await post('/api/schools/100001/ofsted-judgements', {
      inspectedOn: '2026-02-10',
      areas: {
        inclusion: 'expected-standard',
        'curriculum-and-teaching': 'expected-standard',
        achievement: 'expected-standard',
        'attendance-and-behaviour': 'expected-standard',
        'personal-development-and-well-being': 'strong-standard',
        'leadership-and-governance': 'expected-standard',
      },
      safeguarding: 'met',
    }).expect(201);
    await post('/api/schools/100001/data-points', {
      measure: 'KS2 reading expected standard',
      unit: '%',
      value: 64,
      recordedOn: '2026-01-15',
    }).expect(201);
    const school = await get('/api/schools/100001').expect(200);
    expect(school.body.ofsted).toMatchObject({
      framework: 'report-card',
      inspectedOn: '2026-02-10',
      safeguarding: 'met',
    });
    expect(school.body.ofstedHistory).toHaveLength(2);
    expect(school.body.dataPoints).toEqual([
      { measure: 'KS2 reading expected standard', unit: '%', value: 64, recordedOn: '2026-01-15' },
    ]);
  });

  it('holds a half-term review once', async () => {
    const review = {
      academicYear: '2025-26',
      halfTerm: 'spring-1',
      heldOn: '2026-02-12',
      attendees: [{ name: 'Core team chair', role: 'Chair' }],
      areasOfConcern: [{ schoolUrn: '100001', concern: 'Staffing instability in Y6' }],
      notes: 'All deployments reviewed',
    };
    await post('/api/half-term-reviews', review).expect(201);
    await post('/api/half-term-reviews', review).expect(409);
  });

  it('answers health without a token and serves the OpenAPI document', async () => {
    await harness.app.get(ReadModels).catchUp();
    const health = await harness.http.get('/api/health').expect(200);
    expect(health.body.details.eventStore.status).toBe('up');
    // The views stand at the newest event, and the events this file appended were counted on their way there.
    const head = (await harness.app.get(EventStore).readAll()).at(-1)!.position;
    expect(health.body.details.views).toMatchObject({ status: 'up', position: head.toString() });
    expect(health.body.details.views.lag.events).toBeGreaterThan(0);
    expect(health.body.details.views.lag.p99Ms).toBeGreaterThanOrEqual(health.body.details.views.lag.p50Ms);
    const doc = await harness.http.get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/deployments/{id}/brokerage-meeting', '/api/support-requests/{id}/matches']),
    );
    expect(doc.body.components.schemas.BrokerageMeetingDto.required).toEqual(
      expect.arrayContaining(['sleId', 'expectedOutcomes']),
    );
  });
});
