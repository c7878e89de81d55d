// Optimal training errors of axis-parallel trees at depths 1..4 on every data set of
// shared/data/exact-learning, with solve times (the README's table of optima).
// Usage: node bench/optima.mjs [timeLimitSeconds=60] [depths=1,2,3,4] [datasets=all] [reps=5]
// Needs the built package; imports only dist/data.js, dist/axis/solver.js and dist/tree.js (no
// npm dependencies), so it runs anywhere node does. Times are the solver only (data already loaded); depth ≤ 2 is repeated
// `reps` times and the median reported; deeper runs once. Both wall-clock and process CPU time are
// reported: on a shared machine the CPU time is the better estimate of an unloaded run. A run that hits the time limit reports the
// best tree found and its proven lower bound.
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { solveAxis } from '../dist/axis/solver.js';
import { describeDataset, loadCsv } from '../dist/data.js';
import { evaluateTree } from '../dist/tree.js';

// The data sets: shared/data/exact-learning beside the repository, or the folder in $EXACT_DATA.
const DATA = process.env.EXACT_DATA
  ? pathToFileURL(`${process.env.EXACT_DATA.replace(/\/$/, '')}/`)
  : new URL('../../../../shared/data/exact-learning/', import.meta.url);
const timeLimit = Number(process.argv[2] ?? 60);
const depths = (process.argv[3] ?? '1,2,3,4').split(',').map(Number);
const all = readdirSync(DATA)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => f.slice(0, -4));
const names = process.argv[4] && process.argv[4] !== 'all' ? process.argv[4].split(',') : all;
const reps = Number(process.argv[5] ?? 5);

console.log(`axis-parallel optimal trees, time limit ${timeLimit} s, node ${process.version}`);
console.log(
  '| data set | n | d | classes | depth | errors | lower bound | proven | wall s (median) | CPU s (median) | evaluated |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const text = readFileSync(new URL(`${name}.csv`, DATA), 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',');
  const data = loadCsv(text, { target: header[header.length - 1].trim() });
  const rep = describeDataset(data);
  for (const depth of depths) {
    const times = [];
    const cpus = [];
    let r;
    const n = depth <= 2 ? reps : 1;
    for (let i = 0; i < n; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const sol = solveAxis(data, { depth, deadline: t0 + timeLimit * 1000 });
      times.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1e6);
      const errors = evaluateTree(sol.tree, data).errors;
      const lowerBound = sol.complete
        ? sol.objective
        : Math.max(sol.lowerBound, Math.min(rep.conflictErrors, sol.objective));
      r = { trainErrors: errors, lowerBound, optimal: sol.complete, evaluated: sol.evaluated };
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    console.log(
      `| ${name} | ${data.n} | ${data.d} | ${data.classes.length} | ${depth} | ${r.trainErrors} | ${r.lowerBound} | ${r.optimal ? 'yes' : 'no'} | ${times[times.length >> 1].toFixed(4)} | ${cpus[cpus.length >> 1].toFixed(4)} | ${r.evaluated} |`,
    );
  }
  if (rep.conflictErrors > 0)
    console.log(
      `|   (${name}: ${rep.conflictingRows} rows in conflicting duplicate groups; every classifier makes ≥ ${rep.conflictErrors} errors) |`,
    );
}
