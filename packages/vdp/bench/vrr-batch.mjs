// VRR batch verification throughput against worker threads (K = 128, Ω = 1024, ε = 1), decoding
// included: every proof arrives as wire bytes and is decoded (on-curve, canonical, subgroup) and
// verified. Needs only node, the built dist/ and node_modules; one command:
//   node packages/vdp/bench/vrr-batch.mjs --workers=0,1,2,4,8,16 [--batch=2048] [--distinct=32] [--reps=3]
// (or: npm run bench -w packages/vdp -- --workers=1,2,4). `--workers` lists the pool sizes to time;
// 0 = verify in the main thread. Default: 0 and 1, 2, 4, … up to the CPU count.
// The batch cycles through `--distinct` honest client proofs (made first, ≈ 0.2 s each). The verifier
// merges repeated points only by object identity (g, h), never by value, and decodes every entry on its
// own, so the repetition does not flatter the figure. Prints the median proofs/s per pool size and
// the speed-up over 1 worker, then one JSON line.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { hashToG1, ready } from '../dist/curve.js';
import { randomScalar } from '../dist/field.js';
import { insecureSrsFromTau } from '../dist/kzg.js';
import {
  encodeVrrCommit,
  encodeVrrResponse,
  vrrCommit,
  vrrPublicCoin,
  vrrRespond,
  vrrSetup,
} from '../dist/vrr.js';
import { VrrBatchVerifier } from '../dist/vrr-pool.js';

await ready();
const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? dflt : a.slice(name.length + 3);
};
const ncpu = availableParallelism();
const dfltWorkers = [0];
for (let w = 1; w <= ncpu; w *= 2) dfltWorkers.push(w);
if (!dfltWorkers.includes(ncpu)) dfltWorkers.push(ncpu);
const workerCounts = arg('workers', dfltWorkers.join(','))
  .split(',')
  .filter((x) => x !== '')
  .map(Number);
if (workerCounts.some((w) => !Number.isInteger(w) || w < 0)) {
  console.error('--workers must be a comma-separated list of integers ≥ 0, e.g. --workers=0,1,2,4');
  process.exit(2);
}
const batchN = Number(arg('batch', '2048'));
const distinct = Number(arg('distinct', '32'));
const reps = Number(arg('reps', '3'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `# VRR batch verification (K = 128, Ω = 1024, ε = 1; decode + verify) — node ${process.version}, ${ncpu} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const srs = insecureSrsFromTau(randomScalar(), 1024, 2, hashToG1('floret-vdp/srs/h'));
const setup = vrrSetup(srs, 128, 10, 1);
const made = [];
const t0 = performance.now();
for (let i = 0; i < distinct; i++) {
  const { state, msg } = vrrCommit(setup, i % 128);
  const coin = vrrPublicCoin(setup);
  made.push({
    commit: encodeVrrCommit(msg),
    coin,
    response: encodeVrrResponse(vrrRespond(setup, state, msg, coin)),
  });
}
console.log(
  `made ${distinct} distinct client proofs in ${((performance.now() - t0) / 1000).toFixed(1)} s; batch of ${batchN}, ${reps} reps`,
);
const batch = Array.from({ length: batchN }, (_, i) => made[i % distinct]);

const results = [];
for (const w of workerCounts) {
  const ts = performance.now();
  const v = await VrrBatchVerifier.start(setup, { workers: w });
  const startMs = performance.now() - ts;
  // One warm-up batch (JIT, wasm tiers, the evaluator's first allocation), then timed reps.
  if ((await v.verify(batch.slice(0, Math.min(batchN, 64 * Math.max(1, w))))) !== null)
    throw new Error('warm-up failed');
  const times = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const reason = await v.verify(batch);
    times.push(performance.now() - t);
    if (reason !== null) throw new Error(`honest batch rejected: ${reason}`);
  }
  await v.close();
  const ms = median(times);
  results.push({ workers: w, batch: batchN, medianMs: ms, proofsPerSecond: batchN / (ms / 1000), startMs });
}
const one = results.find((r) => r.workers === 1)?.proofsPerSecond;
for (const r of results)
  console.log(
    `workers ${String(r.workers).padStart(3)}${r.workers === 0 ? ' (main thread)' : '              '}  ${r.proofsPerSecond.toFixed(0).padStart(6)} proofs/s  (median ${r.medianMs.toFixed(0)} ms per ${r.batch}; pool start ${r.startMs.toFixed(0)} ms)${one !== undefined && r.workers > 0 ? `  ×${(r.proofsPerSecond / one).toFixed(2)} vs 1 worker` : ''}`,
  );
console.log(JSON.stringify({ cpus: ncpu, load: loadavg(), results }));
