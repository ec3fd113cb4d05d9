import { AppHarness } from '../support/app-harness.js';
import { fixtures } from '../support/alliance-fixtures.js';

/** Issue 27.4: schools, SLEs and deployments searched, sorted and paged on the server. */
describe('Lists that scale', () => {
  let harness: AppHarness;
  let admin: string;
  let sles: string[];
  const get = (path: string, token = admin) => harness.http.get(path).auth(token, { type: 'bearer' });
  const post = (path: string, body: object) =>
    harness.http.post(path).auth(admin, { type: 'bearer' }).send(body).expect(201);

  const NAMES = ['Aspen Primary', 'Birch Academy', 'Cedar Primary', 'Élan Infants', 'Damson Primary'];

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    admin = await harness.login();
    for (const [i, name] of NAMES.entries())
      await post('/api/schools', fixtures.school(`10010${i}`, { name, localAuthority: i % 2 ? 'Luton' : 'Reading' }));
    sles = [];
    for (const [i, name] of ['Kim Lee', 'Ash Brown', 'Jo Green'].entries())
      sles.push(
        (await post('/api/sles', fixtures.sle('100100', { name, email: `sle${i}@school.test`, capacityDays: 10 + i })))
          .body.sleId,
      );
    for (const [i, urn] of ['100101', '100102', '100103', '100102'].entries()) {
      const id = (await post('/api/support-requests', fixtures.request(urn, { requestedOn: `2025-09-1${i}` }))).body
        .deploymentId;
      if (i === 1) await post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sles[0]));
    }
  });
  afterAll(() => harness.stop());

  it('pages schools by name, with the total, and searches across accents and case', async () => {
    const first = (await get('/api/schools?pageSize=2').expect(200)).body;
    expect(first).toEqual({ total: 5, page: 1, pageSize: 2, items: [expect.any(Object), expect.any(Object)] });
    expect(first.items.map((s: { name: string }) => s.name)).toEqual(['Aspen Primary', 'Birch Academy']);
    const last = (await get('/api/schools?pageSize=2&page=3').expect(200)).body;
    expect(last.items.map((s: { name: string }) => s.name)).toEqual(['Élan Infants']);
    const past = (await get('/api/schools?pageSize=2&page=9').expect(200)).body;
    expect(past).toMatchObject({ total: 5, items: [] });
    const found = (await get('/api/schools?q=elan').expect(200)).body;
    expect(found.items.map((s: { urn: string }) => s.urn)).toEqual(['100103']);
    const primaries = (await get('/api/schools?q=PRIMARY%20reading&sort=-name').expect(200)).body;
    expect(primaries.items.map((s: { name: string }) => s.name)).toEqual([
      'Damson Primary',
      'Cedar Primary',
      'Aspen Primary',
    ]);
    expect((await get('/api/schools?q=100104').expect(200)).body.items[0].name).toBe('Damson Primary');
  });

  it('still answers every school as an array when no paging is asked for', async () => {
    const all = (await get('/api/schools').expect(200)).body;
    expect(Array.isArray(all)).toBe(true);
    expect(all).toHaveLength(5);
  });

  it('a school user finds only its own school', async () => {
    const school = await harness.userWith('school', { schoolUrn: '100102' });
    const page = (await get('/api/schools?q=primary', school).expect(200)).body;
    expect(page).toMatchObject({ total: 1, items: [{ urn: '100102' }] });
    const sorted = (await get('/api/schools?sort=localAuthority', school).expect(200)).body;
    expect(sorted).toMatchObject({ total: 1, items: [{ urn: '100102' }] });
  });

  it('pages SLEs with their utilisation, sorted by capacity or searched by home school', async () => {
    const page = (await get('/api/sles?sort=-capacityDays&pageSize=2').expect(200)).body;
    expect(page.total).toBe(3);
    expect(page.items.map((s: { name: string }) => s.name)).toEqual(['Jo Green', 'Ash Brown']);
    expect(page.items[0]).toMatchObject({ academicYear: '2025-26', commissionedDays: 0, remainingDays: 12 });
    expect((await get('/api/sles?q=aspen%20kim').expect(200)).body.items.map((s: { name: string }) => s.name)).toEqual([
      'Kim Lee',
    ]);
  });

  it('pages deployments newest first with school and SLE names, searchable by either', async () => {
    const page = (await get('/api/deployments?pageSize=3').expect(200)).body;
    expect(page.total).toBe(4);
    expect(page.items.map((d: { requestedOn: string }) => d.requestedOn)).toEqual([
      '2025-09-13',
      '2025-09-12',
      '2025-09-11',
    ]);
    expect(page.items[0]).toMatchObject({ schoolUrn: '100102', schoolName: 'Cedar Primary', sleName: null });
    const kim = (await get('/api/deployments?q=kim').expect(200)).body;
    expect(kim.items).toEqual([expect.objectContaining({ schoolName: 'Cedar Primary', sleName: 'Kim Lee' })]);
    const bySchool = (await get('/api/deployments?sort=school&status=requested').expect(200)).body;
    expect(bySchool.items.map((d: { schoolName: string }) => d.schoolName)).toEqual([
      'Birch Academy',
      'Cedar Primary',
      'Élan Infants',
    ]);
  });

  it('an SLE reads the names of the schools they work with', async () => {
    const sle = await harness.userWith('sle', { sleId: sles[0] });
    const page = (await get('/api/deployments?page=1', sle).expect(200)).body;
    expect(page).toMatchObject({ total: 1, items: [{ schoolName: 'Cedar Primary', sleName: 'Kim Lee' }] });
    const one = (await get(`/api/deployments/${page.items[0].deploymentId}`, sle).expect(200)).body;
    expect(one.schoolName).toBe('Cedar Primary');
  });

  it.each([
    ['/api/deployments?sort=colour', 'sort', /requestedOn, school/],
    ['/api/deployments?pageSize=500', 'pageSize', /1 to 100/],
    ['/api/schools?pageSize=0', 'pageSize', /1 to 100/],
    ['/api/schools?page=two', 'page', /page number/],
    ['/api/sles?sort=email', 'sort', /name, homeSchool/],
    ['/api/schools?q=a&q=b', 'q', /one search/],
  ])('refuses %s with 400 naming %s', async (path, field, message) => {
    const res = await get(path).expect(400);
    expect(res.body.fields[field]).toEqual([expect.stringMatching(message)]);
  });

  it('words the refusals of a form so that a head teacher understands them, field by field', async () => {
    const res = await harness.http
      .post('/api/sles')
      .auth(admin, { type: 'bearer' })
      .send(
        fixtures.sle('100100', {
          email: 'new@school.test',
          capacityDays: 'lots',
          specialisms: [],
          phases: ['college'],
        }),
      )
      .expect(400);
    expect(res.body.fields).toEqual({
      capacityDays: ['Enter the capacity in days as a whole number, such as 5'],
      specialisms: ['Choose at least 1 for the specialisms'],
      phases: [expect.stringMatching(/^Choose the phases: one of /)],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/conforming|integer number|elements/);
  });

  // Last: it registers a school, which the other tests do not count on.
  it('sorts by local authority, ties by URN, and sees a school registered since the last read', async () => {
    const urns = async (query: string) =>
      (await get(`/api/schools?${query}`).expect(200)).body.items.map((s: { urn: string }) => s.urn);
    expect(await urns('sort=localAuthority')).toEqual(['100101', '100103', '100100', '100102', '100104']);
    expect(await urns('sort=-localAuthority&pageSize=2&page=2')).toEqual(['100104', '100101']);
    await post('/api/schools', fixtures.school('100199', { name: 'Zest Primary', localAuthority: 'Bedford' }));
    expect(await urns('sort=localAuthority&pageSize=3')).toEqual(['100199', '100101', '100103']);
    expect(await urns('sort=-name&pageSize=1')).toEqual(['100199']);
  });
});
