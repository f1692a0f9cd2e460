/**
 * Text written as bytes into large chunks, handed out as views: the export's series are formatted
 * here point by point with no string, Date or array per point (the strings were most of its garbage:
 * GC took a third of its CPU). A part handed out by `take()` is never written again (the ZIP's deflate
 * may still hold it); a full chunk is left to whoever still holds its parts and a new one is started.
 */
export class ByteText {
  private chunk: Buffer;
  private start = 0;
  /** The next byte to write; `buf[pos++] = c` is how formatters write (after `room`). */
  pos = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.chunk = Buffer.allocUnsafeSlow(chunkBytes);
  }

  /** The chunk being written: valid until the next `room` or `take`. */
  get buf(): Buffer {
    return this.chunk;
  }

  /** Makes room for `bytes` more; the text written since the last `take` moves to a new chunk if needed. */
  room(bytes: number): void {
    if (this.pos + bytes <= this.chunk.length) return;
    const pending = this.chunk.subarray(this.start, this.pos);
    const next = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, (pending.length + bytes) * 2));
    pending.copy(next, 0);
    this.chunk = next;
    this.start = 0;
    this.pos = pending.length;
  }

  /** A string of any characters, as UTF-8. */
  text(s: string): void {
    this.room(Buffer.byteLength(s));
    this.pos += this.chunk.write(s, this.pos);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.chunk.set(b, this.pos);
    this.pos += b.length;
  }

  /** A number as `String(n)` writes it: integers by digits, others through String (they are rarer). */
  number(n: number): void {
    if (!Number.isSafeInteger(n) || Object.is(n, -0)) {
      this.ascii(String(n));
      return;
    }
    this.integer(n);
  }

  /** A safe integer's digits (not -0). */
  integer(n: number): void {
    this.room(17);
    const buf = this.chunk;
    let v = n;
    if (v < 0) {
      buf[this.pos++] = 45; // '-'
      v = -v;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let at = this.pos + digits;
    this.pos = at;
    do {
      buf[--at] = 48 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
  }

  /** A string known to be ASCII (numbers, dates). */
  ascii(s: string): void {
    this.room(s.length);
    this.pos += this.chunk.write(s, this.pos, 'latin1');
  }

  /** The bytes written since the last take (a view, never written again), or null when none. */
  take(): Buffer | null {
    if (this.pos === this.start) return null;
    const part = this.chunk.subarray(this.start, this.pos);
    this.start = this.pos;
    return part;
  }

  /** Bytes written since the last take. */
  get pending(): number {
    return this.pos - this.start;
  }
}
