import { LRUCache } from 'lru-cache';
import { ReadOnlyMap } from '../shared/read-only-map.js';
import type { StoredDocumentReader } from './read-model-store.port.js';

/** Documents read lately and kept in memory, beside those changed and not yet stored. */
export const RECENTLY_READ = 4_096;

/** Kept among those read lately for a key the store has no document for. */
const ABSENT = Object.freeze({});

/** The most keys remembered as stored from here (`known`): twice a national network's deployments. */
const KNOWN_KEYS = 250_000;

/**
 * A projection's documents kept in their store rather than in memory: what the runner has changed and not yet
 * stored is held here (null for a document deleted), and a bounded number of those read lately; anything else
 * is read from the store by key when asked for. Reads the same as a map holding every document: the stored
 * documents with the changes laid over them.
 */
export class StoredDocuments<Doc> extends ReadOnlyMap<string, Doc> {
  private readonly changed = new Map<string, Doc | null>();
  /** Documents read lately, and `ABSENT` for keys found to have none (a new document is looked up, then set). */
  private readonly recent: LRUCache<string, (Doc & object) | typeof ABSENT>;
  private count: number;
  /**
   * Where the store held none of the projection's documents when these were opened (a rebuild, a first
   * start), every key it holds since was stored from here: those keys, so that a key never stored is known to
   * have no document without reading the store (otherwise each new deployment of a rebuild is a read). Undefined otherwise, or once more than `KNOWN_KEYS` were stored; keys are then read as usual.
   */
  private known: Set<string> | undefined;

  constructor(
    private readonly reader: StoredDocumentReader,
    recentlyRead = RECENTLY_READ,
  ) {
    super();
    this.recent = new LRUCache({ max: recentlyRead });
    this.count = reader.count();
    this.known = this.count === 0 ? new Set() : undefined;
  }

  get(key: string): Doc | undefined {
    const changed = this.changed.get(key);
    if (changed !== undefined) return changed ?? undefined;
    const recent = this.recent.get(key);
    if (recent !== undefined) return recent === ABSENT ? undefined : (recent as Doc);
    if (this.known && !this.known.has(key)) return undefined;
    const doc = this.reader.get(key) as (Doc & object) | undefined;
    this.recent.set(key, doc ?? ABSENT);
    return doc;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return this.count;
  }

  set(key: string, doc: Doc): this {
    if (!this.has(key)) this.count++;
    this.changed.set(key, doc);
    this.recent.delete(key);
    return this;
  }

  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.count--;
    this.changed.set(key, null);
    this.recent.delete(key);
    return true;
  }

  /** Changed and not yet stored. */
  get unstored(): number {
    return this.changed.size;
  }

  /** After a commit stored these documents (null: deleted): each not changed again since may leave memory. */
  stored(documents: ReadonlyMap<string, unknown>): void {
    for (const [key, doc] of documents) {
      if (this.known) {
        if (doc === null) this.known.delete(key);
        else this.known.add(key);
        if (this.known.size > KNOWN_KEYS) this.known = undefined;
      }
      if (this.changed.get(key) !== doc) continue;
      this.changed.delete(key);
      if (doc !== null) this.recent.set(key, doc as Doc & object);
    }
  }

  /** Every document's summary: the one stored with it, or `summarise`'s of a document changed since. */
  *summaries<Summary>(summarise: (doc: Doc) => Summary): IterableIterator<Summary> {
    for (const [key, summary] of this.reader.summaries()) if (!this.changed.has(key)) yield summary as Summary;
    for (const doc of this.changed.values()) if (doc !== null) yield summarise(doc);
  }

  *entries(): MapIterator<[string, Doc]> {
    for (const [key, doc] of this.reader.entries()) if (!this.changed.has(key)) yield [key, doc as Doc];
    for (const [key, doc] of this.changed) if (doc !== null) yield [key, doc];
  }
}
