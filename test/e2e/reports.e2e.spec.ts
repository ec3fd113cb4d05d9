import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateSync } from 'node:zlib';
import { halfTermReport } from '../../projections/half-term-report.js';
import { ReadModels } from '../../src/read-models/read-models.js';
import { termCalendar } from '../../src/term-dates/term-calendar.js';
import { AppHarness, type RoleTokens } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

const REASONING = '% of Y6 working at expected standard in reasoning';
const LESSONS = '% of maths lessons judged good or better';
const CONCERN = 'Staffing <b>instability</b> & "turnover" in Y6';

/**
 * One deployment at school 100001 run over HTTP from request (September 2025) to evaluation (2 March 2026,
 * "today"), with an extension, an Ofsted judgement after support, a data point and a core-team concern;
 * then its school's timeline, the half-termly report in JSON, CSV and HTML, the impact report and who may read them.
 */
describe('Reports over HTTP', () => {
  let harness: AppHarness;
  let admin: string;
  let sleId: string;
  let id: string;
  let tokens: RoleTokens;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    head: (path: string) => harness.http.head(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });

  /** A GET with exactly these headers, its body as it came over the wire (supertest inflates what it is sent). */
  async function rawGet(
    path: string,
    headers: http.OutgoingHttpHeaders,
  ): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    const server = harness.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  }

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
    ({ sleId } = await smallAlliance(harness, admin));
    const { post } = as(admin);
    await post('/api/schools', fixtures.school('100003', { name: 'Brook Primary' })).expect(201);
    id = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
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
    await post('/api/schools/100001/data-points', {
      measure: 'KS2 reading expected standard',
      unit: '%',
      value: 64,
      recordedOn: '2026-01-15',
    }).expect(201);
    await post(`/api/deployments/${id}/contacts`, fixtures.contact({ on: '2026-02-02', daysUsed: 0.5 })).expect(201);
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
    await post('/api/half-term-reviews', {
      academicYear: '2025-26',
      halfTerm: 'spring-1',
      heldOn: '2026-02-12',
      attendees: [{ name: 'Core team chair', role: 'Chair' }],
      areasOfConcern: [{ schoolUrn: '100001', concern: CONCERN }],
      notes: 'All deployments reviewed',
    }).expect(201);
    await post(`/api/deployments/${id}/impact-evaluation`, {
      heldOn: '2026-03-02',
      outcomes: [
        { measure: REASONING, actual: 72 },
        { measure: LESSONS, actual: 60 },
      ],
      schoolRating: 5,
      summary: 'Reasoning now taught explicitly across KS2',
    }).expect(201);
    tokens = await harness.tokensOfEveryRole(sleId);
  });
  afterAll(() => harness.stop());

  describe('the school timeline', () => {
    it("gives every step of the school's deployment, its judgements, data and concerns, oldest first, with its measures as series", async () => {
      const res = await as(admin).get('/api/schools/100001/timeline').expect(200);
      expect(res.body.urn).toBe('100001');
      expect(res.body.name).toBe('School 100001');
      expect(
        res.body.entries.map((e: { at: string; kind: string; deploymentId?: string }) => [
          e.at,
          e.kind,
          e.deploymentId ?? null,
        ]),
      ).toEqual([
        ['2024-05-20', 'ofsted-judgement', null],
        ['2025-09-08', 'support-requested', id],
        ['2025-09-15', 'brokerage-meeting', id],
        ['2025-09-22', 'deployment-started', id],
        ['2025-10-06', 'contact', id],
        ['2025-11-03', 'contact', id],
        ['2026-01-12', 'extension', id],
        ['2026-01-15', 'school-data', null],
        ['2026-02-02', 'contact', id],
        ['2026-02-10', 'ofsted-judgement', null],
        ['2026-02-12', 'core-team-concern', null],
        ['2026-03-02', 'evaluation', id],
      ]);
      expect(res.body.entries[2].summary).toBe(
        'Brokerage meeting agreed 5 days of support from 22 September 2025 to 13 February 2026, with 2 expected outcomes: Reasoning in KS2 maths.',
      );
      expect(res.body.entries[11].summary).toBe(
        'Impact evaluated: 1 of 2 outcomes achieved, 1 partly achieved; the school rated the support 5 out of 5. Reasoning now taught explicitly across KS2.',
      );
      expect(res.body.measures).toEqual([
        {
          measure: LESSONS,
          unit: '%',
          points: [
            { at: '2025-09-15', value: 40, source: 'baseline' },
            { at: '2026-03-02', value: 60, source: 'actual' },
            { at: '2026-03-27', value: 75, source: 'target' },
          ],
        },
        {
          measure: REASONING,
          unit: '%',
          points: [
            { at: '2025-09-15', value: 48, source: 'baseline' },
            { at: '2026-03-02', value: 72, source: 'actual' },
            { at: '2026-03-27', value: 70, source: 'target' },
          ],
        },
        {
          measure: 'KS2 reading expected standard',
          unit: '%',
          points: [{ at: '2026-01-15', value: 64, source: 'school-data' }],
        },
      ]);
    });

    it('gives a school with no deployments an empty timeline', async () => {
      expect((await as(admin).get('/api/schools/100003/timeline').expect(200)).body).toEqual({
        urn: '100003',
        name: 'Brook Primary',
        entries: [],
        measures: [],
      });
    });

    it('shows a school user its own timeline, the same as staff see it, and refuses another school', async () => {
      const own = await as(tokens.school).get('/api/schools/100001/timeline').expect(200);
      const staff = await as(tokens.coreTeam).get('/api/schools/100001/timeline').expect(200);
      expect(own.body).toEqual(staff.body);
      const denied = await as(tokens.school).get('/api/schools/100003/timeline').expect(403);
      expect(JSON.stringify(denied.body)).not.toContain('Brook');
      await as(tokens.otherSchool).get('/api/schools/100001/timeline').expect(403);
      // A school user learns nothing about which URNs exist.
      await as(tokens.school).get('/api/schools/999999/timeline').expect(403);
      await as(tokens.sle).get('/api/schools/100001/timeline').expect(403);
      await harness.http.get('/api/schools/100001/timeline').expect(401);
    });

    it('answers 404 for a school never registered', async () => {
      const res = await as(tokens.facilitator).get('/api/schools/999999/timeline').expect(404);
      expect(res.body.message).toMatch(/999999/);
    });

    it('sees a write made just before the read', async () => {
      const { body: before } = await as(admin).get('/api/schools/100003/timeline').expect(200);
      await as(admin)
        .post('/api/schools/100003/data-points', {
          measure: 'Attendance',
          unit: '%',
          value: 93.5,
          recordedOn: '2026-02-27',
        })
        .expect(201);
      const { body: after } = await as(admin).get('/api/schools/100003/timeline').expect(200);
      expect(before.entries).toEqual([]);
      expect(after.entries).toEqual([{ at: '2026-02-27', kind: 'school-data', summary: 'Attendance: 93.5%.' }]);
    });
  });

  describe('the half-termly report', () => {
    const spring1 = () => ({
      academicYear: '2025-26',
      halfTerm: 'spring-1',
      // The half term and the February holiday after it; teaching from 5 January to 13 February (a typical year).
      from: '2026-01-05',
      to: '2026-02-22',
      teaching: { from: '2026-01-05', to: '2026-02-13' },
      asOf: '2026-02-22',
      summary: {
        requestsReceived: 0,
        brokerageMeetingsHeld: 0,
        deploymentsStarted: 0,
        deploymentsActive: 1,
        evaluationsCompleted: 0,
        daysCommissioned: 3,
        daysDelivered: 0.5,
      },
      activeDeployments: [
        {
          deploymentId: id,
          schoolUrn: '100001',
          schoolName: 'School 100001',
          sleId,
          sleName: 'Sam Patel',
          latestStatus: 'on-track',
          lastContactOn: '2026-02-02',
          contactOverdue: false,
          daysCommissioned: 8,
          daysDelivered: 1.5,
          endDate: '2026-03-27',
        },
      ],
      areasOfConcern: [
        {
          schoolUrn: '100001',
          schoolName: 'School 100001',
          reasons: [`Named by the core team at the review on 2026-02-12: ${CONCERN}`],
        },
      ],
      impact: {
        evaluated: 0,
        outcomesAchieved: 0,
        outcomesPartlyAchieved: 0,
        outcomesTotal: 0,
        ofstedImproved: 0,
        ofstedLeftCategoryOfConcern: 0,
        ofstedExpectedStandardAfterRequiresImprovement: 0,
        averageSchoolRating: null,
      },
    });

    it('answers JSON by default for a past half term, as it stood on its last day', async () => {
      const res = await as(tokens.coreTeam).get('/api/reports/half-termly/2025-26/spring-1').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(spring1());
    });

    it('stands at today for the current half term, with the evaluation held today in its impact', async () => {
      const res = await as(tokens.facilitator)
        .get('/api/reports/half-termly/2025-26/spring-2')
        .set('Accept', 'application/json')
        .expect(200);
      expect(res.body).toMatchObject({ from: '2026-02-23', to: '2026-04-12', asOf: '2026-03-02' });
      expect(res.body.summary).toMatchObject({ deploymentsActive: 1, evaluationsCompleted: 1, daysDelivered: 0 });
      // Evaluated today, 28 days after its last contact but 15 school days (the February half term left out):
      // not yet overdue as it stood when the work ended.
      expect(res.body.activeDeployments[0]).toMatchObject({
        deploymentId: id,
        lastContactOn: '2026-02-02',
        contactOverdue: false,
      });
      expect(res.body.areasOfConcern).toEqual([]);
      expect(res.body.impact).toEqual({
        evaluated: 1,
        outcomesAchieved: 1,
        outcomesPartlyAchieved: 1,
        outcomesTotal: 2,
        // A report card after an old "requires improvement": its own measure, not a better grade (no read-across).
        ofstedImproved: 0,
        ofstedLeftCategoryOfConcern: 0,
        ofstedExpectedStandardAfterRequiresImprovement: 1,
        averageSchoolRating: 5,
      });
    });

    it('answers CSV to Accept: text/csv, as a download of labelled tables', async () => {
      const res = await as(admin)
        .get('/api/reports/half-termly/2025-26/spring-1')
        .set('Accept', 'text/csv')
        .buffer(true)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="half-termly-report-2025-26-spring-1.csv"');
      expect(res.headers.vary).toMatch(/Accept/);
      const lines = res.text.replace(/^\ufeff/, '').split('\r\n');
      expect(lines.slice(0, 4)).toEqual([
        'Half-termly review report,2025-26,spring-1',
        'From,2026-01-05',
        'To,2026-02-22',
        'As of,2026-02-22',
      ]);
      expect(lines).toEqual(
        expect.arrayContaining([
          'Summary',
          'Days commissioned,3',
          'Active deployments',
          'School,URN,SLE,Latest status,Last contact,Contact overdue,Days commissioned,Days delivered,End date,SLE id,Deployment id',
          `School 100001,100001,Sam Patel,on track,2026-02-02,no,8,1.5,2026-03-27,${sleId},${id}`,
          'Areas of concern',
          `100001,School 100001,"Named by the core team at the review on 2026-02-12: Staffing <b>instability</b> & ""turnover"" in Y6"`,
          'Impact',
          'Average school rating (1 to 5),',
        ]),
      );
    });

    it('answers a printable, self-contained HTML page to Accept: text/html, with every value escaped', async () => {
      const res = await as(admin)
        .get('/api/reports/half-termly/2025-26/spring-1')
        .set('Accept', 'text/html')
        .expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(res.text).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
      expect(res.text).toContain('<title>Half-termly review report: Spring 1 2025-26</title>');
      expect(res.text).toContain('@media print');
      expect(res.text).toContain('Staffing &lt;b&gt;instability&lt;/b&gt; &amp; &quot;turnover&quot; in Y6');
      expect(res.text).not.toContain('<b>instability');
      expect(res.text).not.toMatch(/<script|<link|src=|href=/);
      expect(res.text).toContain('<th scope="row">School 100001</th>');
      expect(res.text).toContain('<td>Sam Patel</td>');
      expect(res.text).not.toContain(sleId);
    });

    it("narrows to one local authority's schools with ?localAuthority=, in JSON and CSV", async () => {
      await as(admin)
        .post('/api/schools', fixtures.school('100004', { name: 'Keynes Primary', localAuthority: 'Milton Keynes' }))
        .expect(201);
      const bucks = await as(tokens.coreTeam)
        .get('/api/reports/half-termly/2025-26/spring-1?localAuthority=Buckinghamshire')
        .expect(200);
      expect(bucks.body).toEqual({ ...spring1(), localAuthority: 'Buckinghamshire' });
      const keynes = await as(tokens.coreTeam)
        .get('/api/reports/half-termly/2025-26/spring-1?localAuthority=Milton%20Keynes')
        .expect(200);
      expect(keynes.body).toMatchObject({
        localAuthority: 'Milton Keynes',
        activeDeployments: [],
        areasOfConcern: [],
        summary: { deploymentsActive: 0, daysCommissioned: 0 },
      });
      const csv = await as(admin)
        .get('/api/reports/half-termly/2025-26/spring-1?localAuthority=Milton%20Keynes')
        .set('Accept', 'text/csv')
        .buffer(true)
        .expect(200);
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="half-termly-report-2025-26-spring-1-milton-keynes.csv"',
      );
      expect(
        csv.text
          .replace(/^\ufeff/, '')
          .split('\r\n')
          .slice(0, 2),
      ).toEqual(['Half-termly review report,2025-26,spring-1', 'Local authority,Milton Keynes']);
    });

    it('answers 404 for a local authority with no school registered, and 400 for a blank one', async () => {
      const none = await as(admin).get('/api/reports/half-termly/2025-26/spring-1?localAuthority=Luton').expect(404);
      expect(none.body.message).toMatch(/Luton/);
      for (const bad of ['%20', 'Luton&localAuthority=Slough']) {
        const res = await as(admin).get(`/api/reports/half-termly/2025-26/spring-1?localAuthority=${bad}`).expect(400);
        expect(Object.keys(res.body.fields)).toEqual(['localAuthority']);
      }
      const unknown = await as(admin).get('/api/reports/half-termly/2025-26/spring-1?region=South').expect(400);
      expect(Object.keys(unknown.body.fields)).toEqual(['region']);
    });

    it('answers 406 to a type it cannot give', async () => {
      await as(admin).get('/api/reports/half-termly/2025-26/spring-1').set('Accept', 'image/png').expect(406);
    });

    it('answers 400 naming the bad academic year or half term', async () => {
      const year = await as(admin).get('/api/reports/half-termly/2025-27/spring-1').expect(400);
      expect(Object.keys(year.body.fields)).toEqual(['academicYear']);
      const term = await as(admin).get('/api/reports/half-termly/2025-26/winter-1').expect(400);
      expect(Object.keys(term.body.fields)).toEqual(['halfTerm']);
      const both = await as(admin).get('/api/reports/half-termly/26/x').set('Accept', 'text/csv').expect(400);
      expect(Object.keys(both.body.fields).sort()).toEqual(['academicYear', 'halfTerm']);
    });

    it('is for staff only', async () => {
      await as(tokens.school).get('/api/reports/half-termly/2025-26/spring-1').expect(403);
      await as(tokens.sle).get('/api/reports/half-termly/2025-26/spring-1').expect(403);
      await as(tokens.facilitator).get('/api/reports/half-termly/2025-26/spring-1').expect(200);
    });
  });

  describe('the alliance impact report', () => {
    it('gives the published figures over the deployments evaluated between the dates, with the deployments counted', async () => {
      const res = await as(tokens.coreTeam).get('/api/reports/impact?from=2026-03-02&to=2026-03-02').expect(200);
      expect(res.body).toEqual({
        from: '2026-03-02',
        to: '2026-03-02',
        deploymentsCompleted: 1,
        daysCommissioned: 8,
        daysDelivered: 1.5,
        outcomesAchieved: 1,
        outcomesTotal: 2,
        schoolsOfstedImproved: 0,
        requiresImprovementToGood: 0,
        schoolsLeftCategoryOfConcern: 0,
        schoolsExpectedStandardAfterRequiresImprovement: 1,
        averageSchoolRating: 5,
        positiveRatingShare: 1,
        deployments: [
          {
            deploymentId: id,
            schoolUrn: '100001',
            schoolName: 'School 100001',
            sleId,
            sleName: 'Sam Patel',
            programme: 'sle',
            specialism: 'maths-primary',
            startedOn: '2025-09-22',
            evaluatedOn: '2026-03-02',
            daysCommissioned: 8,
            daysDelivered: 1.5,
            outcomesAchieved: 1,
            outcomesTotal: 2,
            schoolRating: 5,
            positiveRating: true,
            ofstedImprovement: null,
            requiresImprovementToGood: false,
            leftCategoryOfConcern: null,
            expectedStandardAfterRequiresImprovement: {
              before: { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2024-05-20' },
              after: expect.objectContaining({ framework: 'report-card', inspectedOn: '2026-02-10' }),
            },
          },
        ],
      });
      const before = await as(admin).get('/api/reports/impact?from=2025-09-01&to=2026-03-01').expect(200);
      expect(before.body).toMatchObject({
        deploymentsCompleted: 0,
        deployments: [],
        averageSchoolRating: null,
        positiveRatingShare: null,
      });
    });

    it('downloads as CSV with every Ofsted measure, each deployment saying which it meets', async () => {
      const res = await as(tokens.coreTeam)
        .get('/api/reports/impact?from=2026-03-02&to=2026-03-02')
        .set('Accept', 'text/csv')
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="alliance-impact-2026-03-02-to-2026-03-02.csv"',
      );
      const lines = res.text.replace(/^\ufeff/, '').split('\r\n');
      expect(lines).toEqual(
        expect.arrayContaining([
          'Schools with a better Ofsted judgement (same framework),0',
          'Schools from requires improvement to good or better (overall grades),0',
          'Schools that left an Ofsted category of concern,0',
          'Schools good or at expected standard throughout after requires improvement,1',
          expect.stringMatching(/^[0-9a-f-]{36},100001,School 100001,.*,no,no,yes$/),
        ]),
      );
    });

    it('answers 400 naming a missing, malformed or reversed date, or an unknown parameter', async () => {
      const fields = async (query: string) =>
        Object.keys((await as(admin).get(`/api/reports/impact${query}`).expect(400)).body.fields).sort();
      expect(await fields('')).toEqual(['from', 'to']);
      expect(await fields('?from=2026-02-30&to=2026-03-31')).toEqual(['from']);
      expect(await fields('?from=2026-03-31&to=2026-03-01')).toEqual(['to']);
      expect(await fields('?from=2026-03-01&from=2026-03-02&to=2026-03-31')).toEqual(['from']);
      expect(await fields('?from=2026-03-01&to=2026-03-31&school=100001')).toEqual(['school']);
    });

    it('is for staff only', async () => {
      await as(tokens.school).get('/api/reports/impact?from=2025-09-01&to=2026-08-31').expect(403);
      await as(tokens.sle).get('/api/reports/impact?from=2025-09-01&to=2026-08-31').expect(403);
      await as(tokens.facilitator).get('/api/reports/impact?from=2025-09-01&to=2026-08-31').expect(200);
    });
  });

  // Last, since it adds a request: a report kept between reads must never outlive a change or the day.
  describe('a half-termly report read again', () => {
    it('answers the new report after an event, and again after the day moves on', async () => {
      const read = async () => (await as(admin).get('/api/reports/half-termly/2025-26/spring-2').expect(200)).body;
      const first = await read();
      expect(await read()).toEqual(first);
      await as(admin)
        .post('/api/support-requests', fixtures.request('100003', { requestedOn: '2026-03-02' }))
        .expect(201);
      const afterRequest = await read();
      expect(afterRequest.summary.requestsReceived).toBe(first.summary.requestsReceived + 1);
      harness.clock.set('2026-03-03T12:00:00Z');
      try {
        expect((await read()).asOf).toBe('2026-03-03');
      } finally {
        harness.clock.set('2026-03-02T12:00:00Z');
      }
    });

    it('answers 304 to its ETag until an event, then what working it out afresh gives', async () => {
      const path = '/api/reports/half-termly/2025-26/spring-1';
      const first = await as(admin).get(path).expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"/);
      expect((await as(admin).get(path).expect(200)).headers.etag).toBe(etag);
      // Written in chunks, with the length of them all: deflated to a client that takes deflate, as browsers do.
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(first.headers['content-encoding']).toBe('deflate');
      expect(first.headers.vary).toMatch(/Accept-Encoding/);
      const raw = await rawGet(path, {
        authorization: `Bearer ${admin}`,
        'accept-encoding': 'gzip, deflate, br, zstd',
      });
      expect([raw.headers['content-encoding'], Number(raw.headers['content-length'])]).toEqual([
        'deflate',
        raw.body.length,
      ]);
      expect(JSON.parse(inflateSync(raw.body).toString())).toEqual(first.body);
      // Inflated for one that does not.
      for (const encoding of ['identity', 'gzip', 'deflate;q=0, gzip']) {
        const plain = await as(admin).get(path).set('Accept-Encoding', encoding).expect(200);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(plain.text));
        expect(plain.body).toEqual(first.body);
        const head = await as(admin).head(path).set('Accept-Encoding', encoding).expect(200);
        expect([head.headers['content-encoding'], head.headers['content-length']]).toEqual([
          undefined,
          plain.headers['content-length'],
        ]);
      }
      const head = await as(admin).head(path).set('Accept-Encoding', 'deflate').expect(200);
      expect([head.headers['content-length'], head.headers.etag, head.text]).toEqual([
        raw.headers['content-length'],
        etag,
        undefined,
      ]);
      await as(admin).get(path).set('If-None-Match', etag).expect(304);
      // The CSV is another representation: never answered 304 to the JSON's ETag.
      await as(admin).get(path).set('Accept', 'text/csv').set('If-None-Match', etag).expect(200);
      await as(admin)
        .post('/api/support-requests', fixtures.request('100003', { requestedOn: '2026-02-10' }))
        .expect(201);
      const after = await as(admin).get(path).set('If-None-Match', etag).expect(200);
      expect(after.headers.etag).not.toBe(etag);
      const views = harness.app.get(ReadModels);
      const afresh = halfTermReport(views, {
        academicYear: '2025-26',
        halfTerm: 'spring-1',
        today: '2026-03-02',
        calendar: termCalendar(views, harness.config),
      });
      expect(after.body).toEqual(JSON.parse(JSON.stringify(afresh)));
      expect(after.body.summary.requestsReceived).toBe(first.body.summary.requestsReceived + 1);
    });

    it("keeps a local authority's report through another authority's events, never through its own or any other kind", async () => {
      const read = async (localAuthority: string) =>
        (
          await as(admin)
            .get(`/api/reports/half-termly/2025-26/spring-2?localAuthority=${encodeURIComponent(localAuthority)}`)
            .expect(200)
        ).body;
      const bucks = await read('Buckinghamshire');
      const keynes = await read('Milton Keynes');
      await as(admin)
        .post('/api/support-requests', fixtures.request('100004', { requestedOn: '2026-03-02' }))
        .expect(201);
      expect(await read('Buckinghamshire')).toEqual(bucks);
      expect((await read('Milton Keynes')).summary.requestsReceived).toBe(keynes.summary.requestsReceived + 1);
      await as(admin)
        .post('/api/support-requests', fixtures.request('100003', { requestedOn: '2026-03-02' }))
        .expect(201);
      const afterOwn = await read('Buckinghamshire');
      expect(afterOwn.summary.requestsReceived).toBe(bucks.summary.requestsReceived + 1);
      // A review is not a deployment's event: every kept report is worked out again.
      const review = {
        academicYear: '2025-26',
        halfTerm: 'spring-2',
        heldOn: '2026-03-02',
        attendees: [{ name: 'Core team chair', role: 'Chair' }],
        notes: '',
      };
      await as(admin)
        .post('/api/half-term-reviews', {
          ...review,
          areasOfConcern: [{ schoolUrn: '100003', concern: 'Attendance falling' }],
        })
        .expect(201);
      expect((await read('Buckinghamshire')).areasOfConcern).toContainEqual({
        schoolUrn: '100003',
        schoolName: 'Brook Primary',
        reasons: ['Named by the core team at the review on 2026-03-02: Attendance falling'],
      });
      // A school newly registered in the authority is in its next report.
      await as(admin)
        .post('/api/schools', fixtures.school('100005', { name: 'Weald Primary' }))
        .expect(201);
      await as(admin)
        .post('/api/support-requests', fixtures.request('100005', { requestedOn: '2026-03-02' }))
        .expect(201);
      expect((await read('Buckinghamshire')).summary.requestsReceived).toBe(afterOwn.summary.requestsReceived + 1);
    });
  });
});
