/**
 * Benchmarks of @floret/decode (run: npm run bench -w packages/decode, after the build).
 * - regenerating every printed table cell (Tables 2, 3, 5, 6, 7, Fig. 4, Observation 1);
 * - the AFD planner's exhaustive search (Step-3, H800, 4K / 8K / 32K);
 * - the compiled stage evaluator against the reference one (the planner's hot loop), side by side;
 * - the discrete-event simulator (events per second).
 * Medians of repeated runs; the machine is shared, so read ratios rather than absolute times.
 */
import os from 'node:os';
import { deploymentEfficiency, table9Efficiency } from '../dist/calibration.js';
import { findHardware } from '../dist/hardware.js';
import { STEP3 } from '../dist/models.js';
import { afdPerf, compilePerf } from '../dist/perf.js';
import { planAfd } from '../dist/planner.js';
import { simulateAfd } from '../dist/simulate.js';
import { allTables, table6 } from '../dist/tables.js';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
function time(fn, reps) {
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version} (shared)`,
);
for (let i = 0; i < 50; i++) allTables();
const tAll = time(() => allTables(), 200);
const t6 = time(() => table6(), 200);
console.log(
  `tables: all ${allTables().length} cells ${tAll.toFixed(3)} ms median; Table 6 (108 cells) ${t6.toFixed(3)} ms`,
);

const h800 = findHardware('h800');
const e = deploymentEfficiency();
for (const [ctx, gpn] of [
  [4096, [8]],
  [8192, [8]],
  [32768, [8]],
  [4096, [4, 8]],
]) {
  let r;
  const ms = time(() => {
    r = planAfd({
      model: STEP3,
      context: ctx,
      attentionHw: h800,
      ffnHw: h800,
      efficiency: e,
      gpusPerInstance: gpn,
    });
  }, 7);
  console.log(
    `planner ctx ${ctx} gpus/instance ${gpn.join(',')}: ${r.candidates.toLocaleString('en-US')} candidates, ${r.evaluated.toLocaleString('en-US')} evaluated, ${ms.toFixed(0)} ms median → best ${r.best.label} ${r.best.perf.tokensPerSecondPerGpu.toFixed(0)} tok/s/GPU`,
  );
}

const cal = table9Efficiency();
const run = compilePerf(STEP3, 4096, h800, h800, cal);
const out = new Float64Array(4);
const N = 100_000;
const cfg = (b) => ({
  model: STEP3,
  context: 4096,
  attentionHw: h800,
  ffnHw: h800,
  attentionInstances: 2,
  attentionGpus: 8,
  ffnInstances: 2,
  ffnGpus: 8,
  ffnParallel: 'hybrid',
  microBatches: 3,
  batchPerGpu: b,
});
const tc = time(() => {
  for (let i = 0; i < N; i++) run(2, 8, 2, 8, false, 3, 1 + (i & 255), out);
}, 5);
const tr =
  time(() => {
    for (let i = 0; i < N / 10; i++) afdPerf(cfg(1 + (i & 255)), cal);
  }, 5) * 10;
console.log(
  `stage evaluator, ${N.toLocaleString('en-US')} deployments: compiled ${tc.toFixed(1)} ms, reference ${tr.toFixed(1)} ms (×${(tr / tc).toFixed(1)})`,
);

let ev = 0;
const ts = time(() => {
  ev = simulateAfd(cfg(128), cal, 6).events;
}, 7);
console.log(
  `simulator: 2A2F, 61 layers × 3 micro-batches × 6 steps = ${ev} events in ${ts.toFixed(1)} ms (${(ev / ts / 1000).toFixed(2)} M events/s)`,
);
