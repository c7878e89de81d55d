/**
 * @module net/lp
 * The exact fallback of network realisation (issue 7 item 3, "a max-margin refit of the optimal
 * labelling with an LP solver"): given the sign every training row must get from one unit, solve
 *   minimise ‖w‖₁  subject to  y_i (w·z_i + b) ≥ 1
 * with HiGHS (WebAssembly) in centred, per-feature scaled coordinates z = (x − c) / s. The ‖w‖₁
 * objective makes the margin 1 as large as possible relative to the weights (max-margin in the dual
 * ∞-norm), so float64 rounding of the result cannot flip a row. The LP is feasible whenever the sign
 * pattern is strictly realisable by a hyperplane, which the exact search guarantees for its routing.
 */
import type { Highs } from 'highs';
import * as highsModule from 'highs';

// `highs` ships CommonJS typings over an ESM build whose default export is the loader. The runtime is
// loaded once, at import (about 60 ms), so that realisation can stay synchronous.
const load = (highsModule as unknown as { default: () => Promise<Highs> }).default;
const runtime: Highs = await load();

/**
 * A hyperplane (w, b) with y_i (w·x_i + b) ≥ margin > 0 for every listed row, by the L1 max-margin LP,
 * in the data's own coordinates; `null` when HiGHS finds no such plane (the pattern is not strictly
 * separable) or fails.
 * @param x row-major coordinates, d per row
 * @param rows the constrained rows
 * @param y the sign each listed row must get (+1 / −1), aligned with `rows`
 * @example separateLp(Float64Array.of(0, 1), 1, Int32Array.of(0, 1), Int8Array.of(-1, 1)) //=> { w: [2], b: -1 }
 */
export function separateLp(
  x: Float64Array | readonly number[],
  d: number,
  rows: Int32Array,
  y: Int8Array,
): { w: number[]; b: number } | null {
  const m = rows.length;
  if (m === 0) return { w: new Array<number>(d).fill(0), b: -1 };
  // Conditioning: centre on the rows' mean, scale each feature to [−1, 1].
  const cen = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const p of rows)
    for (let j = 0; j < d; j++) cen[j] = (cen[j] as number) + (x[p * d + j] as number) / m;
  for (const p of rows)
    for (let j = 0; j < d; j++)
      scale[j] = Math.max(scale[j] as number, Math.abs((x[p * d + j] as number) - (cen[j] as number)));
  for (let j = 0; j < d; j++) if ((scale[j] as number) === 0) scale[j] = 1;
  // Columns: w⁺ (d), w⁻ (d), b (free). Rows: one margin constraint per listed row.
  const cols = 2 * d + 1;
  const starts = new Int32Array(m + 1);
  const indices = new Int32Array(m * cols);
  const values = new Float64Array(m * cols);
  for (let i = 0; i < m; i++) {
    const p = rows[i] as number;
    const yi = y[i] as number;
    for (let j = 0; j < d; j++) {
      const z = ((x[p * d + j] as number) - (cen[j] as number)) / (scale[j] as number);
      indices[i * cols + j] = j;
      values[i * cols + j] = yi * z;
      indices[i * cols + d + j] = d + j;
      values[i * cols + d + j] = -yi * z;
    }
    indices[i * cols + 2 * d] = 2 * d;
    values[i * cols + 2 * d] = yi;
    starts[i + 1] = (i + 1) * cols;
  }
  const inf = runtime.infinity;
  const colCost = new Float64Array(cols).fill(1);
  colCost[2 * d] = 0;
  const colLower = new Float64Array(cols);
  colLower[2 * d] = -inf;
  const model = runtime.createModel({
    numCols: cols,
    numRows: m,
    colCost,
    colLower,
    colUpper: new Float64Array(cols).fill(inf),
    rowLower: new Float64Array(m).fill(1),
    rowUpper: new Float64Array(m).fill(inf),
    matrix: { format: 'csr' as const, numRows: m, numCols: cols, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    if (model.getModelStatus() !== runtime.constants.modelStatus.optimal) return null;
    const v = model.getSolution().colValue;
    // Back to the data's coordinates: w·(x − c)/s + b.
    const w = new Array<number>(d);
    let b = v[2 * d] as number;
    for (let j = 0; j < d; j++) {
      const wj = ((v[j] as number) - (v[d + j] as number)) / (scale[j] as number);
      w[j] = wj;
      b -= wj * (cen[j] as number);
    }
    return { w, b };
  } finally {
    model.dispose();
  }
}
