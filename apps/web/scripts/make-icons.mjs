// Draws the app's PNG icons (the favicon's speech bubble) into public/icons: 192 and 512 px with rounded corners, and
// a 512 px maskable one whose bubble stays inside the safe zone. Run once after changing the design:
//   node apps/web/scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BG = [0x5b, 0x5b, 0xd6];
const FG = [0xff, 0xff, 0xff];

/** Coverage (0..1) of the favicon's drawing at a point of its 32×32 space: background and bubble outline. */
function shape(x, y, { corner, scale }) {
  // Bubble in the favicon: a ring of radius 8.5 around (16.5, 16) with a tail to (7, 25), stroke 2.2.
  const cx = 16 + (x - 16) / scale;
  const cy = 16 + (y - 16) / scale;
  const d = Math.hypot(cx - 16.5, cy - 16);
  const ring = Math.abs(d - 8.5) <= 1.1 && !(cx < 13 && cy > 19.5);
  // The tail: a thick segment from the ring's lower left to (7.6, 24.4).
  const tail = distToSegment(cx, cy, 12.2, 22.6, 7.6, 24.4) <= 1.1 || distToSegment(cx, cy, 7.6, 24.4, 9.3, 19.6) <= 1.1;
  const inBg = corner === 0 ? true : roundedRect(x, y, corner);
  return { bg: inBg, fg: inBg && (ring || tail) };
}

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function roundedRect(x, y, r) {
  const qx = Math.max(r - x, 0, x - (32 - r));
  const qy = Math.max(r - y, 0, y - (32 - r));
  return Math.hypot(qx, qy) <= r;
}

function draw(size, options) {
  const ss = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const s = shape(((px + (sx + 0.5) / ss) / size) * 32, ((py + (sy + 0.5) / ss) / size) * 32, options);
          if (s.bg) bg++;
          if (s.fg) fg++;
        }
      }
      const n = ss * ss;
      const a = bg / n;
      const f = bg === 0 ? 0 : fg / bg;
      const o = 1 + px * 4;
      for (let c = 0; c < 3; c++) row[o + c] = Math.round(BG[c] * (1 - f) + FG[c] * f);
      row[o + 3] = Math.round(a * 255);
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function png(size, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(join(OUT, 'icon-192.png'), draw(192, { corner: 8, scale: 1 }));
writeFileSync(join(OUT, 'icon-512.png'), draw(512, { corner: 8, scale: 1 }));
// Maskable: full bleed (the platform cuts its own shape), the bubble within the central 80 % circle.
writeFileSync(join(OUT, 'icon-maskable-512.png'), draw(512, { corner: 0, scale: 0.7 }));
writeFileSync(join(OUT, 'apple-touch-icon-180.png'), draw(180, { corner: 0, scale: 0.85 }));
