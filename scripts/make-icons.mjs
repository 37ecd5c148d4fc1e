#!/usr/bin/env node
// Draws Portrait's app icon and writes public/icons/: icon.svg, icon-192.png, icon-512.png and
// icon-maskable-512.png.   node scripts/make-icons.mjs
//
// The motif: a head-and-shoulders portrait inside a three-part ring (a persona and its
// segments), white on the theme colour #1d4e89. One list of shapes feeds both the SVG writer and
// a tiny rasteriser, so the PNGs and the SVG cannot drift apart. The rasteriser needs no browser
// and no dependency: each pixel averages 5×5 samples of point-in-shape tests (anti-aliasing by
// supersampling), and the PNG encoder is the ~40 lines at the bottom (RGBA, zlib, CRC-32).
// Output is deterministic: same script, same bytes (given the same zlib build).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const THEME = '#1d4e89';
const SIZE = 512; // design units; the SVG viewBox and the 512 px PNGs are 1:1
const CENTRE = SIZE / 2;

// ---------------------------------------------------------------------------------------------
// Geometry (design units, y down, angles clockwise from 12 o'clock)

const RING = { inner: 170, outer: 198 };
// Three segments of a donut chart with 10° gaps, decreasing in weight.
const SEGMENTS = [
  { from: 5, to: 185, opacity: 1 },
  { from: 195, to: 285, opacity: 0.6 },
  { from: 295, to: 355, opacity: 0.35 },
];
const HEAD = { cx: CENTRE, cy: 212, r: 62 };
// Shoulders: a large circle below the head, cut off by a disc that stays clear of the ring.
const SHOULDERS = { cx: CENTRE, cy: 420, r: 124 };
const FRAME = { cx: CENTRE, cy: CENTRE, r: 154 };

const BACKGROUND_RADIUS = 112; // rounded square for the "any" icons
const MASKABLE_SCALE = 0.86; // ring radius 198 × 0.86 ≈ 170 < 204.8 (the 40% safe-zone circle)

// ---------------------------------------------------------------------------------------------
// Shapes: each has `inside(x, y)` for the rasteriser and `svg` for the vector file

const round = (v) => Math.round(v * 100) / 100;

function roundedSquare(size, radius) {
  return {
    inside: (x, y) => {
      if (x < 0 || y < 0 || x > size || y > size) {
        return false;
      }
      // Distance to the nearest corner centre, only in the corner regions.
      const dx = Math.max(radius - x, x - (size - radius), 0);
      const dy = Math.max(radius - y, y - (size - radius), 0);
      return dx * dx + dy * dy <= radius * radius;
    },
    svg: `<rect width="${size}" height="${size}" rx="${radius}"/>`,
  };
}

const square = (size) => ({
  inside: (x, y) => x >= 0 && y >= 0 && x <= size && y <= size,
  svg: `<rect width="${size}" height="${size}"/>`,
});

const inCircle = ({ cx, cy, r }, x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const circle = (c) => ({
  inside: (x, y) => inCircle(c, x, y),
  svg: `<circle cx="${round(c.cx)}" cy="${round(c.cy)}" r="${round(c.r)}"/>`,
});

/** The lens where circle `a` (upper edge) overlaps circle `b` (lower edge), b above a. */
function lens(a, b) {
  // Where the two circles cross: the chord is horizontal because both centres share x.
  const d = a.cy - b.cy;
  const along = (a.r * a.r - b.r * b.r + d * d) / (2 * d); // from a's centre towards b's
  const y = a.cy - along;
  const half = Math.sqrt(a.r * a.r - along * along);
  const [x0, x1] = [a.cx - half, a.cx + half];
  return {
    inside: (x, py) => inCircle(a, x, py) && inCircle(b, x, py),
    svg:
      `<path d="M${round(x0)} ${round(y)}A${round(a.r)} ${round(a.r)} 0 0 1 ${round(x1)} ${round(y)}` +
      `A${round(b.r)} ${round(b.r)} 0 0 1 ${round(x0)} ${round(y)}Z"/>`,
  };
}

/** A slice of the annulus [inner, outer] between two angles (degrees, clockwise from 12). */
function ringSegment(cx, cy, inner, outer, from, to) {
  const point = (r, deg) => {
    const a = (deg * Math.PI) / 180;
    return `${round(cx + r * Math.sin(a))} ${round(cy - r * Math.cos(a))}`;
  };
  const large = to - from > 180 ? 1 : 0;
  return {
    inside: (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const d2 = dx * dx + dy * dy;
      if (d2 < inner * inner || d2 > outer * outer) {
        return false;
      }
      const deg = ((Math.atan2(dx, -dy) * 180) / Math.PI + 360) % 360;
      return deg >= from && deg <= to;
    },
    svg:
      `<path d="M${point(outer, from)}A${round(outer)} ${round(outer)} 0 ${large} 1 ${point(outer, to)}` +
      `L${point(inner, to)}A${round(inner)} ${round(inner)} 0 ${large} 0 ${point(inner, from)}Z"/>`,
  };
}

/** The motif scaled by `s` about the centre of the canvas. */
function motif(s) {
  const at = (c) => ({
    cx: CENTRE + (c.cx - CENTRE) * s,
    cy: CENTRE + (c.cy - CENTRE) * s,
    r: c.r * s,
  });
  return [
    ...SEGMENTS.map((seg) => ({
      shape: ringSegment(CENTRE, CENTRE, RING.inner * s, RING.outer * s, seg.from, seg.to),
      color: [255, 255, 255],
      opacity: seg.opacity,
    })),
    { shape: circle(at(HEAD)), color: [255, 255, 255], opacity: 1 },
    { shape: lens(at(SHOULDERS), at(FRAME)), color: [255, 255, 255], opacity: 1 },
  ];
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

/** Layers of one icon, bottom first. */
function layers(maskable) {
  const background = maskable ? square(SIZE) : roundedSquare(SIZE, BACKGROUND_RADIUS);
  return [
    { shape: background, color: hex(THEME), opacity: 1 },
    ...motif(maskable ? MASKABLE_SCALE : 1),
  ];
}

// ---------------------------------------------------------------------------------------------
// SVG

function toSvg(icon) {
  const body = icon
    .map(({ shape, color, opacity }) => {
      const fill = color.every((c) => c === 255)
        ? '#fff'
        : `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
      const attrs = ` fill="${fill}"` + (opacity < 1 ? ` fill-opacity="${opacity}"` : '');
      return '  ' + shape.svg.replace(/\/>$/, `${attrs}/>`);
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}">\n${body}\n</svg>\n`;
}

// ---------------------------------------------------------------------------------------------
// Rasteriser: per sample, composite the layers (premultiplied "over"); per pixel, average.

const SAMPLES = 5; // 5×5 per pixel

function rasterise(icon, pixels) {
  const rgba = new Uint8Array(pixels * pixels * 4);
  const scale = SIZE / pixels;
  const n = SAMPLES * SAMPLES;
  for (let py = 0; py < pixels; py++) {
    for (let px = 0; px < pixels; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) * scale;
          const y = (py + (sy + 0.5) / SAMPLES) * scale;
          let sr = 0;
          let sg = 0;
          let sb = 0;
          let sa = 0;
          for (const { shape, color, opacity } of icon) {
            if (shape.inside(x, y)) {
              const keep = 1 - opacity;
              sr = color[0] * opacity + sr * keep;
              sg = color[1] * opacity + sg * keep;
              sb = color[2] * opacity + sb * keep;
              sa = opacity + sa * keep;
            }
          }
          r += sr;
          g += sg;
          b += sb;
          a += sa;
        }
      }
      const o = (py * pixels + px) * 4;
      // Un-premultiply the average (sums of premultiplied colour over sums of alpha).
      rgba[o] = a > 0 ? Math.round(r / a) : 0;
      rgba[o + 1] = a > 0 ? Math.round(g / a) : 0;
      rgba[o + 2] = a > 0 ? Math.round(b / a) : 0;
      rgba[o + 3] = Math.round((a / n) * 255);
    }
  }
  return rgba;
}

// ---------------------------------------------------------------------------------------------
// PNG encoder (RGBA, 8 bits per channel)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const paeth = (a, b, c) => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/**
 * Filters each scanline with the PNG filter (None, Sub, Up, Average, Paeth) that gives the
 * smallest sum of absolute values, the usual heuristic: flat areas then deflate to almost nothing.
 */
function filterScanlines(rgba, width, height) {
  const stride = width * 4;
  const out = Buffer.alloc(height * (stride + 1));
  const candidate = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    let best = Infinity;
    for (let filter = 0; filter < 5; filter++) {
      let cost = 0;
      for (let i = 0; i < stride; i++) {
        const x = rgba[row + i];
        const left = i >= 4 ? rgba[row + i - 4] : 0;
        const up = y > 0 ? rgba[row - stride + i] : 0;
        const upLeft = y > 0 && i >= 4 ? rgba[row - stride + i - 4] : 0;
        const predicted =
          filter === 0
            ? 0
            : filter === 1
              ? left
              : filter === 2
                ? up
                : filter === 3
                  ? (left + up) >> 1
                  : paeth(left, up, upLeft);
        const v = (x - predicted) & 0xff;
        candidate[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < best) {
        best = cost;
        out[y * (stride + 1)] = filter;
        candidate.copy(out, y * (stride + 1) + 1);
      }
    }
  }
  return out;
}

export function encodePng(rgba, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  // compression 0, filter method 0, no interlace: already zero
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filterScanlines(rgba, width, height), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------

function main() {
  const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
  fs.mkdirSync(outDir, { recursive: true });
  const files = [
    ['icon.svg', () => toSvg(layers(false))],
    ['icon-192.png', () => encodePng(rasterise(layers(false), 192), 192, 192)],
    ['icon-512.png', () => encodePng(rasterise(layers(false), 512), 512, 512)],
    ['icon-maskable-512.png', () => encodePng(rasterise(layers(true), 512), 512, 512)],
  ];
  for (const [name, make] of files) {
    const data = make();
    fs.writeFileSync(path.join(outDir, name), data);
    console.log(`${path.join('public/icons', name)}: ${Buffer.byteLength(data)} bytes`);
  }
}

main();
