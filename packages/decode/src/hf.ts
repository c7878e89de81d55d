/**
 * @module hf
 * Imports a Hugging Face `config.json` into a {@link ModelSpec} for the families llama (dense GQA),
 * qwen3, qwen3_moe, deepseek_v3 / kimi_k2 (MLA + MoE) and step3 (MFA + MoE; `step3_vl` with a
 * `text_config`, or `step3_text`). Precisions default to the paper's §4.1 convention (FP8 weights and
 * KV); field names are those of the public configs and of vLLM/transformers config classes.
 */
import type { AttentionSpec, ElemBytes, FfnSpec, LayerGroup, ModelSpec } from './model.js';

/** Precision and identity options of an import. */
export interface ImportOptions {
  readonly id?: string;
  readonly weightBytes?: ElemBytes;
  readonly kvBytes?: ElemBytes;
  readonly compute?: 'fp8' | 'bf16';
}

type Json = Record<string, unknown>;

/** Thrown (as RangeError, exit 2 in the CLI) when a config cannot be read. */
function bad(msg: string): never {
  throw new RangeError(`config.json: ${msg}`);
}

function num(c: Json, key: string, fallback?: number): number {
  const v = c[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (fallback !== undefined) return fallback;
  return bad(`missing or non-numeric field '${key}'`);
}

function positive(c: Json, key: string, fallback?: number): number {
  const v = num(c, key, fallback);
  if (!(v > 0) || !Number.isInteger(v)) bad(`field '${key}' must be a positive integer, got ${v}`);
  return v;
}

/** Groups per-layer (attention, ffn) pairs into runs of equal descriptions. */
function group(per: readonly { attention: AttentionSpec; ffn: FfnSpec }[]): LayerGroup[] {
  const out: { count: number; attention: AttentionSpec; ffn: FfnSpec; key: string }[] = [];
  for (const l of per) {
    const key = JSON.stringify([l.attention, l.ffn]);
    const g = out.find((x) => x.key === key);
    if (g) g.count++;
    else out.push({ count: 1, attention: l.attention, ffn: l.ffn, key });
  }
  return out.map(({ count, attention, ffn }) => ({ count, attention, ffn }));
}

/** Parses a list of layer indices given as an array or a comma-separated string ("4,5,6"). */
function indexList(v: unknown): number[] | undefined {
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === 'number');
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => Number(s.trim()))
      .filter(Number.isInteger);
  return undefined;
}

/**
 * Builds a model from a parsed config.json object.
 * @throws RangeError naming the field when the config is not one of the supported families
 */
export function importHfConfig(config: unknown, o: ImportOptions = {}): ModelSpec {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) bad('not a JSON object');
  let c = config as Json;
  let type = String(c.model_type ?? '');
  if (type === 'step3_vl' || (type === '' && typeof c.text_config === 'object')) {
    if (typeof c.text_config !== 'object' || c.text_config === null)
      bad("step3_vl config without 'text_config'");
    c = c.text_config as Json;
    type = String(c.model_type ?? 'step3_text');
  }
  const SUPPORTED = [
    'llama',
    'mistral',
    'qwen2',
    'qwen3',
    'qwen3_moe',
    'deepseek_v3',
    'kimi_k2',
    'step3_text',
    'step3',
  ];
  if (!SUPPORTED.includes(type))
    bad(`model_type '${type}' is not supported; use llama, qwen3, qwen3_moe, deepseek_v3, kimi_k2 or step3`);
  const kvBytes = o.kvBytes ?? 1;
  const hidden = positive(c, 'hidden_size');
  const layers = positive(c, 'num_hidden_layers');
  const vocab = positive(c, 'vocab_size');
  const tied = c.tie_word_embeddings === true;
  const per: { attention: AttentionSpec; ffn: FfnSpec }[] = [];
  switch (type) {
    case 'llama':
    case 'mistral':
    case 'qwen2':
    case 'qwen3':
    case 'qwen3_moe': {
      const qHeads = positive(c, 'num_attention_heads');
      const kvHeads = positive(c, 'num_key_value_heads', qHeads);
      const headDim = positive(c, 'head_dim', hidden / qHeads);
      const attention: AttentionSpec = {
        kind: kvHeads === qHeads ? 'mha' : kvHeads === 1 ? 'mqa' : 'gqa',
        qHeads,
        kvHeads,
        headDim,
        kvBytes,
      };
      const dense: FfnSpec = { kind: 'dense', intermediate: positive(c, 'intermediate_size') };
      let moe: FfnSpec | undefined;
      let step = 1;
      let mlpOnly: number[] = [];
      if (type === 'qwen3_moe') {
        const inter = positive(c, 'moe_intermediate_size');
        moe = {
          kind: 'moe',
          routedExperts: positive(c, 'num_experts'),
          topK: positive(c, 'num_experts_per_tok'),
          expertIntermediate: inter,
          sharedExperts: 0,
          sharedIntermediate: inter,
        };
        step = positive(c, 'decoder_sparse_step', 1);
        mlpOnly = indexList(c.mlp_only_layers) ?? [];
      }
      for (let i = 0; i < layers; i++) {
        const isMoe = moe !== undefined && !mlpOnly.includes(i) && (i + 1) % step === 0;
        per.push({ attention, ffn: isMoe && moe ? moe : dense });
      }
      break;
    }
    case 'deepseek_v3':
    case 'kimi_k2': {
      const qHeads = positive(c, 'num_attention_heads');
      const attention: AttentionSpec = {
        kind: 'mla',
        qHeads,
        qLoraRank: positive(c, 'q_lora_rank'),
        kvLoraRank: positive(c, 'kv_lora_rank'),
        ropeDim: positive(c, 'qk_rope_head_dim'),
        qkNopeDim: positive(c, 'qk_nope_head_dim'),
        vHeadDim: positive(c, 'v_head_dim'),
        absorbed: true,
        flopConvention: 'paper',
        kvBytes,
      };
      const inter = positive(c, 'moe_intermediate_size');
      const shared = num(c, 'n_shared_experts', 0);
      const moe: FfnSpec = {
        kind: 'moe',
        routedExperts: positive(c, 'n_routed_experts'),
        topK: positive(c, 'num_experts_per_tok'),
        expertIntermediate: inter,
        sharedExperts: shared,
        sharedIntermediate: inter,
      };
      const dense: FfnSpec = { kind: 'dense', intermediate: positive(c, 'intermediate_size') };
      const firstDense = num(c, 'first_k_dense_replace', 0);
      const freq = positive(c, 'moe_layer_freq', 1);
      for (let i = 0; i < layers; i++)
        per.push({ attention, ffn: i >= firstDense && i % freq === 0 ? moe : dense });
      break;
    }
    case 'step3_text':
    case 'step3': {
      const qHeads = positive(c, 'num_attention_heads');
      const attention: AttentionSpec = {
        kind: 'mfa',
        qHeads,
        kvHeads: positive(c, 'num_attention_groups', 1),
        headDim: positive(c, 'head_dim', 256),
        qLoraRank: positive(c, 'share_q_dim'),
        kvBytes,
      };
      const inter = positive(c, 'moe_intermediate_size');
      const moe: FfnSpec = {
        kind: 'moe',
        routedExperts: positive(c, 'moe_num_experts'),
        topK: positive(c, 'moe_top_k'),
        expertIntermediate: inter,
        sharedExperts: c.share_expert_dim === undefined ? 0 : 1,
        sharedIntermediate: positive(c, 'share_expert_dim', inter),
      };
      const dense: FfnSpec = { kind: 'dense', intermediate: positive(c, 'intermediate_size') };
      const moeLayers = indexList(c.moe_layers_enum);
      for (let i = 0; i < layers; i++) {
        // vLLM's default: layers 4 … L−2 are MoE when moe_layers_enum is absent.
        const isMoe = moeLayers === undefined ? i >= 4 && i < layers - 1 : moeLayers.includes(i);
        per.push({ attention, ffn: isMoe ? moe : dense });
      }
      break;
    }
    default:
      bad(
        `model_type '${type}' is not supported; use llama, qwen3, qwen3_moe, deepseek_v3, kimi_k2 or step3`,
      );
  }
  const id = o.id ?? String((config as Json)._name_or_path ?? type);
  return {
    id,
    name: id,
    hidden,
    vocab,
    tiedEmbeddings: tied,
    layers: group(per),
    weightBytes: o.weightBytes ?? 1,
    compute: o.compute ?? 'fp8',
    source: `Hugging Face config.json (model_type ${type})`,
  };
}
