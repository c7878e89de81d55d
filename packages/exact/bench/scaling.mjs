// Worker-thread scaling of the axis DP (`fitTree` with `workers`): the root's candidate splits are
// dealt round-robin to w piscina threads (src/fit.ts). For each problem it runs w = 1, 2, 4, … (up to
// the machine's cores unless --workers says otherwise), checks that every w proves the same optimum,
// and prints medians (ms, whole fitTree call: pool start-up included) and the speed-up over w = 1.
//   node packages/exact/bench/scaling.mjs [--workers 1,2,4,8,16] [--rounds 3] [--data DIR]
//                                          [--problems breast_cancer:3,pima-diabetes:3]
// Needs only node, the built dist/ and node_modules (so it can run on a bigger machine).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const cores = cpus().length;
const defaultW = [1, 2, 4, 8, 16].filter((w) => w <= Math.max(2, cores));
const workers = opt('workers', defaultW.join(',')).split(',').map(Number);
const rounds = Number(opt('rounds', '3'));
const dataDir = opt('data', process.env.FLORET_EXACT_DATA ?? '/work/shared/data/exact-learning');
const problems = opt('problems', 'breast_cancer:3,pima-diabetes:3,glass:3,wine:4')
  .split(',')
  .map((s) => {
    const [name, depth] = s.split(':');
    return { name, depth: Number(depth) };
  });
const dist = new URL('../dist/', import.meta.url);
const { loadCsv } = await import(new URL('data.js', dist));
const { fitTree } = await import(new URL('fit.js', dist));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

console.log(
  `machine: ${cpus()[0]?.model} · ${cores} cores · Node ${process.version} · load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}; rounds ${rounds}; times are medians of whole fitTree calls in ms`,
);
console.log(['problem', 'errors', ...workers.map((w) => `w=${w} ms (×)`)].join(' | '));
const out = [];
for (const { name, depth } of problems) {
  const text = readFileSync(join(dataDir, `${name}.csv`), 'utf8');
  const header = text.slice(0, text.indexOf('\n')).trim().split(',');
  const ds = loadCsv(text, { target: header[header.length - 1], source: name });
  await fitTree(ds, { depth: Math.min(depth, 2), splits: { kind: 'axis' } }); // JIT warm-up
  const times = new Map(workers.map((w) => [w, []]));
  const objectives = new Set();
  for (let r = 0; r < rounds; r++) {
    for (const w of workers) {
      const t0 = performance.now();
      const res = await fitTree(ds, { depth, splits: { kind: 'axis' }, workers: w });
      times.get(w).push(performance.now() - t0);
      if (!res.optimal) throw new Error(`${name} depth ${depth} w=${w}: not proven optimal`);
      objectives.add(res.objective);
    }
  }
  if (objectives.size !== 1)
    throw new Error(`${name}: objectives differ across worker counts: ${[...objectives]}`);
  const base = median(times.get(workers[0]));
  const cells = workers.map((w) => {
    const m = median(times.get(w));
    return `${m.toFixed(0)} (${(base / m).toFixed(2)}×)`;
  });
  console.log([`${name} d${depth}`, [...objectives][0], ...cells].join(' | '));
  out.push({
    name,
    depth,
    objective: [...objectives][0],
    medians: Object.fromEntries(workers.map((w) => [w, median(times.get(w))])),
  });
}
console.log('JSON', JSON.stringify(out));
