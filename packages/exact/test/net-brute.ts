/**
 * Independent brute force for the exact network search (issue 7 "Correctness"): the best loss of a
 * union of ≤ K open half-spaces (maxout with K units) over ALL 2^n labellings, each labelling decided
 * realisable exactly: the positives must split into ≤ K groups each strictly linearly separable from all
 * the negatives, and strict separability is decided by Fourier–Motzkin elimination in exact integer
 * arithmetic (no geometry shared with the search). The intersection class is the union class of the
 * complemented labelling.
 */

type Row = number[]; // a·v ≥ c, stored as [a0..a_{m-1}, c]

/** Feasibility of {a·v ≥ c} by Fourier–Motzkin elimination (integer coefficients, exact while small). */
function feasible(rows: Row[], m: number): boolean {
  let cur = rows;
  for (let j = 0; j < m; j++) {
    const pos: Row[] = [];
    const neg: Row[] = [];
    const next: Row[] = [];
    for (const r of cur) {
      const a = r[j] as number;
      if (a > 0) pos.push(r);
      else if (a < 0) neg.push(r);
      else next.push(r);
    }
    for (const p of pos)
      for (const q of neg) {
        const ap = p[j] as number;
        const aq = -(q[j] as number);
        const r = p.map((v, k) => v * aq + (q[k] as number) * ap);
        const g = r.reduce((x, y) => gcd(x, Math.abs(y)), 0);
        next.push(g > 1 ? r.map((v) => v / g) : r);
      }
    cur = dedupe(next);
  }
  return cur.every((r) => (r[m] as number) <= 0);
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function dedupe(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Are the point sets G (mask) and N (mask) strictly separable: w·g + b > 0 on G, ≤ 0 on N? */
function separable(
  pts: readonly number[][],
  d: number,
  G: number,
  N: number,
  memo: Map<string, boolean>,
): boolean {
  if (G === 0) return true;
  const key = `${G},${N}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const rows: Row[] = [];
  // Homogeneous, so "> 0 on G" may be scaled to "≥ 1 on G"; variables (w_1..w_d, b).
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i] as number[];
    if ((G >>> i) & 1) rows.push([...p, 1, 1]);
    else if ((N >>> i) & 1) rows.push([...p.map((v) => -v), -1, 0]);
  }
  const r = feasible(rows, d + 1);
  memo.set(key, r);
  return r;
}

/** Can positives S be covered by ≤ k groups each separable from N? */
function coverable(
  pts: readonly number[][],
  d: number,
  S: number,
  N: number,
  k: number,
  memo: Map<string, boolean>,
): boolean {
  if (S === 0) return true;
  if (k === 0) return false;
  if (separable(pts, d, S, N, memo)) return true;
  if (k === 1) return false;
  // The group holding S's lowest point: enumerate subsets of S containing it.
  const low = S & -S;
  const rest = S ^ low;
  for (let sub = rest; ; sub = (sub - 1) & rest) {
    const g = sub | low;
    if (g !== S && separable(pts, d, g, N, memo) && coverable(pts, d, S & ~g, N, k - 1, memo)) return true;
    if (sub === 0) break;
  }
  return false;
}

/**
 * The minimum loss over all labellings realisable by K units of the class, with per-row costs of
 * predicting positive / negative.
 */
export function bruteForceNet(
  pts: readonly number[][],
  costPos: readonly number[],
  costNeg: readonly number[],
  K: number,
  kind: 'union' | 'intersection',
): number {
  const n = pts.length;
  const d = (pts[0] as number[]).length;
  const all = (1 << n) - 1;
  const scored: { S: number; loss: number }[] = [];
  for (let S = 0; S <= all; S++) {
    let loss = 0;
    for (let i = 0; i < n; i++) loss += (S >>> i) & 1 ? (costPos[i] as number) : (costNeg[i] as number);
    scored.push({ S, loss });
  }
  scored.sort((a, b) => a.loss - b.loss);
  const memo = new Map<string, boolean>();
  for (const { S, loss } of scored) {
    const ok =
      kind === 'union' ? coverable(pts, d, S, all & ~S, K, memo) : coverable(pts, d, all & ~S, S, K, memo);
    if (ok) return loss;
  }
  throw new Error('unreachable: the constant labellings are always realisable');
}
