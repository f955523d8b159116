/**
 * Chart spec → pictures: vega-lite compiles the spec to vega, vega renders it headless to an SVG
 * string, resvg rasterises the SVG to PNG. No canvas and no browser: the same bytes on every
 * machine, fonts included (resvg is given the DejaVu files shipped beside this module, because
 * with no font it can find it silently draws no text).
 */
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { parse, View, type Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT, PNG_SCALE } from './theme.ts';

export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(`./fonts/${f}`, import.meta.url)));

/** vega-lite → vega. Compiler warnings (a dropped encoding, a bad format) go to `warnings`. */
export function compileSpec(spec: TopLevelSpec, warnings: string[] = []): Spec {
  const say = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    return logger;
  };
  const logger = {
    level: () => 2,
    error: say,
    warn: say,
    info: () => logger,
    debug: () => logger,
  };
  return compile(spec, { logger: logger as never }).spec;
}

/** vega → SVG text, rendered without a DOM (`renderer: 'none'` builds the scenegraph only). */
export async function renderSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const view = new View(parse(compileSpec(spec, warnings)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

export interface Raster {
  /** RGBA, row by row. */
  pixels: Buffer;
  width: number;
  height: number;
}

function draw(svg: string, scale: number) {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  return resvg.render();
}

/** SVG → PNG at `scale` times the SVG's size, text drawn with the shipped DejaVu fonts only. */
export function renderPng(svg: string, scale = PNG_SCALE): Png {
  const image = draw(svg, scale);
  return { data: image.asPng(), width: image.width, height: image.height };
}

/** SVG → raw pixels, for tests that look at what was drawn. */
export function rasterize(svg: string, scale = PNG_SCALE): Raster {
  const image = draw(svg, scale);
  return { pixels: image.pixels, width: image.width, height: image.height };
}
