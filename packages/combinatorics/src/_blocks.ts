/**
 * @module _blocks
 * The block API for k-combinations: the paper's recursively blocked, structure-of-arrays layout
 * (He & Little, arXiv:2507.03980; research note combgen.md §2.2–2.3), with a memory cap.
 *
 * The sequential generator folds over the elements: level t gains, at stage x, the block "level
 * t−1 (reversed, for the revolving door) with x appended". Two facts make a capped, zero-copy
 * version possible:
 * 1. Prefix property: the first C(m, t) rows of the colex (or revolving-door) table of t-subsets
 *    of [N] are exactly the t-subsets of [m]; and the last C(m, t) rows of its reversal are the
 *    reversed list of t-subsets of [m]. For lex, the last C(N−a, t) rows are the subsets above a.
 * 2. So the k-combinations split into blocks by their top d = k − j elements (their bottom d for
 *    lex): each block is a contiguous slice of one stored j-level table, plus d constant columns.
 *
 * We build the j-level table with the paper's fold (bulk `set` of the previous level plus a `fill`
 * of the new column: native memcpy/memset), choosing j as large as the memory cap allows, then emit
 * every block as views of the table. Resident memory is the table (twice for the revolving door:
 * forward and reversed) plus d constant columns: at most `maxBytes`.
 */
import { DEFAULT_BLOCK_BYTES } from './_base.js';
import { binomialNumber } from './binomial.js';
import type { Block, BlockOptions, BlockVisitor } from './space.js';

type Order = 'lex' | 'colex' | 'revolving-door';

/** A table of t-subsets in SoA form: `cols[i][r]`, `rows` rows. */
interface Table {
  readonly rows: number;
  readonly cols: Int32Array[];
}

const EMPTY: Table = { rows: 1, cols: [] };

function safeBinom(n: number, k: number): number {
  try {
    return binomialNumber(n, k);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Builds the colex table of j-subsets of [N] (and, when `reversed`, the forward and reversed
 * revolving-door tables) level by level with the fold of combgen.md §2.2/§2.3.
 */
export function buildTables(N: number, j: number, reversed: boolean): { fwd: Table; rev: Table } {
  let fwd = EMPTY;
  let rev = EMPTY;
  for (let t = 1; t <= j; t++) {
    const rows = binomialNumber(N, t);
    const nf: Int32Array[] = [];
    const nr: Int32Array[] = [];
    for (let i = 0; i < t; i++) {
      nf.push(new Int32Array(rows));
      if (reversed) nr.push(new Int32Array(rows));
    }
    // Forward: stage x appends (reversed, for the revolving door) level t−1 over [x], then x.
    let off = 0;
    for (let x = t - 1; x < N; x++) {
      const m = binomialNumber(x, t - 1);
      if (reversed) {
        const from = rev.rows - m;
        for (let i = 0; i < t - 1; i++) {
          (nf[i] as Int32Array).set((rev.cols[i] as Int32Array).subarray(from, from + m), off);
        }
      } else {
        for (let i = 0; i < t - 1; i++)
          (nf[i] as Int32Array).set((fwd.cols[i] as Int32Array).subarray(0, m), off);
      }
      (nf[t - 1] as Int32Array).fill(x, off, off + m);
      off += m;
    }
    if (reversed) {
      // Reversed table = the forward blocks in reverse stage order, each block un-reversed.
      off = 0;
      for (let x = N - 1; x >= t - 1; x--) {
        const m = binomialNumber(x, t - 1);
        for (let i = 0; i < t - 1; i++)
          (nr[i] as Int32Array).set((fwd.cols[i] as Int32Array).subarray(0, m), off);
        (nr[t - 1] as Int32Array).fill(x, off, off + m);
        off += m;
      }
      rev = { rows, cols: nr };
    }
    fwd = { rows, cols: nf };
  }
  return { fwd, rev };
}

/** Constant columns, refilled only where the value or the needed length changed. */
class ConstColumns {
  readonly cols: Int32Array[] = [];
  readonly #val: Int32Array;
  readonly #len: Int32Array;
  constructor(d: number, cap: number) {
    for (let i = 0; i < d; i++) this.cols.push(new Int32Array(cap));
    this.#val = new Int32Array(d).fill(-1);
    this.#len = new Int32Array(d);
  }
  set(i: number, v: number, rows: number): void {
    const col = this.cols[i] as Int32Array;
    if (this.#val[i] !== v) {
      col.fill(v, 0, rows);
      this.#val[i] = v;
      this.#len[i] = rows;
    } else if ((this.#len[i] as number) < rows) {
      col.fill(v, this.#len[i] as number, rows);
      this.#len[i] = rows;
    }
  }
}

/**
 * Emits all k-combinations of [n] in `order` as SoA blocks whose concatenation is the order.
 * @returns number of items emitted
 */
export function blocksFor(
  n: number,
  k: number,
  order: Order,
  visit: BlockVisitor,
  options?: BlockOptions,
): number {
  const maxBytes = options?.maxBytes ?? DEFAULT_BLOCK_BYTES;
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be a positive number of bytes, got ${maxBytes}`);
  if (k === 0) {
    visit({ width: 0, rows: 1, columns: [] });
    return 1;
  }
  // Largest table width j < k whose table (and constant columns) fit the cap.
  const copies = order === 'revolving-door' ? 2 : 1;
  let j = 0;
  for (let t = k - 1; t >= 1; t--) {
    const rows = safeBinom(n - (k - t), t);
    const bytes = rows * 4 * (t * copies + (k - t));
    if (bytes <= maxBytes && rows < 2 ** 30) {
      j = t;
      break;
    }
  }
  const d = k - j;
  const N = n - d;
  const { fwd, rev } = buildTables(N, j, order === 'revolving-door');
  const consts = new ConstColumns(d, fwd.rows);
  const columns: Int32Array[] = new Array(k);
  const block = { width: k, rows: 0, columns } as { width: number; rows: number; columns: Int32Array[] };
  let total = 0;

  const emit = (rows: number): boolean => {
    block.rows = rows;
    total += rows;
    return visit(block as Block) !== false;
  };

  if (order === 'lex') {
    // Table of lex j-subsets of {d, …, n−1}: complement-reverse of the colex table of [N].
    const T = fwd.rows;
    const lex: Int32Array[] = [];
    for (let i = 0; i < j; i++) {
      const src = fwd.cols[j - 1 - i] as Int32Array;
      const col = new Int32Array(T);
      for (let r = 0; r < T; r++) col[r] = N - 1 - (src[T - 1 - r] as number) + d;
      lex.push(col);
    }
    // Prefixes: lex d-subsets of [n − j]; the block of prefix p is p + the last C(n−1−p_d, j) rows.
    const p = new Int32Array(d);
    for (let i = 0; i < d; i++) p[i] = i;
    const top = n - j;
    for (;;) {
      const rows = safeBinom(n - 1 - (p[d - 1] as number), j);
      for (let i = 0; i < d; i++) {
        consts.set(i, p[i] as number, rows);
        columns[i] = consts.cols[i] as Int32Array;
      }
      for (let i = 0; i < j; i++) columns[d + i] = (lex[i] as Int32Array).subarray(T - rows, T);
      if (!emit(rows)) return total;
      let i = d - 1;
      while (i >= 0 && p[i] === top - d + i) i--;
      if (i < 0) return total;
      let v = (p[i] as number) + 1;
      for (; i < d; i++) p[i] = v++;
    }
  }

  if (order === 'colex') {
    // Suffixes: colex d-subsets of {j, …, n−1}; the block of suffix s is the first C(s_1, j) rows.
    for (let i = 0; i < j; i++) columns[i] = fwd.cols[i] as Int32Array;
    const s = new Int32Array(d);
    for (let i = 0; i < d; i++) s[i] = j + i;
    for (;;) {
      const rows = j === 0 ? 1 : safeBinom(s[0] as number, j);
      for (let i = 0; i < d; i++) {
        consts.set(i, s[i] as number, rows);
        columns[j + i] = consts.cols[i] as Int32Array;
      }
      if (!emit(rows)) return total;
      let i = 0;
      while (i < d && (s[i] as number) + 1 === (i + 1 < d ? s[i + 1] : n)) i++;
      if (i === d) return total;
      s[i] = (s[i] as number) + 1;
      for (let t = 0; t < i; t++) s[t] = j + t;
    }
  }

  // Revolving door: the top elements alternate ascending (odd depth) and descending (even depth);
  // the block is the reversed table's tail when d is odd, the forward table's head when even.
  const e = new Int32Array(d + 1);
  e[0] = n;
  let stopped = false;
  const rec = (depth: number): void => {
    const lo = k - depth; // the depth-th largest element is at least k − depth
    const hi = (e[depth - 1] as number) - 1;
    const asc = (depth & 1) === 1;
    for (let a = asc ? lo : hi; asc ? a <= hi : a >= lo; asc ? a++ : a--) {
      e[depth] = a;
      if (depth < d) {
        rec(depth + 1);
      } else {
        const rows = j === 0 ? 1 : safeBinom(a, j);
        for (let i = 0; i < d; i++) {
          consts.set(i, e[d - i] as number, rows);
          columns[j + i] = consts.cols[i] as Int32Array;
        }
        if ((d & 1) === 1) {
          for (let i = 0; i < j; i++)
            columns[i] = (rev.cols[i] as Int32Array).subarray(rev.rows - rows, rev.rows);
        } else {
          for (let i = 0; i < j; i++) columns[i] = (fwd.cols[i] as Int32Array).subarray(0, rows);
        }
        if (!emit(rows)) stopped = true;
      }
      if (stopped) return;
    }
  };
  rec(1);
  return total;
}
