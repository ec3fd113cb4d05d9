import { ERASED } from '../../events/index.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';

/**
 * An attendee row may name the person's account or SLE record: their name is then erased with them, and only
 * theirs. A name only typed in is found by the name, and takes its whole list with it.
 */
describe("Erasing a person who attended meetings: their name leaves the attendee lists, others' stay", () => {
  let harness: AppHarness;
  let admin: string;
  let sleId: string;
  let userId: string;
  const FAY = 'Fay Facilitator';
  const linked: string[] = [];
  let typedIn: string;

  const as = (token: string) => ({
    get: (path: string) => harness.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body),
  });
  const requested = async () =>
    (await as(admin).post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId as string;
  const attendeesOf = async (deploymentId: string) =>
    (
      (await as(admin).get(`/api/deployments/${deploymentId}`).expect(200)).body.brokerageMeeting.attendees as {
        name: string;
      }[]
    ).map((a) => a.name);

  beforeAll(async () => {
    harness = await AppHarness.start('2025-10-27');
    admin = await harness.login();
    ({ sleId } = await smallAlliance(harness, admin));
    userId = (
      await as(admin)
        .post('/api/users', {
          email: 'fay@alliance.test',
          name: FAY,
          password: 'a-long-password-1',
          role: 'facilitator',
        })
        .expect(201)
    ).body.id as string;
  });
  afterAll(() => harness.stop());

  it('refuses a row linked to no one, or to two, naming the field and appending nothing', async () => {
    const id = await requested();
    for (const [attendee, field] of [
      [{ name: FAY, role: 'Facilitator', userId: 'no-such-user' }, 'attendees.1.userId'],
      [{ name: FAY, role: 'SLE', sleId: 'no-such-sle' }, 'attendees.1.sleId'],
      [{ name: FAY, role: 'SLE', sleId, userId }, 'attendees.1.sleId'],
    ] as const) {
      const before = await harness.headPosition();
      const body = fixtures.meeting(sleId, { attendees: [{ name: 'Jo Head', role: 'Headteacher' }, attendee] });
      const res = await as(admin).post(`/api/deployments/${id}/brokerage-meeting`, body).expect(400);
      expect(Object.keys(res.body.fields)).toEqual([field]);
      expect(await harness.headPosition()).toBe(before);
    }
    const review = { heldOn: '2025-10-20', areasOfConcern: [], notes: 'x' };
    const res = await as(admin)
      .post('/api/half-term-reviews', {
        academicYear: '2025-26',
        halfTerm: 'autumn-1',
        ...review,
        attendees: [{ name: FAY, role: 'Chair', userId: 'no-such-user' }],
      })
      .expect(400);
    expect(Object.keys(res.body.fields)).toEqual(['attendees.0.userId']);
  });

  it('erases a linked row in meetings and reviews, and a typed-in name with its list', async () => {
    const sleName = fixtures.sle('100002').name;
    for (let i = 0; i < 2; i++) {
      const id = await requested();
      linked.push(id);
      const attendees = [
        { name: sleName, role: 'SLE', sleId },
        { name: FAY, role: 'Facilitator', userId },
        { name: 'Hal Head', role: 'Headteacher' },
      ];
      await as(admin)
        .post(`/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId, { attendees }))
        .expect(201);
    }
    typedIn = await requested();
    await as(admin)
      .post(
        `/api/deployments/${typedIn}/brokerage-meeting`,
        fixtures.meeting(sleId, {
          attendees: [
            { name: '  fay   FACILITATOR ', role: 'Facilitator' },
            { name: 'Ida Other', role: 'Governor' },
          ],
        }),
      )
      .expect(201);
    await as(admin)
      .post('/api/half-term-reviews', {
        academicYear: '2025-26',
        halfTerm: 'autumn-1',
        heldOn: '2025-10-20',
        attendees: [
          { name: FAY, role: 'Chair', userId },
          { name: 'Cat Core', role: 'Core team' },
        ],
        areasOfConcern: [],
        notes: 'Reasoning support to continue',
      })
      .expect(201);

    // The export shows their own name in each list, and withholds the others'.
    const exported = (await as(admin).get(`/api/data-subjects/${userId}/export`).expect(200)).body;
    const meetings = exported.events.filter((e: { type: string }) => e.type === 'BrokerageMeetingHeld');
    expect(meetings).toHaveLength(2);
    expect(meetings[0].data.attendees.map((a: { name: string }) => a.name)).toEqual([
      '[another person]',
      FAY,
      '[another person]',
    ]);
    expect(JSON.stringify(exported)).not.toContain('Hal Head');

    const erased = await as(admin)
      .post(`/api/data-subjects/${userId}/erasure`, { reason: 'Left the trust' })
      .expect(200);
    expect(erased.body.typedInLists).toEqual([`attendees:${typedIn}`]);

    for (const id of linked) expect(await attendeesOf(id)).toEqual([sleName, ERASED, 'Hal Head']);
    expect(await attendeesOf(typedIn)).toEqual([ERASED, ERASED]);
    const review = (await as(admin).get('/api/half-term-reviews/2025-26/autumn-1').expect(200)).body;
    expect(review.attendees.map((a: { name: string }) => a.name)).toEqual([ERASED, 'Cat Core']);
    expect(review.notes).toBe('Reasoning support to continue');
    const everything = JSON.stringify(await harness.eventsAfter(0n), (_, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    expect(everything).not.toContain(FAY);
  });
});
