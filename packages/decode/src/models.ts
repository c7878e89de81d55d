/**
 * @module models
 * The nine models compared in arXiv:2507.19427 (Tables 2, 3, 6; Fig. 1), with the paper's §4.1
 * precision choices: FP8 weights and KV everywhere, except Llama 4 Maverick's 12 global NoPE layers
 * (BF16 KV) and MiniMax-M1's 10 softmax layers (BF16 KV) and lightning state (FP32, read + written).
 * Dimensions are from each model's public config.json / model card (URLs in `source`).
 */
import type { AttentionSpec, FfnSpec, ModelSpec } from './model.js';

const gqa = (qHeads: number, kvHeads: number, kvBytes: 1 | 2 = 1, window?: number): AttentionSpec =>
  window === undefined
    ? { kind: 'gqa', qHeads, kvHeads, headDim: 128, kvBytes }
    : { kind: 'gqa', qHeads, kvHeads, headDim: 128, kvBytes, window };

const mla = (qHeads: number): AttentionSpec => ({
  kind: 'mla',
  qHeads,
  qLoraRank: 1536,
  kvLoraRank: 512,
  ropeDim: 64,
  qkNopeDim: 128,
  vHeadDim: 128,
  absorbed: true,
  flopConvention: 'paper',
  kvBytes: 1,
});

const dense = (intermediate: number): FfnSpec => ({ kind: 'dense', intermediate });
const moe = (routed: number, topK: number, inter: number, shared = 0, sharedInter = inter): FfnSpec => ({
  kind: 'moe',
  routedExperts: routed,
  topK,
  expertIntermediate: inter,
  sharedExperts: shared,
  sharedIntermediate: sharedInter,
});

/** DeepSeek-V3: 61 layers (3 dense), MLA with 128 heads, 256 routed + 1 shared experts, top-8. */
export const DEEPSEEK_V3: ModelSpec = {
  id: 'deepseek-v3',
  name: 'DeepSeek-V3',
  hidden: 7168,
  vocab: 129280,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [
    { count: 3, attention: mla(128), ffn: dense(18432) },
    { count: 58, attention: mla(128), ffn: moe(256, 8, 2048, 1) },
  ],
  card: {
    totalParams: 671e9,
    activatedParams: 37e9,
    activatedConvention: 'with-head',
    source: 'https://huggingface.co/deepseek-ai/DeepSeek-V3 (671B total, 37B activated; MTP module excluded)',
  },
  source: 'https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json',
};

/** Kimi K2: DeepSeek-V3 layout with 64 heads, 1 dense layer, 384 routed + 1 shared experts. */
export const KIMI_K2: ModelSpec = {
  id: 'kimi-k2',
  name: 'Kimi K2',
  hidden: 7168,
  vocab: 163840,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [
    { count: 1, attention: mla(64), ffn: dense(18432) },
    { count: 60, attention: mla(64), ffn: moe(384, 8, 2048, 1) },
  ],
  card: {
    totalParams: 1e12,
    activatedParams: 32e9,
    activatedConvention: 'with-head',
    source: 'https://huggingface.co/moonshotai/Kimi-K2-Instruct (1T total, 32B activated)',
  },
  source: 'https://huggingface.co/moonshotai/Kimi-K2-Instruct/blob/main/config.json',
};

/** Qwen3-235B-A22B: 94 layers, GQA 64q/4kv, 128 experts top-8, no shared expert. */
export const QWEN3_235B: ModelSpec = {
  id: 'qwen3-235b-a22b',
  name: 'Qwen3-235B-A22B',
  hidden: 4096,
  vocab: 151936,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [{ count: 94, attention: gqa(64, 4), ffn: moe(128, 8, 1536) }],
  card: {
    totalParams: 235e9,
    activatedParams: 22e9,
    activatedConvention: 'with-embeddings',
    source: 'https://huggingface.co/Qwen/Qwen3-235B-A22B (235B total, 22B activated, 234B non-embedding)',
  },
  source: 'https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json',
};

/** Qwen3-32B: dense, 64 layers, GQA 64q/8kv, FFN 25600. */
export const QWEN3_32B: ModelSpec = {
  id: 'qwen3-32b',
  name: 'Qwen3-32B',
  hidden: 5120,
  vocab: 151936,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [{ count: 64, attention: gqa(64, 8), ffn: dense(25600) }],
  card: {
    totalParams: 32.8e9,
    activatedParams: 31.2e9,
    activatedConvention: 'non-embedding',
    source: 'https://huggingface.co/Qwen/Qwen3-32B (32.8B parameters, 31.2B non-embedding)',
  },
  source: 'https://huggingface.co/Qwen/Qwen3-32B/blob/main/config.json',
};

/**
 * Llama 4 Maverick: 48 layers; every 4th layer global NoPE (12, BF16 KV in the paper), the other 36
 * chunked attention with chunk 8192 (FP8 KV); MoE on every other layer (128 routed top-1 + 1 shared,
 * 8192), dense 16384 on the rest. The global layers are MoE layers (layers 3, 7, …, 47).
 */
export const LLAMA4_MAVERICK: ModelSpec = {
  id: 'llama4-maverick',
  name: 'Llama 4 Maverick',
  hidden: 5120,
  vocab: 202048,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [
    { count: 12, attention: gqa(40, 8, 2), ffn: moe(128, 1, 8192, 1) },
    { count: 12, attention: gqa(40, 8, 1, 8192), ffn: moe(128, 1, 8192, 1) },
    { count: 24, attention: gqa(40, 8, 1, 8192), ffn: dense(16384) },
  ],
  card: {
    totalParams: 400e9,
    activatedParams: 17e9,
    activatedConvention: 'with-embeddings',
    source:
      'https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E-Instruct (400B total, 17B activated)',
  },
  source: 'https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E-Instruct/blob/main/config.json',
};

/** MiniMax-M1: 80 layers, 10 softmax (GQA 64q/8kv, BF16 KV) + 70 lightning (FP32 state); 32 experts top-2. */
export const MINIMAX_M1: ModelSpec = {
  id: 'minimax-m1',
  name: 'MiniMax-M1',
  hidden: 6144,
  vocab: 200064,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [
    { count: 10, attention: gqa(64, 8, 2), ffn: moe(32, 2, 9216) },
    {
      count: 70,
      attention: {
        kind: 'linear',
        heads: 64,
        keyDim: 128,
        valueDim: 128,
        outputGate: true,
        stateBytes: 4,
        stateReadWrite: true,
      },
      ffn: moe(32, 2, 9216),
    },
  ],
  card: {
    totalParams: 456e9,
    activatedParams: 45.9e9,
    activatedConvention: 'non-embedding',
    source: 'https://huggingface.co/MiniMaxAI/MiniMax-M1-80k (456B total, 45.9B activated per token)',
  },
  source: 'https://huggingface.co/MiniMaxAI/MiniMax-M1-80k/blob/main/config.json',
};

/** ERNIE 4.5 300B-A47B: 54 layers (3 dense 28672), GQA 64q/8kv, 64 experts top-8 of 3584. */
export const ERNIE45_300B: ModelSpec = {
  id: 'ernie4.5-300b-a47b',
  name: 'ERNIE 4.5 300B-A47B',
  hidden: 8192,
  vocab: 103424,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [
    { count: 3, attention: gqa(64, 8), ffn: dense(28672) },
    { count: 51, attention: gqa(64, 8), ffn: moe(64, 8, 3584) },
  ],
  card: {
    totalParams: 300e9,
    activatedParams: 47e9,
    activatedConvention: 'with-head',
    source: 'https://huggingface.co/baidu/ERNIE-4.5-300B-A47B-PT (300B total, 47B activated)',
  },
  source: 'https://huggingface.co/baidu/ERNIE-4.5-300B-A47B-PT/blob/main/config.json',
};

/** Pangu Pro MoE: 48 layers, GQA 40q/8kv, 64 routed experts top-8 plus 4 shared, all of 1344. */
export const PANGU_PRO_MOE: ModelSpec = {
  id: 'pangu-pro-moe',
  name: 'Pangu Pro MoE',
  hidden: 5120,
  vocab: 153376,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [{ count: 48, attention: gqa(40, 8), ffn: moe(64, 8, 1344, 4) }],
  card: {
    totalParams: 72e9,
    activatedParams: 16e9,
    activatedConvention: 'with-head',
    source: 'arXiv:2505.21411 (Pangu Pro MoE: 72B total, 16B activated)',
  },
  source: 'arXiv:2505.21411 §3 (hidden 5120, 48 layers, 64 routed + 4 shared experts of 1344)',
};

/**
 * Step-3 (text model): 61 layers (layers 0–3 and 60 dense 18432; 4–59 MoE, 48 routed top-3 + 1 shared,
 * 5120); MFA: 64 query heads of dim 256 through a rank-2048 query path, one shared K and V head.
 */
export const STEP3: ModelSpec = {
  id: 'step3',
  name: 'Step-3',
  hidden: 7168,
  vocab: 128815,
  tiedEmbeddings: false,
  weightBytes: 1,
  compute: 'fp8',
  layers: [
    {
      count: 5,
      attention: { kind: 'mfa', qHeads: 64, kvHeads: 1, headDim: 256, qLoraRank: 2048, kvBytes: 1 },
      ffn: dense(18432),
    },
    {
      count: 56,
      attention: { kind: 'mfa', qHeads: 64, kvHeads: 1, headDim: 256, qLoraRank: 2048, kvBytes: 1 },
      ffn: moe(48, 3, 5120, 1),
    },
  ],
  card: {
    totalParams: 316e9,
    activatedParams: 38e9,
    activatedConvention: 'with-head',
    source: 'arXiv:2507.19427 Table 1 (316B LLM, 38B activated); https://huggingface.co/stepfun-ai/step3',
  },
  source: 'vLLM Step3TextConfig defaults; arXiv:2507.19427 §2',
};

/** The paper's nine models, in the row order of Tables 2, 3 and 6. */
export const BUILTIN_MODELS: readonly ModelSpec[] = [
  DEEPSEEK_V3,
  KIMI_K2,
  QWEN3_235B,
  QWEN3_32B,
  LLAMA4_MAVERICK,
  MINIMAX_M1,
  ERNIE45_300B,
  PANGU_PRO_MOE,
  STEP3,
];

/** Looks a built-in model up by id; undefined when unknown. */
export function findModel(id: string): ModelSpec | undefined {
  const k = id.toLowerCase();
  return BUILTIN_MODELS.find((m) => m.id === k);
}
