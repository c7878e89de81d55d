/**
 * @module bench/net-speed
 * Speed of the exact network search (issue 7 "Targets"; Deep-ICE, arXiv:2505.05740) on voicepath, the
 * authors' file (test/net-voicepath.csv) in their order (np.unique: deduplicated, sorted; 704 rows):
 *   - K = 1 over all C(704, 2) = 247,456 lines (target < 0.5 s),
 *   - K = 2 over the C(132, 2) = 8,646 lines through the first 132 points, 37.4 M configurations × 4
 *     orientations (target < 3 s on 2 workers), with the speed-up curve over 1, 2, 4, … workers,
 *   - optionally (--full <seconds>) the K = 2 search over all 247,456 lines under a time limit,
 *     reporting the incumbent and its certificate (the full search is not expected to finish).
 * Medians of --runs repetitions (default 5), each cold (caches cleared), wall clock including thread
 * start and realisation.
 * Runs with node, the built dist/ and node_modules only:
 *   node packages/exact/bench/net-speed.mjs [--runs 5] [--max-workers N] [--full 60]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { clearNetCaches, fitNet, loadCsv, makeDataset } from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const runs = opt('runs', 5);
const maxWorkers = opt('max-workers', availableParallelism());
const full = opt('full', 0);

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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function time(label, options) {
  const ts = [];
  let last;
  for (let r = 0; r < runs; r++) {
    clearNetCaches(); // every run cold: sign vectors, plane tables and bounds rebuilt
    const t0 = performance.now();
    last = await fitNet(data, options);
    ts.push((performance.now() - t0) / 1000);
  }
  const m = median(ts);
  console.log(
    `${label.padEnd(44)} median ${m.toFixed(3)} s  (min ${Math.min(...ts).toFixed(3)}, max ${Math.max(...ts).toFixed(3)}; ` +
      `errors ${last.trainErrors}, optimal ${last.optimal}, evaluated ${last.searchSpace.evaluated})`,
  );
  return m;
}

console.log(
  `machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()} (shared), node ${process.version}`,
);
console.log(
  `voicepath: ${raw.n} rows, ${data.n} unique (authors' np.unique order), D = 2; ${runs} runs each\n`,
);
await time('K = 1, all 247,456 lines, 1 worker', { hidden: 1 });
const base = await time('K = 2, pool 132 (37.4 M configs), 1 worker', { hidden: 2, pool: 132 });
for (let w = 2; w <= maxWorkers; w *= 2) {
  const m = await time(`K = 2, pool 132, ${w} workers`, { hidden: 2, pool: 132, workers: w });
  console.log(`${''.padEnd(44)} speed-up ×${(base / m).toFixed(2)} over 1 worker`);
}
if (full > 0) {
  const r = await fitNet(data, { hidden: 2, timeLimit: full, workers: maxWorkers });
  console.log(
    `\nK = 2 over all 247,456 lines, ${full} s limit, ${maxWorkers} workers: incumbent ${r.trainErrors} errors, ` +
      `lower bound ${r.lowerBound}, optimal ${r.optimal}, evaluated ${r.searchSpace.evaluated} of ${r.searchSpace.configurations} configurations`,
  );
}
