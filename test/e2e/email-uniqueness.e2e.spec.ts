import { randomUUID } from 'node:crypto';
import { sleStream, userStream } from '../../events/index.js';
import { reservedEmailStream } from '../../src/email-reservations/email-reservation.js';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { RESERVATION_GRACE_MS } from '../../src/email-reservations/email-reservation.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures } from '../support/alliance-fixtures.js';

/** One person, one SLE; one email, one account: decided on a reservation stream per address. */
describe('Email addresses are unique', () => {
  let harness: AppHarness;
  let token: string;
  let store: EventStore;

  const post = (path: string, body: object) => harness.http.post(path).auth(token, { type: 'bearer' }).send(body);

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    token = await harness.login();
    store = harness.app.get(EventStore);
    for (const urn of ['100001', '100002']) await post('/api/schools', fixtures.school(urn)).expect(201);
  });
  afterAll(() => harness.stop());

  it('of 64 concurrent POST /api/sles with one email, exactly one is designated and 63 are refused with 409', async () => {
    const email = 'one.person@school.test';
    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        post('/api/sles', fixtures.sle('100002', { name: `Twin ${i}`, email: i % 2 ? email : email.toUpperCase() })),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(63);
    const sles = (await harness.http.get('/api/sles').auth(token, { type: 'bearer' }).expect(200)).body as {
      email: string;
    }[];
    expect(sles.filter((s) => s.email === email)).toHaveLength(1);
    const reservation = await store.readStream(reservedEmailStream('sle', email));
    expect(reservation.map((e) => e.type)).toEqual(['EmailReserved']);
  });

  it('of 32 concurrent invitations to one email, exactly one creates an account', async () => {
    const answers = await Promise.all(
      Array.from({ length: 32 }, () =>
        post('/api/users/invitations', {
          name: 'Jo Head',
          email: 'jo.head@school.test',
          role: 'school',
          schoolUrn: '100001',
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(31);
    const people = await harness.http.get('/api/users?search=jo.head').auth(token, { type: 'bearer' }).expect(200);
    expect(people.body).toHaveLength(1);
  });

  it('an SLE and their own account share an email, which a second account may not take', async () => {
    const sle = await post('/api/sles', fixtures.sle('100002', { email: 'dual@school.test' })).expect(201);
    await post('/api/users/invitations', {
      name: 'Dual',
      email: 'dual@school.test',
      role: 'sle',
      sleId: sle.body.sleId,
    }).expect(201);
    const again = await post('/api/users', {
      email: 'DUAL@school.test',
      password: 'a-long-password-1',
      role: 'facilitator',
    }).expect(409);
    expect(again.body.message).toMatch(/already/);
  });

  it('refused input holds no address: the corrected request takes it at once', async () => {
    const before = await harness.headPosition();
    await post('/api/sles', fixtures.sle('100002', { email: 'fixed@school.test', designatedOn: '2030-01-01' })).expect(
      400,
    );
    await post('/api/users', { email: 'fixed@school.test', password: 'a-long-password-1', role: 'school' }).expect(400);
    expect(await harness.headPosition()).toBe(before);
    await post('/api/sles', fixtures.sle('100002', { email: 'fixed@school.test' })).expect(201);
  });

  describe('after a crash between the reservation and the owner', () => {
    it('refuses the address while the first writer may still be on its way, then takes it over and fences the owner', async () => {
      const email = 'crashed@school.test';
      const ghost = randomUUID();
      // What a process that died right after reserving leaves behind.
      await store.append(
        reservedEmailStream('sle', email),
        [
          {
            type: 'EmailReserved',
            data: { email, holder: 'sle', ownerId: ghost, reservedAt: harness.clock.now().toISOString() },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      const early = await post('/api/sles', fixtures.sle('100002', { email })).expect(409);
      expect(early.body.message).toMatch(/being registered right now/);

      harness.clock.set(new Date(harness.clock.now().getTime() + RESERVATION_GRACE_MS + 1_000));
      const taken = await post('/api/sles', fixtures.sle('100002', { email })).expect(201);
      const reservation = await store.readStream(reservedEmailStream('sle', email));
      expect(reservation.map((e) => [e.type, (e.data as { ownerId: string }).ownerId])).toEqual([
        ['EmailReserved', ghost],
        ['EmailReserved', taken.body.sleId],
      ]);
      // The crashed writer, coming back late, can never start its SLE.
      expect((await store.readStream(sleStream(ghost))).map((e) => e.type)).toEqual(['EmailReservationLapsed']);
      await expect(
        store.append(
          sleStream(ghost),
          [{ type: 'SleDesignated', data: { ...fixtures.sle('100002', { email }), sleId: ghost } as never }],
          {
            expectedRevision: 'no-stream',
          },
        ),
      ).rejects.toThrow();
    });

    it('takes over an account address whose account never appeared, in the same way', async () => {
      const email = 'lost.invite@school.test';
      const ghost = randomUUID();
      const reservedAt = new Date(harness.clock.now().getTime() - RESERVATION_GRACE_MS - 1_000).toISOString();
      await store.append(
        reservedEmailStream('user', email),
        [{ type: 'EmailReserved', data: { email, holder: 'user', ownerId: ghost, reservedAt } }],
        { expectedRevision: 'no-stream' },
      );
      await post('/api/users/invitations', { name: 'Lost', email, role: 'school', schoolUrn: '100001' }).expect(201);
      expect((await store.readStream(userStream(ghost))).map((e) => e.type)).toEqual(['EmailReservationLapsed']);
    });
  });

  it("releases an SLE's address when the designation ends, so that the person can be designated again", async () => {
    const email = 'returning@school.test';
    const first = await post('/api/sles', fixtures.sle('100002', { email })).expect(201);
    await post('/api/sles', fixtures.sle('100002', { email })).expect(409);
    await post(`/api/sles/${first.body.sleId}/designation-end`, { on: '2026-01-31', reason: 'Left the school' }).expect(
      201,
    );
    const reservation = await store.readStream(reservedEmailStream('sle', email));
    expect(reservation.map((e) => e.type)).toEqual(['EmailReserved', 'EmailReleased']);
    await post('/api/sles', fixtures.sle('100002', { email })).expect(201);
  });

  it('the CSV import reserves the same way: an address taken meanwhile stops it before anything of the row is kept', async () => {
    const header = 'name,email,home_school_urn,specialisms,phases,capacity_days,designated_on';
    const row = (email: string) => `Ana Lee,${email},100002,maths-primary,primary,10,2024-09-01`;
    // Taken by a writer that crashed just now: the import's plan sees the reservation and refuses the row.
    const email = 'imported@school.test';
    await store.append(
      reservedEmailStream('sle', email),
      [
        {
          type: 'EmailReserved',
          data: { email, holder: 'sle', ownerId: randomUUID(), reservedAt: harness.clock.now().toISOString() },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    const before = await harness.headPosition();
    const refused = await post('/api/imports/sles', {
      csv: `${header}\n${row('other@school.test')}\n${row(email)}\n`,
    }).expect(400);
    expect(refused.body.problems).toEqual([{ row: 3, message: expect.stringMatching(/being registered right now/) }]);
    expect(await harness.headPosition()).toBe(before);

    const done = await post('/api/imports/sles', { csv: `${header}\n${row('fresh@school.test')}\n` }).expect(201);
    const reservation = await store.readStream(reservedEmailStream('sle', 'fresh@school.test'));
    expect(reservation.map((e) => (e.data as { ownerId: string }).ownerId)).toEqual([done.body.created[0].id]);
  });
});
