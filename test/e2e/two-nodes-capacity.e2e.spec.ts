import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { sleCapacityStream } from '../../events/index.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { EventStoreDbProtocolServer } from '../support/eventstoredb-protocol-server.js';
import { sharedKeysFile } from '../support/shared-keys.js';

/** One key store for both nodes: they read each other's sealed fields. */
const keysFile = sharedKeysFile();
const TRIALS = 20;
const MEETINGS = 64;
const CAPACITY = 10;

/**
 * The probe of issue 29, as the production shape runs it: two API nodes on one shared store (the EventStoreDB
 * protocol server), an SLE with 10 days of capacity, and 64 brokerage meetings of one day each sent at once,
 * split across both nodes. However the requests interleave, exactly 10 are commissioned and the rest refused
 * with 409, in every trial: the days are decided on the SLE's capacity ledger, appended with the expected
 * revision, not in one process's memory.
 */
describe('Two API nodes deciding rules that span streams at once', () => {
  let server: EventStoreDbProtocolServer;
  let nodes: AppHarness[];
  let http: ReturnType<typeof request>[];
  let token: string;

  beforeAll(async () => {
    server = await EventStoreDbProtocolServer.start();
    const env = { EVENTSTORE_URL: server.url, JWT_SECRET: randomBytes(32).toString('hex'), KEYS_FILE: keysFile };
    nodes = [await AppHarness.start('2026-03-02', env)];
    nodes.push(await AppHarness.start('2026-03-02', env));
    http = await Promise.all(
      nodes.map(async (node) => {
        await node.app.listen(0, '127.0.0.1');
        return request(`http://127.0.0.1:${(node.app.getHttpServer().address() as AddressInfo).port}`);
      }),
    );
    token = await nodes[0].login();
    await smallAlliance(nodes[0], token);
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes ?? []) await node.stop();
    await server?.stop();
  });

  const post = (node: number, path: string, body: object) =>
    http[node].post(path).auth(token, { type: 'bearer' }).send(body);

  it('designates one SLE of 64 sent at once with one email across both nodes, and refuses the rest', async () => {
    const email = 'one.person@school.test';
    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, i) => post(i % 2, '/api/sles', fixtures.sle('100002', { email }))),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(63);
    // Read through a node: the store holds the email sealed.
    const designated = (await nodes[1].eventsAfter(0n)).filter(
      (e) => e.type === 'SleDesignated' && e.data.email === email,
    );
    expect(designated).toHaveLength(1);
  });

  it(`never commissions an SLE past capacity, in ${TRIALS} trials of ${MEETINGS} meetings across both nodes`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const sle = await post(0, '/api/sles', fixtures.sle('100002', { email: `trial-${trial}@school.test` })).expect(
        201,
      );
      const { sleId } = sle.body;
      await post(1, `/api/sles/${sleId}/capacity`, { capacityDays: CAPACITY, on: '2025-09-01' }).expect(201);
      const requests = await Promise.all(
        Array.from({ length: MEETINGS }, (_, i) => post(i % 2, '/api/support-requests', fixtures.request('100001'))),
      );
      const ids = requests.map((r) => r.body.deploymentId as string);
      expect(requests.map((r) => r.status)).toEqual(Array(MEETINGS).fill(201));

      const meetings = await Promise.all(
        ids.map((id, i) =>
          post(i % 2, `/api/deployments/${id}/brokerage-meeting`, fixtures.meeting(sleId, { daysCommissioned: 1 })),
        ),
      );
      const statuses = meetings.map((m) => m.status);
      expect([trial, statuses.filter((s) => s === 201).length]).toEqual([trial, CAPACITY]);
      expect([trial, statuses.filter((s) => s === 409).length]).toEqual([trial, MEETINGS - CAPACITY]);
      for (const refused of meetings.filter((m) => m.status === 409))
        expect(refused.body.message).toMatch(/days of capacity in 2025-26/);

      // What either node reads agrees: the SLE's year, and the meetings recorded on the deployments.
      for (const node of [0, 1]) {
        const read = await http[node].get(`/api/sles/${sleId}`).auth(token, { type: 'bearer' }).expect(200);
        expect(read.body.commissionedDays).toBe(CAPACITY);
      }
      const recorded = server.allRecords.filter(
        (r) => r.type === 'BrokerageMeetingHeld' && ids.includes(r.streamName.slice('deployment-'.length)),
      );
      expect(recorded).toHaveLength(CAPACITY);
      const ledger = server.allRecords.filter((r) => r.streamName === sleCapacityStream(sleId, '2025-26'));
      expect(ledger.filter((r) => r.type === 'SleDaysReserved')).toHaveLength(CAPACITY);
    }
  }, 600_000);
});
