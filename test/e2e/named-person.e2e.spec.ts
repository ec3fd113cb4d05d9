import { ERASED } from '../../events/index.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

const NAME = 'Jo Head';

/**
 * Someone held only as a name in text (a head teacher named in contact notes and typed into attendee lists,
 * with no account): found by the name, exported with everyone else's text withheld, erased record by record.
 */
describe('A person named in text, with no account', () => {
  let harness: AppHarness;
  let admin: string;
  let evaluated: string;
  let active: string;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });
  /** Sends the request, checks the status and that the store did not move. */
  async function refused(path: string, body: object, status: number, token = admin) {
    const before = await harness.headPosition();
    const res = await as(token).post(path, body);
    expect({ status: res.status }).toEqual({ status });
    expect(await harness.headPosition()).toBe(before);
    return res.body;
  }
  const contactNotes = async (id: string) =>
    ((await as(admin).get(`/api/deployments/${id}`).expect(200)).body.contacts as { note: string }[]).map(
      (c) => c.note,
    );
  const attendees = async (id: string) =>
    (
      (await as(admin).get(`/api/deployments/${id}`).expect(200)).body.brokerageMeeting.attendees as { name: string }[]
    ).map((a) => a.name);

  beforeAll(async () => {
    harness = await AppHarness.start('2025-09-08');
    admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    const a = as(admin);
    const notes = [
      ['Met jo  head and the Y6 team', 'Planning reviewed'],
      ['Met the deputy, Ann Lee', 'Jo Headley visited'],
    ];
    for (const [i, [first, second]] of notes.entries()) {
      const id = (await a.post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
      harness.clock.set('2025-09-22T12:00:00Z');
      // fixtures.meeting types Jo Head into the attendee list, with no link.
      await a.post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
      await a.post(`/api/deployments/${id}/deploy`, { startedOn: '2025-09-22' }).expect(201);
      harness.clock.set('2025-10-06T12:00:00Z');
      await a.post(`/api/deployments/${id}/contacts`, fixtures.contact({ note: first })).expect(201);
      await a.post(`/api/deployments/${id}/contacts`, fixtures.contact({ note: second })).expect(201);
      if (i === 0) evaluated = id;
      else active = id;
    }
    harness.clock.set('2025-12-12T12:00:00Z');
    await a
      .post(`/api/deployments/${evaluated}/impact-evaluation`, {
        heldOn: '2025-12-12',
        outcomes: [
          { measure: '% of Y6 working at expected standard in reasoning', actual: 72 },
          { measure: '% of maths lessons judged good or better', actual: 60 },
        ],
        schoolRating: 5,
        summary: `${NAME} says reasoning is now taught well`,
      })
      .expect(201);
    await a
      .post('/api/half-term-reviews', {
        academicYear: '2025-26',
        halfTerm: 'autumn-1',
        heldOn: '2025-12-12',
        attendees: [{ name: 'Cat Core', role: 'Chair' }],
        areasOfConcern: [],
        notes: 'No one named here',
      })
      .expect(201);
  });
  afterAll(() => harness.stop());

  it('is for admins only, and wants a name long enough to name someone', async () => {
    const facilitator = await harness.userWith('facilitator');
    await refused('/api/named-persons/search', { name: NAME }, 403, facilitator);
    expect(Object.keys((await refused('/api/named-persons/search', { name: 'Jo' }, 400)).fields)).toEqual(['name']);
    expect(Object.keys((await refused('/api/named-persons/erasure', { name: NAME }, 400)).fields)).toEqual(['reason']);
    const none = await refused('/api/named-persons/erasure', { name: 'Nobody Atall', reason: 'asked' }, 404);
    expect(none.message).toBe('No record held names that person');
  });

  it('finds the records naming them, as whole words, and says what each is', async () => {
    const { records } = (await as(admin).post('/api/named-persons/search', { name: 'JO HEAD' }).expect(200)).body;
    expect(records.map((r: { record: string }) => r.record)).toEqual([
      `attendees:${evaluated}`,
      `notes:${evaluated}`,
      `attendees:${active}`,
    ]);
    expect(records[1]).toEqual({
      record: `notes:${evaluated}`,
      what: 'Notes of maths primary support at School 100001',
      fields: ['ContactLogged.note', 'ImpactEvaluated.summary'],
      mentions: 2,
    });
    // The audit keeps that an admin searched by name, not the name.
    const reads = (await as(admin).get('/api/audit/reads?subject=named-person').expect(200)).body;
    expect(reads[0]).toMatchObject({ route: '/api/named-persons/search', subject: 'named-person' });
    expect((await as(admin).get('/api/audit/reads').expect(200)).text).not.toContain(NAME);
  });

  it("exports the events naming them with everyone else's text withheld", async () => {
    const exported = (await as(admin).post('/api/named-persons/export', { name: NAME }).expect(200)).body;
    const text = JSON.stringify(exported);
    expect(exported.events.map((e: { type: string }) => e.type)).toEqual([
      'BrokerageMeetingHeld',
      'ContactLogged',
      'BrokerageMeetingHeld',
      'ImpactEvaluated',
    ]);
    expect(text).toContain('Met jo  head and the Y6 team');
    for (const other of ['Sam Patel', 'Planning reviewed', 'Ann Lee', 'Jo Headley']) expect(text).not.toContain(other);
    expect(exported.events[0].data.attendees.map((a: { name: string }) => a.name)).toEqual([NAME, '[another person]']);
  });

  it('erases the records chosen, refusing one of an active deployment unless forced, and one not naming them', async () => {
    await refused('/api/named-persons/erasure', { name: NAME, reason: 'Asked, letter of 5 January' }, 409);
    const notNaming = await refused(
      '/api/named-persons/erasure',
      { name: NAME, reason: 'asked', records: [`notes:${active}`] },
      400,
    );
    expect(Object.keys(notNaming.fields)).toEqual(['records']);

    const res = await as(admin)
      .post('/api/named-persons/erasure', {
        name: NAME,
        reason: 'Asked, letter of 5 January',
        records: [`notes:${evaluated}`, `attendees:${evaluated}`],
      })
      .expect(200);
    expect(res.body).toEqual({ records: [`notes:${evaluated}`, `attendees:${evaluated}`], forced: false });
    expect(await contactNotes(evaluated)).toEqual([ERASED, ERASED]);
    expect(await attendees(evaluated)).toEqual([ERASED, ERASED]);
    // The active deployment's notes stand, and so do its attendees until erased in their turn.
    expect(await contactNotes(active)).toEqual(['Met the deputy, Ann Lee', 'Jo Headley visited']);
    expect(await attendees(active)).toEqual([NAME, 'Sam Patel']);
    const { records } = (await as(admin).post('/api/named-persons/search', { name: NAME }).expect(200)).body;
    expect(records.map((r: { record: string }) => r.record)).toEqual([`attendees:${active}`]);

    const forced = await as(admin)
      .post('/api/named-persons/erasure', { name: NAME, reason: 'Asked, letter of 5 January', force: true })
      .expect(200);
    expect(forced.body).toEqual({ records: [`attendees:${active}`], forced: true });
    expect(await attendees(active)).toEqual([ERASED, ERASED]);
    await refused('/api/named-persons/erasure', { name: NAME, reason: 'again' }, 404);
  });
});
