import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RecordedEvent } from '../../events/index.js';
import { foldViews, VIEW_COLLECTIONS } from '../../projections/alliance-views.js';
import { factsOf } from '../../projections/deployment-facts.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { DocumentProjection } from '../../projections/projection.js';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';
import { appendHistory, syntheticHistory } from '../../test/support/synthetic-history.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { ProjectionRunner } from './projection-runner.js';
import { StoredDocuments } from './stored-documents.js';
import { storedFactsReader, type StoredFacts } from './deployment-facts-storage.js';
import { PLAIN_STORAGE, storedPlainly, storedVersion, type StoredProjection } from './projection-storage.js';
import { viewRunner } from './read-models.js';
import type { ProjectionCommit, ReadModelStore } from './read-model-store.port.js';
import { RedisReadModelStore } from './redis-read-model-store.js';
import { SqliteReadModelStore } from './sqlite-read-model-store.js';
import { storedViewProjections } from './view-storage.js';

const dirs: string[] = [];
const prefixes = redisPrefixes();
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-runner-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await prefixes.removeAll();
});

/** Counts the events of each deployment: folding one twice or missing one changes the count. */
const eventCounts = (version = 1): DocumentProjection<{ events: number }> => ({
  name: 'event-counts',
  version,
  keyOf: (e) => ('deploymentId' in e.data ? (e.data as { deploymentId: string }).deploymentId : undefined),
  apply: (doc) => ({ events: (doc?.events ?? 0) + 1 }),
});

const stores: [string, () => ReadModelStore][] = [
  ['embedded SQLite', () => new SqliteReadModelStore(join(tempDir(), 'views.db'))],
  ['Redis', () => new RedisReadModelStore(REDIS_URL, prefixes.next())],
];

describe.each(stores)('ProjectionRunner on %s', (_name, openStore) => {
  let events: SqliteEventStore;
  let all: RecordedEvent[];

  beforeEach(async () => {
    events = new SqliteEventStore(join(tempDir(), 'events.db'));
    await appendHistory(events, syntheticHistory({ schools: 20, sles: 6, deployments: 400, seed: 7 }));
    all = await events.readAll();
  });
  afterEach(() => events.close());

  /** A runner of `projection` on `store`, its documents loaded and caught up with every event. */
  const caughtUp = async (store: ReadModelStore, projection = eventCounts()) => {
    const runner = new ProjectionRunner(events, store, [storedPlainly(projection)]);
    await runner.start();
    await runner.catchUp();
    return runner;
  };

  it('lets readers arriving during a catch-up share one more run, which sees what they appended before asking', async () => {
    const store = openStore();
    const runner = viewRunner(events, store);
    try {
      await runner.start();
      await runner.catchUp();
      // Each read of the store takes a while to come back, as a busy disk would: the first run has read
      // the store before the event below is appended, and is still going when the readers arrive.
      const readAll = events.readAll.bind(events);
      const reads = jest.spyOn(events, 'readAll').mockImplementation(async (options) => {
        const page = await readAll(options);
        await new Promise((resolve) => setTimeout(resolve, 30));
        return page;
      });
      const first = runner.catchUp();
      const { position } = await events.append(
        'deployment-d1',
        [
          {
            type: 'ContactLogged',
            data: {
              deploymentId: 'd1',
              on: '2025-11-30',
              channel: 'email',
              daysUsed: 0,
              status: 'on-track',
              note: 'while the first run goes',
            },
          },
        ],
        { expectedRevision: 'any' },
      );
      const readers = Array.from({ length: 20 }, () => runner.catchUp());
      await Promise.all(readers);
      expect(runner.position).toBe(position);
      await first;
      expect(reads).toHaveBeenCalledTimes(2); // the first run, and one more shared by all twenty readers
      reads.mockRestore();
    } finally {
      await runner.close();
      await store.close();
    }
  });

  it('holds exactly the fold of every event, in memory and in the store', async () => {
    const store = openStore();
    const runner = viewRunner(events, store);
    await runner.start();
    await runner.catchUp();
    await runner.flush(); // the store trails memory by up to a second
    const expected = foldViews(all);
    for (const collection of VIEW_COLLECTIONS) {
      expect(new Map(runner.docs(collection))).toEqual(expected[collection]);
      expect(await store.documents(collection)).toEqual(expected[collection]);
      expect((await store.checkpoint(collection))?.position).toBe(all[all.length - 1].position);
    }
    await store.close();
  });

  // On a deployment of its own, not in the synthetic history.
  const contact = (note: string) => [
    {
      type: 'ContactLogged' as const,
      data: {
        deploymentId: 'd-new',
        on: '2025-11-30',
        channel: 'email' as const,
        daysUsed: 0,
        status: 'on-track' as const,
        note,
      },
    },
  ];

  it('stores at most every storeEveryMs: a burst of catch-ups commits once, and a timer stores what the last one left', async () => {
    const store = openStore();
    const commits = jest.spyOn(store, 'commit');
    const runner = new ProjectionRunner(events, store, [storedPlainly(eventCounts())], { storeEveryMs: 150 });
    try {
      await runner.start();
      await runner.catchUp();
      expect(commits).toHaveBeenCalledTimes(1); // its first page stored at once, the second left for later
      expect((await store.checkpoint('event-counts'))?.position).toBeLessThan(all[all.length - 1].position);
      await runner.flush();
      commits.mockClear();
      let last = 0n;
      for (let i = 0; i < 5; i++) {
        ({ position: last } = await events.append('deployment-d-new', contact(`burst ${i}`), {
          expectedRevision: 'any',
        }));
        await runner.catchUp();
      }
      expect(runner.position).toBe(last);
      expect(runner.docs<{ events: number }>('event-counts').get('d-new')?.events).toBe(5);
      expect(commits).not.toHaveBeenCalled();
      expect((await store.checkpoint('event-counts'))?.position).toBe(all[all.length - 1].position);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(commits).toHaveBeenCalledTimes(1);
      expect((await store.checkpoint('event-counts'))?.position).toBe(last);
      expect(await store.documents('event-counts')).toEqual(runner.docs('event-counts'));
    } finally {
      commits.mockRestore();
      await runner.close();
      await store.close();
    }
  });

  it('stores in a later commit what was folded while a commit was being written, even to the same document', async () => {
    const store = openStore();
    const commit = store.commit.bind(store);
    // A store that takes 100 ms to write, as Redis over a network might.
    const slow = jest.spyOn(store, 'commit').mockImplementation(async (commits) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return commit(commits);
    });
    const runner = new ProjectionRunner(events, store, [storedPlainly(eventCounts())], { storeEveryMs: 50 });
    try {
      await runner.start();
      await runner.catchUp();
      await events.append('deployment-d-new', contact('before the timer'), { expectedRevision: 'any' });
      await runner.catchUp(); // not due: the timer will store it
      await new Promise((resolve) => setTimeout(resolve, 80)); // the timer's commit is being written
      const { position } = await events.append('deployment-d-new', contact('while it is written'), {
        expectedRevision: 'any',
      });
      await runner.catchUp();
      await runner.flush();
      expect(slow.mock.calls.length).toBeGreaterThanOrEqual(3);
      expect((await store.checkpoint('event-counts'))?.position).toBe(position);
      expect(await store.documents('event-counts')).toEqual(runner.docs('event-counts'));
    } finally {
      await runner.close();
      slow.mockRestore();
      await store.close();
    }
  });

  it('stores what is left when closed, and nothing after', async () => {
    const store = openStore();
    const runner = new ProjectionRunner(events, store, [storedPlainly(eventCounts())], { storeEveryMs: 100 });
    try {
      await runner.start();
      await runner.catchUp();
      await runner.flush();
      const { position: left } = await events.append('deployment-d-new', contact('before closing'), {
        expectedRevision: 'any',
      });
      await runner.catchUp(); // not due yet
      await runner.close();
      expect((await store.checkpoint('event-counts'))?.position).toBe(left);
      await events.append('deployment-d-new', contact('after closing'), { expectedRevision: 'any' });
      await runner.catchUp();
      expect(runner.docs<{ events: number }>('event-counts').get('d-new')?.events).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await store.checkpoint('event-counts'))?.position).toBe(left);
    } finally {
      await store.close();
    }
  });

  it('resumes from its checkpoint after a restart without folding an event twice', async () => {
    const store = openStore();
    const first = await caughtUp(store);
    await events.append(
      'deployment-d1',
      [{ type: 'SleDeployed', data: { deploymentId: 'd1', startedOn: '2025-09-20' } }],
      { expectedRevision: 'any' },
    );
    const second = await caughtUp(store);
    const perDeployment = new Map<string, number>();
    for (const e of await events.readAll()) {
      const id = (e.data as { deploymentId?: string }).deploymentId;
      if (id) perDeployment.set(id, (perDeployment.get(id) ?? 0) + 1);
    }
    expect(new Map([...second.docs<{ events: number }>('event-counts')].map(([k, v]) => [k, v.events]))).toEqual(
      perDeployment,
    );
    await Promise.all([first.close(), second.close()]);
    await store.close();
  });

  it("gives each document it loads to its storage's internStrings as it is read", async () => {
    const store = openStore();
    const first = await caughtUp(store);
    await first.close();
    const seen: { events: number }[] = [];
    const interning = {
      projection: eventCounts(),
      storage: {
        ...PLAIN_STORAGE,
        internStrings: (doc: { events: number; label?: string }, intern: (text: string) => string) => {
          seen.push(doc);
          doc.label = intern(`${doc.events} events`);
        },
      },
    };
    const second = new ProjectionRunner(events, store, [interning as StoredProjection]);
    await second.start();
    const loaded = [...second.docs<{ events: number; label?: string }>('event-counts').values()];
    expect(seen).toHaveLength(loaded.length);
    expect(loaded.every((doc) => seen.includes(doc) && doc.label === `${doc.events} events`)).toBe(true);
    await second.close();
    await store.close();
  });

  it('rebuilds a projection whose code version changed, and only that one', async () => {
    const store = openStore();
    const runner = await caughtUp(store, eventCounts(1));
    // A stale document that only a rebuild would drop.
    await store.commit([
      {
        projection: 'event-counts',
        documents: new Map([['ghost', { events: 99 }]]),
        checkpoint: { position: all[all.length - 1].position, version: storedVersion(storedPlainly(eventCounts(1))) },
        complete: false,
      },
    ]);
    const same = new ProjectionRunner(events, store, [storedPlainly(eventCounts(1))]);
    await same.start();
    expect(same.docs('event-counts').has('ghost')).toBe(true);
    const changed = await caughtUp(store, eventCounts(2));
    expect(changed.docs('event-counts').has('ghost')).toBe(false);
    expect((await store.checkpoint('event-counts'))?.version).toBe(storedVersion(storedPlainly(eventCounts(2))));
    await Promise.all([runner.close(), changed.close()]);
    await store.close();
  });

  it('keeps serving and retries when a commit fails, without counting twice', async () => {
    const store = openStore();
    let failures = 1;
    const flaky = Object.assign(Object.create(Object.getPrototypeOf(store)), store, {
      commit: (commits: ProjectionCommit[]) =>
        failures-- > 0 ? Promise.reject(new Error('disk full')) : store.commit(commits),
    }) as ReadModelStore;
    const runner = new ProjectionRunner(events, flaky, [storedPlainly(eventCounts())]);
    await runner.start();
    await runner.catchUp(); // first page fails to commit; memory moves on
    await runner.catchUp(); // the retry stores everything
    const reloaded = new ProjectionRunner(events, store, [storedPlainly(eventCounts())]);
    await reloaded.start();
    expect(reloaded.docs('event-counts')).toEqual(runner.docs('event-counts'));
    expect([...reloaded.docs<{ events: number }>('event-counts').values()].reduce((n, d) => n + d.events, 0)).toBe(
      all.filter((e) => 'deploymentId' in e.data).length,
    );
    await runner.close();
    await store.close();
  });
});

describe('ProjectionRunner keeping the deployments in the embedded store (read by key)', () => {
  const byId = (a: { deploymentId: string }, b: { deploymentId: string }) => (a.deploymentId < b.deploymentId ? -1 : 1);

  it('holds only what it has not stored, reads the rest by key, and reads and summarises the same as the fold, across a restart', async () => {
    const events = new SqliteEventStore(join(tempDir(), 'events.db'));
    const file = join(tempDir(), 'views.db');
    let store = new SqliteReadModelStore(file);
    try {
      await appendHistory(events, syntheticHistory({ schools: 10, sles: 4, deployments: 120, seed: 5 }));
      // Stores at the first catch-up, then only when flushed.
      const runner = new ProjectionRunner(events, store, storedViewProjections(), { storeEveryMs: 3_600_000 });
      await runner.start();
      await runner.catchUp(); // the first catch-up stores at once
      const docs = runner.docs('deployments');
      expect(docs).toBeInstanceOf(StoredDocuments);
      const held = docs as StoredDocuments<DeploymentView>;
      const agree = async () => {
        const expected = foldViews(await events.readAll()).deployments;
        expect(new Map(docs)).toEqual(expected);
        expect([...docs.keys()].sort()).toEqual([...expected.keys()].sort()); // each once
        expect(docs.size).toBe(expected.size);
        for (const [key, view] of expected) expect(docs.get(key)).toEqual(view);
        expect(docs.get('no-such-deployment')).toBeUndefined();
        expect(
          [...runner.summaries<StoredFacts>('deployments')!].map((f) => storedFactsReader()(f)).sort(byId),
        ).toEqual([...expected.values()].map(factsOf).sort(byId));
      };
      expect(held.unstored).toBe(0);
      await agree();

      // Within a second of the last commit: held in memory, and read over what is stored.
      await events.append(
        'deployment-d1',
        [
          {
            type: 'ContactLogged',
            data: {
              deploymentId: 'd1',
              on: '2025-11-30',
              channel: 'email',
              daysUsed: 1,
              status: 'at-risk',
              note: 'held',
            },
          },
        ],
        { expectedRevision: 'any' },
      );
      await events.append(
        'deployment-d-new',
        [
          {
            type: 'SupportRequested',
            data: {
              deploymentId: 'd-new',
              schoolUrn: '100001',
              programme: 'sle',
              specialism: 'maths-primary',
              areaOfNeed: 'Fractions',
              requestedOn: '2025-11-30',
              source: 'self-referral',
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      await runner.catchUp();
      expect(held.unstored).toBe(2);
      await agree();

      await runner.flush();
      expect(held.unstored).toBe(0);
      await agree();
      await runner.close();
      await store.close();

      store = new SqliteReadModelStore(file);
      const restarted = viewRunner(events, store);
      await restarted.start();
      expect(new Map(restarted.docs('deployments'))).toEqual(foldViews(await events.readAll()).deployments);
      await restarted.close();
    } finally {
      await store.close();
      await events.close();
    }
  });

  it('gives back a snapshot only of exactly what the store holds, and saves one only when memory is all stored', async () => {
    const events = new SqliteEventStore(join(tempDir(), 'events.db'));
    const file = join(tempDir(), 'views.db');
    const store = new SqliteReadModelStore(file);
    const runners: ProjectionRunner[] = [];
    const started = async () => {
      const runner = new ProjectionRunner(events, store, storedViewProjections(), { storeEveryMs: 3_600_000 });
      runners.push(runner);
      await runner.start();
      return runner;
    };
    const contact = (on: string) => [
      {
        type: 'ContactLogged' as const,
        data: { deploymentId: 'd1', on, channel: 'email' as const, daysUsed: 1, status: 'at-risk' as const, note: 'n' },
      },
    ];
    try {
      await appendHistory(events, syntheticHistory({ schools: 5, sles: 2, deployments: 20, seed: 4 }));
      const first = await started();
      await first.catchUp();
      await first.close();
      expect(await first.saveSnapshot('deployments', () => Uint8Array.of(1))).toBe(true);

      const second = await started();
      expect(await second.snapshot('deployments')).toEqual(Uint8Array.of(1));
      // Once it has folded an event it has not stored, the snapshot is of neither memory nor the store.
      await second.catchUp(); // nothing new: stores nothing
      await events.append('deployment-d1', contact('2025-11-30'), { expectedRevision: 'any' });
      await second.catchUp(); // its first commit, at once
      await events.append('deployment-d1', contact('2025-12-01'), { expectedRevision: 'any' });
      await second.catchUp(); // held until the next commit is due
      expect(await second.snapshot('deployments')).toBeUndefined();
      let taken = false;
      expect(await second.saveSnapshot('deployments', () => ((taken = true), Uint8Array.of(2)))).toBe(false);
      expect(taken).toBe(false);

      // What a crash leaves: rows stored past the snapshot's checkpoint. The snapshot is not given back.
      const third = await started();
      expect(await third.snapshot('deployments')).toBeUndefined();
      await third.catchUp();
      await third.close();
      expect(await third.saveSnapshot('deployments', () => Uint8Array.of(3))).toBe(true);
      expect(await (await started()).snapshot('deployments')).toEqual(Uint8Array.of(3));
    } finally {
      for (const runner of runners) await runner.close();
      await store.close();
      await events.close();
    }
  });

  it('keeps every document in memory where the store cannot read by key (Redis), and has no summaries to give', async () => {
    const events = new SqliteEventStore(join(tempDir(), 'events.db'));
    const store = new RedisReadModelStore(REDIS_URL, prefixes.next());
    try {
      await appendHistory(events, syntheticHistory({ schools: 5, sles: 2, deployments: 20, seed: 9 }));
      const runner = viewRunner(events, store);
      await runner.start();
      await runner.catchUp();
      expect(runner.docs('deployments')).toBeInstanceOf(Map);
      expect(runner.summaries('deployments')).toBeUndefined();
      await runner.close();
    } finally {
      await store.close();
      await events.close();
    }
  });
});

describe('ProjectionRunner when Redis loses its data while running', () => {
  it('writes the whole of every view back, so a restart loads the same views', async () => {
    const events = new SqliteEventStore(join(tempDir(), 'events.db'));
    await appendHistory(events, syntheticHistory({ schools: 10, sles: 4, deployments: 100, seed: 3 }));
    const prefix = prefixes.next();
    const store = new RedisReadModelStore(REDIS_URL, prefix);
    const redis = new Redis(REDIS_URL);
    try {
      const runner = viewRunner(events, store);
      await runner.start();
      await runner.catchUp();
      await redis.del(...(await redis.keys(`${prefix}:*`)));
      await events.append(
        'deployment-d1',
        [
          {
            type: 'ContactLogged',
            data: {
              deploymentId: 'd1',
              on: '2025-11-30',
              channel: 'email',
              daysUsed: 0,
              status: 'on-track',
              note: 'after the loss',
            },
          },
        ],
        { expectedRevision: 'any' },
      );
      await runner.catchUp();
      await runner.flush(); // the commit that finds the loss
      const restarted = viewRunner(events, store);
      await restarted.start();
      const expected = foldViews(await events.readAll());
      for (const collection of VIEW_COLLECTIONS) expect(restarted.docs(collection)).toEqual(expected[collection]);
      await runner.close();
    } finally {
      await store.close();
      await redis.quit();
      await events.close();
    }
  });
});
