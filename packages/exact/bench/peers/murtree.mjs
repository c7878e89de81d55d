// MurTree (Demirović et al., JMLR 2022; github.com/MurTree/murtree) needs binary features. We binarise
// every feature with the thresholds ConTree and our axis solver use — one binary feature per midpoint
// between consecutive distinct values, 1 iff x ≤ t — so the space of trees, and hence the optimal
// misclassification count, is identical. Runs `murtree -file F -max-depth d -max-num-nodes 2^d−1
// -time T` and parses "MISCLASSIFICATION SCORE" and "TIME" (MurTree's own solve time).
import { existsSync } from 'node:fs';
import { runBinary, tempFile } from './common.mjs';

export const name = 'MurTree';
export const bin = process.env.MURTREE_BIN ?? '/work/peers/MurTree+murtree/bin/murtree';
export const howToBuild = [
  'git clone https://github.com/MurTree/murtree /work/peers/MurTree+murtree',
  'cd /work/peers/MurTree+murtree && mkdir -p build && cd build && cmake .. -DBUILD_STANDALONE_APPLICATION=ON -DCMAKE_BUILD_TYPE=Release && make',
  '(binary in /work/peers/MurTree+murtree/bin/murtree, or set MURTREE_BIN)',
];

export const available = () => existsSync(bin);

/** Binary features x_f ≤ t for every midpoint t of consecutive distinct values of f. */
export function binarise(ds) {
  const cols = [];
  for (let f = 0; f < ds.d; f++) {
    const v = new Float64Array(ds.n);
    for (let i = 0; i < ds.n; i++) v[i] = ds.x[i * ds.d + f];
    const u = [...new Set(v)].sort((a, b) => a - b);
    for (let k = 0; k + 1 < u.length; k++) cols.push({ f, t: u[k] + (u[k + 1] - u[k]) / 2, lo: u[k] });
  }
  return cols;
}

export function prepare(ds) {
  const cols = binarise(ds);
  const lines = [];
  for (let i = 0; i < ds.n; i++) {
    let s = String(ds.y[i]);
    for (const c of cols) s += ds.x[i * ds.d + c.f] <= c.lo ? ' 1' : ' 0';
    lines.push(s);
  }
  const file = tempFile('data.txt', `${lines.join('\n')}\n`);
  return { ...file, features: cols.length };
}

export function run(prepared, depth, limit) {
  const nodes = 2 ** depth - 1;
  const r = runBinary(
    bin,
    [
      '-file',
      prepared.path,
      '-max-depth',
      String(depth),
      '-max-num-nodes',
      String(nodes),
      '-time',
      String(limit),
    ],
    limit + 5,
  );
  const score = /MISCLASSIFICATION SCORE: (\d+)/.exec(r.stdout);
  const time = /TIME: ([\d.e+-]+) seconds/.exec(r.stdout);
  const timeout = r.timedOut || /Timeout/.test(r.stdout);
  return {
    errors: score && !timeout ? Number(score[1]) : null,
    seconds: time ? Number(time[1]) : r.wall,
    wall: r.wall,
    optimal: !timeout && score !== null,
    note: score ? '' : r.stdout.slice(-200),
  };
}
