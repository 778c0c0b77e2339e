// Writes resources/icon.png (512×512 RGBA): a rounded blue square with a white rising
// "ascent" chevron and a bar. A valid PNG from node:zlib alone; run `node scripts/make-icon.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Coverage of pixel (x, y) by the shapes, 0..1, with 4×4 supersampling for smooth edges. */
function inside(px, py, test) {
  let hit = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (test(px + (i + 0.5) / 4, py + (j + 0.5) / 4)) hit++;
  return hit / 16;
}
const R = 96; // corner radius
const M = 16; // margin
function square(x, y) {
  const lo = M + R;
  const hi = SIZE - M - R;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return x >= M && x <= SIZE - M && y >= M && y <= SIZE - M && (x - cx) ** 2 + (y - cy) ** 2 <= R * R;
}
function nearSegment(x, y, [ax, ay], [bx, by], w) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= w * w;
}
function mark(x, y) {
  // A chevron pointing up (the ascent) over a bar (the base line).
  const w = 34;
  return (
    nearSegment(x, y, [136, 300], [256, 170], w) ||
    nearSegment(x, y, [256, 170], [376, 300], w) ||
    nearSegment(x, y, [150, 380], [362, 380], w)
  );
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const a = inside(x, y, square);
    const m = a ? inside(x, y, mark) : 0;
    // Blue (#1f5fbf) shading slightly lighter towards the top, white mark.
    const shade = 1 + 0.25 * (1 - y / SIZE);
    const bg = [Math.min(255, 31 * shade), Math.min(255, 95 * shade), Math.min(255, 191 * shade)];
    const o = row + 1 + x * 4;
    for (let c = 0; c < 3; c++) raw[o + c] = Math.round(bg[c] * (1 - m) + 255 * m);
    raw[o + 3] = Math.round(255 * a);
  }
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(root, 'resources', 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(root, out)} (${png.length} bytes)`);
