/**
 * @module planner
 * AFD deployment search (arXiv:2507.19427 §3.1, §5.3–5.5, §6, §7.3): for a model, context and TPOT
 * SLA, enumerate attention instances × GPUs per instance, FFN instances × GPUs per instance, FFN
 * parallelism (TP / EP / hybrid), micro-batches (2–4) and requests per attention GPU, and keep the
 * deployments that meet the SLA, fit in HBM and satisfy the minimum-sparsity bound (or use large EP,
 * §5.5). Objective: tokens/s/GPU = total batch / (GPUs × TPOT). Also returns the Pareto front of
 * tokens/s/GPU against tokens/s/user and the constraint that binds the best deployment.
 */
import { minSparsityFor } from './cost.js';
import type { Hardware } from './hardware.js';
import { type ModelSpec, moeSparsity } from './model.js';
import {
  type AfdConfig,
  type AfdPerf,
  afdPerf,
  compilePerf,
  type Efficiency,
  type FfnParallel,
  gpuNicBw,
} from './perf.js';

/** Search options. */
export interface PlanOptions {
  readonly model: ModelSpec;
  readonly context: number;
  readonly attentionHw: Hardware;
  readonly ffnHw: Hardware;
  readonly efficiency: Efficiency;
  /** TPOT SLA in ms (default 50, §3.1). */
  readonly tpotMs?: number;
  readonly maxAttentionInstances?: number;
  readonly maxFfnInstances?: number;
  readonly gpusPerInstance?: readonly number[];
  readonly parallelisms?: readonly FfnParallel[];
  readonly microBatches?: readonly number[];
  /** Candidate requests per attention GPU per micro-batch. */
  readonly batches?: readonly number[];
  /** Usable fraction of HBM (default 0.9). */
  readonly memFraction?: number;
  /** KV precision override for attention (2 = BF16 attention). */
  readonly kvBytes?: 1 | 2;
}

/** One evaluated deployment. */
export interface PlanCandidate {
  readonly config: AfdConfig;
  readonly perf: AfdPerf;
  /** e.g. "2A2F" (attention instances, FFN instances). */
  readonly label: string;
}

/** What limits a deployment from growing its batch. */
export type Binding =
  | `tpot:${AfdPerf['bottleneck']}`
  | `throughput:${AfdPerf['bottleneck']}`
  | 'attention-memory'
  | 'batch-grid';

/** The search result. */
export interface PlanResult {
  readonly best: PlanCandidate;
  readonly binding: Binding;
  /** Best deployment per (A instances, F instances) label, best first (top 20). */
  readonly ranking: readonly {
    readonly label: string;
    readonly tokensPerSecondPerGpu: number;
    readonly tpotMs: number;
    readonly batchPerGpu: number;
    readonly microBatches: number;
    readonly ffnParallel: FfnParallel;
    readonly gpus: number;
  }[];
  /** Non-dominated (tokens/s/GPU, tokens/s/user) points. */
  readonly pareto: readonly {
    readonly label: string;
    readonly tokensPerSecondPerGpu: number;
    readonly tokensPerSecondPerUser: number;
    readonly batchPerGpu: number;
  }[];
  /** Size of the search space (every combination, pruned ones included). */
  readonly candidates: number;
  /** Combinations evaluated (the rest were pruned: a larger batch cannot become feasible again). */
  readonly evaluated: number;
  readonly feasible: number;
  readonly sparsity: { readonly model: number; readonly minimum: number };
}

const DEFAULT_BATCHES: readonly number[] = (() => {
  const b: number[] = [];
  for (let i = 1; i <= 16; i++) b.push(i);
  for (let i = 20; i <= 512; i += 4) b.push(i);
  return b;
})();

/** Runs the exhaustive search; throws RangeError when nothing is feasible. */
export function planAfd(o: PlanOptions): PlanResult {
  const tpot = o.tpotMs ?? 50;
  const maxA = o.maxAttentionInstances ?? 32;
  const maxF = o.maxFfnInstances ?? 8;
  const gpn = o.gpusPerInstance ?? [8];
  const pars = o.parallelisms ?? ['hybrid', 'ep', 'tp'];
  const mbs = o.microBatches ?? [2, 3, 4];
  const batches = o.batches ?? DEFAULT_BATCHES;
  const frac = o.memFraction ?? 0.9;
  const memA = o.attentionHw.memBytes * frac;
  const memF = o.ffnHw.memBytes * frac;
  const S = moeSparsity(o.model);
  // Minimum sparsity with the network the efficiency profile achieves (§5.4).
  const net = gpuNicBw(o.ffnHw, o.efficiency) * 8;
  const sMin = minSparsityFor(o.model, o.ffnHw, { netBw: net, precision: o.model.compute });
  const topK = o.model.layers.find((g) => g.ffn.kind === 'moe')?.ffn;
  const k = topK?.kind === 'moe' ? topK.topK : 1;
  let candidates = 0;
  let evaluated = 0;
  let feasible = 0;
  // Winners are kept as plain tuples; full results are built once, after the search.
  type Pick = {
    nA: number;
    gA: number;
    nF: number;
    gF: number;
    par: FfnParallel;
    m: number;
    b: number;
    tgs: number;
  };
  let bestPick: Pick | undefined;
  const perLabel = new Map<number, Pick>();
  // Pareto: best tokens/s/GPU per 0.5 tokens/s/user bucket, then a sweep.
  const buckets = new Map<number, { pick: Pick; user: number }>();
  const run = compilePerf(o.model, o.context, o.attentionHw, o.ffnHw, o.efficiency, o.kvBytes);
  const out = new Float64Array(4);
  const nb = batches.length;
  const make = (
    nA: number,
    gA: number,
    nF: number,
    gF: number,
    par: FfnParallel,
    m: number,
    b: number,
  ): AfdConfig => ({
    model: o.model,
    context: o.context,
    attentionHw: o.attentionHw,
    ffnHw: o.ffnHw,
    attentionInstances: nA,
    attentionGpus: gA,
    ffnInstances: nF,
    ffnGpus: gF,
    ffnParallel: par,
    microBatches: m,
    batchPerGpu: b,
    ...(o.kvBytes === undefined ? {} : { kvBytes: o.kvBytes }),
  });
  for (let nA = 1; nA <= maxA; nA++)
    for (const gA of gpn)
      for (let nF = 1; nF <= maxF; nF++)
        for (const gF of gpn)
          for (const par of pars) {
            candidates += mbs.length * nb;
            // Over-sparse MoE needs large EP: more EP servers than activated experts (§5.5).
            if (S < sMin && !(par === 'ep' && nF > k)) continue;
            const ep = par === 'ep';
            for (const m of mbs)
              for (let j = 0; j < nb; j++) {
                const b = batches[j] as number;
                evaluated++;
                run(nA, gA, nF, gF, ep, m, b, out);
                // TPOT and memory grow with the batch: the first infeasible batch ends this row.
                if ((out[0] as number) > tpot || (out[2] as number) > memA || (out[3] as number) > memF)
                  break;
                feasible++;
                const tgs = out[1] as number;
                const key = ((nA * 128 + gA) * 4096 + nF) * 128 + gF;
                if (bestPick === undefined || tgs > bestPick.tgs)
                  bestPick = { nA, gA, nF, gF, par, m, b, tgs };
                const cur = perLabel.get(key);
                if (cur === undefined || tgs > cur.tgs) perLabel.set(key, { nA, gA, nF, gF, par, m, b, tgs });
                const user = 1000 / (out[0] as number);
                const bucket = Math.floor(user * 2);
                const bk = buckets.get(bucket);
                if (bk === undefined || tgs > bk.pick.tgs)
                  buckets.set(bucket, { pick: { nA, gA, nF, gF, par, m, b, tgs }, user });
              }
          }
  const build = (p: Pick, label: string): PlanCandidate => {
    const config = make(p.nA, p.gA, p.nF, p.gF, p.par, p.m, p.b);
    return { config, perf: afdPerf(config, o.efficiency), label };
  };
  const labelOf = (p: Pick) =>
    p.gA === 8 && p.gF === 8 ? `${p.nA}A${p.nF}F` : `${p.nA}Ax${p.gA}+${p.nF}Fx${p.gF}`;
  if (bestPick === undefined)
    throw new RangeError(
      `no deployment of ${o.model.id} at context ${o.context} meets a ${tpot} ms TPOT on ${o.attentionHw.id}/${o.ffnHw.id}`,
    );
  const best = build(bestPick, labelOf(bestPick));
  const ranking = [...perLabel.entries()]
    .sort((x, y) => y[1].tgs - x[1].tgs)
    .slice(0, 20)
    .map(([, p]) => build(p, labelOf(p)))
    .map((c) => ({
      label: c.label,
      tokensPerSecondPerGpu: c.perf.tokensPerSecondPerGpu,
      tpotMs: c.perf.tpotMs,
      batchPerGpu: c.config.batchPerGpu,
      microBatches: c.config.microBatches,
      ffnParallel: c.config.ffnParallel,
      gpus: c.perf.gpus,
    }));
  const pts = [...buckets.values()].sort((x, y) => y.user - x.user);
  const pareto: PlanResult['pareto'][number][] = [];
  let top = -1;
  for (const p of pts)
    if (p.pick.tgs > top) {
      top = p.pick.tgs;
      pareto.push({
        label: labelOf(p.pick),
        tokensPerSecondPerGpu: p.pick.tgs,
        tokensPerSecondPerUser: p.user,
        batchPerGpu: p.pick.b,
      });
    }
  return {
    best,
    binding: bindingOf(best, batches, tpot, memA, memF, o.efficiency),
    ranking,
    pareto,
    candidates,
    evaluated,
    feasible,
    sparsity: { model: S, minimum: sMin },
  };
}

/**
 * What limits the best deployment: the first constraint a larger batch breaks (TPOT through a stage,
 * or attention memory), or, when a larger batch still fits but adds no throughput (a stage whose time
 * grows in proportion to the batch), that stage ("throughput:<stage>").
 */
function bindingOf(
  c: PlanCandidate,
  batches: readonly number[],
  tpot: number,
  memA: number,
  memF: number,
  e: Efficiency,
): Binding {
  const i = batches.indexOf(c.config.batchPerGpu);
  const next = batches[i + 1];
  if (next === undefined) return 'batch-grid';
  const p = afdPerf({ ...c.config, batchPerGpu: next }, e);
  if (p.attentionMemBytes > memA) return 'attention-memory';
  if (p.tpotMs > tpot && p.ffnMemBytes <= memF) return `tpot:${p.bottleneck}`;
  if (p.tokensPerSecondPerGpu <= c.perf.tokensPerSecondPerGpu * (1 + 1e-9))
    return `throughput:${p.bottleneck}`;
  return 'batch-grid';
}
