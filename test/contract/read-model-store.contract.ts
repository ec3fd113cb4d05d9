import { ReadModelStore } from '../../src/read-models/read-model-store.port.js';

/** What every read-model store adapter promises; each adapter's spec calls this with a factory. */
export function describeReadModelStoreContract(name: string, open: () => Promise<ReadModelStore>): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    let store: ReadModelStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());

    it('knows nothing of a projection never stored', async () => {
      expect(await store.checkpoint('deployments')).toBeUndefined();
      expect(await store.documents('deployments')).toEqual(new Map());
    });

    it('stores documents and checkpoints of several projections together', async () => {
      await store.commit([
        {
          projection: 'deployments',
          documents: new Map([['d1', { status: 'requested', days: 1.5 }]]),
          checkpoint: { position: 7n, version: 1 },
          complete: true,
        },
        {
          projection: 'schools',
          documents: new Map([['100001', { name: 'A' }]]),
          checkpoint: { position: 7n, version: 2 },
          complete: true,
        },
      ]);
      expect(await store.checkpoint('deployments')).toEqual({ position: 7n, version: 1 });
      expect(await store.checkpoint('schools')).toEqual({ position: 7n, version: 2 });
      expect(await store.documents('deployments')).toEqual(new Map([['d1', { status: 'requested', days: 1.5 }]]));
    });

    it('updates, adds and deletes documents in a later commit', async () => {
      await store.commit([
        {
          projection: 'p',
          documents: new Map<string, unknown>([
            ['a', { v: 1 }],
            ['b', { v: 1 }],
          ]),
          checkpoint: { position: 2n, version: 1 },
          complete: true,
        },
      ]);
      await store.commit([
        {
          projection: 'p',
          documents: new Map<string, unknown>([
            ['a', { v: 2 }],
            ['b', null],
            ['c', { v: 1 }],
          ]),
          checkpoint: { position: 5n, version: 1 },
          complete: false,
        },
      ]);
      expect(await store.documents('p')).toEqual(
        new Map([
          ['a', { v: 2 }],
          ['c', { v: 1 }],
        ]),
      );
      expect(await store.checkpoint('p')).toEqual({ position: 5n, version: 1 });
    });

    it('replaces every document on a complete commit', async () => {
      await store.commit([
        {
          projection: 'p',
          documents: new Map([['old', { v: 1 }]]),
          checkpoint: { position: 2n, version: 1 },
          complete: true,
        },
      ]);
      await store.commit([
        {
          projection: 'p',
          documents: new Map([['new', { v: 1 }]]),
          checkpoint: { position: 9n, version: 1 },
          complete: true,
        },
      ]);
      expect([...(await store.documents('p')).keys()]).toEqual(['new']);
    });

    it('never moves a checkpoint backwards: a writer that is behind leaves the newer documents alone', async () => {
      await store.commit([
        {
          projection: 'p',
          documents: new Map([['a', { v: 10 }]]),
          checkpoint: { position: 10n, version: 1 },
          complete: true,
        },
      ]);
      await store.commit([
        {
          projection: 'p',
          documents: new Map([['a', { v: 5 }]]),
          checkpoint: { position: 5n, version: 1 },
          complete: false,
        },
        {
          projection: 'q',
          documents: new Map([['b', { v: 5 }]]),
          checkpoint: { position: 5n, version: 1 },
          complete: true,
        },
      ]);
      expect(await store.documents('p')).toEqual(new Map([['a', { v: 10 }]]));
      expect(await store.checkpoint('p')).toEqual({ position: 10n, version: 1 });
      expect(await store.checkpoint('q')).toEqual({ position: 5n, version: 1 });
    });

    it('keeps positions beyond 2^53 exactly', async () => {
      const big = 2n ** 60n + 1n;
      await store.commit([
        { projection: 'p', documents: new Map(), checkpoint: { position: big, version: 3 }, complete: true },
      ]);
      expect(await store.checkpoint('p')).toEqual({ position: big, version: 3 });
    });

    it('resets one projection and leaves the others', async () => {
      await store.commit([
        { projection: 'p', documents: new Map([['a', {}]]), checkpoint: { position: 2n, version: 1 }, complete: true },
        { projection: 'q', documents: new Map([['b', {}]]), checkpoint: { position: 2n, version: 1 }, complete: true },
      ]);
      await store.reset(['p']);
      expect(await store.checkpoint('p')).toBeUndefined();
      expect(await store.documents('p')).toEqual(new Map());
      expect(await store.checkpoint('q')).toEqual({ position: 2n, version: 1 });
      expect(await store.documents('q')).toEqual(new Map([['b', {}]]));
    });

    it('resets several projections together, and every one it holds', async () => {
      const commitOf = (projection: string, key: string) => ({
        projection,
        documents: new Map([[key, { of: projection }]]),
        checkpoint: { position: 2n, version: 1 },
        complete: true,
      });
      await store.commit([commitOf('p', 'a'), commitOf('q', 'b'), commitOf('r', 'c')]);
      await store.reset(['p', 'q']);
      expect([await store.checkpoint('p'), await store.checkpoint('q')]).toEqual([undefined, undefined]);
      expect([await store.documents('p'), await store.documents('q')]).toEqual([new Map(), new Map()]);
      expect(await store.checkpoint('r')).toEqual({ position: 2n, version: 1 });
      expect(await store.documents('r')).toEqual(new Map([['c', { of: 'r' }]]));
      await store.reset(['p', 'q', 'r', 'never-stored']);
      expect(await store.checkpoint('r')).toBeUndefined();
      expect(await store.documents('r')).toEqual(new Map());
      await store.reset([]);
    });
  });
}
