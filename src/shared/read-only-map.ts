/**
 * A read-only map whose every pass is `entries()`: what a map that reads its entries from elsewhere (a store,
 * or one map laid over another) needs to give beside `get`, `has` and `size`.
 */
export abstract class ReadOnlyMap<K, V> implements ReadonlyMap<K, V> {
  abstract get(key: K): V | undefined;
  abstract has(key: K): boolean;
  abstract get size(): number;
  abstract entries(): MapIterator<[K, V]>;

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(each: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) each(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
