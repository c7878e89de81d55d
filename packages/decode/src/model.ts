/**
 * @module model
 * Model descriptions for decode cost accounting (arXiv:2507.19427 §4.1, §5.1): attention variants
 * (MHA/GQA/MQA, MFA, MLA absorbed or not, chunked/sliding windows, linear-attention state), dense and
 * MoE FFNs, per-tensor precisions; parameter counts and per-decoded-token KV bytes and FLOPs.
 *
 * Per-layer formulas (c = attended context, b = bytes per cached element):
 * - softmax attention with n_q query heads, n_kv cached heads of dim d: KV bytes 2·n_kv·d·b·c, core
 *   FLOPs 4·n_q·d·c (QK and AV, 2 FLOPs per MAC) — §5.1 and Table 2;
 * - MLA: KV bytes (d_c + d_r)·b·c; the paper counts core FLOPs as 4·n_q·(d_c + d_r)·c ("paper"
 *   convention: 576 on both products); "exact" absorbed counts 2·n_q·(d_c + d_r + d_c)·c;
 * - linear (lightning) attention: a per-head d_k×d_v state, read and written per token (the paper's
 *   MiniMax-M1 count, FP32), compute 10·h·d_k·d_v per token;
 * - linear FLOPs = 2 × projection parameters; FFN FLOPs = 2 × activated FFN parameters (router and
 *   embeddings omitted, §4.1).
 */

/** Bytes per element of a stored tensor (FP8/INT8 = 1, BF16 = 2, FP32 = 4). */
export type ElemBytes = 1 | 2 | 4;

/** Softmax attention with grouped KV heads: MHA (n_kv = n_q), GQA, MQA (n_kv = 1), MFA (§2). */
export interface SoftmaxAttention {
  readonly kind: 'mha' | 'gqa' | 'mqa' | 'mfa';
  readonly qHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Low-rank query path hidden → r → heads (Step-3 MFA uses 2048); absent = full-rank q. */
  readonly qLoraRank?: number;
  /** Chunked or sliding window: attended tokens = min(context, window). */
  readonly window?: number;
  /** Extra gate projection hidden → n_q·d (MiniMax-style output gate). */
  readonly outputGate?: boolean;
  readonly kvBytes: ElemBytes;
}

/** Multi-head latent attention (DeepSeek-V3, Kimi K2). */
export interface MlaAttention {
  readonly kind: 'mla';
  readonly qHeads: number;
  readonly qLoraRank: number;
  readonly kvLoraRank: number;
  readonly ropeDim: number;
  readonly qkNopeDim: number;
  readonly vHeadDim: number;
  /** Absorbed (decode kernels such as FlashMLA attend in the latent space) or not. */
  readonly absorbed: boolean;
  /** 'paper': 4·n_q·(d_c+d_r)·c as in Table 2; 'exact': the absorbed/non-absorbed MAC count. */
  readonly flopConvention: 'paper' | 'exact';
  readonly kvBytes: ElemBytes;
}

/** Linear ("lightning") attention with a fixed-size state per head. */
export interface LinearAttention {
  readonly kind: 'linear';
  readonly heads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  /** Output gate projection (MiniMax-M1 has one). */
  readonly outputGate: boolean;
  readonly stateBytes: ElemBytes;
  /** Count the state as read and written per token (the paper's MiniMax-M1 convention). */
  readonly stateReadWrite: boolean;
}

/** Any attention variant. */
export type AttentionSpec = SoftmaxAttention | MlaAttention | LinearAttention;

/** Dense SwiGLU FFN (3 matrices). */
export interface DenseFfn {
  readonly kind: 'dense';
  readonly intermediate: number;
}

/** MoE FFN: routed SwiGLU experts, top-k, plus shared experts. */
export interface MoeFfn {
  readonly kind: 'moe';
  readonly routedExperts: number;
  readonly topK: number;
  readonly expertIntermediate: number;
  readonly sharedExperts: number;
  readonly sharedIntermediate: number;
}

/** Any FFN variant. */
export type FfnSpec = DenseFfn | MoeFfn;

/** `count` consecutive-or-not layers that share one attention and one FFN description. */
export interface LayerGroup {
  readonly count: number;
  readonly attention: AttentionSpec;
  readonly ffn: FfnSpec;
}

/** How a model card counts its "activated" parameters. */
export type ActivatedConvention = 'non-embedding' | 'with-head' | 'with-embeddings';

/** What the model card says, with its source, for tests and reports. */
export interface ModelCard {
  readonly totalParams: number;
  readonly activatedParams: number;
  readonly activatedConvention: ActivatedConvention;
  readonly source: string;
}

/** A full model description. */
export interface ModelSpec {
  readonly id: string;
  readonly name: string;
  readonly hidden: number;
  readonly vocab: number;
  readonly tiedEmbeddings: boolean;
  readonly layers: readonly LayerGroup[];
  /** Bytes per weight element (FP8 = 1, the paper's default, §4.1). */
  readonly weightBytes: ElemBytes;
  /** Compute precision of GEMMs: FP8 uses the FP8 peak where the hardware has one (Table 5). */
  readonly compute: 'fp8' | 'bf16';
  readonly card?: ModelCard;
  readonly source?: string;
}

/** Projection (non-core) parameters of one attention layer. */
export function attentionParams(a: AttentionSpec, hidden: number): number {
  switch (a.kind) {
    case 'mla': {
      const qk = a.qkNopeDim + a.ropeDim;
      const q = hidden * a.qLoraRank + a.qLoraRank * a.qHeads * qk;
      const kvA = hidden * (a.kvLoraRank + a.ropeDim);
      const kvB = a.kvLoraRank * a.qHeads * (a.qkNopeDim + a.vHeadDim);
      const o = a.qHeads * a.vHeadDim * hidden;
      return q + kvA + kvB + o;
    }
    case 'linear': {
      const inner = a.heads * a.keyDim;
      const vInner = a.heads * a.valueDim;
      return hidden * (2 * inner + vInner) + vInner * hidden + (a.outputGate ? hidden * vInner : 0);
    }
    default: {
      const qOut = a.qHeads * a.headDim;
      const q = a.qLoraRank === undefined ? hidden * qOut : hidden * a.qLoraRank + a.qLoraRank * qOut;
      const kv = 2 * hidden * a.kvHeads * a.headDim;
      const o = qOut * hidden;
      return q + kv + o + (a.outputGate ? hidden * qOut : 0);
    }
  }
}

/** Total and activated parameters of one FFN layer (router excluded). */
export function ffnParams(f: FfnSpec, hidden: number): { total: number; activated: number } {
  if (f.kind === 'dense') {
    const p = 3 * hidden * f.intermediate;
    return { total: p, activated: p };
  }
  const e = 3 * hidden * f.expertIntermediate;
  const s = f.sharedExperts * 3 * hidden * f.sharedIntermediate;
  return { total: f.routedExperts * e + s, activated: f.topK * e + s };
}

/** Router parameters of one FFN layer (hidden × experts; 0 for dense). */
export function routerParams(f: FfnSpec, hidden: number): number {
  return f.kind === 'moe' ? hidden * f.routedExperts : 0;
}

/** Parameter counts of a model, with the activated count under each card convention. */
export interface ParamCounts {
  readonly total: number;
  readonly attention: number;
  readonly ffnTotal: number;
  readonly ffnActivated: number;
  readonly router: number;
  readonly embedding: number;
  readonly head: number;
  readonly activated: Readonly<Record<ActivatedConvention, number>>;
}

/** Counts parameters (norms and biases omitted: < 0.01%). */
export function paramCounts(m: ModelSpec): ParamCounts {
  let attention = 0;
  let ffnTotal = 0;
  let ffnActivated = 0;
  let router = 0;
  for (const g of m.layers) {
    attention += g.count * attentionParams(g.attention, m.hidden);
    const f = ffnParams(g.ffn, m.hidden);
    ffnTotal += g.count * f.total;
    ffnActivated += g.count * f.activated;
    router += g.count * routerParams(g.ffn, m.hidden);
  }
  const embedding = m.vocab * m.hidden;
  const head = m.tiedEmbeddings ? 0 : m.vocab * m.hidden;
  const nonEmb = attention + ffnActivated + router;
  return {
    total: attention + ffnTotal + router + embedding + head,
    attention,
    ffnTotal,
    ffnActivated,
    router,
    embedding,
    head,
    activated: {
      'non-embedding': nonEmb,
      'with-head': nonEmb + m.vocab * m.hidden,
      'with-embeddings': nonEmb + embedding + m.vocab * m.hidden,
    },
  };
}

/** Number of layers. */
export function layerCount(m: ModelSpec): number {
  let n = 0;
  for (const g of m.layers) n += g.count;
  return n;
}

/** Per-layer decode quantities for one token at context `ctx`. */
export interface LayerTokenCost {
  /** KV (or state) bytes read per decoded token. */
  readonly kvBytes: number;
  /** Core attention FLOPs (QK, softmax-free AV / state update). */
  readonly attentionFlops: number;
  /** Projection FLOPs (2 × projection parameters). */
  readonly linearFlops: number;
  /** FFN FLOPs (2 × activated FFN parameters). */
  readonly ffnFlops: number;
}

/** Decode cost of one layer of attention `a` per token at context `ctx`. */
export function attentionTokenCost(
  a: AttentionSpec,
  hidden: number,
  ctx: number,
): { kvBytes: number; attentionFlops: number; linearFlops: number } {
  const linearFlops = 2 * attentionParams(a, hidden);
  switch (a.kind) {
    case 'mla': {
      const latent = a.kvLoraRank + a.ropeDim;
      let flops: number;
      if (a.flopConvention === 'paper') flops = 4 * a.qHeads * latent * ctx;
      else if (a.absorbed) flops = 2 * a.qHeads * (latent + a.kvLoraRank) * ctx;
      else
        flops =
          2 * a.qHeads * (a.qkNopeDim + a.ropeDim + a.vHeadDim) * ctx +
          2 * a.kvLoraRank * a.qHeads * (a.qkNopeDim + a.vHeadDim) * ctx;
      return { kvBytes: latent * a.kvBytes * ctx, attentionFlops: flops, linearFlops };
    }
    case 'linear': {
      const state = a.heads * a.keyDim * a.valueDim;
      return {
        kvBytes: state * a.stateBytes * (a.stateReadWrite ? 2 : 1),
        attentionFlops: 10 * state,
        linearFlops,
      };
    }
    default: {
      const c = a.window === undefined ? ctx : Math.min(ctx, a.window);
      return {
        kvBytes: 2 * a.kvHeads * a.headDim * a.kvBytes * c,
        attentionFlops: 4 * a.qHeads * a.headDim * c,
        linearFlops,
      };
    }
  }
}

/** Whole-model decode quantities per token at context `ctx` (sums over layers; Table 2/3). */
export function tokenCost(m: ModelSpec, ctx: number): LayerTokenCost {
  if (!(ctx > 0) || !Number.isFinite(ctx))
    throw new RangeError(`context must be a positive number, got ${ctx}`);
  let kvBytes = 0;
  let attentionFlops = 0;
  let linearFlops = 0;
  let ffnFlops = 0;
  for (const g of m.layers) {
    const a = attentionTokenCost(g.attention, m.hidden, ctx);
    kvBytes += g.count * a.kvBytes;
    attentionFlops += g.count * a.attentionFlops;
    linearFlops += g.count * a.linearFlops;
    ffnFlops += g.count * 2 * ffnParams(g.ffn, m.hidden).activated;
  }
  return { kvBytes, attentionFlops, linearFlops, ffnFlops };
}

/** KV bytes stored per token (cache size per token, all layers); linear state excluded (fixed). */
export function kvCacheBytesPerToken(m: ModelSpec): number {
  let b = 0;
  for (const g of m.layers) {
    const a = g.attention;
    if (a.kind === 'mla') b += g.count * (a.kvLoraRank + a.ropeDim) * a.kvBytes;
    else if (a.kind !== 'linear') b += g.count * 2 * a.kvHeads * a.headDim * a.kvBytes;
  }
  return b;
}

/** MoE sparsity S = (top-k + shared) / (routed + shared) over MoE layers (§5.3); 1 for dense models. */
export function moeSparsity(m: ModelSpec): number {
  for (const g of m.layers) {
    const f = g.ffn;
    if (f.kind === 'moe') return (f.topK + f.sharedExperts) / (f.routedExperts + f.sharedExperts);
  }
  return 1;
}

/** Returns a copy of `m` with every MLA layer's FLOP convention and absorption set. */
export function withMlaConvention(
  m: ModelSpec,
  flopConvention: 'paper' | 'exact',
  absorbed = true,
): ModelSpec {
  return {
    ...m,
    layers: m.layers.map((g) =>
      g.attention.kind === 'mla' ? { ...g, attention: { ...g.attention, flopConvention, absorbed } } : g,
    ),
  };
}
