import { constants, deflateRawSync } from 'node:zlib';

/**
 * Bytes kept deflated, each segment on its own, so that segments put one after another are one deflate
 * stream (RFC 1951) and can be answered as a `Content-Encoding: deflate` body (the zlib format, RFC 1950)
 * without inflating any: what is kept in many parts, of which a few change at a time, deflates only those.
 * Each segment is deflated from a fresh window and ends on a byte boundary (a sync flush, never the final
 * block), so none refers back to another. Not gzip members: browsers read only the first member of a gzip
 * body (Chromium, tried), whereas this is a single stream.
 */
export interface DeflatedSegment {
  readonly deflated: Buffer;
  /** How many bytes it holds inflated. */
  readonly length: number;
  /** Their Adler-32, from which the zlib trailer's is made without inflating. */
  readonly adler: number;
}

/**
 * Level 3: a read after an event deflates its blocks again, and level 3 takes about half level 6's time for a
 * few more bytes (measured in docs/benchmarks.md's runs).
 */
const SYNC = { finishFlush: constants.Z_SYNC_FLUSH, level: 3 };

export function deflateSegment(bytes: Buffer): DeflatedSegment {
  return { deflated: exactCopy(deflateRawSync(bytes, SYNC)), length: bytes.length, adler: adler32(bytes) };
}

/**
 * zlib answers a view of its 16 KiB output chunk, and Buffer.from a view of an 8 KiB pool for a small copy:
 * either would keep whole what holds a segment of a few kilobytes for as long as the segment is kept.
 */
function exactCopy(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

/** Segments in order as a zlib-format body: a header, the segments, an empty final block and the Adler-32 of it all. */
export function zlibBody(segments: readonly DeflatedSegment[]): Buffer[] {
  let adler = 1;
  for (const segment of segments) adler = adler32Combine(adler, segment.adler, segment.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler);
  return [ZLIB_HEADER, ...segments.map((s) => s.deflated), FINAL_BLOCK, trailer];
}

/** Deflate, 32 KiB window (the level it names is only a hint to a reader). */
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);
/** A final fixed-Huffman block holding nothing but its end. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

const ADLER_BASE = 65521;
/** The most bytes summed before the sums must be reduced to stay exact (zlib's NMAX). */
const ADLER_RUN = 5552;

/** Adler-32 (RFC 1950, 8.2); node:zlib computes it only inside a stream and does not expose it. */
export function adler32(bytes: Uint8Array): number {
  let [a, b] = [1, 0];
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(i + ADLER_RUN, bytes.length);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return (b * 65536 + a) >>> 0;
}

/** The Adler-32 of two runs of bytes one after the other, from each run's and the second's length (zlib's adler32_combine). */
export function adler32Combine(first: number, second: number, secondLength: number): number {
  const rem = secondLength % ADLER_BASE;
  const a = ((first & 0xffff) + (second & 0xffff) + ADLER_BASE - 1) % ADLER_BASE;
  const b =
    (((rem * (first & 0xffff)) % ADLER_BASE) + (first >>> 16) + (second >>> 16) + ADLER_BASE - rem) % ADLER_BASE;
  return (b * 65536 + a) >>> 0;
}
