// Benchmarks of @floret/exact's tree solvers against the C++ peers, side by side in one run:
// ConTree (continuous features, axis-parallel; AAAI 2025) and MurTree (binary features; JMLR 2022,
// given the same thresholds binarised so the optimum is identical). For every data set and depth it
// runs each solver `--rounds` times interleaved, checks that all completed solvers report the same
// optimal number of misclassifications, and prints medians and ratios (ours ÷ peer, time).
//
// Our times are in-process solve times (data already loaded, as a library user calls us), JIT-warm
// (untimed solves first: at least `--warmup`, then until 30 solves and 300 ms, at most 1 s, per data
// set and depth). Per round: 50 ms of untimed solves (at least one; none once solves take 100 ms)
// after the peer's processes ran, then the mean of up to 10 back-to-back solves (fewer once 100 ms
// are spent) — as ConTree's per-solve time below is the mean of nine back-to-back solves that follow
// a first one in the same process.
//
// ConTree's own clock truncates every solve to whole milliseconds before it averages, so it reads 0
// for sub-millisecond solves and is biased low by ~0.5 ms elsewhere. Below 50 ms we therefore time it
// from outside: per round `--pairs` interleaved pairs of processes with -run-number 10 and
// -run-number 1 on the same input, whose wall times differ by exactly nine solves (start-up, file
// reading and printing cancel): ConTree ms = median of (wall₁₀ − wall₁) / 9 (see peers/contree.mjs).
// When one solve takes 50 ms or more by its own clock, that time is used (truncation < 2%).
//
// MurTree prints whole seconds, so its time is the process wall time minus the same binary's wall
// time at depth 0 on the same file (start-up and parsing of the binarised file); treat MurTree times
// under ~5 ms as noise.
//
// Peers are built OUTSIDE the repository; when they are missing this prints how to build them and
// benches our solvers alone. Usage:
//   npm run bench -w @floret/exact -- [--depths 2,3,4] [--rounds 3] [--limit 60] [--data DIR]
//                                      [--sets iris,wine] [--no-tradeoff] [--no-proper] [--no-murtree]
//                                      [--warmup 3] [--pairs 5]
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { median } from './peers/common.mjs';
import * as contree from './peers/contree.mjs';
import * as murtree from './peers/murtree.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
if (args.includes('--help')) {
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(
    lines
      .slice(
        0,
        lines.findIndex((l) => l.startsWith('import')),
      )
      .join('\n'),
  );
  process.exit(0);
}
const depths = opt('depths', '2,3,4').split(',').map(Number);
const rounds = Number(opt('rounds', '3'));
const limit = Number(opt('limit', '60'));
const dataDir = opt('data', process.env.FLORET_EXACT_DATA ?? '/work/shared/data/exact-learning');
const only = opt('sets', '');
const warmup = Number(opt('warmup', '3'));
const pairs = Number(opt('pairs', '5'));
const noProper = args.includes('--no-proper');
const dist = new URL('../dist/', import.meta.url);

const { loadCsv } = await import(new URL('data.js', dist));
const { fitProper } = await import(new URL('proper/index.js', dist));
/** Our axis solver: fitTree (src/fit.ts) when built, else the axis DP directly. */
async function loadAxis() {
  try {
    const m = await import(new URL('fit.js', dist));
    if (typeof m.fitTree === 'function')
      return {
        name: 'floret fitTree',
        run: async (ds, depth, lim) => m.fitTree(ds, { depth, splits: { kind: 'axis' }, timeLimit: lim }),
      };
  } catch {}
  try {
    const m = await import(new URL('axis/solver.js', dist));
    return {
      name: 'floret solveAxis',
      run: async (ds, depth, lim) => {
        const r = m.solveAxis(ds, { depth, deadline: performance.now() + lim * 1000 });
        return { objective: r.objective, optimal: r.complete };
      },
    };
  } catch {}
  return null;
}
const axis = await loadAxis();

function loadSet(file) {
  const text = readFileSync(join(dataDir, file), 'utf8');
  const header = text.slice(0, text.indexOf('\n')).trim().split(',');
  return loadCsv(text, { target: header[header.length - 1], source: file });
}

let files = [];
try {
  files = readdirSync(dataDir).filter((f) => f.endsWith('.csv'));
} catch {
  console.log(`no data directory ${dataDir}; pass --data DIR`);
  process.exit(1);
}
if (only) files = files.filter((f) => only.split(',').some((s) => f.startsWith(s)));
const sets = files
  .map((f) => ({ name: f.replace(/\.csv$/, ''), ds: loadSet(f) }))
  .sort((a, b) => a.ds.n * a.ds.d - b.ds.n * b.ds.d);

const peers = [contree, ...(args.includes('--no-murtree') ? [] : [murtree])].filter((p) => {
  if (p.available()) return true;
  console.log(
    `\n${p.name} not found at ${p.bin}; benchmarking without it. To build it (outside the repository):`,
  );
  for (const l of p.howToBuild) console.log(`  ${l}`);
  return false;
});

console.log(
  `\nmachine: ${cpus()[0]?.model} · ${cpus().length} cores (shared with other work) · Node ${process.version} · load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(
  `rounds ${rounds}, per-run limit ${limit} s; times are medians in ms; ratio = ours ÷ peer (lower is better)\n`,
);

/** Our proper solver's cost estimate (distinct partitions^depth · words); skipped when hopeless. */
const properFeasible = (ds, depth) => {
  let m = 0;
  for (let f = 0; f < ds.d; f++) {
    const s = new Set();
    for (let i = 0; i < ds.n; i++) s.add(ds.x[i * ds.d + f]);
    m += s.size - 1;
  }
  return m ** depth * Math.ceil(ds.n / 32) < 3e9;
};

/** Below this many ms a time is not resolved: MurTree's wall-time difference is noise. */
const floorOf = (key) => (key === murtree.name ? 5 : 0);
/** ours ÷ peer, 3 significant digits; a lower bound (">") when the peer is below its resolution. */
function ratio(ours, peer, floor) {
  if (ours === null || peer === null) return '—';
  if (peer < floor || peer <= 0) return floor > 0 ? `>${(ours / floor).toPrecision(3)}×` : '—';
  return `${(ours / peer).toPrecision(3)}×`;
}
const fmt = (v) => (v === null ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const rows = [];
for (const depth of depths) {
  console.log(`depth ${depth}`);
  const head = [
    'data set',
    'n×d',
    'errors',
    axis?.name ?? 'ours (axis)',
    'floret fitProper',
    ...peers.map((p) => p.name),
  ];
  for (const p of peers) head.push(`ours÷${p.name}`);
  console.log(head.join(' | '));
  for (const { name, ds } of sets) {
    // MurTree on more than a few thousand binary features is hopeless (its depth-2 kernel is quadratic
    // in them) and its input file would be hundreds of MB: skip it there and say so.
    const usable = peers.filter((p) => p !== murtree || murtree.binarise(ds).length <= 4000);
    const prepared = peers.map((p) => (usable.includes(p) ? p.prepare(ds) : null));
    const baseline = peers.map((p, k) =>
      p === contree || prepared[k] === null
        ? 0
        : median([0, 1, 2].map(() => p.run(prepared[k], 0, limit).wall)),
    );
    const times = { axis: [], proper: [], peers: peers.map(() => []), contreeClock: [] };
    const errs = new Map();
    const dead = new Set();
    const properOk = !noProper && properFeasible(ds, depth);
    // Untimed warm-ups of our solvers (V8 tiers the hot loops up over the first tens of calls): at least
    // `--warmup` solves at depth ≤ 2, then at the benchmarked depth; each phase goes on until 30 solves
    // and 300 ms are done, or 1 s.
    if (axis)
      for (const wd of depth > 2 ? [2, depth] : [depth]) {
        const w0 = performance.now();
        for (
          let w = 0;
          w < warmup || (performance.now() - w0 < 1000 && (w < 30 || performance.now() - w0 < 300));
          w++
        )
          await axis.run(ds, wd, Math.min(limit, 5));
      }
    if (properOk) await fitProper(ds, { depth: Math.min(depth, 2), splits: { kind: 'axis' }, timeLimit: 2 });
    for (let r = 0; r < rounds; r++) {
      if (axis && !dead.has('axis')) {
        // Like ConTree's (below): untimed solves first, then the mean of up to 10 back-to-back solves
        // (fewer once 100 ms are spent). The peer's processes ran since our last solve and leave the
        // machine disturbed for a while (caesarian depth 2 on the 2-core VM: 190 µs a solve over the
        // first 200 solves after 20 process spawns, 71 µs later), so the untimed solves go on for 50 ms
        // (at least one; none once a solve takes 100 ms), as ConTree's first solve is untimed in a
        // process that has run nothing else.
        if ((times.axis.at(-1) ?? 0) < 100) {
          const u0 = performance.now();
          do await axis.run(ds, depth, limit);
          while (performance.now() - u0 < 50);
        }
        const t0 = performance.now();
        let res = await axis.run(ds, depth, limit);
        let reps = 1;
        while (reps < 10 && res.optimal && performance.now() - t0 < 100) {
          res = await axis.run(ds, depth, limit);
          reps++;
        }
        const ms = (performance.now() - t0) / reps;
        if (!res.optimal) dead.add('axis');
        else {
          times.axis.push(ms);
          errs.set('axis', res.objective);
        }
      }
      if (properOk && !dead.has('proper')) {
        const t0 = performance.now();
        const res = await fitProper(ds, { depth, splits: { kind: 'axis' }, timeLimit: Math.min(limit, 30) });
        const ms = performance.now() - t0;
        if (!res.optimal) dead.add('proper');
        else {
          times.proper.push(ms);
          errs.set('proper', res.objective);
        }
      }
      peers.forEach((p, k) => {
        if (dead.has(p.name) || prepared[k] === null) return;
        const res =
          p === contree
            ? contree.runFine(prepared[k], depth, limit, pairs)
            : p.run(prepared[k], depth, limit);
        if (!res.optimal) dead.add(p.name);
        else {
          const secs = p === contree ? res.seconds : Math.max(0, res.wall - baseline[k]);
          if (p === contree && res.internal !== null) times.contreeClock.push(res.internal * 1000);
          times.peers[k].push(secs * 1000);
          errs.set(p.name, res.errors);
        }
      });
    }
    for (const p of prepared) p?.cleanup();
    const values = [...new Set(errs.values())];
    const agree = values.length <= 1;
    const med = (xs) => (xs.length ? median(xs) : null);
    const ax = med(times.axis);
    const pr = med(times.proper);
    const pe = times.peers.map(med);
    const cell = (v, key) =>
      v !== null && v < floorOf(key)
        ? `<${floorOf(key)}`
        : v !== null
          ? fmt(v)
          : key !== undefined && dead.has(key)
            ? `>${limit}s`
            : 'skipped';
    const line = [
      name,
      `${ds.n}×${ds.d}`,
      agree ? String(values[0] ?? '—') : `MISMATCH ${JSON.stringify(Object.fromEntries(errs))}`,
      axis ? cell(ax, 'axis') : 'not built',
      properOk ? cell(pr, 'proper') : 'skipped',
      ...pe.map((v, k) => cell(v, peers[k].name)),
      ...pe.map((v, k) => ratio(ax, v, floorOf(peers[k].name))),
    ];
    console.log(line.join(' | '));
    rows.push({
      depth,
      name,
      n: ds.n,
      d: ds.d,
      errors: Object.fromEntries(errs),
      axis: ax,
      proper: pr,
      peers: pe,
      contreeOwnClock: med(times.contreeClock),
    });
  }
  console.log('');
}
console.log('JSON', JSON.stringify(rows));

if (!args.includes('--no-tradeoff')) {
  const { tradeoff } = await import('./tradeoff.mjs');
  await tradeoff({ dataDir, loadSet, fitProper });
}
