/**
 * @module bench/parallel-scaling
 * The speed-up curve of the parallel module (`@floret/combinatorics/parallel`): the same workload,
 * every k-combination of n in one order with an order-sensitive checksum per item, run by worker
 * pools of 1, 2, 4, 8, 16 … threads (rank-range chunks, 16 per worker by default, as the pool's
 * own default: the communication-free split of He & Little, arXiv:2507.03980; research note
 * combgen.md §2.5). On a 16-core machine 16 chunks per worker reached a parallel efficiency of
 * 0.87 at 16 workers against 0.73 with 4 per worker: finer chunks even out unequal cores.
 *
 * Per item the task computes t = Σ c_i·(i+1) and h = (h·31 + t) mod 2^32; chunks combine exactly as
 * h(A·B) = h(A)·31^|B| + h(B), so every run's checksum must equal the single-thread one (checked).
 *
 * How it is measured: one pool per worker count, a warm-up run on a smaller space (starts the
 * threads, loads the task, warms the JIT), then `--runs` timed runs of the whole workload; the
 * median wall time gives items/s, speed-up (against 1 worker) and efficiency (speed-up ÷ workers).
 * For each run the process's CPU time (all threads, `process.cpuUsage`) ÷ wall time is printed as
 * "cores busy": a machine whose CPU quota is below its core count shows it there (two threads that
 * get one core's worth of time give about 1.0 instead of 2.0). The single-thread reference runs the
 * same protocol in the main thread (`reduceRanges`, one chunk).
 *
 * This file is also its own task module: worker threads import it and use the exports below.
 *
 * Usage (build first: `npx tsc -b`):
 *   node bench/parallel-scaling.mjs [--n 34] [--k 9] [--order lex] [--mode item|block]
 *     [--workers 1,2,4,8,16] [--runs 3] [--per-worker 16] [--json FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { isMainThread } from 'node:worker_threads';

// ---- The task module (runs in the workers and in the single-thread reference). ----

/** 31^e mod 2^32 by square-and-multiply. */
function pow31(e) {
  let r = 1;
  let b = 31;
  let x = e;
  while (x > 0) {
    if (x % 2 === 1) r = Math.imul(r, b) >>> 0;
    b = Math.imul(b, b) >>> 0;
    x = Math.floor(x / 2);
  }
  return r;
}

export function init() {
  return { h: 0, n: 0 };
}

export function item(s, c) {
  let t = 0;
  for (let i = 0; i < c.length; i++) t += c[i] * (i + 1);
  s.h = (Math.imul(s.h, 31) + t) >>> 0;
  s.n++;
}

export function block(s, b) {
  const { rows, width, columns } = b;
  let h = s.h;
  for (let r = 0; r < rows; r++) {
    let t = 0;
    for (let j = 0; j < width; j++) t += columns[j][r] * (j + 1);
    h = (Math.imul(h, 31) + t) >>> 0;
  }
  s.h = h;
  s.n += rows;
}

export function finish(s) {
  return s;
}

export function combine(a, b) {
  return { h: (Math.imul(a.h, pow31(b.n)) + b.h) >>> 0, n: a.n + b.n };
}

// ---- The benchmark (main thread only). ----

function args() {
  const o = {
    n: 34,
    k: 9,
    order: 'lex',
    mode: 'item',
    workers: '1,2,4,8,16',
    runs: 3,
    perWorker: 16,
    json: '',
  };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const key = a[i]?.replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (!(key in o)) throw new Error(`unknown option ${a[i]}`);
    o[key] = typeof o[key] === 'number' ? Number(a[i + 1]) : a[i + 1];
  }
  o.workers = o.workers.split(',').map(Number);
  return o;
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The cgroup CPU quota, v2 (`cpu.max`) or v1 (`cpu.cfs_quota_us`), when readable. */
function cgroupQuota() {
  const read = (f) => {
    try {
      return readFileSync(f, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const v2 = read('/sys/fs/cgroup/cpu.max');
  if (v2 !== undefined) {
    const [q, p] = v2.split(/\s+/);
    return q === 'max' ? 'cgroup: no CPU quota' : `cgroup quota ${(q / p).toFixed(2)} CPUs`;
  }
  const q = read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us');
  const p = read('/sys/fs/cgroup/cpu/cpu.cfs_period_us');
  if (q === undefined || p === undefined) return 'cgroup quota: not readable';
  return Number(q) < 0 ? 'cgroup: no CPU quota' : `cgroup quota ${(q / p).toFixed(2)} CPUs`;
}

/** Runs `fn` once; returns wall seconds, CPU seconds of the whole process, and the result. */
async function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, result };
}

async function main() {
  const o = args();
  const root = new URL('../dist/', import.meta.url);
  const { combinations } = await import(new URL('index.js', root).href);
  const { createPool, reduceRanges } = await import(new URL('parallel/index.js', root).href);
  const task = new URL(import.meta.url);
  const space = combinations(o.n, o.k, { order: o.order });
  const warm = combinations(Math.max(o.k, o.n - 4), o.k, { order: o.order });
  const count = space.count();
  const env = {
    node: process.version,
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    availableParallelism: availableParallelism(),
    quota: cgroupQuota(),
    loadavg: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
  console.log(
    `# parallel scaling: C(${o.n}, ${o.k}) = ${count.toLocaleString('en-US')} items, order ${o.order}, mode ${o.mode}`,
  );
  console.log(
    `# ${env.node}, ${env.cpu}, ${env.cores} cores (availableParallelism ${env.availableParallelism}), ${env.quota}, load ${env.loadavg}`,
  );

  // Single-thread reference: the same protocol in this thread, one chunk.
  await reduceRanges({ space: warm, task, mode: o.mode });
  const ref = await timed(() => reduceRanges({ space, task, mode: o.mode }));
  const expected = ref.result.value;
  if (expected.n !== count) throw new Error(`reference visited ${expected.n} items, expected ${count}`);
  console.log(
    `# single-thread reference (reduceRanges, main thread): ${ref.wall.toFixed(3)} s, ${(count / ref.wall / 1e6).toFixed(1)} M items/s, checksum ${expected.h}`,
  );

  const rows = [];
  let base;
  for (const w of o.workers) {
    const pool = createPool({ workers: w });
    const chunks = o.perWorker * w;
    try {
      await pool.reduce({ space: warm, task, mode: o.mode, chunks });
      const walls = [];
      const busy = [];
      for (let r = 0; r < o.runs; r++) {
        const t = await timed(() => pool.reduce({ space, task, mode: o.mode, chunks }));
        const v = t.result.value;
        if (v.h !== expected.h || v.n !== expected.n) {
          throw new Error(
            `checksum mismatch with ${w} workers: ${JSON.stringify(v)} vs ${JSON.stringify(expected)}`,
          );
        }
        walls.push(t.wall);
        busy.push(t.cpu / t.wall);
      }
      const med = median(walls);
      base ??= med;
      const row = {
        workers: w,
        chunks,
        medianS: med,
        minS: Math.min(...walls),
        maxS: Math.max(...walls),
        mItemsPerS: count / med / 1e6,
        speedup: base / med,
        efficiency: base / med / w,
        coresBusy: median(busy),
        checksumOk: true,
      };
      rows.push(row);
      console.log(
        `workers ${String(w).padStart(3)}  chunks ${String(chunks).padStart(4)}  median ${med.toFixed(3)} s  (min ${row.minS.toFixed(3)}, max ${row.maxS.toFixed(3)})  ${row.mItemsPerS.toFixed(1).padStart(7)} M items/s  speed-up ${row.speedup.toFixed(2).padStart(5)}  efficiency ${row.efficiency.toFixed(2)}  cores busy ${row.coresBusy.toFixed(2)}  checksum ok`,
      );
    } finally {
      await pool.close();
    }
  }
  if (o.json) {
    const out = {
      workload: { n: o.n, k: o.k, order: o.order, mode: o.mode, count, runs: o.runs, perWorker: o.perWorker },
      env,
      reference: { wallS: ref.wall, mItemsPerS: count / ref.wall / 1e6, checksum: expected },
      rows,
    };
    writeFileSync(o.json, `${JSON.stringify(out, null, 2)}\n`);
  }
}

// Not a top-level await: the reference run imports this very module, which must finish evaluating.
if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
