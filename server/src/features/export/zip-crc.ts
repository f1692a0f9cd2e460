import { createRequire } from 'node:module';
import zlib from 'node:zlib';

/**
 * yazl computes each entry's CRC-32 with buffer-crc32, in JavaScript; Node has it natively
 * (`zlib.crc32`, Node ≥ 20.15 / 22.2), several times faster on an export's hundreds of MB. The
 * module yazl loaded gets the native function (same results: both are the ZIP's CRC-32 with a running
 * value); on an older Node it keeps its own.
 */
export function useNativeZipCrc(): void {
  const native = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  if (typeof native !== 'function' || patched) return;
  const fromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'));
  const crc32 = fromYazl('buffer-crc32') as { unsigned: (buf: Buffer, previous?: number) => number };
  crc32.unsigned = (buf, previous) => native(buf, previous ?? 0);
  patched = true;
}

let patched = false;
