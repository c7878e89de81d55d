/**
 * @module graph
 * Builds the conflict graph of a table under denial constraints inside the database engine
 * (arXiv:2502.11009 §3; measures of Livshits et al., SIGMOD'21): one set-based query per constraint,
 * result pairs streamed into a CSR {@link ConflictGraph}, edges deduplicated across constraints.
 *
 * Minimal inconsistent subsets: a tuple that violates a unary constraint on its own (binary DCs are
 * read over two distinct tuples) is a minimal inconsistent subset {t} and gets a self-loop; a pair containing such a
 * tuple is then not minimal, so its edge is dropped. Hence I_MI = edges + self-loops and I_P = tuples
 * with a self-loop or an edge, exactly; the minimum repair is unchanged (self-loop tuples must go).
 *
 * When every constraint is FD-shaped ({@link fdShape}), {@link conflictDegrees} computes every degree
 * from per-FD group numbers without materialising edges (the FD fast path), so million-row tables fit.
 */
import type { DenialConstraint } from './constraints.js';
import { fdShape, validateConstraints } from './constraints.js';
import { type Engine, toNumber } from './engines/engine.js';
import type { ConflictGraph } from './graph-types.js';
import { binarySql, fdGroupsSql, maxGroupSql, unarySql } from './sql.js';

/** Options of {@link buildConflictGraph} and {@link conflictDegrees}. */
export interface GraphOptions {
  /** Called after each constraint's query with (constraints done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A growable buffer of int32 pairs. */
class PairBuffer {
  data = new Int32Array(1 << 16);
  length = 0;
  push(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
}

/** Columns of the table, after checking the constraints against them. */
async function checkedColumns(engine: Engine, constraints: readonly DenialConstraint[]) {
  const columns = await engine.columns();
  validateConstraints(
    constraints,
    columns.map((c) => c.name),
    'constraints',
  );
  return columns;
}

/**
 * Marks self-violating tuples: those violating a unary DC. A binary DC is read over two distinct
 * tuples (as in the reference code, and as keys such as not(t1.Date=t2.Date&t1.Ticker=t2.Ticker)
 * intend: t1 = t2 would make every tuple violate a key).
 */
async function selfLoops(
  engine: Engine,
  constraints: readonly DenialConstraint[],
  columns: Awaited<ReturnType<Engine['columns']>>,
  n: number,
): Promise<Uint8Array> {
  const loops = new Uint8Array(n);
  for (const dc of constraints) {
    if (!dc.unary) continue;
    await engine.each(unarySql(dc, engine, columns), (row) => {
      loops[toNumber(row[0])] = 1;
    });
  }
  return loops;
}

/**
 * CSR from undirected pairs (u ≠ v, any order, duplicates allowed): neighbour lists sorted ascending,
 * duplicates removed.
 */
export function csrFromPairs(
  n: number,
  pairs: Int32Array,
  length: number,
  selfLoop: Uint8Array,
): ConflictGraph {
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < length; i += 2) {
    const a = pairs[i] as number;
    const b = pairs[i + 1] as number;
    deg[a] = (deg[a] as number) + 1;
    deg[b] = (deg[b] as number) + 1;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = (start[v] as number) + (deg[v] as number);
  const fill = start.slice(0, n);
  const adj = new Int32Array(start[n] as number);
  for (let i = 0; i < length; i += 2) {
    const a = pairs[i] as number;
    const b = pairs[i + 1] as number;
    const fa = fill[a] as number;
    const fb = fill[b] as number;
    adj[fa] = b;
    adj[fb] = a;
    fill[a] = fa + 1;
    fill[b] = fb + 1;
  }
  // Sort each list and compact duplicates in place, then close the gaps.
  const offsets = new Int32Array(n + 1);
  let w = 0;
  for (let v = 0; v < n; v++) {
    const s = start[v] as number;
    const e = start[v + 1] as number;
    offsets[v] = w;
    if (e > s) {
      const list = adj.subarray(s, e);
      list.sort();
      let prev = -1;
      for (let k = 0; k < list.length; k++) {
        const x = list[k] as number;
        if (x !== prev) {
          adj[w++] = x;
          prev = x;
        }
      }
    }
  }
  offsets[n] = w;
  const neighbors = adj.slice(0, w);
  return { n, edges: w / 2, offsets, neighbors, selfLoop };
}

/**
 * Builds the conflict graph of the engine's table under `constraints`: one query per constraint
 * (equi-join on its equality predicates first), pairs streamed and deduplicated into CSR.
 * @throws UnknownColumnError when a constraint names a column the table lacks
 */
export async function buildConflictGraph(
  engine: Engine,
  constraints: readonly DenialConstraint[],
  options: GraphOptions = {},
): Promise<ConflictGraph> {
  const columns = await checkedColumns(engine, constraints);
  const n = await engine.rowCount();
  const loops = await selfLoops(engine, constraints, columns, n);
  const pairs = new PairBuffer();
  let done = 0;
  for (const dc of constraints) {
    if (!dc.unary) {
      await engine.each(binarySql(dc, engine, columns), (row) => {
        const a = toNumber(row[0]);
        const b = toNumber(row[1]);
        if (a === b || loops[a] === 1 || loops[b] === 1) return;
        pairs.push(a, b);
      });
    }
    options.onProgress?.(++done, constraints.length);
  }
  return csrFromPairs(n, pairs.data, pairs.length, loops);
}

/** Degrees and the counting measures of a conflict graph, without its edge lists. */
export interface ConflictDegrees {
  /** Number of tuples. */
  readonly n: number;
  /** Degree of every tuple (edges to other tuples, after the self-loop rule). */
  readonly degree: Int32Array;
  /** Self-conflicting tuples (1 = yes). */
  readonly selfLoop: Uint8Array;
  /** Number of edges. */
  readonly edges: number;
  /** Number of self-loops. */
  readonly selfLoops: number;
  /** I_MI = edges + self-loops. */
  readonly minimalInconsistent: number;
  /** I_P = tuples with an edge or a self-loop. */
  readonly problematic: number;
  /** Largest degree. */
  readonly maxDegree: number;
  /** True when computed by the FD fast path (no edges materialised). */
  readonly fdFastPath: boolean;
}

/** The counting measures of a built graph. */
export function degreesOf(g: ConflictGraph): ConflictDegrees {
  const degree = new Int32Array(g.n);
  let problematic = 0;
  let selfLoops = 0;
  let maxDegree = 0;
  for (let v = 0; v < g.n; v++) {
    const d = (g.offsets[v + 1] as number) - (g.offsets[v] as number);
    degree[v] = d;
    if (d > maxDegree) maxDegree = d;
    if (g.selfLoop[v] === 1) selfLoops++;
    if (d > 0 || g.selfLoop[v] === 1) problematic++;
  }
  return {
    n: g.n,
    degree,
    selfLoop: g.selfLoop,
    edges: g.edges,
    selfLoops,
    minimalInconsistent: g.edges + selfLoops,
    problematic,
    maxDegree,
    fdFastPath: false,
  };
}

/** One FD's conflicting groups: tuples in (group, sub-group) order with their ranges. */
interface FdGroups {
  /** Tuples of the conflicting groups, sorted by (group, sub-group). */
  readonly members: Int32Array;
  /** Position of each tuple in `members`, −1 when it is in no conflicting group. */
  readonly pos: Int32Array;
  /** For each position: start/end of its group and of its sub-group in `members`. */
  readonly gStart: Int32Array;
  readonly gEnd: Int32Array;
  readonly sStart: Int32Array;
  readonly sEnd: Int32Array;
}

async function loadFdGroups(engine: Engine, dc: DenialConstraint, n: number): Promise<FdGroups> {
  const fd = fdShape(dc);
  if (fd === undefined) throw new Error(`not FD-shaped: ${dc.text}`);
  const rid = new PairBuffer();
  const gs = new PairBuffer();
  // Rows come sorted by (group, sub-group) with 0/1 "starts a new group / sub-group" flags.
  let g = 0;
  let sub = 0;
  await engine.each(fdGroupsSql(fd, engine), (row) => {
    const code = toNumber(row[0]);
    const flags = code % 4;
    if (flags >= 2) g++;
    if (flags !== 0) sub++;
    rid.push((code - flags) / 4, 0);
    gs.push(g, sub);
  });
  const m = rid.length / 2;
  const members = new Int32Array(m);
  const pos = new Int32Array(n).fill(-1);
  const gStart = new Int32Array(m);
  const gEnd = new Int32Array(m);
  const sStart = new Int32Array(m);
  const sEnd = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const t = rid.data[2 * i] as number;
    members[i] = t;
    pos[t] = i;
  }
  // Runs of equal group / sub-group numbers (rows arrive sorted by both).
  let i = 0;
  while (i < m) {
    const g = gs.data[2 * i] as number;
    let j = i;
    while (j < m && gs.data[2 * j] === g) j++;
    let k = i;
    while (k < j) {
      const s = gs.data[2 * k + 1] as number;
      let l = k;
      while (l < j && gs.data[2 * l + 1] === s) l++;
      for (let x = k; x < l; x++) {
        gStart[x] = i;
        gEnd[x] = j;
        sStart[x] = k;
        sEnd[x] = l;
      }
      k = l;
    }
    i = j;
  }
  return { members, pos, gStart, gEnd, sStart, sEnd };
}

/**
 * Degrees, I_MI and I_P of the conflict graph. When every constraint is FD-shaped this is the FD fast
 * path: one GROUP BY query per constraint returns the tuples of its conflicting groups, a tuple's
 * degree under one FD is |group| − |sub-group|, and only tuples in conflicting groups of two or more
 * FDs have their neighbour sets unioned (to count a pair violating several FDs once). No edge list is
 * ever built. Otherwise the graph is built and counted.
 */
export async function conflictDegrees(
  engine: Engine,
  constraints: readonly DenialConstraint[],
  options: GraphOptions = {},
): Promise<ConflictDegrees> {
  if (!constraints.every((dc) => fdShape(dc) !== undefined))
    return degreesOf(await buildConflictGraph(engine, constraints, options));
  await checkedColumns(engine, constraints);
  const n = await engine.rowCount();
  const fds: FdGroups[] = [];
  let done = 0;
  for (const dc of constraints) {
    fds.push(await loadFdGroups(engine, dc, n));
    options.onProgress?.(++done, constraints.length);
  }
  const degree = new Int32Array(n);
  const stamp = new Int32Array(n);
  let sum = 0;
  let problematic = 0;
  let maxDegree = 0;
  for (let t = 0; t < n; t++) {
    let inGroups = 0;
    let d = 0;
    for (const f of fds) {
      const p = f.pos[t] as number;
      if (p < 0) continue;
      const dt =
        (f.gEnd[p] as number) - (f.gStart[p] as number) - ((f.sEnd[p] as number) - (f.sStart[p] as number));
      if (dt > 0) {
        inGroups++;
        d += dt;
      }
    }
    if (inGroups > 1) {
      // Union of the neighbour sets: group members outside t's own sub-group, counted once.
      d = 0;
      const mark = t + 1;
      for (const f of fds) {
        const p = f.pos[t] as number;
        if (p < 0) continue;
        const m = f.members;
        const ss = f.sStart[p] as number;
        const se = f.sEnd[p] as number;
        for (let q = f.gStart[p] as number; q < ss; q++) {
          const s = m[q] as number;
          if (stamp[s] !== mark) {
            stamp[s] = mark;
            d++;
          }
        }
        const ge = f.gEnd[p] as number;
        for (let q = se; q < ge; q++) {
          const s = m[q] as number;
          if (stamp[s] !== mark) {
            stamp[s] = mark;
            d++;
          }
        }
      }
    }
    degree[t] = d;
    sum += d;
    if (d > 0) problematic++;
    if (d > maxDegree) maxDegree = d;
  }
  const edges = sum / 2;
  return {
    n,
    degree,
    selfLoop: new Uint8Array(n),
    edges,
    selfLoops: 0,
    minimalInconsistent: edges,
    problematic,
    maxDegree,
    fdFastPath: true,
  };
}

/**
 * For each FD-shaped constraint, the size of the largest group of tuples agreeing on its left-hand
 * side (the statistic the paper's DP degree bound adds noise to, §2.5 of our notes); undefined for a
 * constraint of another shape.
 */
export async function fdMaxGroupSizes(
  engine: Engine,
  constraints: readonly DenialConstraint[],
): Promise<(number | undefined)[]> {
  await checkedColumns(engine, constraints);
  const out: (number | undefined)[] = [];
  for (const dc of constraints) {
    const fd = fdShape(dc);
    if (fd === undefined) {
      out.push(undefined);
      continue;
    }
    let max = 0;
    await engine.each(maxGroupSql(fd.lhs, engine), (row) => {
      max = toNumber(row[0]);
    });
    out.push(max);
  }
  return out;
}
