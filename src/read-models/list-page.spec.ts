import { foldForSearch, pageOf, pageOfSorted, SearchText, sortedFor } from './list-page.js';

interface Item {
  id: string;
  name: string;
  size: number;
}

const items: Item[] = Array.from({ length: 57 }, (_, i) => ({
  id: `id-${String(i).padStart(3, '0')}`,
  name: ['Oak', 'Ash', 'Élan'][i % 3],
  size: (i * 7) % 10,
}));
const byId = (item: Item) => item.id;
const sorted = (compare: (a: Item, b: Item) => number) => [...items].sort(compare);

describe('pageOf', () => {
  it('gives each page of the items in order, ties by id, as sorting them all would', () => {
    const order = { keyOf: (i: Item) => i.size, descending: true };
    const all = sorted((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
    for (const page of [1, 2, 3, 6]) {
      const got = pageOf(items, () => true, order, byId, { page, pageSize: 10 });
      expect(got).toEqual({ total: 57, page, pageSize: 10, items: all.slice((page - 1) * 10, page * 10) });
    }
  });

  it('counts only the items kept, and answers no items past the last page', () => {
    const small = (i: Item) => i.size < 3;
    const order = { keyOf: (i: Item) => i.name, descending: false };
    const got = pageOf(items, small, order, byId, { page: 1, pageSize: 100 });
    expect(got.total).toBe(items.filter(small).length);
    expect(got.items.map((i) => i.name)).toEqual(
      items
        .filter(small)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
        .map((i) => i.name),
    );
    expect(pageOf(items, small, order, byId, { page: 9, pageSize: 100 }).items).toEqual([]);
  });
});

describe('pageOfSorted', () => {
  const orders = [
    { keyOf: (i: Item) => i.size, descending: true },
    { keyOf: (i: Item) => i.size, descending: false },
    { keyOf: (i: Item) => i.name, descending: true },
  ];

  it('gives the same pages as pageOf from the items kept sorted, ties by id ascending either way', () => {
    for (const order of orders) {
      const kept = sortedFor(items, order, byId);
      for (const page of [1, 2, 6, 7])
        expect(pageOfSorted(kept, undefined, { page, pageSize: 10 })).toEqual(
          pageOf(items, () => true, order, byId, { page, pageSize: 10 }),
        );
    }
  });

  it('counts only the items kept, and answers no items past the last page', () => {
    const small = (i: Item) => i.size < 3;
    for (const order of orders) {
      const kept = sortedFor(items, order, byId);
      for (const page of [1, 2, 3, 9])
        expect(pageOfSorted(kept, small, { page, pageSize: 7 })).toEqual(
          pageOf(items, small, order, byId, { page, pageSize: 7 }),
        );
    }
  });
});

describe('SearchText', () => {
  const search = new SearchText<Item>((i) => `${i.name} ${i.id}`);

  it('finds items holding every word, whatever the case and accents', () => {
    const match = search.matcher('ELAN  id-00');
    expect(items.filter((i) => match?.(i)).map((i) => i.id)).toEqual(['id-002', 'id-005', 'id-008']);
  });

  it('has nothing to test when the search is blank', () => {
    expect(search.matcher('   ')).toBeUndefined();
    expect(search.matcher(undefined)).toBeUndefined();
  });

  it('folds letters for search', () => {
    expect(foldForSearch('Ëcole Saint-Étienne')).toBe('ecole saint-etienne');
  });
});
