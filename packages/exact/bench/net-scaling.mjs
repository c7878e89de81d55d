/**
 * @module bench/net-scaling
 * Worker-thread scaling of the exact network search (issue 7 "Targets": "report the speed-up curve with
 * workers (on a machine with 16 cores)"; Deep-ICE, arXiv:2505.05740): voicepath in the authors' order
 * (test/net-voicepath.csv, deduplicated and sorted, 704 rows), K = 2 over the lines through the first
 * --pool points (default 200: C(200, 2) = 19,900 lines, 198 M configurations × 4 orientations — big
 * enough that thread start-up is a small part), whole fitNet calls, cold caches, --rounds per worker
 * count (median), same optimum checked at every count.
 *   node packages/exact/bench/net-scaling.mjs [--pool 200|all] [--workers 1,2,4,8,16] [--rounds 3]
 *        [--time-limit s]   (with --pool all --workers 16 --rounds 1: the full K = 2 search as a benchmark)
 * Needs only node, the built dist/ and node_modules.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { clearNetCaches, fitNet, loadCsv, makeDataset } from '../dist/index.js';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const poolArg = arg('pool', '200');
const timeLimit = arg('time-limit', undefined);
const rounds = Number(arg('rounds', '3'));
const counts = arg('workers', '1,2,4,8,16')
  .split(',')
  .map(Number)
  .filter((w) => w >= 1);

const raw = loadCsv(readFileSync(new URL('../test/net-voicepath.csv', import.meta.url), 'utf8'), {
  target: 'label',
});
const seen = new Map();
for (let i = 0; i < raw.n; i++) {
  const r = [raw.x[2 * i], raw.x[2 * i + 1], Number(raw.classes[raw.y[i]])];
  seen.set(r.join(','), r);
}
const rows = [...seen.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
const data = makeDataset(
  rows.map((r) => [r[0], r[1]]),
  rows.map((r) => String(r[2])),
  { classes: raw.classes, featureNames: raw.featureNames, target: 'label' },
);
const pool = poolArg === 'all' ? data.n : Number(poolArg);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(
  `machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`voicepath (${data.n} unique rows), K = 2, pool ${pool}; median of ${rounds} cold runs\n`);
let base = 0;
let answer = '';
for (const w of counts) {
  const ts = [];
  let r;
  for (let i = 0; i < rounds; i++) {
    clearNetCaches();
    const t0 = performance.now();
    r = await fitNet(data, {
      hidden: 2,
      pool,
      workers: w,
      ...(timeLimit === undefined ? {} : { timeLimit: Number(timeLimit) }),
    });
    ts.push((performance.now() - t0) / 1000);
  }
  const key = `${r.trainErrors}/${r.optimal}/${JSON.stringify(r.definingRows)}`;
  if (answer === '') answer = key;
  const m = median(ts);
  if (base === 0) base = m;
  console.log(
    `${String(w).padStart(3)} workers: median ${m.toFixed(3)} s (min ${Math.min(...ts).toFixed(3)}), ` +
      `speed-up ×${(base / m).toFixed(2)}; errors ${r.trainErrors}, optimal ${r.optimal}` +
      `${key === answer ? '' : '  ← DIFFERENT ANSWER'}`,
  );
  const ss = r.searchSpace;
  console.log(
    `    lower bound ${r.lowerBound}; configurations ${ss.configurations}, covered ${ss.covered ?? '?'}, ` +
      `evaluated ${ss.evaluated}, pruned ${ss.pruned}; defining rows ${JSON.stringify(r.definingRows)}`,
  );
}
