/**
 * @module bench/run
 * Side-by-side benchmark of @floret/combinatorics against its peers (`npm run bench -w
 * @floret/combinatorics`). For every workload of `workloads.mjs` and every implementation it starts
 * a fresh child process (`node bench/case.mjs`, `python3 bench/peers/itertools_bench.py`, or the C
 * peers `.bench-out/lex_c`, compiled here with `gcc -O2 -march=native`), interleaving rounds
 * (A B C, A B C, …) so that slow drifts of the machine hit every implementation alike. Each child
 * times only the enumeration and prints `{ items, seconds, checksum }`.
 *
 * The report gives per implementation the median M items/s (µs per call for unrank), the min–max
 * over rounds, our speed ÷ theirs, and ours as a share of the C reference; every checksum is checked
 * against `reference.mjs` (independent closed forms and plain generators) and a mismatch is flagged
 * loudly and makes the exit status 1. A missing python3 or gcc skips that peer with a note.
 *
 * Why one process per case: V8's type feedback is per function, so several workloads or visitor
 * closures in one process make the kernels megamorphic (research note combgen.md §4.4, footnote ¹).
 *
 * Flags: --rounds N (default 5) · --only a,b (workload ids or prefixes) · --impls a,b ·
 * --min-time S (seconds timed per child, default 0.2) · --quick (1 round, short timings, smaller
 * caps) · --json [file] (machine-readable results to the file, or alone on stdout) · --help.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedChecksum } from './reference.mjs';
import { WORKLOADS } from './workloads.mjs';

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(PKG, '.bench-out');
const C_BIN = join(OUT, 'lex_c');
const CHILD_TIMEOUT_MS = 180_000;

const HELP = `usage: node bench/run.mjs [--rounds N] [--only w1,w2] [--impls i1,i2] [--min-time S] [--quick] [--json [file]]
workloads: ${WORKLOADS.map((w) => w.id).join(', ')}`;

/** Command-line options. */
function parseArgs(argv) {
  const o = { rounds: 5, only: null, impls: null, minTime: null, quick: false, json: false, jsonFile: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${HELP}`);
      return v;
    };
    if (a === '--rounds') o.rounds = Math.max(1, Number.parseInt(value(), 10));
    else if (a === '--only') o.only = value().split(',').filter(Boolean);
    else if (a === '--impls') o.impls = value().split(',').filter(Boolean);
    else if (a === '--min-time') o.minTime = Number(value());
    else if (a === '--quick') o.quick = true;
    else if (a === '--json') {
      o.json = true;
      if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) o.jsonFile = argv[++i];
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${HELP}`);
  }
  if (o.quick && !argv.includes('--rounds')) o.rounds = 1;
  if (o.minTime === null) o.minTime = o.quick ? 0.03 : 0.2;
  if (!Number.isFinite(o.rounds) || !Number.isFinite(o.minTime)) throw new Error(HELP);
  return o;
}

/** Prints a usage error without a stack trace and exits with status 2. */
function usageError(e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  usageError(e);
}
// With --json and no file, stdout carries only the JSON; everything human goes to stderr.
const human = opts.json && opts.jsonFile === null ? process.stderr : process.stdout;
const say = (s = '') => human.write(`${s}\n`);
const progress = (s) => process.stderr.write(`${s}\n`);

/** First line of a command's output, or null when it cannot run. */
function probe(cmd, args) {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
    if (r.error || r.status !== 0) return null;
    return `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
  } catch {
    return null;
  }
}

/** CPU model, from /proc/cpuinfo when present. */
function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux: fall back to os.cpus()
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** Selected workloads (ids or prefixes in --only). */
function selectedWorkloads() {
  if (opts.only === null) return WORKLOADS;
  const ws = WORKLOADS.filter((w) => opts.only.some((p) => w.id === p || w.id.startsWith(p)));
  if (ws.length === 0) throw new Error(`--only ${opts.only.join(',')} matches no workload\n${HELP}`);
  return ws;
}

let workloads;
try {
  workloads = selectedWorkloads();
} catch (e) {
  usageError(e);
}
const notes = [];
const wantsRunner = (runner) =>
  workloads.some((w) =>
    w.impls.some((i) => i.runner === runner && (opts.impls === null || opts.impls.includes(i.id))),
  );

// ---- environment: python3, gcc, the built package ----
const nodeVersion = process.version;
const python = probe('python3', ['--version']);
if (python === null && wantsRunner('python'))
  notes.push('python3 not found: the CPython itertools peer is skipped.');
const gcc = probe('gcc', ['--version']);
let cReady = false;
if (wantsRunner('c')) {
  if (gcc === null) notes.push('gcc not found: the C peers are skipped.');
  else {
    mkdirSync(OUT, { recursive: true });
    const src = join(PKG, 'bench', 'peers', 'lex.c');
    const tries = [['-O2', '-march=native'], ['-O2']];
    for (const flags of tries) {
      const r = spawnSync('gcc', [...flags, '-o', C_BIN, src], { encoding: 'utf8' });
      if (r.status === 0) {
        cReady = true;
        if (flags.length === 1)
          notes.push('gcc rejected -march=native; the C peers were compiled with -O2 only.');
        break;
      }
      if (flags.length === 1)
        notes.push(`gcc failed to compile bench/peers/lex.c; the C peers are skipped:\n${r.stderr}`);
    }
  }
}
if (!existsSync(join(PKG, 'dist', 'index.js'))) {
  notes.push('dist/index.js is missing: run `npx tsc -b` from the repository root; floret cases will fail.');
}

const machine = {
  node: nodeVersion,
  cpu: cpuModel(),
  nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
  python: python ?? 'absent',
  gcc: gcc ?? 'absent',
  platform: `${os.platform()} ${os.arch()}`,
  loadStart: os.loadavg()[0],
  loadEnd: os.loadavg()[0],
};
const machineLine = () =>
  `Node ${machine.node} · ${machine.cpu} · nproc ${machine.nproc} · ${machine.python} · ${machine.gcc} · ${machine.platform} · load average ${machine.loadStart.toFixed(2)} at start, ${machine.loadEnd.toFixed(2)} at end`;

// ---- running children ----

/** Which order an implementation produces (matters only for checksums of capped prefixes). */
const orderOf = (impl) => (impl.id === 'js-combinatorics-bitwise' ? 'colex' : 'lex');

/** Items (or calls) cap of an implementation, reduced under --quick. */
function capOf(impl) {
  if (impl.cap === undefined) return undefined;
  return opts.quick ? Math.max(1, Math.floor(impl.cap / 5)) : impl.cap;
}

/** Runs one child; returns { items, seconds, checksum } or { error }. */
function runChild(w, impl) {
  const cap = capOf(impl);
  // Capped slow peers are timed over a single pass; the others repeat passes up to minTime.
  const minTime = String(cap === undefined ? opts.minTime : 0);
  let cmd;
  let args;
  if (impl.runner === 'node') {
    cmd = process.execPath;
    args = [join(PKG, 'bench', 'case.mjs'), impl.id, w.id, '--min-time', minTime];
    if (cap !== undefined) args.push('--cap', String(cap));
  } else if (impl.runner === 'python') {
    cmd = 'python3';
    args = [join(PKG, 'bench', 'peers', 'itertools_bench.py'), w.id, minTime];
  } else {
    cmd = C_BIN;
    args = [w.id, impl.algo, minTime];
  }
  const r = spawnSync(cmd, args, { cwd: PKG, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) {
    const msg = (r.stderr || r.stdout || `exit status ${r.status}`).trim().split('\n').slice(-3).join(' | ');
    return { error: msg };
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const j = JSON.parse(line);
    if (typeof j.items !== 'number' || typeof j.seconds !== 'number') throw new Error('bad fields');
    return {
      items: j.items,
      seconds: j.seconds,
      checksum: j.checksum,
      notes: Array.isArray(j.notes) ? j.notes : [],
    };
  } catch {
    return { error: `unparsable output: ${line.slice(0, 200)}` };
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Value of one sample in the workload's metric: M items/s, or µs per call. */
const metricOf = (w, smp) =>
  w.metric === 'latency' ? (smp.seconds / smp.items) * 1e6 : smp.items / smp.seconds / 1e6;

const expectedCache = new Map();
/** Reference checksum, memoized per (workload, items, order). */
function expected(w, items, order) {
  const key = `${w.id}|${items}|${order}`;
  if (!expectedCache.has(key)) expectedCache.set(key, expectedChecksum(w, items, order));
  return expectedCache.get(key);
}

let mismatches = 0;
let failures = 0;
const results = [];

/** Runs every selected workload, printing each table as soon as it is complete. */
function runAll() {
  for (const w of workloads) {
    const impls = w.impls.filter((impl) => {
      if (opts.impls !== null && !opts.impls.includes(impl.id)) return false;
      if (impl.runner === 'python' && python === null) return false;
      if (impl.runner === 'c' && !cReady) return false;
      return true;
    });
    const rows = impls.map((impl) => ({ impl, samples: [], errors: [], bad: [] }));
    for (let round = 0; round < opts.rounds; round++) {
      for (const row of rows) {
        if (round >= Math.min(opts.rounds, row.impl.rounds ?? opts.rounds)) continue;
        if (row.errors.length > 0) continue; // a failing case fails every round: do not repeat it
        const r = runChild(w, row.impl);
        if ('error' in r) {
          row.errors.push(r.error);
          failures++;
          progress(`  ${w.id} ${row.impl.id}: FAILED: ${r.error}`);
          continue;
        }
        const want = expected(w, r.items, orderOf(row.impl));
        if (want === null || r.checksum !== want) {
          row.bad.push({ items: r.items, checksum: r.checksum, expected: want });
          mismatches++;
          progress(
            `  !!! CHECKSUM MISMATCH ${w.id} ${row.impl.id}: got ${r.checksum} for ${r.items} items, expected ${want}`,
          );
        }
        row.samples.push(r);
        const v = metricOf(w, r);
        progress(
          `  [${w.id} round ${round + 1}/${opts.rounds}] ${row.impl.id.padEnd(26)} ${fmtMetric(w, v)} ${w.metric === 'latency' ? 'µs/call' : 'M/s'}`,
        );
      }
    }
    const res = summarize(w, rows);
    results.push(res);
    printWorkload(res);
  }
}

// ---- summaries ----

function fmtMetric(w, v) {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (w.metric === 'latency') return v < 1 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(0);
  return v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1);
}

const fmtInt = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : String(x));
const fmtRatio = (x) => (x >= 100 ? `${x.toFixed(0)}×` : x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`);

/** Medians, ranges, ratios and checks of one workload. */
function summarize(w, rows) {
  const out = { workload: w, rows: [] };
  for (const row of rows) {
    const vals = row.samples.map((smp) => metricOf(w, smp));
    out.rows.push({
      impl: row.impl,
      samples: row.samples,
      errors: row.errors,
      bad: row.bad,
      median: vals.length ? median(vals) : undefined,
      min: vals.length ? Math.min(...vals) : undefined,
      max: vals.length ? Math.max(...vals) : undefined,
      items: row.samples[0]?.items,
      checksum: row.samples[0]?.checksum,
    });
  }
  const ours = out.rows.find((r) => r.impl.id === 'floret');
  out.ours = ours?.median;
  // speed of ours ÷ speed of this implementation (rate: ours/this; latency: this/ours)
  for (const r of out.rows) {
    r.speedup =
      out.ours === undefined || r.median === undefined
        ? undefined
        : w.metric === 'latency'
          ? r.median / out.ours
          : out.ours / r.median;
  }
  const ref = out.rows.find((r) => r.impl.id === w.ref);
  out.refShare = ref?.speedup;
  out.targetMet =
    out.ours === undefined || w.target === undefined
      ? undefined
      : w.metric === 'latency'
        ? out.ours <= w.target.value
        : out.ours >= w.target.value;
  out.checks = [];
  if (w.target) {
    out.checks.push(
      `target ${w.target.text}: ${out.ours === undefined ? 'not measured' : `${fmtMetric(w, out.ours)} → ${out.targetMet ? 'met' : 'MISSED'}`}`,
    );
  }
  for (const t of w.ratioTargets ?? []) {
    const r = out.rows.find((x) => x.impl.id === t.impl);
    const s = r?.speedup;
    out.checks.push(
      `ours ÷ ${t.impl} ≥ ${t.ratio}×: ${s === undefined ? 'not measured' : `${fmtRatio(s)} → ${s >= t.ratio ? 'met' : 'MISSED'}`}`,
    );
  }
  if (w.refShare !== undefined) {
    out.checks.push(
      `ours ≥ ${Math.round(w.refShare * 100)}% of ${w.ref}: ${out.refShare === undefined ? 'not measured' : `${(out.refShare * 100).toFixed(0)}% → ${out.refShare >= w.refShare ? 'met' : 'MISSED'}`}`,
    );
  }
  const caseNotes = new Set(out.rows.flatMap((r) => r.samples.flatMap((smp) => smp.notes ?? [])));
  for (const n of caseNotes) out.checks.push(`note: ${n}`);
  const full = out.rows.filter((r) => r.items !== undefined && r.bad.length === 0);
  const sums = new Set(full.filter((r) => r.impl.cap === undefined).map((r) => r.checksum));
  out.agree = out.rows.every((r) => r.bad.length === 0);
  out.checks.push(
    out.agree
      ? `checksums: all verified against the reference${sums.size === 1 && w.kind !== 'unrank' ? ` (whole runs: ${fmtInt([...sums][0])})` : ''}`
      : '!!! CHECKSUM MISMATCH: see the rows marked MISMATCH',
  );
  return out;
}

/** Cells of one implementation row. */
function rowCells(w, r) {
  const isRef = r.impl.id === w.ref;
  const ours = r.impl.id === 'floret';
  let ratio = '—';
  if (r.speedup !== undefined && !ours) {
    ratio = isRef
      ? `${fmtRatio(r.speedup)} (ours = ${(r.speedup * 100).toFixed(0)}% of C)`
      : fmtRatio(r.speedup);
  }
  const status =
    r.errors.length > 0
      ? `FAILED: ${r.errors[0].slice(0, 120)}`
      : r.bad.length > 0
        ? `MISMATCH: ${fmtInt(r.bad[0].checksum)} ≠ ${fmtInt(r.bad[0].expected)}`
        : `${fmtInt(r.checksum)} ✓`;
  const items =
    r.items === undefined ? '—' : `${fmtInt(r.items)}${r.impl.cap !== undefined ? ' (capped)' : ''}`;
  return [
    ours ? `**${r.impl.label}**` : r.impl.label,
    r.median === undefined ? '—' : ours ? `**${fmtMetric(w, r.median)}**` : fmtMetric(w, r.median),
    r.min === undefined ? '—' : `${fmtMetric(w, r.min)}–${fmtMetric(w, r.max)}`,
    ours ? '1×' : ratio,
    items,
    status,
    String(r.samples.length),
  ];
}

function headers(w) {
  const unit = w.metric === 'latency' ? 'µs/call (median)' : 'M items/s (median)';
  return ['implementation', unit, 'min–max', 'ours ÷ this (speed)', 'items/calls', 'checksum', 'runs'];
}

/** Plain-text table of one workload, printed as soon as it is done. */
function printWorkload(res) {
  const w = res.workload;
  const rows = res.rows.map((r) => rowCells(w, r).map((c) => c.replaceAll('**', '')));
  const head = headers(w);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  say();
  say(`== ${w.id}: ${w.title}`);
  say(line(head));
  for (const r of rows) say(line(r));
  for (const c of res.checks) say(`   ${c}`);
  for (const n of w.notes ?? []) say(`   note: ${n}`);
}

function markdown() {
  const md = [];
  md.push('### Benchmark: @floret/combinatorics against its peers');
  md.push('');
  md.push(`Machine: ${machineLine()}.`);
  md.push(
    `Method: one fresh process per (workload, implementation), ${opts.rounds} interleaved round(s); JS cases do one warm-up pass, then time whole passes for ≥ ${opts.minTime} s; capped slow peers time one pass of their first items. Median over rounds; min–max shows the spread. Checksums are verified against independent closed forms (sum of all elements over all items).`,
  );
  md.push('');
  md.push('#### Summary');
  md.push('');
  md.push(
    '| workload | ours | target | met | ours ÷ js-combinatorics | ours ÷ combinatorial-generators | ours ÷ CPython | ours as % of C |',
  );
  md.push('|---|---:|---|:-:|---:|---:|---:|---:|');
  for (const res of results) {
    const w = res.workload;
    const sp = (id) => {
      const r = res.rows.find((x) => x.impl.id === id);
      return r?.speedup === undefined ? '—' : fmtRatio(r.speedup);
    };
    const unit = w.metric === 'latency' ? ' µs' : ' M/s';
    md.push(
      `| ${w.id} | ${res.ours === undefined ? '—' : fmtMetric(w, res.ours) + unit} | ${w.target?.text ?? '—'} | ${res.targetMet === undefined ? '—' : res.targetMet ? '✓' : '✗'} | ${sp('js-combinatorics')} | ${sp('combinatorial-generators')} | ${sp('itertools')} | ${res.refShare === undefined ? '—' : `${(res.refShare * 100).toFixed(0)}%`} |`,
    );
  }
  for (const res of results) {
    const w = res.workload;
    md.push('');
    md.push(`#### ${w.id}: ${w.title}`);
    md.push('');
    md.push(`| ${headers(w).join(' | ')} |`);
    md.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of res.rows) md.push(`| ${rowCells(w, r).join(' | ')} |`);
    md.push('');
    for (const c of res.checks) md.push(`- ${c}`);
    for (const n of w.notes ?? []) md.push(`- note: ${n}`);
  }
  if (notes.length) {
    md.push('');
    for (const n of notes) md.push(`- ${n}`);
  }
  return md.join('\n');
}

say(
  `machine: ${machineLine().replace(/ · load average.*/, '')} · load average ${machine.loadStart.toFixed(2)}`,
);
for (const n of notes) say(`note: ${n}`);
runAll();
machine.loadEnd = os.loadavg()[0];
say();
say(`machine: ${machineLine()}`);
if (mismatches > 0)
  say(`\n!!! ${mismatches} CHECKSUM MISMATCH(ES): the results above are not valid for those rows !!!`);
if (failures > 0) say(`\n${failures} case(s) FAILED (see the FAILED rows).`);
say('\n---------------- Markdown (for the README) ----------------\n');
say(markdown());

if (opts.json) {
  const data = {
    machine,
    options: {
      rounds: opts.rounds,
      minTime: opts.minTime,
      quick: opts.quick,
      only: opts.only,
      impls: opts.impls,
    },
    notes,
    mismatches,
    failures,
    workloads: results.map((res) => ({
      id: res.workload.id,
      title: res.workload.title,
      metric: res.workload.metric === 'latency' ? 'us_per_call' : 'M_items_per_s',
      target: res.workload.target ?? null,
      targetMet: res.targetMet ?? null,
      oursShareOfC: res.refShare ?? null,
      checks: res.checks,
      implementations: res.rows.map((r) => ({
        id: r.impl.id,
        label: r.impl.label,
        median: r.median ?? null,
        min: r.min ?? null,
        max: r.max ?? null,
        oursSpeedup: r.speedup ?? null,
        items: r.items ?? null,
        checksum: r.checksum ?? null,
        checksumOk: r.bad.length === 0 && r.errors.length === 0,
        errors: r.errors,
        samples: r.samples,
      })),
    })),
  };
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (opts.jsonFile !== null) writeFileSync(resolve(process.cwd(), opts.jsonFile), text);
  else process.stdout.write(text);
}

process.exitCode = mismatches > 0 ? 1 : 0;
