import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useNativeZipCrc } from './zip-crc';

const fromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'));
const crc32 = fromYazl('buffer-crc32') as { unsigned: (buf: Buffer, previous?: number) => number };

describe('useNativeZipCrc', () => {
  it("gives yazl's CRC-32 the same running values, natively", () => {
    const js = crc32.unsigned;
    const chunks = Array.from({ length: 20 }, (_, i) => randomBytes(i * 97 + (i % 3)));
    const running = (f: typeof js) => chunks.reduce((crc, c) => f(c, crc), 0);
    const expected = running(js);
    useNativeZipCrc();
    if (typeof (zlib as { crc32?: unknown }).crc32 === 'function') expect(crc32.unsigned).not.toBe(js);
    expect(running(crc32.unsigned)).toBe(expected);
    expect(crc32.unsigned(Buffer.alloc(0))).toBe(js(Buffer.alloc(0)));
    expect(crc32.unsigned(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
