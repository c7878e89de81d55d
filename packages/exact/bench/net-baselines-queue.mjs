/**
 * The BullMQ queue's cost (issue 7, "Targets": "report … the queue's overhead per range"; library item
 * 6). On voicepath (Deep-ICE arXiv:2505.05740 data, test/net-voicepath.csv) it runs the exact
 * search through `fitNetQueue` with `floret net worker` processes on a private redis-server and prints:
 *
 * - overhead per range: (wall − Σ search time) / ranges, from a run with one worker and many ranges
 *   (after a warm-up run); i.e. what enqueueing, pulling, fetching the problem, returning and reducing
 *   cost per range beyond the search itself;
 * - wall time of K = 2 over the 132-point pool with 1, 2, … worker processes against single-process
 *   `fitNet` (the speed-up curve: meaningful only on a machine with that many free cores).
 *
 * Usage (after `npx tsc -b packages/exact`; needs redis-server on PATH or --queue redis://…):
 *   node packages/exact/bench/net-baselines-queue.mjs [--workers 1,2] [--ranges 64] [--repeat 3]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadDataFile } from '../dist/index.js';
import { fitNet } from '../dist/net/index.js';
import { checkRedis, createNetEngine, fitNetQueue } from '../dist/net/queue.js';

const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const manyRanges = Number(arg('ranges', '64'));
const repeat = Number(arg('repeat', '3'));
// The authors' voicepath file, as committed beside the tests (provenance: test/net-voicepath.PROVENANCE.md).
const VOICE = fileURLToPath(new URL('../test/net-voicepath.csv', import.meta.url));

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'floret-net-bench-'));
const PROGRAM = join(dir, 'floret-net.mjs');
writeFileSync(
  PROGRAM,
  `import { runProgram } from ${JSON.stringify(pathToFileURL(require.resolve('@floret/cli-kit')).href)};
import { Command } from ${JSON.stringify(pathToFileURL(require.resolve('commander')).href)};
import { netCommand } from ${JSON.stringify(new URL('../dist/net/cli-net.js', import.meta.url).href)};
process.exitCode = await runProgram(new Command('floret').addCommand(netCommand()), process.argv.slice(2));
`,
);

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(a.port));
    });
  });
}

let url = arg('queue', process.env.FLORET_TEST_REDIS);
let redis;
if (url === undefined) {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.log('no redis-server on PATH and no --queue / FLORET_TEST_REDIS: nothing to measure');
    process.exit(0);
  }
  const port = await freePort();
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  url = `redis://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await checkRedis(url, 500);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function startWorkers(count, queueName) {
  const procs = [];
  for (let i = 0; i < count; i++) {
    const p = spawn(process.execPath, [PROGRAM, 'net', 'worker', '--queue', url, '--queue-name', queueName], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise((resolve, reject) => {
      let buf = '';
      p.stderr.on('data', (c) => {
        buf += c;
        if (buf.includes('serving queue')) resolve();
      });
      // A worker that dies before it serves (bad install, unreachable Redis) must not hang the bench.
      p.on('exit', (code) => reject(new Error(`worker exited with ${code} before serving: ${buf.trim()}`)));
    });
    procs.push(p);
  }
  return procs;
}

async function stopWorkers(procs) {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise((resolve) => {
          p.on('exit', resolve);
          p.kill('SIGTERM');
        }),
    ),
  );
}

const data = await loadDataFile(VOICE, { target: 'label' });
console.log(
  `# BullMQ queue cost — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores ` +
    `(${cpus()[0]?.model ?? '?'}), shared machine; redis-server on 127.0.0.1; medians of ${repeat}`,
);

// 1. Overhead per range: K = 1 on voicepath (a fast search) cut into many ranges, one worker.
{
  const q = `bench-overhead-${process.pid}`;
  const procs = await startWorkers(1, q);
  const engine = createNetEngine();
  const per = [];
  const shares = [];
  for (let r = 0; r < repeat + 1; r++) {
    const res = await fitNetQueue(data, { hidden: 1 }, { url, queueName: q, ranges: manyRanges }, engine);
    if (r === 0) continue; // warm-up: thread start and problem preparation in the worker
    const s = res.queue;
    per.push((s.wallMs - s.computeMs) / s.ranges);
    shares.push(s.computeMs / s.wallMs);
  }
  await stopWorkers(procs);
  console.log(
    `overhead per range (K = 1, ${manyRanges} ranges, 1 worker): median ${median(per).toFixed(2)} ms ` +
      `(search is ${(100 * median(shares)).toFixed(0)}% of the wall time)`,
  );
}

// 2. Speed-up curve: K = 2 over the first 132 rows (37.4 M configurations × 4 orientations).
{
  const options = { hidden: 2, pool: 132 };
  const single = [];
  let errors;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const res = await fitNet(data, options);
    single.push(performance.now() - t0);
    errors = res.trainErrors;
  }
  console.log(
    `K = 2, pool 132: single-process fitNet median ${(median(single) / 1000).toFixed(3)} s (${errors} errors)`,
  );
  for (const w of workerCounts) {
    const q = `bench-speedup-${process.pid}-${w}`;
    const procs = await startWorkers(w, q);
    const engine = createNetEngine();
    const walls = [];
    let res;
    for (let r = 0; r < repeat + 1; r++) {
      const t0 = performance.now();
      res = await fitNetQueue(data, options, { url, queueName: q, ranges: 8 * w }, engine);
      if (r > 0) walls.push(performance.now() - t0);
    }
    await stopWorkers(procs);
    console.log(
      `K = 2, pool 132: ${w} worker process${w === 1 ? '' : 'es'}, ${8 * w} ranges: median ${(median(walls) / 1000).toFixed(3)} s, ` +
        `speed-up ×${(median(single) / median(walls)).toFixed(2)} vs single-process (${res.trainErrors} errors, ${res.queue.retried} retried)`,
    );
  }
}
redis?.kill('SIGTERM');
