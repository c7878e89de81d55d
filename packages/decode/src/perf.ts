/**
 * @module perf
 * Per-stage times of an Attention-FFN Disaggregation (AFD) deployment (arXiv:2507.19427 §3, §5.3–5.4,
 * §7.1–7.2, Fig. 7), shared by the planner and the simulator.
 *
 * Per layer and micro-batch:
 * - attention (DP: each attention GPU owns b requests): core kernel max(FLOPs/peak, KV bytes/BW) plus
 *   projections max(FLOPs/peak, weight bytes/BW);
 * - A2F / F2A: every micro-batch is broadcast to every FFN instance, 1 byte per element out and 2 back
 *   (3·H·B per layer, §5.4); hybrid EP+TP FFN then all-gathers / reduce-scatters inside its server;
 * - FFN: max(FLOPs/peak, touched expert weights/BW) per FFN GPU.
 * A layer takes max(m·max(stage), A + A2F + F + F2A) for m micro-batches (StepMesh's dependency rule).
 *
 * "paper" efficiency is ideal (every factor 1, no overhead); "calibrated" efficiency divides each
 * roofline time by a factor fitted per kernel family and hardware (see calibration.ts). The two are
 * never mixed: an {@link Efficiency} is one or the other.
 */
import { type Hardware, peakFlops } from './hardware.js';
import {
  type AttentionSpec,
  attentionParams,
  attentionTokenCost,
  type ElemBytes,
  type FfnSpec,
  ffnParams,
  type ModelSpec,
  routerParams,
} from './model.js';

/** Attention kernel families that carry their own efficiency factor. */
export type KernelFamily = 'mfa' | 'mla' | 'gqa' | 'linear';

/** The kernel family of an attention description. */
export function familyOf(a: AttentionSpec): KernelFamily {
  if (a.kind === 'mla' || a.kind === 'linear' || a.kind === 'mfa') return a.kind;
  return 'gqa';
}

/** Efficiency factors (fractions of peak) and fixed overheads. */
export interface Efficiency {
  readonly mode: 'paper' | 'calibrated';
  readonly name: string;
  /**
   * Attention efficiency per `${family}` or `${family}@${hardware}`, applied to the core-attention
   * roofline, and to the projections unless `${family}-proj@${hardware}` gives them their own factor.
   */
  readonly attention: Readonly<Record<string, number>>;
  /** Fixed attention-layer time per `${family}@${hardware}` (launch latency of its small kernels), µs. */
  readonly attentionOverheadUs?: Readonly<Record<string, number>>;
  /** FFN GEMM efficiency: memory (weight streaming) and compute. */
  readonly ffnMemory: number;
  readonly ffnCompute: number;
  /** Achieved fraction of NIC line rate. */
  readonly network: number;
  /** Fixed time per layer per stage (launch, sync), µs. */
  readonly overheadUs: number;
  /** Fixed time of an FFN layer (expert GEMM launches), µs; default `overheadUs`. */
  readonly ffnOverheadUs?: number;
  /** Extra time per decode step (jitter, sampling, scheduling), ms. */
  readonly stepOverheadMs: number;
  readonly source: string;
}

/** The paper's ideal mode: every factor 1, no overheads (§4, §5). */
export const PAPER_EFFICIENCY: Efficiency = {
  mode: 'paper',
  name: 'paper (ideal)',
  attention: {},
  ffnMemory: 1,
  ffnCompute: 1,
  network: 1,
  overheadUs: 0,
  stepOverheadMs: 0,
  source: 'arXiv:2507.19427 §4–5: peak FLOPs, peak bandwidth, line-rate network',
};

/** Attention efficiency for a family on a card: `family@hw`, else `family`, else 1. */
export function attentionEta(e: Efficiency, family: KernelFamily, hw: string): number {
  return e.attention[`${family}@${hw}`] ?? e.attention[family] ?? 1;
}

/** Projection efficiency: `family-proj@hw`, else the family's attention factor. */
export function projectionEta(e: Efficiency, family: KernelFamily, hw: string): number {
  return e.attention[`${family}-proj@${hw}`] ?? attentionEta(e, family, hw);
}

/** Fixed time of an attention layer, µs: `attentionOverheadUs[family@hw]`, else `overheadUs`. */
export function attentionOverhead(e: Efficiency, family: KernelFamily, hw: string): number {
  return e.attentionOverheadUs?.[`${family}@${hw}`] ?? e.overheadUs;
}

/** FFN parallelism across FFN GPUs (§5.5, §7.1). */
export type FfnParallel = 'tp' | 'ep' | 'hybrid';

/** One AFD deployment. */
export interface AfdConfig {
  readonly model: ModelSpec;
  readonly context: number;
  readonly attentionHw: Hardware;
  readonly ffnHw: Hardware;
  /** Attention instances and GPUs per instance. */
  readonly attentionInstances: number;
  readonly attentionGpus: number;
  /** FFN instances and GPUs per instance. */
  readonly ffnInstances: number;
  readonly ffnGpus: number;
  readonly ffnParallel: FfnParallel;
  /** Micro-batches in flight (pipeline stages), 2–4. */
  readonly microBatches: number;
  /** Requests per attention GPU per micro-batch. */
  readonly batchPerGpu: number;
  /** KV precision override for the attention side (e.g. 2 = BF16 attention as in Table 8's 3A2F). */
  readonly kvBytes?: ElemBytes;
}

/** Stage times of one layer group for one micro-batch, in µs. */
export interface StageTimes {
  readonly attentionUs: number;
  readonly a2fUs: number;
  readonly ffnUs: number;
  readonly f2aUs: number;
}

/** Whole-step figures of a deployment. */
export interface AfdPerf {
  /** Per layer group (count, stage times). */
  readonly groups: readonly { readonly count: number; readonly stages: StageTimes }[];
  /** Sum over layers of each stage (µs per micro-batch per decode step). */
  readonly totals: StageTimes;
  readonly tpotMs: number;
  readonly tokensPerSecondPerGpu: number;
  readonly gpus: number;
  readonly totalBatch: number;
  readonly microBatchTokens: number;
  /** Memory per attention GPU and per FFN GPU, bytes. */
  readonly attentionMemBytes: number;
  readonly ffnMemBytes: number;
  /** Network bytes per layer per micro-batch per GPU (max of send and receive), attention and FFN sides. */
  readonly attentionNetBytes: number;
  readonly ffnNetBytes: number;
  /** The stage that sets the layer time ("attention", "ffn", "a2f", "f2a" or "chain"). */
  readonly bottleneck: 'attention' | 'ffn' | 'a2f' | 'f2a' | 'chain';
}

function withKv(a: AttentionSpec, kv: ElemBytes | undefined): AttentionSpec {
  if (kv === undefined || a.kind === 'linear') return a;
  return { ...a, kvBytes: kv };
}

/** Attention time of one layer for `b` requests on one GPU at context `ctx`, µs. */
export function attentionLayerUs(
  a: AttentionSpec,
  m: ModelSpec,
  hw: Hardware,
  b: number,
  ctx: number,
  e: Efficiency,
  tp = 1,
): number {
  const t = attentionTokenCost(a, m.hidden, ctx);
  const fam = familyOf(a);
  // Core attention runs in BF16 (Table 9: "BF16 attention"), projections in the model's GEMM precision.
  const core = Math.max((b * t.attentionFlops) / tp / peakFlops(hw, 'bf16'), (b * t.kvBytes) / tp / hw.memBw);
  const wBytes = (attentionParams(a, m.hidden) * m.weightBytes) / tp;
  const proj = Math.max((b * t.linearFlops) / tp / peakFlops(hw, m.compute), wBytes / hw.memBw);
  return (
    (core / attentionEta(e, fam, hw.id) + proj / projectionEta(e, fam, hw.id)) * 1e6 +
    attentionOverhead(e, fam, hw.id)
  );
}

/** Expected experts touched by `tokens` tokens routed top-k of E (uniform routing). */
function expertsTouched(f: FfnSpec, tokens: number): number {
  if (f.kind === 'dense') return 1;
  const p = 1 - (1 - f.topK / f.routedExperts) ** tokens;
  return f.routedExperts * p;
}

/** FFN time of one layer for a micro-batch of `tokens` spread over `gpus` FFN GPUs, µs. */
export function ffnLayerUs(
  f: FfnSpec,
  m: ModelSpec,
  hw: Hardware,
  tokens: number,
  gpus: number,
  e: Efficiency,
): number {
  const p = ffnParams(f, m.hidden);
  const flops = (2 * p.activated * tokens) / gpus;
  let weights: number;
  if (f.kind === 'dense') weights = p.total;
  else {
    const expert = 3 * m.hidden * f.expertIntermediate;
    weights = expertsTouched(f, tokens) * expert + f.sharedExperts * 3 * m.hidden * f.sharedIntermediate;
  }
  const bytes = (weights * m.weightBytes) / gpus;
  const t = Math.max(flops / (peakFlops(hw, m.compute) * e.ffnCompute), bytes / (hw.memBw * e.ffnMemory));
  return t * 1e6 + (e.ffnOverheadUs ?? e.overheadUs);
}

/** NIC bandwidth of one GPU in bytes/s (one NIC per GPU). */
export function gpuNicBw(hw: Hardware, e: Efficiency): number {
  return ((hw.nicGbps * 1e9) / 8) * (hw.nics / 8) * e.network;
}

/** Stage times and throughput of an AFD deployment. */
export function afdPerf(c: AfdConfig, e: Efficiency): AfdPerf {
  const m = c.model;
  const H = m.hidden;
  const gA = c.attentionInstances * c.attentionGpus;
  const gF = c.ffnInstances * c.ffnGpus;
  const mbTokens = gA * c.batchPerGpu;
  const groups: { count: number; stages: StageTimes }[] = [];
  // Network bytes per layer per micro-batch (A2F 1 byte/element, F2A 2 bytes, §5.4).
  let fanOut: number; // FFN destinations of one token from an attention GPU
  let ffnShare: number; // fraction of the micro-batch one FFN GPU receives
  let intraGather = 0; // bytes per FFN GPU moved inside its server (all-gather + reduce-scatter)
  const firstMoe = m.layers.find((g) => g.ffn.kind === 'moe')?.ffn;
  const k = firstMoe?.kind === 'moe' ? firstMoe.topK + firstMoe.sharedExperts : 1;
  if (c.ffnParallel === 'ep') {
    fanOut = Math.min(k, gF);
    ffnShare = fanOut / gF;
  } else {
    // hybrid and TP: broadcast to every FFN instance, spread over its GPUs, then gathered inside.
    fanOut = c.ffnInstances;
    ffnShare = 1 / c.ffnGpus;
    intraGather = ((c.ffnGpus - 1) / c.ffnGpus) * 3 * H * mbTokens;
  }
  const attnSend = H * c.batchPerGpu * fanOut;
  const ffnRecv = H * mbTokens * ffnShare;
  const nicA = gpuNicBw(c.attentionHw, e);
  const nicF = gpuNicBw(c.ffnHw, e);
  const a2fUs = Math.max(attnSend / nicA, ffnRecv / nicF) * 1e6;
  const f2aUs = Math.max((2 * attnSend) / nicA, (2 * ffnRecv) / nicF) * 1e6;
  const gatherUs = (intraGather / c.ffnHw.scaleUpBw) * 1e6;
  let totA = 0;
  let totF = 0;
  let tpot = 0;
  let attnWeights = 0;
  let chainLayers = 0;
  let worst: AfdPerf['bottleneck'] = 'attention';
  let worstTime = -1;
  for (const g of m.layers) {
    const a = withKv(g.attention, c.kvBytes);
    const tA = attentionLayerUs(a, m, c.attentionHw, c.batchPerGpu, c.context, e);
    // TP-only FFN splits every expert over all FFN GPUs: the same bytes and FLOPs per GPU as hybrid in
    // this model; EP with imbalance is a calibration matter.
    // The in-server all-gather / reduce-scatter run on NVLS without SMs (§7.1), so they overlap the
    // expert GEMMs: the FFN stage takes the longer of the two.
    const tF = Math.max(ffnLayerUs(g.ffn, m, c.ffnHw, mbTokens, gF, e), gatherUs);
    const stages = { attentionUs: tA, a2fUs, ffnUs: tF, f2aUs };
    groups.push({ count: g.count, stages });
    const slot = Math.max(tA, tF, a2fUs, f2aUs);
    const chain = tA + a2fUs + tF + f2aUs;
    const layer = Math.max(c.microBatches * slot, chain);
    tpot += g.count * layer;
    totA += g.count * tA;
    totF += g.count * tF;
    if (chain > c.microBatches * slot) chainLayers += g.count;
    const which = slot === tA ? 'attention' : slot === tF ? 'ffn' : slot === a2fUs ? 'a2f' : 'f2a';
    if (g.count * slot > worstTime) {
      worstTime = g.count * slot;
      worst = which;
    }
    attnWeights += g.count * (attentionParams(g.attention, H) + routerParams(g.ffn, H)) * m.weightBytes;
  }
  if (chainLayers * 2 > m.layers.reduce((s, g) => s + g.count, 0)) worst = 'chain';
  const tpotMs = tpot / 1000 + e.stepOverheadMs;
  const totalBatch = c.microBatches * mbTokens;
  const layersN = m.layers.reduce((s, g) => s + g.count, 0);
  // KV per request: the full context for softmax layers (capped by windows), the state for linear ones.
  let kvPerRequest = 0;
  for (const g of m.layers) {
    const a = withKv(g.attention, c.kvBytes);
    kvPerRequest += g.count * attentionTokenCost(a, H, c.context).kvBytes;
  }
  let ffnWeights = 0;
  for (const g of m.layers) ffnWeights += g.count * ffnParams(g.ffn, H).total * m.weightBytes;
  const embed = 2 * m.vocab * H * m.weightBytes;
  return {
    groups,
    totals: { attentionUs: totA, a2fUs: a2fUs * layersN, ffnUs: totF, f2aUs: f2aUs * layersN },
    tpotMs,
    tokensPerSecondPerGpu: totalBatch / ((gA + gF) * (tpotMs / 1000)),
    gpus: gA + gF,
    totalBatch,
    microBatchTokens: mbTokens,
    attentionMemBytes: attnWeights + embed + c.microBatches * c.batchPerGpu * kvPerRequest,
    ffnMemBytes: ffnWeights / gF,
    attentionNetBytes: 2 * attnSend,
    ffnNetBytes: 2 * ffnRecv,
    bottleneck: worst,
  };
}

/**
 * A closed-form evaluator of {@link afdPerf} for fixed model, context, hardware and efficiency, with
 * per-layer-group constants precomputed: no allocation per call (the planner's hot loop). It writes
 * TPOT (ms), tokens/s/GPU and memory per GPU into `out`; tests check it equals {@link afdPerf}.
 */
export type CompiledPerf = (
  nA: number,
  gA: number,
  nF: number,
  gF: number,
  ep: boolean,
  m: number,
  b: number,
  out: Float64Array,
) => void;

/** Compiles the evaluator for one (model, context, hardware, efficiency, KV precision). */
export function compilePerf(
  model: ModelSpec,
  ctx: number,
  hwA: Hardware,
  hwF: Hardware,
  e: Efficiency,
  kvBytes?: ElemBytes,
): CompiledPerf {
  const H = model.hidden;
  const n = model.layers.length;
  const count = new Float64Array(n);
  const aCore = new Float64Array(n);
  const aLin = new Float64Array(n);
  const aW = new Float64Array(n);
  const aEta = new Float64Array(n);
  const pEta = new Float64Array(n);
  const aOv = new Float64Array(n);
  const fAct = new Float64Array(n);
  const fExpert = new Float64Array(n); // bytes of one routed expert (0 dense)
  const fFixed = new Float64Array(n); // bytes always read (dense FFN or shared experts)
  const fE = new Float64Array(n);
  const fK = new Float64Array(n);
  let kvPerRequest = 0;
  let attnWeights = 0;
  let ffnWeights = 0;
  let k = 1;
  let firstMoe = true;
  const pA = peakFlops(hwA, 'bf16');
  const pAg = peakFlops(hwA, model.compute);
  const pF = peakFlops(hwF, model.compute);
  for (let i = 0; i < n; i++) {
    const g = model.layers[i] as (typeof model.layers)[number];
    const a = withKv(g.attention, kvBytes);
    const t = attentionTokenCost(a, H, ctx);
    count[i] = g.count;
    aCore[i] = Math.max(t.attentionFlops / pA, t.kvBytes / hwA.memBw);
    aLin[i] = t.linearFlops / pAg;
    aW[i] = (attentionParams(a, H) * model.weightBytes) / hwA.memBw;
    aEta[i] = attentionEta(e, familyOf(a), hwA.id);
    pEta[i] = projectionEta(e, familyOf(a), hwA.id);
    aOv[i] = attentionOverhead(e, familyOf(a), hwA.id);
    const p = ffnParams(g.ffn, H);
    fAct[i] = (2 * p.activated) / (pF * e.ffnCompute);
    if (g.ffn.kind === 'moe') {
      fExpert[i] = (3 * H * g.ffn.expertIntermediate * model.weightBytes) / (hwF.memBw * e.ffnMemory);
      fFixed[i] =
        (g.ffn.sharedExperts * 3 * H * g.ffn.sharedIntermediate * model.weightBytes) /
        (hwF.memBw * e.ffnMemory);
      fE[i] = g.ffn.routedExperts;
      fK[i] = g.ffn.topK;
      if (firstMoe) {
        k = g.ffn.topK + g.ffn.sharedExperts;
        firstMoe = false;
      }
    } else {
      fFixed[i] = (p.total * model.weightBytes) / (hwF.memBw * e.ffnMemory);
    }
    kvPerRequest += g.count * t.kvBytes;
    attnWeights += g.count * (attentionParams(g.attention, H) + routerParams(g.ffn, H)) * model.weightBytes;
    ffnWeights += g.count * p.total * model.weightBytes;
  }
  const embed = 2 * model.vocab * H * model.weightBytes;
  const nicA = gpuNicBw(hwA, e);
  const nicF = gpuNicBw(hwF, e);
  const ov = e.ffnOverheadUs ?? e.overheadUs;
  return (nA, gA, nF, gF, ep, m, b, out) => {
    const GA = nA * gA;
    const GF = nF * gF;
    const mb = GA * b;
    let fan: number;
    let share: number;
    let gather = 0;
    if (ep) {
      fan = Math.min(k, GF);
      share = fan / GF;
    } else {
      fan = nF;
      share = 1 / gF;
      gather = ((((gF - 1) / gF) * 3 * H * mb) / hwF.scaleUpBw) * 1e6;
    }
    const send = H * b * fan;
    const recv = H * mb * share;
    const a2f = Math.max(send / nicA, recv / nicF) * 1e6;
    const f2a = 2 * a2f;
    let tpot = 0;
    for (let i = 0; i < n; i++) {
      const lin = b * (aLin[i] as number);
      const w = aW[i] as number;
      const tA =
        ((b * (aCore[i] as number)) / (aEta[i] as number) + Math.max(lin, w) / (pEta[i] as number)) * 1e6 +
        (aOv[i] as number);
      const E = fE[i] as number;
      const wBytes =
        E > 0
          ? E * (1 - (1 - (fK[i] as number) / E) ** mb) * (fExpert[i] as number) + (fFixed[i] as number)
          : (fFixed[i] as number);
      const comp = ((fAct[i] as number) * mb) / GF;
      const gemm = Math.max(comp, wBytes / GF) * 1e6 + ov;
      const tF = Math.max(gemm, gather);
      let slot = Math.max(tA, tF);
      if (a2f > slot) slot = a2f;
      if (f2a > slot) slot = f2a;
      const chain = tA + a2f + tF + f2a;
      const layer = Math.max(m * slot, chain);
      tpot += (count[i] as number) * layer;
    }
    const tpotMs = tpot / 1000 + e.stepOverheadMs;
    out[0] = tpotMs;
    out[1] = (m * mb) / ((GA + GF) * (tpotMs / 1000));
    out[2] = attnWeights + embed + m * b * kvPerRequest;
    out[3] = ffnWeights / GF;
  };
}
