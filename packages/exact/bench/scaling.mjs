// Worker-thread scaling of the axis DP (`fitTree` with `workers`): the root's thresholds are cut into
// a fixed set of parts run on w piscina threads with a shared incumbent (src/axis/parallel.ts). For
// each problem it runs w = 1, 2, 4, … (up to the machine's cores unless --workers says otherwise),
// checks that every w proves the same optimum and that every w ≥ 2 returns the same tree, and prints
// medians (ms, whole fitTree call: pool start-up included), the speed-up over w = 1, and the median
// CPU seconds of the process (all threads) and split evaluations — the work, which on a shared
// machine says more than the wall time.
//   node packages/exact/bench/scaling.mjs [--workers 1,2,4,8,16] [--rounds 3] [--data DIR]
//                                          [--problems breast_cancer:3,pima-diabetes:3] [--dist DIR]
// Needs only node, the built dist/ and node_modules (so it can run on a bigger machine); --dist runs
// another build (e.g. a copy of an earlier dist/) for before/after comparisons.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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
const distArg = opt('dist', undefined);
const dist =
  distArg === undefined ? new URL('../dist/', import.meta.url) : pathToFileURL(`${resolve(distArg)}/`);
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
console.log(`build: ${dist.pathname}`);
console.log(['problem', 'errors', ...workers.map((w) => `w=${w} ms (×) · cpu s · evals`)].join(' | '));
const out = [];
for (const { name, depth } of problems) {
  const text = readFileSync(join(dataDir, `${name}.csv`), 'utf8');
  const header = text.slice(0, text.indexOf('\n')).trim().split(',');
  const ds = loadCsv(text, { target: header[header.length - 1], source: name });
  await fitTree(ds, { depth: Math.min(depth, 2), splits: { kind: 'axis' } }); // JIT warm-up
  const times = new Map(workers.map((w) => [w, []]));
  const cpu = new Map(workers.map((w) => [w, []]));
  const evals = new Map(workers.map((w) => [w, []]));
  const trees = new Set();
  const objectives = new Set();
  for (let r = 0; r < rounds; r++) {
    for (const w of workers) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await fitTree(ds, { depth, splits: { kind: 'axis' }, workers: w });
      times.get(w).push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.get(w).push((c.user + c.system) / 1e6);
      evals.get(w).push(Number(res.searchSpace.evaluated));
      if (w >= 2) trees.add(JSON.stringify(res.tree));
      if (!res.optimal) throw new Error(`${name} depth ${depth} w=${w}: not proven optimal`);
      objectives.add(res.objective);
    }
  }
  if (objectives.size !== 1)
    throw new Error(`${name}: objectives differ across worker counts: ${[...objectives]}`);
  if (trees.size > 1)
    console.log(`${name}: NOTE ${trees.size} different trees across w ≥ 2 (this build is not deterministic)`);
  const base = median(times.get(workers[0]));
  const cells = workers.map((w) => {
    const m = median(times.get(w));
    return `${m.toFixed(0)} (${(base / m).toFixed(2)}×) · ${median(cpu.get(w)).toFixed(2)} · ${median(evals.get(w))}`;
  });
  console.log([`${name} d${depth}`, [...objectives][0], ...cells].join(' | '));
  out.push({
    name,
    depth,
    objective: [...objectives][0],
    medians: Object.fromEntries(workers.map((w) => [w, median(times.get(w))])),
    cpuSeconds: Object.fromEntries(workers.map((w) => [w, median(cpu.get(w))])),
    evaluations: Object.fromEntries(workers.map((w) => [w, median(evals.get(w))])),
  });
}
console.log('JSON', JSON.stringify(out));
