// Draws the app's icons (web/public/icons/*.png) from the same shapes as web/public/favicon.svg: a
// rounded square in the brand blue with a white pulse line. Run it after changing the design
// (`node scripts/make-icons.mjs`) and commit the PNGs: no image library, no network, a few KB each.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const BLUE = [11, 92, 173];
const WHITE = [255, 255, 255];
/** The pulse line, in a 0..1 square (favicon.svg draws the same points on its 64-unit grid). */
const PULSE = [
  [0.16, 0.55],
  [0.36, 0.55],
  [0.45, 0.3],
  [0.56, 0.74],
  [0.65, 0.47],
  [0.84, 0.47],
];
const STROKE = 0.075;
const CORNER = 0.22;

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Inside the rounded square (corner radius CORNER), in 0..1 coordinates. */
function inRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER), 1 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 1 - CORNER);
  return Math.hypot(x - cx, y - cy) <= CORNER;
}

/**
 * RGBA pixels of the icon. `maskable`: the blue fills the whole square (the platform cuts its own
 * shape) and the line keeps to the central 80 % safe zone.
 */
function draw(size, maskable) {
  const px = Buffer.alloc(size * size * 4);
  const SS = 4; // 4×4 samples per pixel: smooth edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const u = (x + (sx + 0.5) / SS) / size;
          const v = (y + (sy + 0.5) / SS) / size;
          if (!maskable && !inRoundedSquare(u, v)) continue;
          bg++;
          // The maskable icon draws the line at 80 % around the centre.
          const k = maskable ? 0.8 : 1;
          const lu = (u - 0.5) / k + 0.5;
          const lv = (v - 0.5) / k + 0.5;
          let d = Number.POSITIVE_INFINITY;
          for (let i = 1; i < PULSE.length; i++)
            d = Math.min(d, distToSegment(lu, lv, PULSE[i - 1], PULSE[i]));
          if (d <= STROKE / 2) fg++;
        }
      }
      const n = SS * SS;
      const o = (y * size + x) * 4;
      const a = bg / n;
      const f = bg ? fg / bg : 0;
      for (let c = 0; c < 3; c++) px[o + c] = Math.round(BLUE[c] * (1 - f) + WHITE[c] * f);
      px[o + 3] = Math.round(a * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.resolve(import.meta.dirname, '../web/public/icons');
mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  writeFileSync(path.join(out, name), png(size, draw(size, maskable)));
  console.log(`web/public/icons/${name}`);
}
