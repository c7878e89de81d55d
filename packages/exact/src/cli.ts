/**
 * @module cli
 * The `floret tree` commands — `fit` (an optimal tree with its certificate), `predict` (apply a saved
 * model to a table) and `show` (draw a saved model) — the `floret net` commands (./net/cli-net.ts,
 * issue 7), and this package's stop on `floret tour` (issues 6 and 7, "CLI"). A thin layer: parse and
 * validate arguments, call the library, print.
 */
import { readFile } from 'node:fs/promises';
import { parseIntArg, printJson, type ToolModule, type TourStop, toJson, UsageError } from '@floret/cli-kit';
import { Command } from 'commander';
import { fmt, reportPredictions, writeAtomic } from './cli-common.js';
import { DataError, featureMatrix, loadDataFile, makeDataset, readTableFile } from './data.js';
import { fitTree } from './fit.js';
import { loadIris } from './iris.js';
import { netCommand } from './net/cli-net.js';
import { fitNet } from './net/index.js';
import { drawTree, parseModel, predict, type TreeModel, toModel } from './tree.js';
import type { Dataset, FitResult, SplitFamily } from './types.js';

/** Parses a finite decimal number argument (no hex, no trailing text). */
function parseNumberArg(what: string, text: string, min: number, strict = false): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
    throw new UsageError(`${what} must be a number, got '${text}'`);
  const v = Number(t);
  if (strict ? !(v > min) : !(v >= min))
    throw new UsageError(`${what} must be ${strict ? 'greater than' : 'at least'} ${min}, got ${text}`);
  return v;
}

/** Parses `axis`, `hyperplane` or `poly:<m>` (m ≥ 2). */
export function parseSplits(text: string): SplitFamily {
  const t = text.trim();
  if (t === 'axis') return { kind: 'axis' };
  if (t === 'hyperplane') return { kind: 'hyperplane' };
  const m = /^poly:(\d+)$/.exec(t);
  if (m !== null) {
    const degree = Number(m[1]);
    if (degree < 2)
      throw new UsageError(`--splits poly:<m> needs m ≥ 2 (poly:1 is 'hyperplane'), got '${text}'`);
    return { kind: 'poly', degree };
  }
  throw new UsageError(`--splits must be axis, hyperplane or poly:<m>, got '${text}'`);
}

/** Runs `fn`, turning data-file problems into usage errors (exit 2, one line). */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(e.message);
    throw e;
  }
}

/** The certificate as human-readable lines. */
export function certificateLines(r: Omit<FitResult, 'tree'>, n?: number, totalWeight?: number): string[] {
  const pct =
    totalWeight !== undefined && totalWeight > 0
      ? ` (${((100 * r.trainErrors) / totalWeight).toFixed(2)}% of the total weight ${fmt(totalWeight)})`
      : n !== undefined && n > 0
        ? ` (${((100 * r.trainErrors) / n).toFixed(2)}% of ${n} rows)`
        : '';
  return [
    `objective ${fmt(r.objective)}, training errors ${fmt(r.trainErrors)}${pct}`,
    r.optimal
      ? `proven optimal: lower bound ${fmt(r.lowerBound)} = objective`
      : `NOT proven optimal (time limit): lower bound ${fmt(r.lowerBound)}, gap ${(100 * r.gap).toFixed(1)}%`,
    `${r.splitCount} splits, ${r.leafCount} leaves; searched ${r.searchSpace.rules} candidate rules, ` +
      `${r.searchSpace.evaluated} evaluated, ${r.searchSpace.pruned} pruned; ${r.seconds.toFixed(3)} s (${r.solver})`,
  ];
}

interface FitFlags {
  data: string;
  target: string;
  depth: string;
  splits: string;
  maxSplits?: string;
  minLeaf?: string;
  alpha?: string;
  timeLimit?: string;
  workers?: string;
  weights?: string;
  out?: string;
  json?: boolean;
}

async function fitAction(o: FitFlags): Promise<void> {
  const depth = parseIntArg('--depth', o.depth, 0);
  const splits = parseSplits(o.splits);
  const maxSplits = o.maxSplits === undefined ? undefined : parseIntArg('--max-splits', o.maxSplits, 0);
  const minLeaf = o.minLeaf === undefined ? undefined : parseIntArg('--min-leaf', o.minLeaf, 1);
  const alpha = o.alpha === undefined ? undefined : parseNumberArg('--alpha', o.alpha, 0);
  const timeLimit =
    o.timeLimit === undefined ? undefined : parseNumberArg('--time-limit', o.timeLimit, 0, true);
  const workers = o.workers === undefined ? undefined : parseIntArg('--workers', o.workers, 1);
  const data = await asUsage(() =>
    loadDataFile(o.data, { target: o.target, ...(o.weights !== undefined ? { weights: o.weights } : {}) }),
  );
  const result = await fitTree(data, {
    depth,
    splits,
    ...(maxSplits !== undefined ? { maxSplits } : {}),
    ...(minLeaf !== undefined ? { minLeaf } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    ...(workers !== undefined ? { workers } : {}),
  });
  const model = toModel(data, result);
  if (o.out !== undefined) await writeAtomic(o.out, `${toJson(model)}\n`);
  if (o.json) {
    printJson({
      ...result,
      depth,
      splits: o.splits,
      rows: data.n,
      featureNames: data.featureNames,
      classes: data.classes,
      target: data.target,
      ...(o.out !== undefined ? { out: o.out } : {}),
    });
    return;
  }
  const lines = [
    `optimal tree of depth ≤ ${depth} (${o.splits} splits) for '${data.target}' on ${o.data}: ` +
      `${data.n} rows, ${data.d} features, ${data.classes.length} classes`,
    ...drawTree(result.tree, data),
    ...certificateLines(
      result,
      data.n,
      data.weights?.reduce((a, b) => a + b, 0),
    ),
  ];
  if (o.out !== undefined) lines.push(`model written to ${o.out}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function readModel(path: string): Promise<TreeModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read model '${path}' (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`,
    );
  }
  try {
    return parseModel(text);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
}

async function predictAction(o: { model: string; data: string; json?: boolean }): Promise<void> {
  const model = await readModel(o.model);
  const table = await asUsage(() => readTableFile(o.data));
  const x = await asUsage(async () => featureMatrix(table, model.featureNames, o.data));
  const n = table.rows.length;
  const d = model.featureNames.length;
  const labels = predict(model.tree, x, n, d);
  const predictions = Array.from(labels, (c) => model.classes[c] as string);
  reportPredictions(table, model.target, predictions, o.json);
}

async function showAction(path: string, o: { json?: boolean }): Promise<void> {
  const model = await readModel(path);
  if (o.json) {
    printJson(model);
    return;
  }
  const lines = [
    `model for '${model.target}' (${model.featureNames.length} features, classes ${model.classes.join(', ')})`,
  ];
  lines.push(...drawTree(model.tree, model));
  if (model.certificate !== null) lines.push(...certificateLines(model.certificate));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `floret tree …` */
export function treeCommand(): Command {
  const tree = new Command('tree')
    .description(
      'provably optimal decision trees on continuous features (arXiv:2503.01455): fit, predict, show',
    )
    .addHelpText(
      'after',
      `
Examples:
  floret tree fit --data iris.csv --target class --depth 2                optimal depth-2 tree (6 errors)
  floret tree fit --data iris.csv --target class --depth 3 --out m.json   save the model
  floret tree fit --data big.csv --target y --depth 4 --time-limit 10     anytime: best tree + lower bound
  floret tree fit --data d.csv --target y --depth 2 --splits hyperplane   oblique splits (proper trees)
  floret tree predict --model m.json --data new.csv --json                {"predictions": [...]}
  floret tree show m.json                                                 draw the tree and certificate`,
    );
  tree
    .command('fit')
    .description('fit an optimal decision tree and print it with its certificate')
    .requiredOption('--data <file>', 'CSV (header row) or JSON (array of objects) data file')
    .requiredOption('--target <column>', 'the class column')
    .requiredOption('--depth <d>', 'maximum depth (0 = a single leaf)')
    .option('--splits <family>', 'axis | hyperplane | poly:<m>', 'axis')
    .option('--max-splits <K>', 'at most K splits (branch nodes)')
    .option('--min-leaf <m>', 'at least m training rows per leaf (default 1)')
    .option('--alpha <a>', 'cost added per split (sparsity penalty, default 0)')
    .option('--time-limit <s>', 'stop after s seconds with the best tree, a lower bound and the gap')
    .option('--workers <w>', 'worker threads sharing the root splits (default 1)')
    .option('--weights <column>', 'a column of positive row weights')
    .option('--out <model.json>', 'write the model (tree + certificate) to this file, atomically')
    .option('--json', 'print the result as JSON')
    .action((o: FitFlags) => fitAction(o));
  tree
    .command('predict')
    .description('predict one label per row of a data file with a saved model')
    .requiredOption('--model <json>', 'a model written by `floret tree fit --out`')
    .requiredOption('--data <file>', 'CSV or JSON data with the model’s feature columns (target optional)')
    .option('--json', 'print {"predictions": [...]} (and accuracy when the target column is present)')
    .action((o: { model: string; data: string; json?: boolean }) => predictAction(o));
  tree
    .command('show')
    .description('draw a saved model as text, with its certificate')
    .argument('<model.json>', 'a model written by `floret tree fit --out`')
    .option('--json', 'print the validated model as JSON')
    .action((path: string, o: { json?: boolean }) => showAction(path, o));
  return tree;
}

/** Iris's two petal measurements with a two-class label: versicolor or not (the tour's network data). */
function irisPetals(iris: Dataset): Dataset {
  const rows: number[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < iris.n; i++) {
    rows.push([iris.x[i * iris.d + 2] as number, iris.x[i * iris.d + 3] as number]);
    labels.push(iris.classes[iris.y[i] as number] === 'versicolor' ? 'versicolor' : 'other');
  }
  return makeDataset(rows, labels, { featureNames: ['petal_length', 'petal_width'], target: 'species' });
}

/** What `floret tour` shows of this package, on the built-in Iris data. */
export const tour: TourStop = {
  title: '@floret/exact — provably optimal decision trees (arXiv:2503.01455) and networks (arXiv:2505.05740)',
  async run() {
    const iris = loadIris();
    const lines: string[] = [];
    for (const depth of [2, 3]) {
      const r = await fitTree(iris, { depth, splits: { kind: 'axis' } });
      lines.push(
        `iris, depth ${depth}: ${r.trainErrors} training error${r.trainErrors === 1 ? '' : 's'}, lower bound ${r.lowerBound} ` +
          `(${r.optimal ? 'proven optimal' : 'not proven'}), ${(r.seconds * 1000).toFixed(0)} ms`,
      );
      if (depth === 2) lines.push(...drawTree(r.tree, iris).map((l) => `  ${l}`));
    }
    // Deep-ICE (arXiv:2505.05740): versicolor lies between the other two species on the petal
    // measurements, so no line separates it well but the intersection of two half-planes does.
    const petals = irisPetals(iris);
    for (const [hidden, kind] of [
      [1, 'union'],
      [2, 'intersection'],
    ] as const) {
      const r = await fitNet(petals, { hidden, kind });
      lines.push(
        `iris petals, versicolor vs the rest, ${hidden === 1 ? 'linear (K = 1)' : `K = ${hidden} ${kind}`} network: ` +
          `${r.trainErrors} training errors (${r.optimal ? 'proven optimal' : 'not proven'}), ${(r.seconds * 1000).toFixed(0)} ms`,
      );
    }
    return lines;
  },
};

/** This package's contribution to the `floret` binary. */
export const tool: ToolModule = { commands: [treeCommand(), netCommand()], tour };
