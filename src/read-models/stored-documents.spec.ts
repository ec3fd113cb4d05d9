import type { StoredDocumentReader } from './read-model-store.port.js';
import { StoredDocuments } from './stored-documents.js';

/** A store's committed documents, read as the SQLite reader reads them: a new object at every read. */
function storeOf(initial: Record<string, { v: number }>) {
  const rows = new Map(Object.entries(initial).map(([k, doc]) => [k, JSON.stringify(doc)]));
  let reads = 0;
  const reader: StoredDocumentReader = {
    get: (key) => {
      reads++;
      const text = rows.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    count: () => rows.size,
    *entries() {
      for (const [key, text] of rows) yield [key, JSON.parse(text)];
    },
    *summaries() {
      for (const [key, text] of rows) yield [key, { summaryOf: (JSON.parse(text) as { v: number }).v }];
    },
  };
  const commit = (docs: ReadonlyMap<string, unknown>) => {
    for (const [key, doc] of docs) {
      if (doc === null) rows.delete(key);
      else rows.set(key, JSON.stringify(doc));
    }
  };
  return { reader, commit, reads: () => reads };
}

describe('StoredDocuments', () => {
  it('reads the changes laid over the stored documents, a deletion included, until they are stored', () => {
    const store = storeOf({ a: { v: 1 }, b: { v: 2 }, c: { v: 3 } });
    const docs = new StoredDocuments<{ v: number }>(store.reader);
    docs.set('a', { v: 10 });
    docs.set('d', { v: 4 });
    expect(docs.delete('b')).toBe(true);
    expect(docs.delete('nothing')).toBe(false);
    const expected = new Map([
      ['a', { v: 10 }],
      ['c', { v: 3 }],
      ['d', { v: 4 }],
    ]);
    expect(new Map(docs)).toEqual(expected);
    expect([...docs.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(docs.size).toBe(3);
    expect(docs.get('b')).toBeUndefined();
    expect(docs.has('b')).toBe(false);
    expect([...docs.summaries((d) => ({ summaryOf: d.v }))].map((s) => s.summaryOf).sort((x, y) => x - y)).toEqual([
      3, 4, 10,
    ]);
    expect(docs.unstored).toBe(3);

    // Stored as they stood when the commit was taken; a change made while it was written stays held.
    const taken = new Map<string, unknown>([
      ['a', docs.get('a')],
      ['d', docs.get('d')],
      ['b', null],
    ]);
    docs.set('d', { v: 40 });
    store.commit(taken);
    docs.stored(taken);
    expect(docs.unstored).toBe(1);
    expect(new Map(docs)).toEqual(
      new Map([
        ['a', { v: 10 }],
        ['c', { v: 3 }],
        ['d', { v: 40 }],
      ]),
    );
    expect(docs.size).toBe(3);
  });

  it('reads a document it does not hold from the store, and keeps a bounded number of those read lately', () => {
    const store = storeOf(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, { v: i }])));
    const docs = new StoredDocuments<{ v: number }>(store.reader, 3);
    expect(docs.get('k1')).toEqual({ v: 1 });
    expect(docs.get('k1')).toBe(docs.get('k1'));
    expect(store.reads()).toBe(1);
    for (const key of ['k2', 'k3', 'k4']) docs.get(key);
    expect(store.reads()).toBe(4);
    docs.get('k1'); // pushed out by three later reads
    expect(store.reads()).toBe(5);
  });

  it('reads the store once for a key it has no document for, however often it is then asked for or set', () => {
    const store = storeOf({ a: { v: 1 } });
    const docs = new StoredDocuments<{ v: number }>(store.reader);
    expect(docs.get('new')).toBeUndefined();
    expect(docs.has('new')).toBe(false);
    docs.set('new', { v: 2 }); // as the runner sets a document it has just looked up
    expect(store.reads()).toBe(1);
    expect(docs.get('new')).toEqual({ v: 2 });
    expect(docs.size).toBe(2);
  });

  it('reads nothing from a store that held none of its documents when opened, for a key it has not stored since', () => {
    const store = storeOf({});
    const docs = new StoredDocuments<{ v: number }>(store.reader, 2);
    for (const key of ['a', 'b', 'c', 'd']) {
      expect(docs.get(key)).toBeUndefined();
      docs.set(key, { v: 1 });
    }
    expect(store.reads()).toBe(0);
    // All four stored while 'c' changed again; of the others only the last two stay among those kept lately.
    const taken = new Map<string, unknown>(['a', 'b', 'c', 'd'].map((key) => [key, docs.get(key)]));
    docs.set('c', { v: 2 });
    store.commit(taken);
    docs.stored(taken);
    // 'b' deleted in the store.
    const deletion = new Map<string, unknown>([['b', null]]);
    docs.delete('b');
    store.commit(deletion);
    docs.stored(deletion);
    for (const key of ['x', 'y', 'z']) expect(docs.get(key)).toBeUndefined();
    expect(store.reads()).toBe(0);
    expect(['a', 'b', 'c', 'd'].map((key) => docs.get(key))).toEqual([{ v: 1 }, undefined, { v: 2 }, { v: 1 }]);
    expect(store.reads()).toBe(1); // 'a', read back from the store; 'b' known gone, 'c' held changed, 'd' kept lately
    expect(docs.size).toBe(3);
  });

  it('reads the store for every key it does not hold when the store held documents as it was opened', () => {
    const store = storeOf({ a: { v: 1 } });
    const docs = new StoredDocuments<{ v: number }>(store.reader);
    expect(docs.get('elsewhere')).toBeUndefined();
    expect(store.reads()).toBe(1);
  });
});
