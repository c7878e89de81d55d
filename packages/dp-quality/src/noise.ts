/**
 * @module noise
 * The two error injectors of the experiments of arXiv:2502.11009 §6, after Livshits et al.'s
 * generators (our notes §2.7):
 * - RNoise(α): corrupts round(α · rows · |DC columns|) cells chosen uniformly among the columns that
 *   the constraints read; each corruption is, with probability 1/2, a typo (a random letter appended
 *   to a string, a number moved by ±1) and otherwise a value drawn uniformly from the column's active
 *   domain (Zipf β = 0).
 * - CONoise(k): k iterations, each picking a constraint and two distinct tuples and changing the second
 *   (or, for a unary constraint, the only) tuple so that the pair violates the constraint.
 * Both work on a copy and are seeded.
 */
import { constraintColumns, type DenialConstraint, type Operand } from './constraints.js';
import { type Cell, type DataTable, Prng, rowsViolate } from './table.js';

/** What an injector changed. */
export interface NoiseResult {
  /** The noisy copy of the table. */
  readonly table: DataTable;
  /** Cells changed, as [row, column index] pairs. */
  readonly changed: readonly (readonly [number, number])[];
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

function copy(t: DataTable): DataTable {
  return { columns: t.columns, rows: t.rows.map((r) => r.slice()) };
}

function typo(v: Cell, rng: Prng): Cell {
  if (typeof v === 'number') return v + (rng.int(2) === 0 ? 1 : -1);
  if (typeof v === 'string') return v + (LOWER[rng.int(26)] ?? 'x');
  return LOWER[rng.int(26)] ?? 'x';
}

/**
 * RNoise: corrupts a fraction `alpha` of the cells of the constrained columns.
 * @param seed PRNG seed (default 1)
 */
export function rNoise(
  t: DataTable,
  constraints: readonly DenialConstraint[],
  alpha: number,
  seed = 1,
): NoiseResult {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  const rng = new Prng(seed);
  const out = copy(t);
  const cols = constraintColumns(constraints)
    .map((c) => t.columns.indexOf(c))
    .filter((i) => i >= 0);
  const n = out.rows.length;
  const changed: [number, number][] = [];
  if (n === 0 || cols.length === 0) return { table: out, changed };
  // Active domains from the clean table.
  const domains = new Map<number, Cell[]>();
  for (const c of cols) {
    const seen = new Set<Cell>();
    for (const r of t.rows) if (r[c] !== null && r[c] !== undefined) seen.add(r[c] as Cell);
    domains.set(c, [...seen]);
  }
  const k = Math.round(alpha * n * cols.length);
  for (let i = 0; i < k; i++) {
    const r = rng.int(n);
    const c = rng.pick(cols);
    const row = out.rows[r] as Cell[];
    const dom = domains.get(c) ?? [];
    row[c] = rng.int(2) === 0 || dom.length === 0 ? typo(row[c] ?? null, rng) : rng.pick(dom);
    changed.push([r, c]);
  }
  return { table: out, changed };
}

/** Makes `p` hold for the pair by changing the cell of `target` (tuple 1 or 2) when needed. */
function force(
  t: DataTable,
  rows: readonly [Cell[], Cell[]],
  p: { left: Operand; op: string; right: Operand },
  rng: Prng,
  changed: [number, number][],
  rowIds: readonly [number, number],
): void {
  // Change the operand on the right when it is an attribute, else the one on the left.
  const [side, other, op] = p.right.kind === 'attr' ? [p.right, p.left, flip(p.op)] : [p.left, p.right, p.op];
  if (side.kind !== 'attr') return;
  const rowOf = (o: Operand & { kind: 'attr' }): Cell[] => rows[o.tuple - 1] as Cell[];
  const col = t.columns.indexOf(side.column);
  const ref: Cell =
    other.kind === 'attr' ? (rowOf(other)[t.columns.indexOf(other.column)] ?? null) : other.value;
  const row = rowOf(side);
  const cur = row[col] ?? null;
  if (ref === null) return;
  let next: Cell = cur;
  // Relation `side op ref` must hold.
  if (op === '=') next = ref;
  else if (op === '!=') next = cur === ref || cur === null ? typo(ref, rng) : cur;
  else if (typeof ref === 'number') {
    const ok = cur !== null && typeof cur === 'number' && cmp(cur, op, ref);
    if (!ok) next = op === '<' ? ref - 1 : op === '>' ? ref + 1 : ref;
  } else {
    const ok = cur !== null && cmp(cur, op, ref);
    if (!ok) next = op === '<' || op === '<=' ? (ref.length > 0 ? ref.slice(0, -1) : ref) : `${ref}z`;
  }
  if (next !== cur) {
    row[col] = next;
    changed.push([rowIds[side.tuple - 1] as number, col]);
  }
}

function cmp(a: Cell, op: string, b: Cell): boolean {
  if (a === null || b === null) return false;
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}

function flip(op: string): string {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}

/**
 * CONoise: `iterations` times, picks a constraint and two distinct tuples and edits them until the
 * pair violates it (tuple 2's attributes first; unary constraints edit one tuple).
 * @param seed PRNG seed (default 1)
 */
export function coNoise(
  t: DataTable,
  constraints: readonly DenialConstraint[],
  iterations = 200,
  seed = 1,
): NoiseResult {
  const rng = new Prng(seed);
  const out = copy(t);
  const n = out.rows.length;
  const changed: [number, number][] = [];
  if (n < 2 || constraints.length === 0) return { table: out, changed };
  for (let it = 0; it < iterations; it++) {
    const dc = rng.pick(constraints);
    const a = rng.int(n);
    let b = rng.int(n - 1);
    if (b >= a) b++;
    const ids: [number, number] = dc.unary ? [a, a] : [a, b];
    const rows: [Cell[], Cell[]] = [out.rows[ids[0]] as Cell[], out.rows[ids[1]] as Cell[]];
    // Later predicates can undo earlier ones (same column twice); a few passes settle it.
    for (let pass = 0; pass < 3 && !rowsViolate(out, dc, rows[0], rows[1]); pass++)
      for (const p of dc.predicates) force(out, rows, p, rng, changed, ids);
  }
  return { table: out, changed };
}
