/** Icon rules: a 230×230 opaque PNG whose background is iconBrandColor (docs/power-platform.md#certification-rules). */
import { PNG } from 'pngjs';
import { ICON_BACKGROUND_FRAME_PX, ICON_SIZE_PX } from '../constants';
import type { RuleGroup } from '../context';
import { objectOr } from '../json-value';

/** Checks icon.png when one was found. */
export const iconRules: RuleGroup = ({ icon, properties, sinks }) => {
  if (icon === undefined) return;
  const out = sinks.icon;
  let png: PNG;
  try {
    png = PNG.sync.read(icon);
  } catch (error) {
    out.add('', 'IconNotPng', `icon.png cannot be read as PNG: ${(error as Error).message}.`);
    return;
  }
  if (png.width !== ICON_SIZE_PX || png.height !== ICON_SIZE_PX)
    out.add(
      '',
      'IconSizeNotValid',
      `icon.png is ${png.width}×${png.height}; it must be ${ICON_SIZE_PX}×${ICON_SIZE_PX}.`,
    );
  let transparent = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) transparent++;
  if (transparent > 0) out.add('', 'IconNotOpaque', `icon.png has ${transparent} pixels that are not fully opaque.`);
  const color = String(objectOr(properties.properties).iconBrandColor ?? '');
  if (/^#[0-9a-f]{6}$/i.test(color)) {
    const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    // The frame around the centred logo is background, so every pixel of it carries the brand colour.
    const frame = Math.min(ICON_BACKGROUND_FRAME_PX, png.width >> 1, png.height >> 1);
    const inFrame = (x: number, y: number): boolean =>
      x < frame || y < frame || x >= png.width - frame || y >= png.height - frame;
    for (let pixel = 0; pixel < png.width * png.height; pixel++) {
      const [x, y] = [pixel % png.width, Math.floor(pixel / png.width)];
      const got = [0, 1, 2].map((c) => png.data[pixel * 4 + c]);
      if (inFrame(x, y) && got.some((v, c) => v !== want[c])) {
        out.add(
          '',
          'IconColorMismatch',
          `icon.png's background at (${x}, ${y}) is rgb(${got.join(',')}), not iconBrandColor ${color}; keep the outer ${frame} px plain.`,
        );
        break;
      }
    }
  }
};
