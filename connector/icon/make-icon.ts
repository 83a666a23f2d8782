/**
 * `npx tsx connector/icon/make-icon.ts`: draws connector/icon.png, a 230×230 opaque PNG whose background is
 * apiProperties.json's iconBrandColor (certification, docs/power-platform.md#certification-rules), with a white glyph
 * inside the central 160×160: a customer (head and shoulders) and a lightning bolt for "real time".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const SIZE_PX = 230;
const GLYPH_RGB = [255, 255, 255];
type Point = [number, number];

/** The bolt, drawn clockwise from its top; all shapes stay within 35..195 so the glyph fits the 160 px logo box. */
const BOLT: Point[] = [
  [168, 62],
  [140, 122],
  [160, 122],
  [146, 178],
  [192, 106],
  [170, 106],
  [190, 62],
];

function insidePolygon([x, y]: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function isGlyph(x: number, y: number): boolean {
  const head = (x - 92) ** 2 + (y - 88) ** 2 <= 26 ** 2;
  const shoulders = y <= 172 && y >= 128 && (x - 92) ** 2 + (y - 172) ** 2 <= 52 ** 2;
  return head || shoulders || insidePolygon([x + 0.5, y + 0.5], BOLT);
}

/** Draws the icon on the given #rrggbb background and returns the PNG bytes. */
export function drawIcon(brandColor: string): Buffer {
  if (!/^#[0-9a-f]{6}$/i.test(brandColor)) throw new Error(`iconBrandColor "${brandColor}" is not #rrggbb`);
  const background = [1, 3, 5].map((i) => parseInt(brandColor.slice(i, i + 2), 16));
  const png = new PNG({ width: SIZE_PX, height: SIZE_PX, colorType: 6 });
  for (let y = 0; y < SIZE_PX; y++) {
    for (let x = 0; x < SIZE_PX; x++) {
      const rgb = isGlyph(x, y) ? GLYPH_RGB : background;
      png.data.set([...rgb, 255], (y * SIZE_PX + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const properties = JSON.parse(readFileSync(join(root, 'apiProperties.json'), 'utf8'));
  const target = join(root, 'connector', 'icon.png');
  writeFileSync(target, drawIcon(String(properties.properties.iconBrandColor)));
  console.log(`wrote ${target}`);
}
