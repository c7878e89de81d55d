/**
 * @module compose
 * Planning and fitting (arXiv:2505.21497 §3.2–3.3, research notes §1.9 steps 2–5): groups sections into
 * ≤ 8 panels in paper order, puts each figure in the panel of the section that first mentions it, lays the
 * panels out with the binary split of `layout.ts`, then fits text with real font metrics: one body size
 * for the whole poster (the largest in the readable range at which every panel's target bullets fit),
 * lowest-ranked bullets trimmed last at the minimum size, a section's mandatory bullets never dropped,
 * leftover height handed to the figures. Output: a list of named elements in inches, ready to render.
 */

import { inset, type PosterSize, splitLayout } from './layout.js';
import { type BoxStyle, lineHeightEm, measureParas, type ParaSpec, textWidth, wrap } from './measure.js';
import type { Box, Figure, Paper } from './types.js';
import { type Bullet, byRank, type Draft } from './write.js';

/** Colours of a theme (hex RRGGBB). */
export interface Theme {
  name: string;
  background: string;
  band: string;
  bandText: string;
  header: string;
  headerText: string;
  panel: string;
  border: string;
  text: string;
  caption: string;
}

/** Built-in themes. */
export const THEMES: Record<string, Theme> = {
  classic: {
    name: 'classic',
    background: 'EEF2F7',
    band: '1F3A5F',
    bandText: 'FFFFFF',
    header: '2F5597',
    headerText: 'FFFFFF',
    panel: 'FFFFFF',
    border: 'B8C4D6',
    text: '1A1A1A',
    caption: '404040',
  },
  forest: {
    name: 'forest',
    background: 'F1F5F0',
    band: '1E4D2B',
    bandText: 'FFFFFF',
    header: '2E7D4F',
    headerText: 'FFFFFF',
    panel: 'FFFFFF',
    border: 'B9CDBE',
    text: '1A1A1A',
    caption: '404040',
  },
  mono: {
    name: 'mono',
    background: 'FFFFFF',
    band: '222222',
    bandText: 'FFFFFF',
    header: 'E6E6E6',
    headerText: '111111',
    panel: 'FFFFFF',
    border: '999999',
    text: '111111',
    caption: '333333',
  },
};

/** A paragraph of a text element. */
export interface Para {
  text: string;
  bullet: boolean;
  bold: boolean;
  size: number;
  color: string;
  align: 'left' | 'center';
}

/** One shape of the poster. Boxes in inches from the slide's top-left. */
export interface Element {
  name: string;
  kind: 'rect' | 'text' | 'image';
  box: Box;
  fill?: string;
  line?: { color: string; widthPt: number };
  paras?: Para[];
  style?: BoxStyle & { valign: 'top' | 'middle' };
  png?: Uint8Array;
  /** For text: the height (in) its measured content needs. */
  neededH?: number;
}

/** A panel of the plan. */
export interface PanelPlan {
  index: number;
  /** Indices into paper.sections, in order. */
  sections: number[];
  title: string;
  box: Box;
  figures: string[];
  bullets: number;
  words: number;
}

/** The composed poster. */
export interface Poster {
  size: PosterSize;
  theme: Theme;
  elements: Element[];
  panels: PanelPlan[];
  fonts: { title: number; authors: number; header: number; body: number; caption: number };
  /** Bullets that had to be shortened because even the mandatory text did not fit at the minimum size. */
  truncated: number;
  /** Figures mentioned in the paper but left off the poster (at most two per panel). */
  figuresLeftOut: string[];
}

/** Options of {@link composePoster}. */
export interface ComposeOptions {
  size: PosterSize;
  theme?: Theme;
  maxPanels?: number;
  /** Re-fit rounds of the verifier: each lowers the size ceilings and tightens the width budget. */
  tighten?: number;
}

const PT = 72;

/** Groups sections into at most `max` runs, merging the adjacent pair with the least text each time. */
export function groupSections(lengths: readonly number[], max: number): number[][] {
  const groups = lengths.map((_, i) => [i]);
  const len = (g: number[]) => g.reduce((s, i) => s + (lengths[i] as number), 0);
  while (groups.length > max) {
    let best = 0;
    let bestLen = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < groups.length; i++) {
      // Keep the last section (the conclusion) on its own.
      if (i + 1 === groups.length - 1) continue;
      const l = len(groups[i] as number[]) + len(groups[i + 1] as number[]);
      if (l < bestLen) [best, bestLen] = [i, l];
    }
    groups.splice(best, 2, [...(groups[best] as number[]), ...(groups[best + 1] as number[])]);
  }
  return groups;
}

const words = (t: string) => t.split(/\s+/).filter((w) => w.length > 0).length;

function bodyStyle(size: number, tighten: number): BoxStyle {
  return {
    size,
    face: 'regular',
    spacing: 1,
    paraSpace: 0.45,
    bulletIndent: Math.round(size * 0.9),
    insetX: 2 * 7.2,
    insetY: 2 * 3.6 + tighten * 2,
  };
}

/** Caption text as printed under the figure. */
export function captionText(f: Figure): string {
  return `${f.kind === 'table' ? 'Table' : 'Figure'} ${f.number}. ${f.caption}`;
}

/** Trims text at a word boundary so it wraps into at most `maxLines`, ending with an ellipsis. */
function clampLines(text: string, widthPt: number, st: BoxStyle, maxLines: number): string {
  const avail = (widthPt - st.insetX) * 0.95;
  if (wrap(text, avail, st.size, st.face).length <= maxLines) return text;
  const ws = text.split(' ');
  let lo = 1;
  let hi = ws.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const t = `${ws.slice(0, mid).join(' ')}…`;
    if (wrap(t, avail, st.size, st.face).length <= maxLines) lo = mid;
    else hi = mid - 1;
  }
  return `${ws
    .slice(0, lo)
    .join(' ')
    .replace(/[,;:]$/, '')}…`;
}

/** Composes the poster from the parsed paper and the drafted bullets. */
export function composePoster(paper: Paper, draft: Draft, opts: ComposeOptions): Poster {
  const { size } = opts;
  const theme = opts.theme ?? (THEMES.classic as Theme);
  const tighten = opts.tighten ?? 0;
  const W = size.w;
  const H = size.h;
  const s = Math.sqrt((W * H) / (48 * 36));
  const margin = 0.6 * s;
  const gutter = 0.4 * s;
  const elements: Element[] = [];
  elements.push({
    name: 'background',
    kind: 'rect',
    box: { x: 0, y: 0, w: W, h: H },
    fill: theme.background,
  });

  // ---- title band: title ≤ 2 lines at the largest size in [60s, 96s], authors and affiliations below ----
  const bandInnerW = (W - 2 * margin) * PT;
  let titleSize = Math.round(96 * s);
  const titleMin = Math.round(60 * s);
  const titleStyle = (sz: number): BoxStyle => ({ ...bodyStyle(sz, tighten), face: 'bold', paraSpace: 0 });
  while (
    titleSize > titleMin &&
    (measureParas([{ text: paper.title, bullet: false }], bandInnerW, titleStyle(titleSize))
      .lines[0] as number) > 2
  )
    titleSize -= 2;
  const authorsText = paper.authors.join(', ');
  const affText = paper.affiliations.join(' · ');
  let authSize = Math.max(Math.round(28 * s), Math.min(Math.round(44 * s), Math.round(titleSize * 0.5)));
  const authParas = (_sz: number): ParaSpec[] =>
    [authorsText, affText].filter((t) => t.length > 0).map((t) => ({ text: t, bullet: false }));
  while (
    authSize > Math.round(24 * s) &&
    measureParas(authParas(authSize), bandInnerW, bodyStyle(authSize, tighten)).lines.some((n) => n > 2)
  )
    authSize -= 2;
  const tMeas = measureParas([{ text: paper.title, bullet: false }], bandInnerW, titleStyle(titleSize));
  const aMeas = measureParas(authParas(authSize), bandInnerW, {
    ...bodyStyle(authSize, tighten),
    paraSpace: 0.2,
  });
  const titleH = tMeas.height / PT + 0.05 * s;
  const authH = aMeas.height / PT + 0.05 * s;
  const bandH = margin + titleH + 0.15 * s + authH + margin * 0.8;
  elements.push({ name: 'title-band', kind: 'rect', box: { x: 0, y: 0, w: W, h: bandH }, fill: theme.band });
  const titleBox = { x: margin, y: margin, w: W - 2 * margin, h: titleH };
  elements.push({
    name: 'title',
    kind: 'text',
    box: titleBox,
    paras: [
      {
        text: paper.title,
        bullet: false,
        bold: true,
        size: titleSize,
        color: theme.bandText,
        align: 'center',
      },
    ],
    style: { ...titleStyle(titleSize), valign: 'middle' },
    neededH: tMeas.height / PT,
  });
  const authBox = { x: margin, y: margin + titleH + 0.15 * s, w: W - 2 * margin, h: authH };
  elements.push({
    name: 'authors',
    kind: 'text',
    box: authBox,
    paras: authParas(authSize).map((p, i) => ({
      text: p.text,
      bullet: false,
      bold: false,
      size: i === 0 ? authSize : authSize,
      color: theme.bandText,
      align: 'center',
    })),
    style: { ...bodyStyle(authSize, tighten), paraSpace: 0.2, valign: 'middle' },
    neededH: aMeas.height / PT,
  });

  // ---- panels: sections grouped in order; figures by first mention, ≤ 2 per panel ----
  const secLen = paper.sections.map((x) => x.sentences.reduce((a, b) => a + b.text.length, 0));
  const groups = groupSections(secLen, opts.maxPanels ?? 8);
  const figsById = new Map(paper.figures.map((f) => [f.id, f]));
  const figsLeftOut: string[] = [];
  const panelFigs: Figure[][] = groups.map(() => []);
  for (const f of paper.figures) {
    if (f.firstMention < 0 || !f.png) continue;
    const gi = groups.findIndex((g) => g.includes(f.firstMention));
    const list = panelFigs[gi] as Figure[];
    if (list.length < 2) list.push(f);
    else figsLeftOut.push(f.id);
  }
  // Within a panel, show figures in order of first mention (figures before tables when tied).
  for (const list of panelFigs)
    list.sort((a, b) => (a.kind === b.kind ? a.number - b.number : a.kind === 'figure' ? -1 : 1));
  const cands: Bullet[][] = groups.map((g) =>
    byRank(g.flatMap((si) => (draft.bullets[si] ?? []).map((b) => ({ ...b, order: b.order + si * 10_000 })))),
  );
  // Word budget per panel ∝ √(section length): long sections get more, short ones are not starved.
  const totalWords = 760 * s * s;
  const wts = groups.map((g) => Math.sqrt(g.reduce((a, i) => a + (secLen[i] as number), 0) + 1));
  const wsum = wts.reduce((a, b) => a + b, 0);
  const budget = wts.map((x) => Math.max(35, (totalWords * x) / wsum));
  const targets: Bullet[][] = cands.map((c, gi) => {
    const out: Bullet[] = [];
    let n = 0;
    for (const b of c) {
      if (!b.mandatory && (out.length >= 5 || n + words(b.text) > (budget[gi] as number))) continue;
      out.push(b);
      n += words(b.text);
    }
    return out;
  });
  const tChars = targets.map((t) => t.reduce((a, b) => a + b.text.length, 0) + 1);
  const tcs = tChars.reduce((a, b) => a + b, 0);
  const fArea = panelFigs.map((fs) => fs.reduce((a, f) => a + f.box.w * f.box.h, 0));
  const fas = fArea.reduce((a, b) => a + b, 0);
  const specs = groups.map((_, gi) => ({
    tp: (tChars[gi] as number) / tcs,
    gp: fas > 0 ? (fArea[gi] as number) / fas : 0,
  }));
  const area: Box = {
    x: margin - gutter / 2,
    y: bandH + gutter / 2 + 0.2 * s,
    w: W - 2 * margin + gutter,
    h: H - bandH - margin - 0.2 * s,
  };
  const boxes = splitLayout(specs, area, { minW: Math.max(9 * s, 0.17 * W), minH: 0.14 * H }).map((b) =>
    inset(b, gutter / 2),
  );

  // ---- inside each panel: header bar, text box, figure cells ----
  const headerSize = Math.round(48 * s) - tighten;
  const bodyMax = Math.round(40 * s) - 2 * tighten;
  const bodyMin = Math.max(Math.round(28 * s) - tighten, Math.round(20 * s));
  const capMax = Math.round(28 * s) - tighten;
  const capMin = Math.round(20 * s);
  const pad = 0.3 * s;
  interface Inner {
    header: Box;
    headerSize: number;
    content: Box;
    side: boolean;
    textBox: Box;
    figRegion: Box;
  }
  const inner: Inner[] = boxes.map((b, gi) => {
    const title = (groups[gi] ?? []).map((si) => draft.titles[si] ?? '').join(' & ');
    let hs = headerSize;
    const hst = (sz: number): BoxStyle => ({ ...bodyStyle(sz, tighten), face: 'bold', paraSpace: 0 });
    while (
      hs > Math.round(32 * s) &&
      (measureParas([{ text: title, bullet: false }], b.w * PT, hst(hs)).lines[0] as number) > 1
    )
      hs -= 2;
    const hh = measureParas([{ text: title, bullet: false }], b.w * PT, hst(hs)).height / PT + 0.2 * s;
    const header = { x: b.x, y: b.y, w: b.w, h: hh };
    const content = { x: b.x + pad, y: b.y + hh + pad * 0.6, w: b.w - 2 * pad, h: b.h - hh - pad * 1.6 };
    const figs = panelFigs[gi] as Figure[];
    if (figs.length === 0)
      return {
        header,
        headerSize: hs,
        content,
        side: false,
        textBox: content,
        figRegion: { ...content, h: 0, y: content.y + content.h },
      };
    const sp = specs[gi] as { tp: number; gp: number };
    // Figures beside the text in a wide panel, below it otherwise.
    const side = content.w / content.h > 1.7;
    if (side) {
      const f = Math.min(0.62, Math.max(0.35, sp.gp / (sp.gp + sp.tp + 1e-9)));
      const tw = content.w * (1 - f) - pad / 2;
      return {
        header,
        headerSize: hs,
        content,
        side,
        textBox: { ...content, w: tw },
        figRegion: { x: content.x + tw + pad, y: content.y, w: content.w - tw - pad, h: content.h },
      };
    }
    // Stacked: the figures' natural height at full width (plus captions) decides the split, capped at
    // 62 % of the panel; a wide table then leaves its room to the text instead of to white space.
    const wideRow = figs.length > 1 && content.w / (0.45 * content.h) > 1.6;
    const cellW = wideRow ? content.w / figs.length - pad / 2 : content.w;
    const blocks = figs.map((fg) => {
      const capH =
        measureParas([{ text: captionText(fg), bullet: false }], cellW * PT, {
          ...bodyStyle(capMax, tighten),
          paraSpace: 0,
        }).height / PT;
      return (cellW * 0.96) / (fg.pxW / Math.max(1, fg.pxH)) + capH + 0.1 * s;
    });
    const natural = wideRow
      ? Math.max(...blocks)
      : blocks.reduce((a, b) => a + b, 0) + (figs.length - 1) * (pad / 2);
    const figH = Math.min(0.62 * content.h, Math.max(0.25 * content.h, natural));
    const th = content.h - figH - pad / 2;
    return {
      header,
      headerSize: hs,
      content,
      side,
      textBox: { ...content, h: th },
      figRegion: { x: content.x, y: content.y + th + pad / 2, w: content.w, h: content.h - th - pad / 2 },
    };
  });

  // ---- one body size for the poster: the largest at which every panel's target bullets fit ----
  const paras = (bs: readonly Bullet[]) =>
    [...bs].sort((a, b) => a.order - b.order).map((b) => ({ text: b.text, bullet: true }));
  const fits = (bs: readonly Bullet[], box: Box, sz: number) =>
    measureParas(paras(bs), box.w * PT, bodyStyle(sz, tighten)).height <= box.h * PT;
  let body = bodyMax;
  for (; body > bodyMin; body--) {
    if (targets.every((t, gi) => fits(t, (inner[gi] as Inner).textBox, body))) break;
  }
  // At that size, fill each panel greedily in rank order (adds the next-best bullets while they fit,
  // skips those that do not): the lowest-ranked are the ones left out.
  let truncated = 0;
  const chosen: Bullet[][] = cands.map((c, gi) => {
    const box = (inner[gi] as Inner).textBox;
    const out: Bullet[] = [];
    let n = 0;
    const cap = Math.min(8, Math.max(5, (targets[gi] as Bullet[]).length + 2));
    for (const b of c.slice(0, 24)) {
      if (out.length >= cap) break;
      if (!b.mandatory && n + words(b.text) > (budget[gi] as number) * 1.4) continue;
      if (fits([...out, b], box, body)) {
        out.push(b);
        n += words(b.text);
      } else if (b.mandatory) {
        // Even a mandatory bullet does not fit at the minimum size: shorten it rather than overflow.
        const avail = box.h * PT - measureParas(paras(out), box.w * PT, bodyStyle(body, tighten)).height;
        const lineH = body * lineHeightEm('regular');
        const maxLines = Math.max(1, Math.floor((avail - body * 0.45 - 8) / lineH));
        const t = clampLines(b.text, box.w * PT - Math.round(body * 0.9), bodyStyle(body, tighten), maxLines);
        const nb = { ...b, text: t };
        if (fits([...out, nb], box, body)) {
          out.push(nb);
          truncated++;
        }
      }
    }
    return out;
  });

  // ---- captions and figure cells; text box shrunk to its content, figures take the rest ----
  let capSize = capMax;
  const panels: PanelPlan[] = [];
  boxes.forEach((b, gi) => {
    const inn = inner[gi] as Inner;
    const figs = panelFigs[gi] as Figure[];
    const bs = chosen[gi] as Bullet[];
    const title = (groups[gi] ?? []).map((si) => draft.titles[si] ?? '').join(' & ');
    const pname = `panel-${gi + 1}`;
    elements.push({
      name: pname,
      kind: 'rect',
      box: b,
      fill: theme.panel,
      line: { color: theme.border, widthPt: 1.5 * s },
    });
    elements.push({ name: `${pname}-header-bar`, kind: 'rect', box: inn.header, fill: theme.header });
    elements.push({
      name: `${pname}-title`,
      kind: 'text',
      box: inn.header,
      paras: [
        {
          text: title,
          bullet: false,
          bold: true,
          size: inn.headerSize,
          color: theme.headerText,
          align: 'left',
        },
      ],
      style: {
        ...bodyStyle(inn.headerSize, tighten),
        face: 'bold',
        paraSpace: 0,
        insetX: 2 * 0.3 * s * PT,
        valign: 'middle',
      },
    });
    const st = bodyStyle(body, tighten);
    const need = measureParas(paras(bs), inn.textBox.w * PT, st).height / PT;
    let textBox = inn.textBox;
    let figRegion = inn.figRegion;
    if (figs.length > 0 && !inn.side) {
      const th = Math.min(inn.textBox.h, need + 0.05 * s);
      textBox = { ...inn.textBox, h: th };
      const y = textBox.y + th + pad / 2;
      figRegion = { ...inn.figRegion, y, h: inn.content.y + inn.content.h - y };
    }
    elements.push({
      name: `${pname}-body`,
      kind: 'text',
      box: textBox,
      paras: paras(bs).map((p) => ({
        ...p,
        bold: false,
        size: body,
        color: theme.text,
        align: 'left' as const,
      })),
      style: { ...st, valign: 'top' },
      neededH: need,
    });
    // Figures: in a row when the region is wide enough, else stacked; natural size (width-limited),
    // scaled down together when they do not fit, placed right under the text.
    const n = figs.length;
    if (n > 0) {
      const wide = n > 1 && figRegion.w / figRegion.h > 1.6;
      const cw = wide ? (figRegion.w - (n - 1) * (pad / 2)) / n : figRegion.w;
      const cst = (sz: number): BoxStyle => ({ ...bodyStyle(sz, tighten), paraSpace: 0 });
      const items = figs.map((f) => {
        let cs = capSize;
        let cap = captionText(f);
        while (
          cs > capMin &&
          (measureParas([{ text: cap, bullet: false }], cw * PT, cst(cs)).lines[0] as number) > 3
        )
          cs--;
        cap = clampLines(cap, cw * PT, cst(cs), 3);
        capSize = Math.min(capSize, cs);
        const capH = measureParas([{ text: cap, bullet: false }], cw * PT, cst(cs)).height / PT;
        const aspect = f.pxW / Math.max(1, f.pxH);
        return { f, cap, cs, capH, aspect, iw: cw * 0.96, ih: (cw * 0.96) / aspect };
      });
      const gapY = 0.1 * s;
      const blockH = () =>
        wide
          ? Math.max(...items.map((it) => it.ih + gapY + it.capH))
          : items.reduce((a, it) => a + it.ih + gapY + it.capH, 0) + (n - 1) * (pad / 2);
      // Scale pictures (not captions) down until the block fits the region.
      const capsH = wide
        ? Math.max(...items.map((it) => it.capH + gapY))
        : items.reduce((a, it) => a + it.capH + gapY, 0) + (n - 1) * (pad / 2);
      const picsH = blockH() - capsH;
      if (blockH() > figRegion.h && picsH > 0) {
        const k = Math.max(0.05, (figRegion.h - capsH) / picsH);
        for (const it of items) {
          it.ih *= k;
          it.iw *= k;
        }
      }
      // Directly under the text: spare height, if any, stays at the bottom of the panel.
      let y = figRegion.y;
      items.forEach((it, k) => {
        const cx = wide ? figRegion.x + k * (cw + pad / 2) : figRegion.x;
        const rowY = y;
        elements.push({
          name: `${pname}-${it.f.id}`,
          kind: 'image',
          box: { x: cx + (cw - it.iw) / 2, y: rowY, w: it.iw, h: it.ih },
          png: it.f.png as Uint8Array,
        });
        elements.push({
          name: `${pname}-${it.f.id}-caption`,
          kind: 'text',
          box: { x: cx, y: rowY + it.ih + gapY, w: cw, h: it.capH },
          paras: [
            { text: it.cap, bullet: false, bold: false, size: it.cs, color: theme.caption, align: 'left' },
          ],
          style: { ...cst(it.cs), valign: 'top' },
          neededH: it.capH,
        });
        if (!wide) y += it.ih + gapY + it.capH + pad / 2;
      });
    }
    panels.push({
      index: gi,
      sections: groups[gi] as number[],
      title,
      box: b,
      figures: figs.map((f) => f.id),
      bullets: bs.length,
      words: bs.reduce((a, x) => a + words(x.text), 0),
    });
  });
  void figsById;
  void textWidth;
  return {
    size,
    theme,
    elements,
    panels,
    fonts: { title: titleSize, authors: authSize, header: headerSize, body, caption: capSize },
    truncated,
    figuresLeftOut: figsLeftOut,
  };
}
