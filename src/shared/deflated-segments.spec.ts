import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { adler32, deflateSegment, zlibBody } from './deflated-segments.js';

/** The Adler-32 zlib itself writes at the end of what it deflates. */
const zlibsAdler = (bytes: Buffer) => {
  const deflated = deflateSync(bytes);
  return deflated.readUInt32BE(deflated.length - 4);
};

describe('deflated segments', () => {
  const text = (n: number) =>
    Buffer.from(Array.from({ length: n }, (_, i) => `{"row":${i},"status":"on-track – “ok”"}`).join(','));

  it.each([0, 1, 5_551, 5_552, 5_553, 100_000])(
    'sums Adler-32 as zlib does over %i bytes, however high the bytes',
    (n) => {
      for (const bytes of [randomBytes(n), Buffer.alloc(n, 0xff)]) expect(adler32(bytes)).toBe(zlibsAdler(bytes));
    },
  );

  it('answers segments deflated one by one as one zlib body that zlib inflates, checksum checked, to all their bytes in order, or any one alone', () => {
    const parts = [text(3), Buffer.alloc(0), randomBytes(70_000), text(2_000), Buffer.from('],"end":true}')];
    const segments = parts.map(deflateSegment);
    // As hex: Jest compares large buffers byte by byte slowly.
    const hex = (bytes: Buffer) => bytes.toString('hex');
    expect(hex(inflateSync(Buffer.concat(zlibBody(segments))))).toBe(hex(Buffer.concat(parts)));
    expect(hex(inflateSync(Buffer.concat(zlibBody([]))))).toBe('');
    segments.forEach((segment, i) => expect(hex(inflateSync(Buffer.concat(zlibBody([segment]))))).toBe(hex(parts[i])));
    // Kept deflated, the repeated text is a fraction of its size.
    expect(segments[3].deflated.length).toBeLessThan(parts[3].length / 5);
  });

  it('gives a body zlib refuses when a segment is put with the wrong bytes counted', () => {
    const [a, b] = [deflateSegment(text(10)), deflateSegment(text(20))];
    expect(() => inflateSync(Buffer.concat(zlibBody([a, { ...b, length: b.length + 1 }])))).toThrow(
      /incorrect data check/,
    );
    expect(() => inflateSync(Buffer.concat(zlibBody([a, { ...b, adler: a.adler }])))).toThrow(/incorrect data check/);
  });
});
