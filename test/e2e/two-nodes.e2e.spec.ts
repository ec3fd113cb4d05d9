import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { EventStoreDbProtocolServer } from '../support/eventstoredb-protocol-server.js';
import { sharedKeysFile } from '../support/shared-keys.js';
import { REDIS_URL, redisPrefixes } from '../support/redis.js';

/** A node listening on a port of its own, so that many requests can be in flight at once. */
async function listening(harness: AppHarness) {
  await harness.app.listen(0, '127.0.0.1');
  const { port } = harness.app.getHttpServer().address() as AddressInfo;
  return request(`http://127.0.0.1:${port}`);
}

const prefixes = redisPrefixes();
const keysFile = sharedKeysFile();
afterAll(() => prefixes.removeAll());

/**
 * Two API nodes on one shared store: the EventStoreDB protocol server (the production shape's store, as
 * the tests run it), without and with Redis. A repeat with the same Idempotency-Key is answered the same on
 * either node and appended once; a key sent to both at once is run once; harmless concurrent commands on
 * one deployment all land (by retrying on conflict); with If-Match the losers are refused.
 */
describe.each([
  // Without Redis, the nodes share one key store file (as one machine's nodes would).
  ['idempotency records in the event store', () => ({ KEYS_FILE: keysFile })],
  ['idempotency records in Redis', () => ({ REDIS_URL, REDIS_PREFIX: prefixes.next() })],
])('Two API nodes on EventStoreDB, %s', (_name, extraEnv) => {
  let server: EventStoreDbProtocolServer;
  let nodes: AppHarness[];
  let http: ReturnType<typeof request>[];
  let token: string;
  let deploymentId: string;

  beforeAll(async () => {
    server = await EventStoreDbProtocolServer.start();
    const env = { EVENTSTORE_URL: server.url, JWT_SECRET: randomBytes(32).toString('hex'), ...extraEnv() };
    // One after the other: the first creates the first admin, the second finds it.
    nodes = [await AppHarness.start('2026-03-02', env)];
    nodes.push(await AppHarness.start('2026-03-02', env));
    http = await Promise.all(nodes.map(listening));
    token = await nodes[0].login();
    await smallAlliance(nodes[0], token);
    const sleId = (await http[0].get('/api/sles').auth(token, { type: 'bearer' }).expect(200)).body[0].sleId;
    const post = (path: string, body: object) => http[0].post(path).auth(token, { type: 'bearer' }).send(body);
    deploymentId = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
    await post(`/api/deployments/${deploymentId}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
    await post(`/api/deployments/${deploymentId}/deploy`, { startedOn: '2025-09-22' }).expect(201);
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes ?? []) await node.stop();
    await server?.stop();
  });

  const supportRequests = () => server.allRecords.filter((r) => r.type === 'SupportRequested').length;
  const requestSupport = (node: number, key: string) =>
    http[node]
      .post('/api/support-requests')
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', key)
      .send(fixtures.request('100001'));
  const logContact = (node: number, ifMatch?: number) => {
    const call = http[node].post(`/api/deployments/${deploymentId}/contacts`).auth(token, { type: 'bearer' });
    if (ifMatch !== undefined) call.set('If-Match', `"${ifMatch}"`);
    return call.send(fixtures.contact({ channel: 'phone', daysUsed: 0, note: `call ${randomUUID()}` }));
  };
  const version = async () =>
    (await http[1].get(`/api/deployments/${deploymentId}`).auth(token, { type: 'bearer' }).expect(200)).body
      .version as number;

  it('answers a repeat on the other node as the first was answered, appending once', async () => {
    const before = supportRequests();
    const key = `request-${randomUUID()}`;
    const first = await requestSupport(0, key).expect(201);
    const repeat = await requestSupport(1, key).expect(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(supportRequests()).toBe(before + 1);
  });

  it('runs a key sent to both nodes at once only once', async () => {
    const before = supportRequests();
    const key = `request-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => requestSupport(i % 2, key)));
    expect(supportRequests()).toBe(before + 1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((a) => a.body.deploymentId)).size).toBe(1);
    // The others arrived while it ran: told so, and free to send again.
    for (const other of answers.filter((a) => a.status !== 201)) {
      expect(other.status).toBe(409);
      expect(other.body.message).toMatch(/still in progress/);
    }
  });

  it('lands all of 64 harmless contacts sent at once across both nodes', async () => {
    const before = await version();
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => logContact(i % 2)));
    expect(answers.map((a) => a.status)).toEqual(Array(64).fill(201));
    expect(await version()).toBe(before + 64);
  });

  it('with If-Match, lands one of 64 contacts sent at once across both nodes and refuses the rest with 409', async () => {
    const before = await version();
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => logContact(i % 2, before)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(63);
    expect(await version()).toBe(before + 1);
  });
});

describe('One node on the embedded store, 64 contacts at once on one deployment', () => {
  let harness: AppHarness;
  let http: ReturnType<typeof request>;
  let token: string;
  let deploymentId: string;

  beforeAll(async () => {
    harness = await AppHarness.start('2026-03-02');
    http = await listening(harness);
    token = await harness.login();
    const { sleId } = await smallAlliance(harness, token);
    const post = (path: string, body: object) => http.post(path).auth(token, { type: 'bearer' }).send(body);
    deploymentId = (await post('/api/support-requests', fixtures.request('100001')).expect(201)).body.deploymentId;
    await post(`/api/deployments/${deploymentId}/brokerage-meeting`, fixtures.meeting(sleId)).expect(201);
    await post(`/api/deployments/${deploymentId}/deploy`, { startedOn: '2025-09-22' }).expect(201);
  });
  afterAll(() => harness?.stop());

  const logContact = (ifMatch?: number) => {
    const call = http.post(`/api/deployments/${deploymentId}/contacts`).auth(token, { type: 'bearer' });
    if (ifMatch !== undefined) call.set('If-Match', `"${ifMatch}"`);
    return call.send(fixtures.contact({ channel: 'phone', daysUsed: 0 }));
  };
  const version = async () =>
    (await http.get(`/api/deployments/${deploymentId}`).auth(token, { type: 'bearer' }).expect(200)).body
      .version as number;

  it('lands them all without If-Match, and only one with it', async () => {
    const before = await version();
    const free = await Promise.all(Array.from({ length: 64 }, () => logContact()));
    expect(free.map((a) => a.status)).toEqual(Array(64).fill(201));
    expect(await version()).toBe(before + 64);
    const guarded = await Promise.all(Array.from({ length: 64 }, () => logContact(before + 64)));
    expect(guarded.filter((a) => a.status === 201)).toHaveLength(1);
    expect(guarded.filter((a) => a.status === 409)).toHaveLength(63);
  });
});
