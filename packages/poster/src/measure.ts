/**
 * @module measure
 * Text measurement with real font metrics (issue 4, "Fit"; research notes §4.4): Liberation Sans, which is
 * metric-compatible with Arial, loaded with fontkit from the TTFs shipped in `fonts/` (SIL OFL 1.1). Line
 * breaking is greedy at spaces like PowerPoint/LibreOffice (no hyphenation); a word longer than a line is
 * broken by characters. Heights follow the OOXML text box model: insets, line height = size × spacing ×
 * (ascent + descent)/em, space before paragraphs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';

/** Font roles the poster uses. */
export type Face = 'regular' | 'bold';

interface Metrics {
  /** Advance of each code point in em. */
  adv: Map<number, number>;
  /** (ascent + descent) / unitsPerEm: the single-spaced line height in em. */
  lineEm: number;
  font: fontkit.Font;
}

const FONT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fonts');
const FILES: Record<Face, string> = {
  regular: 'LiberationSans-Regular.ttf',
  bold: 'LiberationSans-Bold.ttf',
};
const cache = new Map<Face, Metrics>();

/** Loads (once) the metrics of a face; throws a clear error when the font file is missing. */
function metrics(face: Face): Metrics {
  let m = cache.get(face);
  if (m) return m;
  let path = join(FONT_DIR, FILES[face]);
  if (!existsSync(path)) {
    const sys = join('/usr/share/fonts/truetype/liberation2', FILES[face]);
    if (!existsSync(sys))
      throw new Error(
        `font ${FILES[face]} not found in ${FONT_DIR} nor ${sys}; install Debian fonts-liberation2`,
      );
    path = sys;
  }
  const font = fontkit.openSync(path) as fontkit.Font;
  m = {
    adv: new Map(),
    lineEm: (font.ascent - font.descent) / font.unitsPerEm,
    font,
  };
  cache.set(face, m);
  return m;
}

/** Width of `text` in points at `size` pt (advance widths, kerning ignored: never narrower than shaped). */
export function textWidth(text: string, size: number, face: Face = 'regular'): number {
  const m = metrics(face);
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    let a = m.adv.get(cp);
    if (a === undefined) {
      const g = m.font.glyphForCodePoint(cp);
      a = (g?.advanceWidth ?? m.font.unitsPerEm * 0.6) / m.font.unitsPerEm;
      m.adv.set(cp, a);
    }
    em += a;
  }
  return em * size;
}

/**
 * Single-spaced line height used for fitting, in em: the larger of the font's (ascent + descent) and 1.2,
 * the pitch LibreOffice 7.4 was measured to use for 100 % spacing of Liberation Sans in a .pptx (30 pt
 * text: baselines 36 pt apart), which is also PowerPoint's single spacing.
 */
export function lineHeightEm(face: Face = 'regular'): number {
  return Math.max(metrics(face).lineEm, 1.2);
}

/** Greedy line breaking at spaces; returns the lines. */
export function wrap(text: string, width: number, size: number, face: Face = 'regular'): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let cur = '';
  const space = textWidth(' ', size, face);
  let curW = 0;
  for (const word of words) {
    const w = textWidth(word, size, face);
    if (cur === '') {
      if (w <= width) {
        cur = word;
        curW = w;
        continue;
      }
    } else if (curW + space + w <= width) {
      cur += ` ${word}`;
      curW += space + w;
      continue;
    } else {
      lines.push(cur);
      cur = '';
      curW = 0;
      if (w <= width) {
        cur = word;
        curW = w;
        continue;
      }
    }
    // A word wider than the line: break it by characters.
    let piece = '';
    for (const ch of word) {
      if (piece !== '' && textWidth(piece + ch, size, face) > width) {
        lines.push(piece);
        piece = '';
      }
      piece += ch;
    }
    cur = piece;
    curW = textWidth(piece, size, face);
  }
  if (cur !== '') lines.push(cur);
  return lines;
}

/** A paragraph to measure. */
export interface ParaSpec {
  text: string;
  bullet: boolean;
}

/** Typographic settings of one text box (all lengths in points). */
export interface BoxStyle {
  size: number;
  face: Face;
  /** Line spacing multiple (1 = single). */
  spacing: number;
  /** Space before each paragraph but the first, as a multiple of the font size. */
  paraSpace: number;
  /** Left indent of bulleted paragraphs (pt). */
  bulletIndent: number;
  /** Text box insets (pt): left+right, top+bottom. */
  insetX: number;
  insetY: number;
}

/** Safety factor on measured widths: LibreOffice/PowerPoint hinting differs by a few per cent. */
export const WIDTH_SAFETY = 0.95;

/** Height in points that `paras` need in a box `widthPt` wide, and their line counts. */
export function measureParas(
  paras: readonly ParaSpec[],
  widthPt: number,
  st: BoxStyle,
): { height: number; lines: number[]; widest: number } {
  const lineH = st.size * st.spacing * lineHeightEm(st.face);
  let h = st.insetY;
  const lines: number[] = [];
  let widest = 0;
  paras.forEach((p, i) => {
    const avail = (widthPt - st.insetX - (p.bullet ? st.bulletIndent : 0)) * WIDTH_SAFETY;
    const ls = wrap(p.text, avail, st.size, st.face);
    for (const l of ls) widest = Math.max(widest, textWidth(l, st.size, st.face));
    lines.push(ls.length);
    h += ls.length * lineH + (i > 0 ? st.paraSpace * st.size : 0);
  });
  return { height: h, lines, widest };
}
