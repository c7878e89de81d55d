// ConTree (Briţa, van der Linden, Demirović, AAAI 2025; github.com/ConSol-Lab/contree) on a Dataset:
// writes "label f1 f2 …" rows (labels 0..k−1, values printed with shortest round-trip digits, so the
// binary reads exactly our doubles), runs `ConTree -file F -max-depth d -time T -run-number R`, parses
// the misclassification score and ConTree's own solve time averaged over R solves ("Average time taken
// to get the decision tree", printed to 1e-4 s: 0 means under 0.05 ms).
import { existsSync } from 'node:fs';
import { runBinary, tempFile } from './common.mjs';

export const name = 'ConTree';
export const bin = process.env.CONTREE_BIN ?? '/work/peers/ConSol-Lab+contree/code/build/ConTree';
export const howToBuild = [
  'git clone https://github.com/ConSol-Lab/contree /work/peers/ConSol-Lab+contree',
  'cd /work/peers/ConSol-Lab+contree/code && mkdir -p build && cd build && cmake .. -DCMAKE_BUILD_TYPE=Release && make',
  '(or set CONTREE_BIN to the ConTree binary)',
];

export const available = () => existsSync(bin);

/** Serialises once per data set (reused across depths and rounds). */
export function prepare(ds) {
  const lines = [];
  for (let i = 0; i < ds.n; i++) {
    const row = [String(ds.y[i])];
    for (let f = 0; f < ds.d; f++) row.push(String(ds.x[i * ds.d + f]));
    lines.push(row.join(' '));
  }
  return tempFile('data.txt', `${lines.join('\n')}\n`);
}

export function run(prepared, depth, limit, repeats = 10) {
  const r = runBinary(
    bin,
    [
      '-file',
      prepared.path,
      '-max-depth',
      String(depth),
      '-time',
      String(limit),
      '-run-number',
      String(repeats),
    ],
    limit * repeats + 5,
  );
  const score = /Misclassification score: (\d+)/.exec(r.stdout);
  const time = /Average time taken to get the decision tree: ([\d.]+)/.exec(r.stdout);
  // ConTree prints its time-out notice only with -print-logs: a solve that used its whole limit may not
  // be optimal, so count it as a time-out.
  const timeout =
    r.timedOut || /time-out/.test(r.stdout) || (time !== null && Number(time[1]) >= limit * 0.98);
  return {
    errors: score ? Number(score[1]) : null,
    seconds: time ? Number(time[1]) : null,
    /** The internal time's resolution: 0 printed means below half of it. */
    resolution: 1e-4,
    wall: r.wall,
    optimal: !timeout && score !== null,
    note: score ? '' : r.stdout.slice(-200),
  };
}
