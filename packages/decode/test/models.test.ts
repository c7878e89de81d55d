/**
 * Model descriptions: parameter totals and activated parameters against the model cards, and the
 * Hugging Face config.json importer against the built-in models (fixtures hold the public configs'
 * fields, each citing its URL).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importHfConfig } from '../src/hf.js';
import {
  kvCacheBytesPerToken,
  moeSparsity,
  paramCounts,
  tokenCost,
  withMlaConvention,
} from '../src/model.js';
import {
  BUILTIN_MODELS,
  DEEPSEEK_V3,
  findModel,
  KIMI_K2,
  QWEN3_32B,
  QWEN3_235B,
  STEP3,
} from '../src/models.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8'));

/**
 * A card prints e.g. "37B": the count must be within 0.5% of it, or (for figures printed with two
 * significant digits, where 0.5% is finer than the card itself) round to the printed figure.
 */
function withinCard(computed: number, printed: string): boolean {
  const m = /^([\d.]+)([BT])$/.exec(printed);
  if (!m) throw new Error(`bad card figure ${printed}`);
  const unit = m[2] === 'T' ? 1e12 : 1e9;
  const value = Number(m[1]) * unit;
  const decimals = (m[1] as string).split('.')[1]?.length ?? 0;
  const halfUnit = 0.5 * 10 ** -decimals * unit;
  return Math.abs(computed - value) <= Math.max(0.005 * value, halfUnit);
}

// Card figures as printed (the URLs are in each model's `card.source`).
const CARDS: Record<string, [string, string]> = {
  'deepseek-v3': ['671B', '37B'],
  'kimi-k2': ['1T', '32B'],
  'qwen3-235b-a22b': ['235B', '22B'],
  'qwen3-32b': ['32.8B', '31.2B'],
  'llama4-maverick': ['400B', '17B'],
  'minimax-m1': ['456B', '45.9B'],
  'ernie4.5-300b-a47b': ['300B', '47B'],
  'pangu-pro-moe': ['72B', '16B'],
  step3: ['316B', '38B'],
};

describe('built-in models vs model cards', () => {
  it('has the nine models of the paper', () => {
    expect(BUILTIN_MODELS.map((m) => m.id).sort()).toEqual(Object.keys(CARDS).sort());
  });
  for (const m of BUILTIN_MODELS) {
    it(`${m.id}: total and activated parameters match the card`, () => {
      const [total, act] = CARDS[m.id] as [string, string];
      const p = paramCounts(m);
      const card = m.card;
      expect(card).toBeDefined();
      expect(withinCard(p.total, total)).toBe(true);
      expect(withinCard(p.activated[card?.activatedConvention ?? 'with-head'], act)).toBe(true);
    });
  }
  it('totals stated to three figures are within 0.5% (DSv3 671B, Step-3 316B, Qwen3 235B, MiniMax 456B)', () => {
    const rel = (m: typeof STEP3, card: number) => Math.abs(paramCounts(m).total / card - 1);
    expect(rel(DEEPSEEK_V3, 671e9)).toBeLessThan(0.005);
    expect(rel(STEP3, 316e9)).toBeLessThan(0.005);
    expect(rel(QWEN3_235B, 235e9)).toBeLessThan(0.005);
    expect(rel(QWEN3_32B, 32.8e9)).toBeLessThan(0.005);
    expect(Math.abs(paramCounts(findModel('minimax-m1') ?? STEP3).total / 456e9 - 1)).toBeLessThan(0.005);
  });
  it('Step-3 parameter accounting as derived in the research notes (10.33B attention, 304.1B FFN)', () => {
    const p = paramCounts(STEP3);
    expect(p.attention / 1e9).toBeCloseTo(10.33, 2);
    expect(p.ffnTotal / 1e9).toBeCloseTo(304.1, 1);
  });
  it('MoE sparsity of Step-3 is (3+1)/(48+1) = 0.0816 (§5.4 "around 0.08")', () => {
    expect(moeSparsity(STEP3)).toBeCloseTo(4 / 49, 12);
    expect(moeSparsity(QWEN3_32B)).toBe(1);
  });
  it('KV per token: Step-3 31,232 B, DSv3 35,136 B, Qwen3-235B 96,256 B (FP8, §5.1)', () => {
    expect(kvCacheBytesPerToken(STEP3)).toBe(31232);
    expect(kvCacheBytesPerToken(DEEPSEEK_V3)).toBe(35136);
    expect(kvCacheBytesPerToken(QWEN3_235B)).toBe(96256);
  });
  it('MLA "exact" convention is 2·n·(576+512) per context token: 5.6% below the paper count', () => {
    const paper = tokenCost(DEEPSEEK_V3, 8192).attentionFlops;
    const exact = tokenCost(withMlaConvention(DEEPSEEK_V3, 'exact'), 8192).attentionFlops;
    expect(exact / paper).toBeCloseTo(1088 / 1152, 12);
    const nonAbsorbed = tokenCost(withMlaConvention(DEEPSEEK_V3, 'exact', false), 8192).attentionFlops;
    expect(nonAbsorbed).toBeGreaterThan(paper);
  });
  it('rejects a non-positive context', () => {
    expect(() => tokenCost(STEP3, 0)).toThrow(RangeError);
    expect(() => tokenCost(STEP3, -5)).toThrow(RangeError);
  });
});

describe('Hugging Face config.json importer', () => {
  const same = [
    ['qwen3-32b.config.json', QWEN3_32B],
    ['qwen3-235b-a22b.config.json', QWEN3_235B],
    ['deepseek-v3.config.json', DEEPSEEK_V3],
    ['kimi-k2.config.json', KIMI_K2],
    ['step3.config.json', STEP3],
  ] as const;
  for (const [file, builtin] of same) {
    it(`${file} reproduces the built-in ${builtin.id} (parameters and per-token costs)`, () => {
      const m = importHfConfig(fixture(file));
      expect(paramCounts(m).total).toBe(paramCounts(builtin).total);
      expect(paramCounts(m).activated).toEqual(paramCounts(builtin).activated);
      for (const ctx of [4096, 8192, 32768]) expect(tokenCost(m, ctx)).toEqual(tokenCost(builtin, ctx));
    });
  }
  it('llama (Llama-3.1-8B): 8.03B parameters, dense GQA (HF safetensors count 8.03B)', () => {
    const m = importHfConfig(fixture('llama-3.1-8b.config.json'));
    expect(Math.abs(paramCounts(m).total / 8.03e9 - 1)).toBeLessThan(0.005);
    expect(m.layers).toHaveLength(1);
    expect(m.layers[0]?.attention.kind).toBe('gqa');
    // 2 · 8 kv heads · 128 · 1 B · 32 layers = 65,536 B per token.
    expect(kvCacheBytesPerToken(m)).toBe(65536);
  });
  it('honours precision options (BF16 KV doubles KV bytes)', () => {
    const m = importHfConfig(fixture('qwen3-32b.config.json'), { kvBytes: 2 });
    expect(tokenCost(m, 8192).kvBytes).toBe(2 * tokenCost(QWEN3_32B, 8192).kvBytes);
  });
  it('names the problem for unsupported or incomplete configs', () => {
    expect(() => importHfConfig(fixture('unsupported.config.json'))).toThrow(/model_type 'gpt2'/);
    expect(() => importHfConfig({ model_type: 'llama', hidden_size: 4096 })).toThrow(/num_hidden_layers/);
    expect(() => importHfConfig([1, 2])).toThrow(/not a JSON object/);
    expect(() => importHfConfig({ model_type: 'qwen3', hidden_size: -1 })).toThrow(/positive integer/);
  });
});
