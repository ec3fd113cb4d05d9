/**
 * One page of a long list (schools, SLEs, deployments) searched and sorted on the server: the items that pass
 * are counted in one pass, and only the first `page × pageSize` of them in order are kept (a bounded heap),
 * so a page of a national network's 24,000 schools or 110,000 deployments never sorts them all.
 */
import type { ListOrder, PageRequest } from '../shared/paging.js';

/** What a paged list answers. */
export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

interface Keyed<T> {
  item: T;
  key: string | number;
  id: string;
}

/**
 * The page of `items` that pass `keep`, in `order`; ties by `idOf` ascending, so that the order is total and a
 * page never repeats an item of another.
 */
export function pageOf<T>(
  items: Iterable<T>,
  keep: (item: T) => boolean,
  order: ListOrder<T>,
  idOf: (item: T) => string,
  { page, pageSize }: PageRequest,
): Page<T> {
  const sign = order.descending ? -1 : 1;
  const compareKeys = (a: string | number, b: string | number) => (a < b ? -sign : a > b ? sign : 0);
  const before = (a: Keyed<T>, b: Keyed<T>) => compareKeys(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const wanted = page * pageSize;
  // A max-heap of the best `wanted` so far: its root is the last of them, the one a better item replaces.
  const heap: Keyed<T>[] = [];
  let total = 0;
  for (const item of items) {
    if (!keep(item)) continue;
    total++;
    const key = order.keyOf(item);
    if (heap.length < wanted) {
      push(heap, { item, key, id: idOf(item) }, before);
      continue;
    }
    // Most items come after the root: told so from the key alone, without making an entry for them.
    const byKey = compareKeys(key, heap[0].key);
    if (byKey > 0) continue;
    const id = idOf(item);
    if (byKey === 0 && id >= heap[0].id) continue;
    replaceRoot(heap, { item, key, id }, before);
  }
  const kept = heap.sort(before).slice((page - 1) * pageSize);
  return { total, page, pageSize, items: kept.map((e) => e.item) };
}

/** `items` in the order `pageOf` pages them: by `order`, ties by `idOf` ascending. */
export function sortedFor<T>(items: Iterable<T>, order: ListOrder<T>, idOf: (item: T) => string): T[] {
  const sign = order.descending ? -1 : 1;
  const keyed = Array.from(items, (item) => ({ item, key: order.keyOf(item), id: idOf(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((e) => e.item);
}

/**
 * The page of `sorted` (kept in the list's order, see `sortedFor`) whose items pass `keep` (all, without): the
 * same page as `pageOf`, read without sorting. Without `keep` a deep page is a slice.
 */
export function pageOfSorted<T>(
  sorted: readonly T[],
  keep: ((item: T) => boolean) | undefined,
  { page, pageSize }: PageRequest,
): Page<T> {
  const from = (page - 1) * pageSize;
  if (!keep) return { total: sorted.length, page, pageSize, items: sorted.slice(from, from + pageSize) };
  const items: T[] = [];
  let total = 0;
  for (const item of sorted) {
    if (!keep(item)) continue;
    if (total >= from && items.length < pageSize) items.push(item);
    total++;
  }
  return { total, page, pageSize, items };
}

function push<E>(heap: E[], entry: E, before: (a: E, b: E) => number): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (before(heap[parent], heap[i]) >= 0) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function replaceRoot<E>(heap: E[], entry: E, before: (a: E, b: E) => number): void {
  heap[0] = entry;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let last = i;
    if (left < heap.length && before(heap[left], heap[last]) > 0) last = left;
    if (right < heap.length && before(heap[right], heap[last]) > 0) last = right;
    if (last === i) return;
    [heap[last], heap[i]] = [heap[i], heap[last]];
    i = last;
  }
}

/** `items` in order of `keyOf` (by code units, as `pageOf` compares keys), those with the same key together. */
export function groupedByKey<T>(items: Iterable<T>, keyOf: (item: T) => string): T[][] {
  const keyed = Array.from(items, (item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const groups: T[][] = [];
  for (let i = 0; i < keyed.length; i++) {
    if (i && keyed[i].key === keyed[i - 1].key) groups[groups.length - 1].push(keyed[i].item);
    else groups.push([keyed[i].item]);
  }
  return groups;
}

/** Letters folded for search: lower case, accents dropped (`Étoile` is found by `etoile`). */
export const foldForSearch = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The words of a search, folded; none for a blank one. */
export const searchWords = (q: string | undefined) =>
  foldForSearch(q ?? '')
    .split(/\s+/)
    .filter(Boolean);

/**
 * Whether every word of the search is in the item's text (already folded); `of` gives the text, also a sort key
 * (a name folded sorts without regard to case or accents). Each view's text is worked out once
 * and kept while the view is the same object: a view changes by being replaced.
 */
export class SearchText<T extends object> {
  private readonly texts = new WeakMap<T, string>();

  constructor(private readonly textOf: (item: T) => string) {}

  /** A test for `q`, or undefined when there is nothing to search for. */
  matcher(q: string | undefined): ((item: T) => boolean) | undefined {
    const words = searchWords(q);
    if (!words.length) return undefined;
    return (item) => {
      const text = this.of(item);
      return words.every((w) => text.includes(w));
    };
  }

  of(item: T): string {
    let text = this.texts.get(item);
    if (text === undefined) this.texts.set(item, (text = foldForSearch(this.textOf(item))));
    return text;
  }
}
