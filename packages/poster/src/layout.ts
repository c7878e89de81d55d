/**
 * @module layout
 * The Planner of arXiv:2505.21497 §3.2 as a deterministic, memoised recursive binary split
 * (`tree_split_layout.py` in the released code; research notes §1.4): panels stay in paper order because
 * only contiguous runs of sections are grouped and the first run goes top/left; the split ratio is the
 * run's share of predicted panel area sp; the cost is the log-scale aspect error |ln((w/h)/rp)| (the
 * released code uses |rp − w/h|, which over-punishes wide panels) plus penalties below minimum widths and
 * heights. Priors refit on the 79 posters of Qiang et al. 2016 (research notes §1.4):
 *   sp = 0.3094·tp + 0.3204·gp + 0.0231,   rp = 2.849 − 2.594·tp − 2.654·gp   (rp ≥ 0.05, sp ≥ 0.01),
 * with tp the panel's text share and gp its figure-area share.
 */
import type { Box } from './types.js';

/** Poster size in inches. */
export interface PosterSize {
  w: number;
  h: number;
  label: string;
}

const PRESETS: Record<string, [number, number]> = {
  '48x36in': [48, 36],
  '36x24in': [36, 24],
  '36x48in': [36, 48],
  '24x36in': [24, 36],
  a0: [841 / 25.4, 1189 / 25.4],
  'a0-portrait': [841 / 25.4, 1189 / 25.4],
  'a0-landscape': [1189 / 25.4, 841 / 25.4],
  a1: [594 / 25.4, 841 / 25.4],
  'a1-portrait': [594 / 25.4, 841 / 25.4],
  'a1-landscape': [841 / 25.4, 594 / 25.4],
};

/** Names accepted by {@link parseSize} besides `WxH<unit>`. */
export const SIZE_PRESETS = ['48x36in', '36x24in', 'A0', 'A0-landscape', 'A1', 'A1-landscape'] as const;

/** PowerPoint's largest slide side, in inches. */
export const MAX_SIDE_IN = 56;

/**
 * Parses a poster size: a preset (48x36in, 36x24in, A0, A0-landscape, A1, A1-landscape) or `WxH` with
 * a unit in, cm or mm (e.g. `1950x935mm`, `120x90cm`). Throws RangeError with the fix on bad input.
 */
export function parseSize(text: string): PosterSize {
  const t = text.trim().toLowerCase().replace(/\s+/g, '').replace('×', 'x');
  const p = PRESETS[t];
  let w: number;
  let h: number;
  if (p) [w, h] = p;
  else {
    const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|cm|mm|")$/.exec(t);
    if (!m)
      throw new RangeError(
        `--size '${text}' is not a size; use WxH with in, cm or mm (e.g. 48x36in, 120x90cm) or ${SIZE_PRESETS.join(', ')}`,
      );
    const f = m[3] === 'cm' ? 1 / 2.54 : m[3] === 'mm' ? 1 / 25.4 : 1;
    w = Number(m[1]) * f;
    h = Number(m[2]) * f;
  }
  if (w > MAX_SIDE_IN + 1e-9 || h > MAX_SIDE_IN + 1e-9)
    throw new RangeError(
      `--size '${text}' is ${w.toFixed(1)}×${h.toFixed(1)} in; PowerPoint slides are at most ${MAX_SIDE_IN} in per side`,
    );
  if (w < 8 || h < 8)
    throw new RangeError(`--size '${text}' is smaller than 8 in per side; posters need more room`);
  return { w, h, label: text };
}

/** Inputs of one panel to the planner. */
export interface PanelSpec {
  /** Text share tp (Σ = 1 over panels). */
  tp: number;
  /** Figure-area share gp (Σ = 1 over panels with figures, or all 0). */
  gp: number;
}

/** Predicted panel area share sp and aspect rp (refit priors above). */
export function priors(p: PanelSpec): { sp: number; rp: number } {
  return {
    sp: Math.max(0.01, 0.3094 * p.tp + 0.3204 * p.gp + 0.0231),
    rp: Math.max(0.05, 2.849 - 2.594 * p.tp - 2.654 * p.gp),
  };
}

/** Limits the split respects (inches). */
export interface SplitLimits {
  minW: number;
  minH: number;
}

/** Gutters closer than this (inches) line up for a reader (twice `readingOrder`'s tolerance). */
const GRID_TOL = 2e-3;

/**
 * Lays `panels` (in paper order) out in `area` by recursive binary splits; returns one box per panel.
 * Memoised on (first, last, width bucket): the cost of a run does not depend on where its rectangle sits.
 * Never stacks two rows whose vertical gutters line up (a grid reads column by column).
 */

export function splitLayout(panels: readonly PanelSpec[], area: Box, lim: SplitLimits): Box[] {
  const n = panels.length;
  if (n === 0) return [];
  const pr = panels.map(priors);
  const prefix = [0];
  for (const p of pr) prefix.push((prefix.at(-1) as number) + p.sp);
  type Plan = { cost: number; cut?: { at: number; vertical: boolean } };
  const memo = new Map<string, Plan>();
  const leafCost = (i: number, w: number, h: number): number => {
    const rp = (pr[i] as { rp: number }).rp;
    let c = Math.abs(Math.log(w / h / rp));
    if (w < lim.minW) c += 10 + (lim.minW - w);
    if (h < lim.minH) c += 10 + (lim.minH - h);
    return c;
  };
  const best = (i: number, j: number, w: number, h: number): Plan => {
    if (j - i === 1) return { cost: leafCost(i, w, h) };
    // A run's area is fixed (its sp share), so its width alone identifies the rectangle; widths are
    // bucketed at 0.5 % in log scale, which keeps the state space small (the placement still uses exact
    // ratios, so a bucketed plan only costs optimality, never validity).
    const key = `${i},${j},${Math.round(Math.log(w) * 200)}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const total = (prefix[j] as number) - (prefix[i] as number);
    let bestPlan: Plan = { cost: Number.POSITIVE_INFINITY };
    for (let k = i + 1; k < j; k++) {
      const ratio = ((prefix[k] as number) - (prefix[i] as number)) / total;
      // Vertical cut (columns) first: on ties the column layout wins, which reads naturally.
      for (const vertical of [true, false]) {
        // Rows whose vertical gutters line up form a grid, which a reader takes column by column
        // (readingOrder: on equal gutters the vertical cut wins), interleaving the rows' panels.
        if (!vertical && gridded([...rowsOf(i, k, w, h * ratio), ...rowsOf(k, j, w, h * (1 - ratio))]))
          continue;
        const c = vertical
          ? best(i, k, w * ratio, h).cost + best(k, j, w * (1 - ratio), h).cost
          : best(i, k, w, h * ratio).cost + best(k, j, w, h * (1 - ratio)).cost;
        if (c < bestPlan.cost - 1e-12) bestPlan = { cost: c, cut: { at: k, vertical } };
      }
    }
    memo.set(key, bestPlan);
    return bestPlan;
  };
  // Offsets (from the run's left edge) of the vertical lines that cut a run's planned rectangle cleanly
  // from top to bottom: a column cut and the clean lines of both columns; for rows, the lines clean in
  // both rows.
  const cleanX = (i: number, j: number, w: number, h: number): number[] => {
    if (j - i === 1) return [];
    const cut = best(i, j, w, h).cut;
    if (cut === undefined) return [];
    const ratio =
      ((prefix[cut.at] as number) - (prefix[i] as number)) / ((prefix[j] as number) - (prefix[i] as number));
    if (cut.vertical) {
      const x0 = w * ratio;
      return [
        x0,
        ...cleanX(i, cut.at, w * ratio, h),
        ...cleanX(cut.at, j, w * (1 - ratio), h).map((x) => x + x0),
      ];
    }
    const below = cleanX(cut.at, j, w, h * (1 - ratio));
    return cleanX(i, cut.at, w, h * ratio).filter((x) => below.some((y) => Math.abs(x - y) < GRID_TOL));
  };
  // A run's stack of rows (its chain of row cuts flattened), each as its clean vertical lines.
  const rowsOf = (i: number, j: number, w: number, h: number): number[][] => {
    const cut = j - i === 1 ? undefined : best(i, j, w, h).cut;
    if (cut === undefined || cut.vertical) return [cleanX(i, j, w, h)];
    const ratio =
      ((prefix[cut.at] as number) - (prefix[i] as number)) / ((prefix[j] as number) - (prefix[i] as number));
    return [...rowsOf(i, cut.at, w, h * ratio), ...rowsOf(cut.at, j, w, h * (1 - ratio))];
  };
  // A reader cuts a stack of rows below its top row first (equal gutters: the topmost), then looks at
  // the rest as a whole: the stack reads out of order when two or more consecutive bottom rows share a
  // clean vertical line.
  const gridded = (rows: number[][]): boolean => {
    let shared = rows.at(-1) ?? [];
    for (let r = rows.length - 2; r >= 0 && shared.length > 0; r--) {
      const row = rows[r] as number[];
      shared = shared.filter((x) => row.some((y) => Math.abs(x - y) < GRID_TOL));
      if (shared.length > 0) return true;
    }
    return false;
  };
  const out: Box[] = new Array(n);
  const place = (i: number, j: number, b: Box): void => {
    if (j - i === 1) {
      out[i] = b;
      return;
    }
    const plan = best(i, j, b.w, b.h);
    const cut = plan.cut as { at: number; vertical: boolean };
    const ratio =
      ((prefix[cut.at] as number) - (prefix[i] as number)) / ((prefix[j] as number) - (prefix[i] as number));
    if (cut.vertical) {
      place(i, cut.at, { x: b.x, y: b.y, w: b.w * ratio, h: b.h });
      place(cut.at, j, { x: b.x + b.w * ratio, y: b.y, w: b.w * (1 - ratio), h: b.h });
    } else {
      place(i, cut.at, { x: b.x, y: b.y, w: b.w, h: b.h * ratio });
      place(cut.at, j, { x: b.x, y: b.y + b.h * ratio, w: b.w, h: b.h * (1 - ratio) });
    }
  };
  place(0, n, area);
  return out;
}

/** Shrinks a box by `g` on every side. */
export function inset(b: Box, g: number): Box {
  return { x: b.x + g, y: b.y + g, w: Math.max(0, b.w - 2 * g), h: Math.max(0, b.h - 2 * g) };
}

/**
 * Reading order of a guillotine partition recovered from geometry alone: cut along the widest clean
 * gutter — vertical (columns, read left to right) or horizontal (read top to bottom) — and recurse.
 * Returns the indices of `boxes` in reading order (boxes that admit no cut are read top-left first).
 */
export function readingOrder(boxes: readonly Box[], eps = 1e-3): number[] {
  const B = (i: number) => boxes[i] as Box;
  const rec = (idx: number[]): number[] => {
    if (idx.length <= 1) return idx;
    // Among all clean cuts (clean within eps), follow the widest gutter (a reader sees the widest white
    // line first); on a tie the vertical cut wins (columns). Gutters are compared exactly (up to
    // floating-point noise), not within eps: two columns split at y and y + 0.0006 look like a grid
    // within eps, but their shared vertical gutter (gap 0) is cleaner than the offset horizontal one
    // (−0.0006), and reading rows first there would interleave the columns.
    let best: { a: number[]; b: number[]; gap: number } | undefined;
    for (const vertical of [true, false]) {
      const lo = (i: number) => (vertical ? B(i).x : B(i).y);
      const hi = (i: number) => (vertical ? B(i).x + B(i).w : B(i).y + B(i).h);
      const cuts = [...new Set(idx.map(hi))].sort((p, q) => p - q);
      for (const c of cuts) {
        const a = idx.filter((i) => hi(i) <= c + eps);
        const b = idx.filter((i) => lo(i) >= c - eps);
        if (a.length === 0 || b.length === 0 || a.length + b.length !== idx.length) continue;
        const gap = Math.min(...b.map(lo)) - Math.max(...a.map(hi));
        if (!best || gap > best.gap + 1e-9) best = { a, b, gap };
      }
    }
    if (best) return [...rec(best.a), ...rec(best.b)];
    return [...idx].sort((p, q) => B(p).y - B(q).y || B(p).x - B(q).x);
  };
  return rec(boxes.map((_, i) => i));
}

/** Kendall's τ between an order and the identity (1 = same order, −1 = reversed). */
export function kendallTau(order: readonly number[]): number {
  const n = order.length;
  if (n < 2) return 1;
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) s += Math.sign((order[j] as number) - (order[i] as number));
  return s / ((n * (n - 1)) / 2);
}

/** Whether two boxes overlap by more than `eps` in both directions. */
export function overlaps(a: Box, b: Box, eps = 1e-3): boolean {
  return (
    Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > eps &&
    Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > eps
  );
}

/** Whether `inner` lies inside `outer` (tolerance `eps`). */
export function inside(inner: Box, outer: Box, eps = 1e-3): boolean {
  return (
    inner.x >= outer.x - eps &&
    inner.y >= outer.y - eps &&
    inner.x + inner.w <= outer.x + outer.w + eps &&
    inner.y + inner.h <= outer.y + outer.h + eps
  );
}
