import { loadConfig } from '../config/app-config.js';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';
import { AttemptCounts } from './throttling.js';

describe('AttemptCounts', () => {
  const prefixes = redisPrefixes();
  afterAll(() => prefixes.removeAll());

  it('in Redis, two nodes count the same attempts', async () => {
    const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefixes.next() });
    const [a, b] = [new AttemptCounts(config), new AttemptCounts(config)];
    try {
      await a.hit('k', 60_000);
      await b.hit('k', 60_000);
      expect(await a.hit('k', 60_000)).toMatchObject({ count: 3 });
      expect((await b.peek('k')).count).toBe(3);
      await b.clear('k');
      expect((await a.peek('k')).count).toBe(0);
    } finally {
      a.onApplicationShutdown();
      b.onApplicationShutdown();
    }
  });

  it('in memory, a count starts again once its window has passed', async () => {
    const counts = new AttemptCounts(loadConfig({}));
    expect(await counts.hit('k', 20)).toEqual({ count: 1, msLeft: 20 });
    expect((await counts.hit('k', 20)).count).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await counts.peek('k')).toEqual({ count: 0, msLeft: 0 });
    expect((await counts.hit('k', 20)).count).toBe(1);
  });
});
