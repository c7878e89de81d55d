// Optimal axis-parallel trees (@floret/exact) vs greedy CART (ml-cart) on held-out folds.
// Usage: node bench/cart.mjs [timeLimitSeconds=10] [datasets=iris,wine,breast_cancer,...] [depths=2,3,4]
// Needs the built package (npx tsc -b packages/exact). 5-fold cross-validation with a seeded shuffle;
// both learners see the same folds; CART uses gini, minNumSamples 1, maxDepth = depth (ml-cart counts
// depth like we do: depth 1 = one split). The exact tree runs with a per-fold time limit and reports
// how many folds were proven optimal.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DecisionTreeClassifier } from 'ml-cart';
import { loadCsv } from '../dist/data.js';
import { fitAxisSync } from '../dist/fit.js';
import { predict } from '../dist/tree.js';

// The data sets: shared/data/exact-learning beside the repository, or the folder in $EXACT_DATA.
const DATA = process.env.EXACT_DATA
  ? pathToFileURL(`${process.env.EXACT_DATA.replace(/\/$/, '')}/`)
  : new URL('../../../../shared/data/exact-learning/', import.meta.url);
const timeLimit = Number(process.argv[2] ?? 10);
const names = (
  process.argv[3] ?? 'iris,wine,breast_cancer,pima-diabetes,haberman_283_3D,bloodtransfer_502_4D'
).split(',');
const depths = (process.argv[4] ?? '2,3,4').split(',').map(Number);
const FOLDS = 5;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function subset(data, rows) {
  const { d } = data;
  const x = new Float64Array(rows.length * d);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let f = 0; f < d; f++) x[i * d + f] = data.x[r * d + f];
    y[i] = data.y[r];
  });
  return { ...data, n: rows.length, x, y };
}

function rowsOf(data) {
  return Array.from({ length: data.n }, (_v, i) => Array.from(data.x.subarray(i * data.d, (i + 1) * data.d)));
}

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const mean = (a) => a.reduce((p, q) => p + q, 0) / a.length;

console.log(
  `optimal tree vs CART, ${FOLDS}-fold CV, time limit ${timeLimit} s per fit, node ${process.version}`,
);
console.log(
  '| data set | depth | train acc opt | train acc CART | test acc opt | test acc CART | folds proven optimal | median fit s |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const text = readFileSync(new URL(`${name}.csv`, DATA), 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',');
  const data = loadCsv(text, { target: header[header.length - 1].trim() });
  const rnd = mulberry32(12345);
  const perm = Array.from({ length: data.n }, (_v, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (const depth of depths) {
    const acc = { trO: [], trC: [], teO: [], teC: [], proven: 0, secs: [] };
    for (let k = 0; k < FOLDS; k++) {
      const test = perm.filter((_v, i) => i % FOLDS === k);
      const train = perm.filter((_v, i) => i % FOLDS !== k);
      const tr = subset(data, train);
      const te = subset(data, test);
      const r = fitAxisSync(tr, { depth, splits: { kind: 'axis' }, timeLimit });
      acc.secs.push(r.seconds);
      if (r.optimal) acc.proven++;
      const score = (ds, labels) => labels.reduce((s, p, i) => s + (p === ds.y[i] ? 1 : 0), 0) / ds.n;
      acc.trO.push(score(tr, Array.from(predict(r.tree, tr.x, tr.n, tr.d))));
      acc.teO.push(score(te, Array.from(predict(r.tree, te.x, te.n, te.d))));
      const cart = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth: depth, minNumSamples: 1 });
      cart.train(rowsOf(tr), Array.from(tr.y));
      acc.trC.push(score(tr, cart.predict(rowsOf(tr))));
      acc.teC.push(score(te, cart.predict(rowsOf(te))));
    }
    const pct = (a) => `${(100 * mean(a)).toFixed(1)}%`;
    console.log(
      `| ${name} | ${depth} | ${pct(acc.trO)} | ${pct(acc.trC)} | ${pct(acc.teO)} | ${pct(acc.teC)} | ${acc.proven}/${FOLDS} | ${median(acc.secs).toFixed(3)} |`,
    );
  }
}
