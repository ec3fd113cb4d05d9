import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { VIEW_COLLECTIONS } from '../../projections/alliance-views.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { viewRunner } from '../../src/read-models/read-models.js';
import { storedVersion } from '../../src/read-models/projection-storage.js';
import { SqliteReadModelStore } from '../../src/read-models/sqlite-read-model-store.js';
import { storedViewProjections } from '../../src/read-models/view-storage.js';
import { buildForChild, childEnv, type ChildBuild } from '../support/child-process-build.js';
import { appendHistory, syntheticHistory } from '../support/synthetic-history.js';

/**
 * Kills the projection runner with SIGKILL part-way through a large replay, lets it resume, and checks that
 * the views it stored equal those of a clean rebuild: no event missed, none counted twice.
 */
let build: ChildBuild;
let eventsFile: string;

beforeAll(async () => {
  build = await buildForChild(['test/crash/replay-views.ts']);
  eventsFile = join(build.dir, 'events.db');
  const events = new SqliteEventStore(eventsFile);
  await appendHistory(events, syntheticHistory({ schools: 200, sles: 40, deployments: 6000, seed: 11 }));
  await events.close();
}, 60_000);

afterAll(() => build?.remove());

/** Runs the child; kills it `killAfterMs` after it has started replaying, unless it finishes first. */
function replay(viewsFile: string, killAfterMs?: number): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [build.script('test/crash/replay-views.ts'), eventsFile, viewsFile], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let out = '';
    child.stderr!.on('data', (c) => (stderr += c));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (killAfterMs !== undefined && chunk.includes('started')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' && !out.includes('done')) resolve('killed');
      else if (code === 0 && out.includes('done')) resolve('done');
      else reject(new Error(`replay child failed (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

async function storedViews(viewsFile: string) {
  const store = new SqliteReadModelStore(viewsFile);
  const result = Object.fromEntries(
    await Promise.all(
      VIEW_COLLECTIONS.map(
        async (c) => [c, { checkpoint: await store.checkpoint(c), docs: await store.documents(c) }] as const,
      ),
    ),
  );
  await store.close();
  return result;
}

describe('Projection runner killed with SIGKILL mid-replay', () => {
  it('resumes to exactly the views of a clean rebuild', async () => {
    const events = new SqliteEventStore(eventsFile);
    const head = await events.headPosition();
    await events.close();

    // Find a kill that lands part-way: after some pages were stored, before the end.
    let viewsFile = '';
    let partWay = false;
    for (
      let attempt = 0, delay = 250;
      attempt < 8 && !partWay;
      attempt++, delay = Math.max(20, Math.round(delay * 0.6))
    ) {
      viewsFile = join(build.dir, `views-${attempt}.db`);
      if ((await replay(viewsFile, delay)) !== 'killed') continue;
      const stored = (await storedViews(viewsFile)).deployments.checkpoint?.position ?? 0n;
      partWay = stored > 0n && stored < head;
    }
    expect(partWay).toBe(true);

    expect(await replay(viewsFile)).toBe('done');

    const cleanFile = join(build.dir, 'clean.db');
    const clean = new SqliteReadModelStore(cleanFile);
    const reopened = new SqliteEventStore(eventsFile);
    await viewRunner(reopened, clean).rebuild();
    await clean.close();
    await reopened.close();

    const resumed = await storedViews(viewsFile);
    const rebuilt = await storedViews(cleanFile);
    for (const stored of storedViewProjections()) {
      const collection = stored.projection.name as keyof typeof resumed;
      expect(resumed[collection].checkpoint).toEqual({ position: head, version: storedVersion(stored) });
      expect(resumed[collection].docs).toEqual(rebuilt[collection].docs);
    }
  }, 90_000);
});
