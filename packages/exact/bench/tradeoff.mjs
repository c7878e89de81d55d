// Hyperplane vs axis-parallel proper trees vs greedy CART (ml-cart) on held-out folds: how much time
// the exact hyperplane trees of arXiv:2503.01455 cost, and how many training / test errors they save.
// Small 2-feature problems only (hyperplane search grows like N^(2·splits)): iris (petal length and
// width), voicepath (the Deep-ICE set, a seeded 200-row sample) and Haberman (age, positive nodes;
// integer-valued, so many ties). 5-fold cross-validation with a seeded shuffle; sums over folds.
// Times are CPU times of this thread (process.cpuUsage: user + system) per fit, median over folds: the
// development machine is shared, and CPU time is what a fit costs whatever else runs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function cpuMs(c0) {
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1000;
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function subset(ds, rows, feats) {
  const d = feats.length;
  const x = new Float64Array(rows.length * d);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    feats.forEach((f, j) => {
      x[i * d + j] = ds.x[r * ds.d + f];
    });
    y[i] = ds.y[r];
  });
  return {
    ...ds,
    n: rows.length,
    d,
    x,
    y,
    featureNames: feats.map((f) => ds.featureNames[f]),
    weights: undefined,
  };
}

export async function tradeoff({ loadSet, fitProper }) {
  let Cart;
  try {
    Cart = require('ml-cart').DecisionTreeClassifier;
  } catch {
    console.log('ml-cart not installed: CART column skipped');
  }
  const { predict } = await import(new URL('../dist/tree.js', import.meta.url));
  const problems = [
    { name: 'iris (petal l, w)', file: 'iris.csv', feats: [2, 3], rows: 150 },
    { name: 'voicepath (200 rows)', file: 'voicepath_data.csv', feats: [0, 1], rows: 200 },
    { name: 'haberman (age, nodes)', file: 'haberman_283_3D.csv', feats: [0, 2], rows: 200 },
  ];
  console.log(
    'hyperplane vs axis vs CART, 5-fold CV (errors summed over folds; CPU time of one fit, median over folds)',
  );
  console.log('data set | depth | method | train errors | test errors | fit CPU ms (median) | optimal folds');
  for (const p of problems) {
    const full = loadSet(p.file);
    const r = rng(42);
    const order = [...Array(full.n).keys()].sort(() => r() - 0.5).slice(0, p.rows);
    const ds = subset(full, order, p.feats);
    const folds = 5;
    for (const depth of [1, 2]) {
      const methods = [
        ['axis', { kind: 'axis' }],
        ['hyperplane', { kind: 'hyperplane' }],
      ];
      const out = {};
      for (const [m, splits] of [...methods, ['CART', null]]) {
        if (m === 'CART' && !Cart) continue;
        let tr = 0;
        let te = 0;
        let opt = 0;
        const ms = [];
        for (let k = 0; k < folds; k++) {
          const trainRows = [];
          const testRows = [];
          for (let i = 0; i < ds.n; i++) (i % folds === k ? testRows : trainRows).push(i);
          const train = subset(ds, trainRows, [0, 1]);
          const test = subset(ds, testRows, [0, 1]);
          const c0 = process.cpuUsage();
          let predTrain;
          let predTest;
          if (m === 'CART') {
            const X = (s) => Array.from({ length: s.n }, (_, i) => [s.x[i * 2], s.x[i * 2 + 1]]);
            const c = new Cart({ maxDepth: depth, minNumSamples: 1 });
            c.train(X(train), Array.from(train.y));
            ms.push(cpuMs(c0));
            predTrain = c.predict(X(train));
            predTest = c.predict(X(test));
            opt = Number.NaN;
          } else {
            const res = await fitProper(train, { depth, splits, timeLimit: 300 });
            ms.push(cpuMs(c0));
            if (res.optimal) opt++;
            predTrain = predict(res.tree, train.x, train.n, 2);
            predTest = predict(res.tree, test.x, test.n, 2);
          }
          for (let i = 0; i < train.n; i++) if (predTrain[i] !== train.y[i]) tr++;
          for (let i = 0; i < test.n; i++) if (predTest[i] !== test.y[i]) te++;
        }
        ms.sort((a, b) => a - b);
        out[m] = { tr, te, ms: ms[2] };
        console.log(
          `${p.name} | ${depth} | ${m} | ${tr} | ${te} | ${ms[2].toFixed(1)} | ${Number.isNaN(opt) ? 'greedy' : `${opt}/${folds}`}`,
        );
      }
    }
  }
}
