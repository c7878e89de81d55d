/**
 * One exact (or coreset) network fit for bench/net-baselines.mjs, in its own process so the parent can
 * enforce a hard wall-clock limit whatever the search does (Deep-ICE arXiv:2505.05740 via `fitNet`).
 * Reads one JSON line on stdin — { path, rows, hidden, options } — fits on those rows of the data file
 * and writes { weights, trainErrors, objective, optimal, seconds } as JSON on stdout.
 */
import { loadDataFile } from '../dist/index.js';
import { fitNet } from '../dist/net/index.js';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { path, rows, hidden, options } = JSON.parse(input);
const data = await loadDataFile(path, { target: 'label' });
const d = data.d;
const x = new Float64Array(rows.length * d);
const y = new Int32Array(rows.length);
rows.forEach((i, r) => {
  for (let f = 0; f < d; f++) x[r * d + f] = data.x[i * d + f];
  y[r] = data.y[i];
});
const r = await fitNet({ ...data, n: rows.length, x, y }, { hidden, ...options });
process.stdout.write(
  `${JSON.stringify({
    weights: r.weights,
    trainErrors: r.trainErrors,
    objective: r.objective,
    optimal: r.optimal,
    seconds: r.seconds,
  })}\n`,
);
