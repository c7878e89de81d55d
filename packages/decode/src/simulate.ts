/**
 * @module simulate
 * Discrete-event simulation of a decode pipeline (arXiv:2507.19427 Fig. 7 and §7.1): each
 * micro-batch walks every layer through attention → A2F → FFN → F2A, each operation queued FIFO on its
 * resource (attention GPUs, A→F links, FFN GPUs, F→A links); the next layer's attention for a
 * micro-batch starts when its F2A arrives. The same engine runs a co-located EP baseline (DSv3-style:
 * attention and MoE on the same GPUs, dispatch and combine on the same NICs, two micro-batches).
 * Stage durations come from perf.ts under one {@link Efficiency}: "paper" (ideal) or "calibrated"; the
 * simulator never mixes them.
 */
import { findHardware, type Hardware, peakFlops } from './hardware.js';
import { type ElemBytes, ffnParams, type ModelSpec } from './model.js';
import { type AfdConfig, afdPerf, attentionLayerUs, type Efficiency, gpuNicBw } from './perf.js';

/** One operation of the pipeline. */
interface Op {
  readonly resource: number;
  readonly durationUs: number;
}

/** Simulation output. */
export interface SimResult {
  readonly mode: Efficiency['mode'];
  readonly efficiency: string;
  /** Steady-state time per output token, ms (mean over the measured steps). */
  readonly tpotMs: number;
  readonly tokensPerSecondPerGpu: number;
  readonly gpus: number;
  readonly totalBatch: number;
  /** Busy fraction of each resource over the measured steps. */
  readonly utilization: Readonly<Record<string, number>>;
  /** Per-layer stage durations of the first layer group, µs. */
  readonly stageUs: Readonly<Record<string, number>>;
  readonly events: number;
}

/** Minimal binary heap of [time, seq, micro-batch]. */
class Heap {
  private t: number[] = [];
  private s: number[] = [];
  private v: number[] = [];
  get size(): number {
    return this.t.length;
  }
  private less(i: number, j: number): boolean {
    const a = this.t[i] as number;
    const b = this.t[j] as number;
    return a < b || (a === b && (this.s[i] as number) < (this.s[j] as number));
  }
  private swap(i: number, j: number): void {
    for (const arr of [this.t, this.s, this.v]) {
      const x = arr[i] as number;
      arr[i] = arr[j] as number;
      arr[j] = x;
    }
  }
  push(time: number, seq: number, val: number): void {
    this.t.push(time);
    this.s.push(seq);
    this.v.push(val);
    let i = this.t.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, number] {
    const time = this.t[0] as number;
    const val = this.v[0] as number;
    const last = this.t.length - 1;
    this.swap(0, last);
    this.t.pop();
    this.s.pop();
    this.v.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.t.length && this.less(l, m)) m = l;
      if (r < this.t.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return [time, val];
  }
}

/**
 * Runs `steps` decode steps of `microBatches` micro-batches through `layers` (each a list of ops in
 * order), resources served FIFO by ready time. Returns the mean step time over the last steps.
 */
export function runPipeline(
  layers: readonly (readonly Op[])[],
  microBatches: number,
  resources: number,
  steps: number,
  stepOverheadUs = 0,
): { stepUs: number; busyUs: Float64Array; spanUs: number; events: number } {
  const free = new Float64Array(resources);
  const busy = new Float64Array(resources);
  const opsPerStep = layers.reduce((s, l) => s + l.length, 0);
  // Position of each micro-batch: global op index (step · opsPerStep + op within step).
  const pos = new Int32Array(microBatches);
  const flat: Op[] = layers.flat();
  const heap = new Heap();
  let seq = 0;
  for (let j = 0; j < microBatches; j++) heap.push(0, seq++, j);
  const stepEnd: number[][] = Array.from({ length: microBatches }, () => []);
  const warm = Math.max(1, steps - Math.max(1, Math.floor(steps / 2)));
  let measureStart = Number.NaN;
  let events = 0;
  while (heap.size > 0) {
    const [ready, j] = heap.pop();
    const p = pos[j] as number;
    const step = Math.floor(p / opsPerStep);
    const op = flat[p % opsPerStep] as Op;
    const start = Math.max(ready, free[op.resource] as number);
    if (step >= warm && Number.isNaN(measureStart)) measureStart = start;
    const end = start + op.durationUs;
    free[op.resource] = end;
    if (step >= warm) busy[op.resource] = (busy[op.resource] as number) + op.durationUs;
    events++;
    const next = p + 1;
    pos[j] = next;
    let t = end;
    if (next % opsPerStep === 0) {
      (stepEnd[j] as number[]).push(end);
      t += stepOverheadUs;
    }
    if (next < steps * opsPerStep) heap.push(t, seq++, j);
  }
  // Mean step time of micro-batch 0 over the measured steps.
  const ends = stepEnd[0] as number[];
  const a = ends[warm - 1] as number;
  const b = ends[steps - 1] as number;
  const spanUs = Math.max(...stepEnd.map((e) => e[steps - 1] as number)) - measureStart;
  return { stepUs: (b - a) / (steps - warm), busyUs: busy, spanUs, events };
}

/** Simulates an AFD deployment (resources: attention, a2f, ffn, f2a). */
export function simulateAfd(c: AfdConfig, e: Efficiency, steps = 6): SimResult {
  const perf = afdPerf(c, e);
  const layers: Op[][] = [];
  for (const g of perf.groups)
    for (let i = 0; i < g.count; i++)
      layers.push([
        { resource: 0, durationUs: g.stages.attentionUs },
        { resource: 1, durationUs: g.stages.a2fUs },
        { resource: 2, durationUs: g.stages.ffnUs },
        { resource: 3, durationUs: g.stages.f2aUs },
      ]);
  const r = runPipeline(layers, c.microBatches, 4, steps, e.stepOverheadMs * 1000);
  const names = ['attention', 'a2f', 'ffn', 'f2a'];
  const utilization: Record<string, number> = {};
  names.forEach((n, i) => {
    utilization[n] = (r.busyUs[i] as number) / r.spanUs;
  });
  const s0 = perf.groups[perf.groups.length - 1]?.stages;
  const tpotMs = r.stepUs / 1000;
  return {
    mode: e.mode,
    efficiency: e.name,
    tpotMs,
    tokensPerSecondPerGpu: perf.totalBatch / (perf.gpus * (tpotMs / 1000)),
    gpus: perf.gpus,
    totalBatch: perf.totalBatch,
    utilization,
    stageUs: s0 ? { attention: s0.attentionUs, a2f: s0.a2fUs, ffn: s0.ffnUs, f2a: s0.f2aUs } : {},
    events: r.events,
  };
}

/** A co-located expert-parallel deployment (DeepSeek-V3 decode: DP attention + EP MoE on the same GPUs). */
export interface EpConfig {
  readonly model: ModelSpec;
  readonly context: number;
  readonly hardware: Hardware;
  readonly gpus: number;
  /** Requests per GPU (all micro-batches). */
  readonly batchPerGpu: number;
  readonly microBatches: number;
  /** Nodes a token is dispatched to at most (DSv3 node-limited routing: 4). */
  readonly maxNodesPerToken: number;
  readonly kvBytes?: ElemBytes;
}

/** Simulates a co-located EP deployment (resources: gpu compute, NIC). */
export function simulateEp(c: EpConfig, e: Efficiency, steps = 6): SimResult {
  const m = c.model;
  const H = m.hidden;
  const hw = c.hardware;
  const b = c.batchPerGpu / c.microBatches;
  const nodes = c.gpus / 8;
  const nic = gpuNicBw(hw, e);
  const layers: Op[][] = [];
  let stageUs: Record<string, number> = {};
  for (const g of m.layers) {
    const a =
      c.kvBytes === undefined || g.attention.kind === 'linear'
        ? g.attention
        : { ...g.attention, kvBytes: c.kvBytes };
    const tA = attentionLayerUs(a, m, hw, b, c.context, e);
    const f = g.ffn;
    let tF: number;
    let dispatch = 0;
    if (f.kind === 'moe') {
      // Balanced routing: each GPU holds E/G experts and receives b·k expert-tokens, plus the shared expert.
      const expert = 3 * H * f.expertIntermediate;
      const shared = f.sharedExperts * 3 * H * f.sharedIntermediate;
      const weights = ((f.routedExperts / c.gpus) * expert + shared) * m.weightBytes;
      const flops = 2 * (b * f.topK * expert + b * shared);
      tF =
        Math.max(flops / (peakFlops(hw, m.compute) * e.ffnCompute), weights / (hw.memBw * e.ffnMemory)) *
          1e6 +
        (e.ffnOverheadUs ?? e.overheadUs);
      const remoteNodes = Math.min(f.topK, c.maxNodesPerToken, Math.max(1, nodes - 1));
      dispatch = ((b * H * remoteNodes) / nic) * 1e6;
    } else {
      const p = ffnParams(f, H);
      tF =
        Math.max(
          (2 * p.activated * b) / (peakFlops(hw, m.compute) * e.ffnCompute),
          (p.total * m.weightBytes) / (hw.memBw * e.ffnMemory),
        ) *
          1e6 +
        (e.ffnOverheadUs ?? e.overheadUs);
    }
    stageUs = { attention: tA, dispatch, ffn: tF, combine: 2 * dispatch };
    for (let i = 0; i < g.count; i++)
      layers.push([
        { resource: 0, durationUs: tA },
        { resource: 1, durationUs: dispatch },
        { resource: 0, durationUs: tF },
        { resource: 1, durationUs: 2 * dispatch },
      ]);
  }
  const r = runPipeline(layers, c.microBatches, 2, steps, e.stepOverheadMs * 1000);
  const tpotMs = r.stepUs / 1000;
  return {
    mode: e.mode,
    efficiency: e.name,
    tpotMs,
    tokensPerSecondPerGpu: c.batchPerGpu / (tpotMs / 1000),
    gpus: c.gpus,
    totalBatch: c.batchPerGpu * c.gpus,
    utilization: { gpu: (r.busyUs[0] as number) / r.spanUs, nic: (r.busyUs[1] as number) / r.spanUs },
    stageUs,
    events: r.events,
  };
}

/** DeepSeek-V3's published decode profile setting: EP128, 128 requests per GPU, 4K, two micro-batches. */
export function dsv3ProfileConfig(model: ModelSpec): EpConfig {
  const h800 = findHardware('h800');
  if (!h800) throw new Error('internal: h800 missing');
  return {
    model,
    context: 4096,
    hardware: h800,
    gpus: 128,
    batchPerGpu: 128,
    microBatches: 2,
    maxNodesPerToken: 4,
  };
}
