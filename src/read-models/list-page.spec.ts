import { foldForSearch, pageOf, SearchText } from './list-page.js';

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
