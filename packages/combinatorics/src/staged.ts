/**
 * @module staged
 * The staged, prunable generator: the paper's sequential fold over the elements with a filter fused
 * into every stage (He & Little, arXiv:2507.03980, "a recursive structure compatible with pruning";
 * research note combgen.md §2.6, after the authors' `foldl (choicefilt retain …)`).
 *
 * Levels L0 … L(kMax−1) hold the *accepted* partial combinations, in SoA columns. At stage x, for
 * t from the largest size down, the candidates "L(t−1) with x appended" form one block; the filter
 * marks which rows survive; survivors of size ≥ kMin are emitted as a block and survivors of size
 * < kMax are appended to Lt. A rejected partial combination is never stored, so none of its
 * extensions is ever generated: with a prefix-closed filter (rejecting a set means rejecting every
 * superset that adds larger elements) the output is exactly the accepted sets.
 *
 * Order: the stage order of `combinationsUpTo(…, { order: 'colex', grouping: 'stage' })`, restricted
 * to accepted sets. Memory: the accepted partial sets (bounded by `maxBytes`), unlike the
 * depth-first `forEachPruned`, which needs O(k) memory but cannot filter a whole block at once.
 */
import { assertNatural } from './_validate.js';
import type { PrefixPredicate } from './combinations.js';
import type { Block, BlockVisitor } from './space.js';

/** Default cap on the stored accepted partial combinations. */
export const DEFAULT_STAGED_BYTES = 64 * 1024 * 1024;

/**
 * A block filter: for each row r < block.rows, set keep[r] = 0 to reject the candidate (the last
 * column is the element just added). Rows are left at 1 to keep them.
 */
export type BlockFilter = (block: Block, keep: Uint8Array) => void;

/** Options of {@link forEachStaged}. */
export interface StagedOptions {
  /** Row predicate on a candidate partial combination (sorted; the last element is new). */
  readonly accept?: PrefixPredicate;
  /** Block filter over the candidates of one stage and size (vectorisable alternative to `accept`). */
  readonly filter?: BlockFilter;
  /** Cap on the stored accepted partial combinations, in bytes. @default 64 MiB */
  readonly maxBytes?: number;
}

/** Growable SoA table of t-subsets. */
class Level {
  readonly width: number;
  cols: Int32Array[];
  rows = 0;
  constructor(width: number, cap: number) {
    this.width = width;
    this.cols = [];
    for (let i = 0; i < width; i++) this.cols.push(new Int32Array(cap));
  }
  get capacity(): number {
    return this.cols[0]?.length ?? Number.POSITIVE_INFINITY;
  }
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    let cap = Math.max(16, this.capacity);
    while (cap < rows) cap *= 2;
    this.cols = this.cols.map((c) => {
      const d = new Int32Array(cap);
      d.set(c.subarray(0, this.rows));
      return d;
    });
  }
}

/**
 * Generates the combinations of {0, …, n−1} with size in [kMin, kMax] that pass a prefix-closed
 * filter, stage by stage, as SoA blocks.
 * @returns the number of accepted combinations emitted
 * @throws RangeError for impossible sizes, or when the stored partial sets exceed `maxBytes`
 * @example
 * // 3-subsets of 0..9 with sum ≤ 6, filtering whole blocks at once
 * forEachStaged(10, 3, 3, { filter: (b, keep) => { … } }, (block) => { … })
 */
export function forEachStaged(
  n: number,
  kMin: number,
  kMax: number,
  options: StagedOptions,
  visit: BlockVisitor,
): number {
  assertNatural('n', n);
  assertNatural('kMin', kMin);
  assertNatural('kMax', kMax);
  if (kMin > kMax) throw new RangeError(`kMin = ${kMin} is larger than kMax = ${kMax}; choose kMin ≤ kMax`);
  if (kMax > n) throw new RangeError(`kMax = ${kMax} is larger than n = ${n}; choose kMax ≤ n`);
  const maxBytes = options.maxBytes ?? DEFAULT_STAGED_BYTES;
  const accept = options.accept;
  const filter = options.filter;

  let emitted = 0;
  if (kMin === 0) {
    emitted++;
    if (visit({ width: 0, rows: 1, columns: [] }) === false) return emitted;
  }
  if (kMax === 0) return emitted;
  const levels: Level[] = [];
  for (let t = 0; t < kMax; t++) levels.push(new Level(t, t === 0 ? 1 : 16));
  (levels[0] as Level).rows = 1; // the empty set
  let stored = 0;

  // Scratch block for the candidates of one (stage, size); grows as needed.
  let cap = 1024;
  let scratch: Int32Array[] = [];
  let keep = new Uint8Array(cap);
  const grow = (rows: number): void => {
    if (rows <= cap && scratch.length > 0) return;
    while (cap < rows) cap *= 2;
    scratch = [];
    for (let i = 0; i < kMax; i++) scratch.push(new Int32Array(cap));
    keep = new Uint8Array(cap);
  };
  grow(1);
  const row = new Int32Array(kMax);
  const rowViews: Int32Array[] = [];
  for (let w = 0; w <= kMax; w++) rowViews.push(row.subarray(0, w));
  const block = { width: 0, rows: 0, columns: [] as Int32Array[] };

  for (let x = 0; x < n; x++) {
    // Sizes from high to low, so level t−1 still holds only the sets of earlier stages.
    for (let t = Math.min(kMax, x + 1); t >= 1; t--) {
      const src = levels[t - 1] as Level;
      const m = src.rows;
      if (m === 0) continue;
      grow(m);
      for (let i = 0; i < t - 1; i++)
        (scratch[i] as Int32Array).set((src.cols[i] as Int32Array).subarray(0, m));
      (scratch[t - 1] as Int32Array).fill(x, 0, m);
      keep.fill(1, 0, m);
      block.width = t;
      block.rows = m;
      block.columns = scratch.slice(0, t);
      if (filter !== undefined) filter(block as Block, keep);
      if (accept !== undefined) {
        const v = rowViews[t] as Int32Array;
        for (let r = 0; r < m; r++) {
          if (keep[r] === 0) continue;
          for (let i = 0; i < t; i++) row[i] = (scratch[i] as Int32Array)[r] as number;
          if (!accept(v)) keep[r] = 0;
        }
      }
      // Compact the survivors in place (stable, so the order is the stage order).
      let w = 0;
      for (let r = 0; r < m; r++) {
        if (keep[r] === 0) continue;
        if (w !== r)
          for (let i = 0; i < t; i++) (scratch[i] as Int32Array)[w] = (scratch[i] as Int32Array)[r] as number;
        w++;
      }
      if (w === 0) continue;
      if (t < kMax) {
        const dst = levels[t] as Level;
        dst.reserve(dst.rows + w);
        for (let i = 0; i < t; i++)
          (dst.cols[i] as Int32Array).set((scratch[i] as Int32Array).subarray(0, w), dst.rows);
        dst.rows += w;
        stored += w * t * 4;
        if (stored > maxBytes) {
          throw new RangeError(
            `the accepted partial combinations need more than maxBytes = ${maxBytes} bytes; ` +
              'raise maxBytes, prune harder, or use forEachPruned (depth-first, O(k) memory)',
          );
        }
      }
      if (t >= kMin) {
        block.rows = w;
        emitted += w;
        if (visit(block as Block) === false) return emitted;
      }
    }
  }
  return emitted;
}
