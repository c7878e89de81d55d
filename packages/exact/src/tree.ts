/**
 * @module tree
 * Using a fitted decision tree: prediction (one row, many rows), evaluation on a data set (errors,
 * objective, per-leaf counts — the replayable part of the certificate of issue 6 item 6), the
 * model JSON format `{format: 'floret-tree', version: 1, ...}` with validation, and a text drawing.
 *
 * Splits follow `types.ts`: a row goes left when `score(x) <= threshold` (axis) or
 * `w·phi(x) + bias <= 0` (hyperplane; phi = the Veronese map of degree m, monomials of degree 1..m in
 * graded lexicographic order — see {@link monomials}).
 */
import { DataError } from './data.js';
import type { Dataset, FitResult, Objective, Split, TreeNode } from './types.js';

/**
 * The exponent multisets of the Veronese map of degree `degree` in `d` variables: all monomials of
 * degree 1..m, by degree, and within a degree as non-decreasing index tuples in lexicographic order
 * (for d = 2, m = 2: x1, x2, x1², x1·x2, x2²). Length C(d+m, m) − 1.
 */
export function monomials(d: number, degree: number): number[][] {
  const out: number[][] = [];
  const rec = (deg: number, start: number, acc: number[]) => {
    if (acc.length === deg) {
      out.push([...acc]);
      return;
    }
    for (let j = start; j < d; j++) {
      acc.push(j);
      rec(deg, j, acc);
      acc.pop();
    }
  };
  for (let deg = 1; deg <= degree; deg++) rec(deg, 0, []);
  return out;
}

const monoCache = new Map<string, number[][]>();
function monoFor(d: number, degree: number): number[][] {
  const key = `${d}:${degree}`;
  let m = monoCache.get(key);
  if (m === undefined) {
    m = monomials(d, degree);
    monoCache.set(key, m);
  }
  return m;
}

/** The split's score for row `x` (row-major, `off` = its start): go left iff the result is `<= 0`. */
export function splitScore(split: Split, x: ArrayLike<number>, off: number, d: number): number {
  if (split.kind === 'axis') return (x[off + split.feature] as number) - split.threshold;
  let s = split.bias;
  if (split.degree <= 1) {
    for (let j = 0; j < d; j++) s += (split.w[j] as number) * (x[off + j] as number);
    return s;
  }
  const mono = monoFor(d, split.degree);
  for (let j = 0; j < mono.length; j++) {
    let v = 1;
    for (const f of mono[j] as number[]) v *= x[off + f] as number;
    s += (split.w[j] as number) * v;
  }
  return s;
}

/** The leaf that row `off / d` of `x` reaches. */
export function leafOf(
  tree: TreeNode,
  x: ArrayLike<number>,
  off: number,
  d: number,
): TreeNode & { leaf: true } {
  let node = tree;
  while (!node.leaf) node = splitScore(node.split, x, off, d) <= 0 ? node.left : node.right;
  return node;
}

/**
 * Predicts the class index of one row.
 * @param row the feature values, in the model's feature order
 */
export function predictRow(tree: TreeNode, row: ArrayLike<number>): number {
  return leafOf(tree, row, 0, row.length).label;
}

/** Predicts class indices for `n` rows of a row-major matrix with `d` features. */
export function predict(tree: TreeNode, x: Float64Array, n: number, d: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = leafOf(tree, x, i * d, d).label;
  return out;
}

/** Counts of the tree's splits and leaves and its depth. */
export function treeSize(tree: TreeNode): { splits: number; leaves: number; depth: number } {
  if (tree.leaf) return { splits: 0, leaves: 1, depth: 0 };
  const l = treeSize(tree.left);
  const r = treeSize(tree.right);
  return {
    splits: l.splits + r.splits + 1,
    leaves: l.leaves + r.leaves,
    depth: 1 + Math.max(l.depth, r.depth),
  };
}

/** Per-leaf statistics of a tree on a data set, in left-to-right leaf order. */
export interface LeafStats {
  readonly label: number;
  /** Rows reaching the leaf. */
  readonly count: number;
  /** Weighted class counts of those rows. */
  readonly classCounts: readonly number[];
  /** Misclassifications (weighted) of the leaf's label. */
  readonly errors: number;
  /** The leaf's objective cost. */
  readonly cost: number;
}

/** The result of evaluating a tree on a data set. */
export interface Evaluation {
  /** Misclassifications (weighted when the data carry weights). */
  readonly errors: number;
  /** Sum of leaf costs plus α per split (the fit objective). */
  readonly objective: number;
  readonly splits: number;
  readonly leaves: readonly LeafStats[];
}

/**
 * Cost of a leaf and the label it should predict, for class counts under an objective: errors →
 * total − max (ties to the smaller class index); cost matrix → min over predictions; leaf-cost → the
 * user's function.
 */
export function leafCost(counts: Float64Array, objective: Objective): { cost: number; label: number } {
  const k = counts.length;
  if (objective.kind === 'errors') {
    let total = 0;
    let best = -1;
    let label = 0;
    for (let c = 0; c < k; c++) {
      const v = counts[c] as number;
      total += v;
      if (v > best) {
        best = v;
        label = c;
      }
    }
    return { cost: total - best, label };
  }
  if (objective.kind === 'cost-matrix') {
    let cost = Number.POSITIVE_INFINITY;
    let label = 0;
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let c = 0; c < k; c++)
        s += (counts[c] as number) * ((objective.cost[c] as readonly number[])[p] as number);
      if (s < cost) {
        cost = s;
        label = p;
      }
    }
    return { cost, label };
  }
  return objective.leafCost(counts);
}

/**
 * Evaluates a tree on a data set: errors, objective (leaf costs + α·splits) and per-leaf counts.
 * Leaves predict their stored label (not re-fitted), so this checks a model's reported training errors.
 */
export function evaluateTree(
  tree: TreeNode,
  data: Dataset,
  options: { objective?: Objective; alpha?: number } = {},
): Evaluation {
  const objective = options.objective ?? { kind: 'errors' };
  const k = data.classes.length;
  const leaves: TreeNode[] = [];
  const collect = (t: TreeNode) => {
    if (t.leaf) leaves.push(t);
    else {
      collect(t.left);
      collect(t.right);
    }
  };
  collect(tree);
  const index = new Map(leaves.map((l, i) => [l, i] as const));
  const counts = leaves.map(() => new Float64Array(k));
  const rows = new Int32Array(leaves.length);
  for (let i = 0; i < data.n; i++) {
    const li = index.get(leafOf(tree, data.x, i * data.d, data.d)) as number;
    const c = counts[li] as Float64Array;
    c[data.y[i] as number] = (c[data.y[i] as number] as number) + (data.weights?.[i] ?? 1);
    rows[li] = (rows[li] as number) + 1;
  }
  let errors = 0;
  let objectiveSum = 0;
  const stats: LeafStats[] = leaves.map((l, i) => {
    const c = counts[i] as Float64Array;
    const label = (l as { label: number }).label;
    let total = 0;
    for (let j = 0; j < k; j++) total += c[j] as number;
    const e = total - (c[label] ?? 0);
    let cost: number;
    if (objective.kind === 'errors') cost = e;
    else if (objective.kind === 'cost-matrix') {
      cost = 0;
      for (let j = 0; j < k; j++)
        cost += (c[j] as number) * ((objective.cost[j] as readonly number[])[label] as number);
    } else cost = objective.leafCost(c).cost;
    errors += e;
    objectiveSum += cost;
    return { label, count: rows[i] as number, classCounts: [...c], errors: e, cost };
  });
  const splits = leaves.length - 1;
  return { errors, objective: objectiveSum + (options.alpha ?? 0) * splits, splits, leaves: stats };
}

/** A saved model: the tree, the names it needs to be applied to new data, and its certificate. */
export interface TreeModel {
  readonly format: 'floret-tree';
  readonly version: 1;
  readonly featureNames: readonly string[];
  readonly classes: readonly string[];
  readonly target: string;
  readonly tree: TreeNode;
  readonly certificate: Omit<FitResult, 'tree'> | null;
}

/** Builds the saved-model object for a fit on `data`. */
export function toModel(data: Dataset, result: FitResult): TreeModel {
  const { tree, ...certificate } = result;
  return {
    format: 'floret-tree',
    version: 1,
    featureNames: [...data.featureNames],
    classes: [...data.classes],
    target: data.target,
    tree,
    certificate,
  };
}

/** A malformed model file. */
export class ModelError extends DataError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

function checkNode(v: unknown, d: number, k: number, path: string): TreeNode {
  if (v === null || typeof v !== 'object') throw new ModelError(`model: node ${path} is not an object`);
  const o = v as Record<string, unknown>;
  const num = (key: string): number => {
    const x = o[key];
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new ModelError(`model: node ${path} needs a numeric '${key}'`);
    return x;
  };
  if (o.leaf === true) {
    const label = num('label');
    if (!Number.isInteger(label) || label < 0 || label >= k)
      throw new ModelError(`model: leaf ${path} has label ${label}, outside 0..${k - 1}`);
    return { leaf: true, label, count: num('count'), errors: num('errors') };
  }
  if (o.leaf !== false) throw new ModelError(`model: node ${path} needs 'leaf': true or false`);
  const s = o.split as Record<string, unknown> | null | undefined;
  if (s === null || typeof s !== 'object') throw new ModelError(`model: node ${path} has no 'split'`);
  let split: Split;
  if (s.kind === 'axis') {
    const f = s.feature;
    const t = s.threshold;
    if (typeof f !== 'number' || !Number.isInteger(f) || f < 0 || f >= d)
      throw new ModelError(`model: split ${path} has feature ${String(f)}, outside 0..${d - 1}`);
    if (typeof t !== 'number' || !Number.isFinite(t))
      throw new ModelError(`model: split ${path} needs a numeric threshold`);
    split = { kind: 'axis', feature: f, threshold: t };
  } else if (s.kind === 'hyperplane') {
    const degree = s.degree;
    const w = s.w;
    const bias = s.bias;
    if (typeof degree !== 'number' || !Number.isInteger(degree) || degree < 1)
      throw new ModelError(`model: split ${path} needs an integer degree ≥ 1`);
    const len = degree === 1 ? d : monoFor(d, degree).length;
    if (!Array.isArray(w) || w.length !== len || !w.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw new ModelError(`model: split ${path} needs ${len} numeric weights`);
    if (typeof bias !== 'number' || !Number.isFinite(bias))
      throw new ModelError(`model: split ${path} needs a numeric bias`);
    split = { kind: 'hyperplane', degree, w: w as number[], bias };
  } else throw new ModelError(`model: split ${path} has unknown kind '${String(s.kind)}'`);
  return {
    leaf: false,
    split,
    left: checkNode(o.left, d, k, `${path}L`),
    right: checkNode(o.right, d, k, `${path}R`),
  };
}

/**
 * Parses and validates model JSON (text or object).
 * @throws ModelError naming what is wrong (format, version, names, a node by its path such as `rootLR`)
 */
export function parseModel(json: string | unknown): TreeModel {
  let v: unknown = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw new ModelError(`model: not valid JSON (${(e as Error).message})`);
    }
  }
  if (v === null || typeof v !== 'object') throw new ModelError('model: expected a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== 'floret-tree')
    throw new ModelError(`model: format must be 'floret-tree', got '${String(o.format)}'`);
  if (o.version !== 1)
    throw new ModelError(`model: unsupported version ${String(o.version)} (this reader knows 1)`);
  const strings = (key: string): string[] => {
    const a = o[key];
    if (!Array.isArray(a) || a.length === 0 || !a.every((s) => typeof s === 'string'))
      throw new ModelError(`model: '${key}' must be a non-empty array of strings`);
    return a as string[];
  };
  const featureNames = strings('featureNames');
  const classes = strings('classes');
  if (typeof o.target !== 'string') throw new ModelError(`model: 'target' must be a string`);
  const tree = checkNode(o.tree, featureNames.length, classes.length, 'root');
  const certificate = (o.certificate ?? null) as TreeModel['certificate'];
  return { format: 'floret-tree', version: 1, featureNames, classes, target: o.target, tree, certificate };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** A one-line description of a split, with feature names (e.g. `petal_length <= 2.45`). */
export function describeSplit(split: Split, featureNames: readonly string[]): string {
  if (split.kind === 'axis')
    return `${featureNames[split.feature] ?? `x${split.feature}`} <= ${fmt(split.threshold)}`;
  const d = featureNames.length;
  const names =
    split.degree <= 1
      ? featureNames.map((f) => f)
      : monoFor(d, split.degree).map((m) => m.map((f) => featureNames[f]).join('*'));
  const terms = split.w.map((w, j) => `${fmt(w)}*${names[j]}`).join(' + ');
  return `${terms} + ${fmt(split.bias)} <= 0`;
}

/**
 * Draws a tree as indented text, one node a line:
 * ```
 * petal_length <= 2.45
 * ├─ yes: setosa (50 rows, 0 errors)
 * └─ no:  petal_width <= 1.75 ...
 * ```
 */
export function drawTree(
  tree: TreeNode,
  names: { featureNames: readonly string[]; classes: readonly string[] },
): string[] {
  const lines: string[] = [];
  const label = (t: TreeNode & { leaf: true }) =>
    `${names.classes[t.label] ?? t.label} (${t.count} ${t.count === 1 ? 'row' : 'rows'}, ${fmt(t.errors)} ${t.errors === 1 ? 'error' : 'errors'})`;
  const rec = (t: TreeNode, prefix: string, head: string) => {
    if (t.leaf) {
      lines.push(`${head}${label(t)}`);
      return;
    }
    lines.push(`${head}${describeSplit(t.split, names.featureNames)}`);
    rec(t.left, `${prefix}│  `, `${prefix}├─ yes: `);
    rec(t.right, `${prefix}   `, `${prefix}└─ no:  `);
  };
  rec(tree, '', '');
  return lines;
}
