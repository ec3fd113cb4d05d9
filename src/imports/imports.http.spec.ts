import { AppHarness } from '../../test/support/app-harness.js';

const SCHOOLS_HEADER = 'urn,name,phase,local_authority,ofsted_grade,ofsted_inspected_on';
const SLES_HEADER = 'name,email,home_school_urn,specialisms,phases,capacity_days,designated_on';
const DEPLOYMENTS_HEADER =
  'school_urn,specialism,area_of_need,source,requested_on,meeting_on,attendees,sle,start_date,end_date,days_commissioned,outcome_measure,outcome_unit,outcome_baseline,outcome_target,evaluated_on,outcome_actual,school_rating,evaluation_summary';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

/** CSV imports over HTTP against the real application: templates, dry runs, all or nothing, and the same rules as the API. */
describe('CSV imports over HTTP', () => {
  let harness: AppHarness;
  let facilitator: string;

  const post = (path: string, body: object, token = facilitator) =>
    harness.http.post(path).auth(token, { type: 'bearer' }).send(body);
  const get = (path: string, token = facilitator) => harness.http.get(path).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    facilitator = await harness.userWith('facilitator');
  });
  afterAll(() => harness.stop());

  it('lists the kinds with their columns, and gives a template per kind', async () => {
    const kinds = await get('/api/imports').expect(200);
    expect(kinds.body.kinds.map((k: { kind: string }) => k.kind)).toEqual([
      'schools',
      'sles',
      'deployments',
      'people',
      'ofsted-judgements',
      'term-dates',
    ]);
    const template = await get('/api/imports/templates/deployments').expect(200);
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.headers['content-disposition']).toBe('attachment; filename="deployments-template.csv"');
    expect(template.text).toContain('# attendees (required): who attended the brokerage meeting');
    await get('/api/imports/templates/pupils').expect(400);
  });

  it('imports the templates as they stand, in order: schools, SLEs, past deployments, people, Ofsted judgements', async () => {
    for (const kind of ['schools', 'sles', 'deployments', 'people', 'ofsted-judgements']) {
      const template = (await get(`/api/imports/templates/${kind}`).expect(200)).text;
      const dry = await post(`/api/imports/${kind}/dry-run`, { csv: template }).expect(200);
      expect(dry.body).toMatchObject({ kind, dryRun: true, valid: true, problems: [], eventsAppended: 0 });
      const done = await post(`/api/imports/${kind}`, { csv: template }).expect(201);
      expect(done.body).toMatchObject({ kind, dryRun: false, valid: true, problems: [] });
      expect(done.body.eventsAppended).toBeGreaterThan(0);
    }
    const deployments = await get('/api/deployments?schoolUrn=100101').expect(200);
    expect(deployments.body).toHaveLength(1);
    expect(deployments.body[0]).toMatchObject({
      status: 'evaluated',
      daysCommissioned: 5,
      specialism: 'maths-primary',
      areaOfNeed: 'Reasoning in KS2 maths',
    });
    expect(deployments.body[0].evaluation.outcomes[0]).toMatchObject({
      baseline: 48,
      target: 70,
      actual: 72,
      result: 'achieved',
    });
    const school = await get('/api/schools/100101').expect(200);
    expect(school.body.ofstedHistory).toMatchObject([
      { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2024-05-20' },
      {
        framework: 'report-card',
        inspectedOn: '2026-01-14',
        areas: { inclusion: 'expected-standard', achievement: 'needs-attention' },
        safeguarding: 'met',
      },
    ]);

    // Run twice, each kind is refused row by row, and nothing is added twice.
    for (const [kind, message] of [
      ['schools', 'School 100101 is already registered'],
      ['sles', 'is already held by SLE Sam Patel'],
      ['deployments', 'this deployment is already recorded'],
    ]) {
      const template = (await get(`/api/imports/templates/${kind}`).expect(200)).text;
      const again = await post(`/api/imports/${kind}`, { csv: template }).expect(400);
      expect(again.body.problems[0].message).toContain(message);
    }
  });

  it('checks each Ofsted judgement against the generation of its date, naming the column', async () => {
    await post('/api/imports/schools', {
      csv: csv(SCHOOLS_HEADER, '410001,Report Card School,primary,Leeds,,'),
    }).expect(201);
    const header =
      'urn,inspected_on,overall_effectiveness,inclusion,curriculum_and_teaching,achievement,attendance_and_behaviour,personal_development_and_well_being,leadership_and_governance,safeguarding';
    const card =
      'expected-standard,expected-standard,needs-attention,expected-standard,expected-standard,expected-standard';
    const file = csv(
      header,
      `410001,2026-01-14,,${card},met`,
      `410001,2026-01-15,good,,,,,,,`,
      `410001,2026-01-16,,${card.replace('needs-attention', 'good')},`,
      `419999,2026-01-16,,${card},met`,
    );
    const dry = await post('/api/imports/ofsted-judgements/dry-run', { csv: file }).expect(200);
    expect(dry.body.problems).toEqual([
      { row: 3, column: 'inspected_on', message: expect.stringContaining('an overall grade is given only') },
      { row: 4, column: 'achievement', message: expect.stringContaining('must be one of exceptional') },
      { row: 4, column: 'safeguarding', message: expect.stringContaining('is required') },
      { row: 5, message: 'School not found' },
    ]);
    await post('/api/imports/ofsted-judgements', { csv: file }).expect(400);
    expect((await get('/api/schools/410001').expect(200)).body.ofstedHistory).toEqual([]);
    await post('/api/imports/ofsted-judgements', { csv: csv(header, `410001,2026-01-14,,${card},met`) }).expect(201);
    expect((await get('/api/schools/410001').expect(200)).body.ofsted).toMatchObject({ framework: 'report-card' });
  });

  it('lists every bad row with its reason in a dry run, and appends nothing', async () => {
    const head = await harness.headPosition();
    const file = csv(
      '# a note line, then the header',
      SCHOOLS_HEADER,
      '200001,Good School,primary,Leeds,,',
      '20002,Short URN,primary,Leeds,,',
      '200003,Castle School,castle,Leeds,,',
      '200004,Future School,primary,Leeds,good,2027-01-01',
      '200001,Same URN Again,primary,Leeds,,',
    );
    const dry = await post('/api/imports/schools/dry-run', { csv: file }).expect(200);
    expect(dry.body.valid).toBe(false);
    expect(dry.body.rowsRead).toBe(5);
    expect(dry.body.problems).toEqual([
      { row: 4, column: 'urn', message: 'must be a six-digit URN' },
      { row: 5, column: 'phase', message: expect.stringContaining('Choose the phase: one of') },
      { row: 6, column: 'ofsted_inspected_on', message: 'must not be in the future' },
      // Checked against the earlier rows of the same file, not only against what is stored.
      { row: 7, message: 'School 200001 is already registered' },
    ]);
    expect(dry.body.created).toEqual([{ row: 3, id: '200001' }]);
    const refused = await post('/api/imports/schools', { csv: file }).expect(400);
    expect(refused.body.message).toEqual([
      'row 4, urn: must be a six-digit URN',
      expect.stringMatching(/^row 5, phase: /),
      'row 6, ofsted_inspected_on: must not be in the future',
      'row 7: School 200001 is already registered',
    ]);
    expect(await harness.headPosition()).toBe(head);
    await get('/api/schools/200001').expect(404);
  });

  it("applies an SLE's capacity across the rows of one file, and names the SLE cell when it cannot be found", async () => {
    await post('/api/imports/schools', {
      csv: csv(SCHOOLS_HEADER, '300001,Needs Help,primary,York,,', '300002,Home School,primary,York,,'),
    }).expect(201);
    await post('/api/imports/sles', {
      csv: csv(SLES_HEADER, 'Alex Kay,alex.kay@school.test,300002,english-primary,primary,6,2024-09-01'),
    }).expect(201);
    const row = (requestedOn: string, days: string, sle = 'alex.kay@school.test') =>
      `300001,english-primary,Early reading,dfe,${requestedOn},2025-09-15,Jo Head (Headteacher),${sle},2025-09-22,2026-02-13,${days},% reading at expected,%,50,70,,,,`;
    const file = csv(
      DEPLOYMENTS_HEADER,
      row('2025-09-08', '4'),
      row('2025-09-09', '4'),
      row('2025-09-10', '1', 'nobody@school.test'),
      row('2025-09-11', '1', 'Alex'),
    );
    const dry = await post('/api/imports/deployments/dry-run', { csv: file }).expect(200);
    expect(dry.body.problems).toEqual([
      {
        row: 3,
        message: expect.stringContaining(
          'has 6 days of capacity in 2025-26 and 4 already commissioned; 4 more would exceed it',
        ),
      },
      { row: 4, column: 'sle', message: 'no SLE with this email is designated; import the SLEs first' },
      { row: 5, column: 'sle', message: 'must be an SLE id or the email of an SLE' },
    ]);
    const fixed = csv(DEPLOYMENTS_HEADER, row('2025-09-08', '4'), row('2025-09-09', '2'));
    const done = await post('/api/imports/deployments', { csv: fixed }).expect(201);
    expect(done.body.created).toHaveLength(2);
    const sles = await get('/api/sles').expect(200);
    expect(sles.body.find((s: { email: string }) => s.email === 'alex.kay@school.test')).toMatchObject({
      commissionedDays: 6,
      capacityDays: 6,
    });
    const deployed = await get(`/api/deployments/${done.body.created[1].id}`).expect(200);
    expect(deployed.body).toMatchObject({ status: 'deployed', startDate: '2025-09-22', daysCommissioned: 2 });
  });

  it('forgets every step of a row refused part way, so that later rows are checked without it', async () => {
    await post('/api/imports/schools', {
      csv: csv(SCHOOLS_HEADER, '400001,Needs Help,primary,Hull,,', '400002,Home School,primary,Hull,,'),
    }).expect(201);
    await post('/api/imports/sles', {
      csv: csv(SLES_HEADER, 'Bo Ray,bo.ray@school.test,400002,send,primary,6,2024-09-01'),
    }).expect(201);
    const row = (requestedOn: string, start: string, end: string) =>
      `400001,send,SEND provision,dfe,${requestedOn},2026-02-02,Jo Head (Headteacher),bo.ray@school.test,${start},${end},5,% of plans reviewed,%,20,90,,,,`;
    // Row 2's meeting (5 of Bo's 6 days) is accepted, but it cannot have started in the future: the whole row goes,
    // so row 3's 5 days still fit.
    const file = csv(
      DEPLOYMENTS_HEADER,
      row('2026-01-26', '2026-04-13', '2026-07-17'),
      row('2026-01-27', '2026-02-09', '2026-07-17'),
    );
    const head = await harness.headPosition();
    const dry = await post('/api/imports/deployments/dry-run', { csv: file }).expect(200);
    expect(dry.body.problems).toEqual([{ row: 2, column: 'start_date', message: 'must not be in the future' }]);
    expect(dry.body.created.map((c: { row: number }) => c.row)).toEqual([3]);
    await post('/api/imports/deployments', { csv: file }).expect(400);
    expect(await harness.headPosition()).toBe(head);
  });

  it('is for facilitators (and admins) only', async () => {
    const coreTeam = await harness.userWith('core-team');
    await get('/api/imports', coreTeam).expect(403);
    await post('/api/imports/schools/dry-run', { csv: csv(SCHOOLS_HEADER) }, coreTeam).expect(403);
    await post('/api/imports/schools', { csv: 42 }).expect(400);
    await post('/api/imports/schools', { csv: 'x', extra: true }).expect(400);
  });

  it('imports term dates all or nothing: the template, then a file naming the overlapping cell and a repeated year', async () => {
    const template = (await get('/api/imports/templates/term-dates').expect(200)).text;
    expect(template).toContain('# autumn_2_last_day (required): last teaching day of autumn-2');
    const header = template.split('\r\n').find((line) => line.startsWith('academic_year'));
    const cells = (year: string, authority: string, dates: string[]) => [year, authority, ...dates].join(',');
    const dates2026 = [
      '2026-09-03',
      '2026-10-23',
      '2026-11-02',
      '2026-12-18',
      '2027-01-05',
      '2027-02-12',
      '2027-02-22',
      '2027-03-19',
      '2027-04-05',
      '2027-05-28',
      '2027-06-07',
      '2027-07-21',
    ];
    const overlapping = [...dates2026];
    overlapping[6] = '2027-02-10';
    const bad = csv(
      header ?? '',
      cells('2026-27', '', dates2026),
      cells('2026-27', '', dates2026),
      cells(
        '2027-28',
        '',
        overlapping.map((d) => d.replace('2027', '2028').replace('2026', '2027')),
      ),
      cells('2026-27', 'Nowhere', dates2026),
    );
    const refused = await post('/api/imports/term-dates', { csv: bad }).expect(400);
    expect(refused.body.problems).toEqual([
      { row: 3, column: 'academic_year', message: 'has its term dates already in row 2 of this file' },
      { row: 4, column: 'spring_2_first_day', message: expect.stringMatching(/may not overlap/) },
      { row: 5, column: 'local_authority', message: 'no registered school is in Nowhere' },
    ]);
    expect((await get('/api/term-dates?academicYear=2026-27').expect(200)).body.source).toBe('default');

    const dry = await post('/api/imports/term-dates/dry-run', { csv: template }).expect(200);
    expect(dry.body).toMatchObject({ valid: true, eventsAppended: 0 });
    expect((await get('/api/term-dates?academicYear=2025-26').expect(200)).body.source).toBe('default');
    const done = await post('/api/imports/term-dates', { csv: csv(header ?? '', cells('2026-27', '', dates2026)) });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ valid: true, eventsAppended: 1, created: [{ row: 2, id: '2026-27' }] });
    const imported = await get('/api/term-dates?academicYear=2026-27').expect(200);
    expect(imported.body.source).toBe('alliance');
    expect(imported.body.halfTerms[5]).toEqual({ halfTerm: 'summer-2', from: '2027-06-07', to: '2027-07-21' });
  });
});
