/**
 * Baselines for the exact two-layer networks (issue 7, "Targets"; Deep-ICE arXiv:2505.05740 claims
 * "20–30% fewer misclassifications" than gradient-trained networks and SVMs on the same models —
 * research note exact-learning.md §2.1). On the Deep-ICE data sets in shared/data/exact-learning this
 * prints, per data set and width K, the training errors (fit on all rows) and the 5-fold test errors
 * (summed over the folds, stratified, seeded) of:
 *
 * - exact: `fitNet` (union class, 0-1 loss) — exact when the configuration count is small enough for the
 *   time limit, else the coreset heuristic (`coreset`, marked *), both under a per-fit time limit; the
 *   number of fits proven optimal is shown;
 * - svm (K = 1 only): linear SVM, dual coordinate descent, C by inner 3-fold CV (bench/net-baselines-models.mjs);
 * - gd: the same rank-K maxout unit trained by Adam on the logistic surrogate, 8 seeded restarts.
 *
 * It reports; it asserts nothing. Usage (after `npx tsc -b packages/exact`):
 *   node packages/exact/bench/net-baselines.mjs [--sets voicepath,haberman] [--hidden 1,2] [--time 8]
 *        [--folds 5] [--seed 1] [--exact-max 2e7] [--coreset 40]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadDataFile } from '../dist/index.js';
import { predictNet } from '../dist/net/index.js';
import { maxoutBaseline, stratifiedFolds, svmBaseline } from './net-baselines-models.mjs';

const FIT = fileURLToPath(new URL('./net-baselines-fit.mjs', import.meta.url));
const DATA = fileURLToPath(new URL('../../../../shared/data/exact-learning/', import.meta.url));
const SETS = {
  voicepath: 'voicepath_data.csv',
  caesarian: 'caesarian_72_5D.csv',
  cryotherapy: 'cryotherapy.csv',
  haberman: 'haberman_283_3D.csv',
  bloodtransfer: 'bloodtransfer_502_4D.csv',
  spesis: 'spesis_975_3D.csv',
};

const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const sets = arg('sets', Object.keys(SETS).join(',')).split(',');
const hiddens = arg('hidden', '1,2').split(',').map(Number);
const timeLimit = Number(arg('time', '8'));
const nFolds = Number(arg('folds', '5'));
const seed = Number(arg('seed', '1'));
const exactMax = Number(arg('exact-max', '2e7'));
const coresetSize = Number(arg('coreset', '40'));

function binom(n, k) {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return r;
}

/** The rows `rows` of a data set as a data set of their own. */
function subset(data, rows) {
  const { d } = data;
  const x = new Float64Array(rows.length * d);
  const y = new Int32Array(rows.length);
  rows.forEach((i, r) => {
    for (let f = 0; f < d; f++) x[r * d + f] = data.x[i * d + f];
    y[r] = data.y[i];
  });
  return { ...data, n: rows.length, x, y };
}

/** Misclassifications of a fitted network on the rows `rows` (prediction by the library). */
function netErrors(weights, data, rows) {
  const sub = subset(data, rows);
  const pred = predictNet(weights, sub.x, sub.n, sub.d);
  let e = 0;
  for (let r = 0; r < sub.n; r++) if (pred[r] !== (sub.y[r] === 1 ? 1 : -1)) e++;
  return e;
}

/**
 * The exact (or coreset) fit of `rows` of the data file, in a child process killed at a hard limit of
 * 3 × the time limit + 15 s (a search that ignores its time limit must not stall the table).
 */
function exactFit(path, data, rows, K, forceCoreset = false) {
  const configs = binom(binom(rows.length, data.d), K);
  const useCoreset = forceCoreset || configs > exactMax;
  const options = {
    kind: 'union',
    timeLimit,
    ...(useCoreset ? { coreset: { size: Math.max(coresetSize, data.d + 2), seed } } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), (3 * timeLimit + 15) * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') reject(new Error(`no answer within ${3 * timeLimit + 15} s (killed)`));
      else if (code !== 0)
        reject(
          new Error(
            (
              err
                .trim()
                .split('\n')
                .find((l) => /^\w*Error: /.test(l)) ?? err.trim()
            ).slice(0, 90),
          ),
        );
      else resolve({ r: JSON.parse(out), useCoreset });
    });
    child.stdin.end(JSON.stringify({ path, rows, hidden: K, options }));
  });
}

/** The exact fit, or the reason it failed (reported in the table; the baselines still run). */
async function tryExact(path, data, rows, K, forceCoreset = false) {
  const t0 = performance.now();
  try {
    const f = await exactFit(path, data, rows, K, forceCoreset);
    return { ...f, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { error: e.message, seconds: (performance.now() - t0) / 1000 };
  }
}

async function compare(name, path, data, tt, all, folds, K) {
  let full = await tryExact(path, data, all, K);
  // When the exact search fails on all rows, fall back to the coreset heuristic for this row (noted).
  let fallback;
  if (full.error !== undefined && binom(binom(data.n, data.d), K) <= exactMax) {
    fallback = full.error;
    const again = await tryExact(path, data, all, K, true);
    full = { ...again, seconds: again.seconds + full.seconds };
  }
  let failure = full.error;
  let exactSeconds = full.seconds;
  let proven = full.r?.optimal ? 1 : 0;
  let coresetUsed = full.useCoreset === true;
  const exactTrain = full.r?.trainErrors ?? null;
  const gdTrain = maxoutBaseline(data.x, data.d, tt, all, K, { seed }).errors(all);
  const svmTrain = K === 1 ? svmBaseline(data.x, data.d, tt, all, seed).errors(all) : null;
  let exactTest = 0;
  let gdTest = 0;
  let svmTest = 0;
  for (const test of folds) {
    const inTest = new Set(test);
    const train = all.filter((i) => !inTest.has(i));
    if (failure === undefined) {
      const fit = await tryExact(path, data, train, K, fallback !== undefined);
      exactSeconds += fit.seconds;
      if (fit.error !== undefined) failure = fit.error;
      else {
        proven += fit.r.optimal ? 1 : 0;
        coresetUsed ||= fit.useCoreset;
        exactTest += netErrors(fit.r.weights, data, test);
      }
    }
    gdTest += maxoutBaseline(data.x, data.d, tt, train, K, { seed }).errors(test);
    if (K === 1) svmTest += svmBaseline(data.x, data.d, tt, train, seed).errors(test);
  }
  const mark = coresetUsed ? '*' : '';
  const ok = failure === undefined;
  console.log(
    `| ${name} | ${data.n} | ${data.d} | ${K} | ${ok ? `${exactTrain}${mark}` : '✗'} | ${gdTrain} | ${svmTrain ?? '—'} | ` +
      `${ok ? `${exactTest}${mark}` : '✗'} | ${gdTest} | ${K === 1 ? svmTest : '—'} | ` +
      `${ok ? `${proven}/${folds.length + 1}` : `failed: ${failure}`}` +
      `${fallback !== undefined ? ` (exact failed: ${fallback}; coreset instead)` : ''} | ${exactSeconds.toFixed(1)} |`,
  );
  return ok
    ? { name, K, exactTrain, gdTrain, svmTrain, exactTest, gdTest, svmTest: K === 1 ? svmTest : null }
    : undefined;
}

const t = (data) => Int8Array.from(data.y, (c) => (c === 1 ? 1 : -1));
console.log(
  `# exact networks vs baselines — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores ` +
    `(${cpus()[0]?.model ?? '?'}), shared machine; per-fit time limit ${timeLimit} s, ${nFolds}-fold stratified CV seed ${seed}`,
);
console.log('');
console.log(
  '| data | N | D | K | exact train | gd train | svm train | exact test | gd test | svm test | exact proven | exact s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
const summary = [];
for (const name of sets) {
  const file = SETS[name] ?? name;
  const path = `${DATA}${file}`;
  if (!existsSync(path)) {
    console.log(`| ${name} | (missing ${path}) |`);
    continue;
  }
  const data = await loadDataFile(path, { target: 'label' });
  const tt = t(data);
  const all = Array.from({ length: data.n }, (_v, i) => i);
  const folds = stratifiedFolds(tt, nFolds, seed);
  for (const K of hiddens) {
    const row = await compare(name, path, data, tt, all, folds, K);
    if (row === undefined) continue;
    summary.push(row);
  }
}
const ratio = (a, b) => (b > 0 ? `${(100 * (1 - a / b)).toFixed(1)}%` : 'n/a');
const sum = (k) => summary.reduce((s, r) => s + (r[k] ?? 0), 0);
const lin = summary.filter((r) => r.K === 1);
const linSum = (k) => lin.reduce((s, r) => s + (r[k] ?? 0), 0);
console.log('');
console.log(
  `fewer misclassifications of exact vs gd, all rows above: train ${ratio(sum('exactTrain'), sum('gdTrain'))}, ` +
    `test ${ratio(sum('exactTest'), sum('gdTest'))}`,
);
if (lin.length > 0)
  console.log(
    `fewer misclassifications of exact vs svm (K = 1 rows): train ${ratio(linSum('exactTrain'), linSum('svmTrain'))}, ` +
      `test ${ratio(linSum('exactTest'), linSum('svmTest'))}`,
  );
console.log(
  '* = coreset heuristic (configuration count above --exact-max); "proven" counts fits proven optimal; ' +
    '✗ = the exact search failed (reason in the last columns); the summary lines count only rows where it ran.',
);
