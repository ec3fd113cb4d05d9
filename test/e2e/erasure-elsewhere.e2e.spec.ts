import { ERASED } from '../../events/index.js';
import { AggregateRunner } from '../../src/commands/aggregate-runner.js';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { RedisKeyStore } from '../../src/event-store/redis-key-store.js';
import { AppHarness } from '../support/app-harness.js';
import { fixtures, smallAlliance } from '../support/alliance-fixtures.js';
import { REDIS_URL, redisPrefixes } from '../support/redis.js';

const prefixes = redisPrefixes();
afterAll(() => prefixes.removeAll());

/**
 * A node hears at once when another erases someone (keys in Redis): it no longer opens their fields, and drops
 * the command state it folded from them, before it has read the erasure's event.
 */
describe('An erasure made on another node', () => {
  let harness: AppHarness;
  let otherNode: RedisKeyStore;

  beforeAll(async () => {
    const prefix = prefixes.next();
    harness = await AppHarness.start('2026-03-02', { REDIS_URL, REDIS_PREFIX: prefix });
    otherNode = new RedisKeyStore(REDIS_URL, `${prefix}:keys`);
  });
  afterAll(async () => {
    await otherNode.close();
    await harness.stop();
  });

  it("drops this node's keys and folded state of the person", async () => {
    const admin = await harness.login();
    const { sleId } = await smallAlliance(harness, admin);
    const events = harness.app.get(EventStore);
    expect((await events.readStream(`sle-${sleId}`))[0].data).toMatchObject({ name: fixtures.sle('100002').name });
    const runner = harness.app.get(AggregateRunner);
    const dropped = new Promise<void>((resolve) => {
      const forget = runner.forgetFolded.bind(runner);
      runner.forgetFolded = () => (forget(), resolve());
    });

    await otherNode.erase([`sle:${sleId}`]);
    await dropped;
    expect((await events.readStream(`sle-${sleId}`))[0].data).toMatchObject({ name: ERASED, email: ERASED });
  });
});
