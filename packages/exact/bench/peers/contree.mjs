// ConTree (Briţa, van der Linden, Demirović, AAAI 2025; github.com/ConSol-Lab/contree) on a Dataset:
// writes "label f1 f2 …" rows (labels 0..k−1, values printed with shortest round-trip digits, so the
// binary reads exactly our doubles), runs `ConTree -file F -max-depth d -time T -run-number R`, parses
// the misclassification score and ConTree's own solve time averaged over R solves ("Average time taken
// to get the decision tree", printed to 1e-4 s).
//
// That internal time is coarse and biased low: ConTree's stopwatch (Utilities/include/stopwatch.h)
// truncates each solve's duration to whole milliseconds (duration_cast<milliseconds>) before averaging,
// so a 0.6 ms solve reports 0 every time and a 5.6 ms one reports 5. `runFine` therefore times ConTree
// from outside: the same process run with `-run-number 10` and with `-run-number 1` differ by exactly nine
// timed solve iterations (dataset copy, feature sort, cache and search — everything its own clock
// covers), while start-up, file reading and printing cancel. Pairs are interleaved (alternating order)
// and the per-solve time is the median over pairs of (wall₁₀ − wall₁) / 9.
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

/** One ConTree process: `repeats` solves (1–10, ConTree's cap); its own averaged time and the wall time. */
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

/**
 * ConTree's per-solve time from process wall times (see the header): `pairs` interleaved pairs of a
 * 10-solve and a 1-solve process, median of (wall₁₀ − wall₁) / 9, in seconds. Returns a 10-solve
 * run's result with `seconds` replaced by that estimate and `internal` = ConTree's own figure. When a
 * first single solve takes at least `coarseAbove` seconds by ConTree's own clock, that solve's own
 * time is returned instead (`method: 'internal'`).
 */
export function runFine(prepared, depth, limit, pairs = 5, coarseAbove = 0.05) {
  // One solve first: from `coarseAbove` seconds up the truncation costs under 2% and 11 more solves
  // per pair would cost minutes, so ConTree's own time of that solve is used.
  const once = run(prepared, depth, limit, 1);
  if (!once.optimal || once.seconds === null || once.seconds >= coarseAbove)
    return { ...once, internal: once.seconds, method: 'internal' };
  const first = run(prepared, depth, limit, 10);
  if (!first.optimal) return { ...first, internal: first.seconds, method: 'internal' };
  const diffs = [];
  for (let k = 0; k < pairs; k++) {
    const order = k % 2 ? [1, 10] : [10, 1];
    const w = {};
    for (const r of order) {
      const res = run(prepared, depth, limit, r);
      if (!res.optimal) return { ...res, optimal: false };
      w[r] = res.wall;
    }
    diffs.push((w[10] - w[1]) / 9);
  }
  diffs.sort((a, b) => a - b);
  const m = diffs.length >> 1;
  const est = diffs.length % 2 ? diffs[m] : (diffs[m - 1] + diffs[m]) / 2;
  return { ...first, internal: first.seconds, seconds: Math.max(0, est), samples: diffs, method: 'wall' };
}
