/**
 * AFD planner and simulator. Known answers: the paper's deployments (arXiv:2507.19427 Table 8 and
 * §7.3: 2A2F at 4K, 4A2F at 8K, 16A2F at 32K, 3 micro-batches) must be the best or within 2% of the
 * best; the compiled evaluator must equal the reference stage model; the discrete-event simulator
 * must equal the closed form for a balanced pipeline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deploymentEfficiency,
  fitAttention,
  mape,
  predictSamples,
  TABLE9,
  table9Efficiency,
} from '../src/calibration.js';
import { findHardware, type Hardware } from '../src/hardware.js';
import { DEEPSEEK_V3, QWEN3_235B, STEP3 } from '../src/models.js';
import { type AfdConfig, afdPerf, compilePerf, PAPER_EFFICIENCY } from '../src/perf.js';
import { planAfd } from '../src/planner.js';
import { dsv3ProfileConfig, runPipeline, simulateAfd, simulateEp } from '../src/simulate.js';

const h800 = findHardware('h800') as Hardware;

describe('planner recovers the paper deployments (Table 8, §7.3; 3-stage pipeline, §3.1)', () => {
  const e = deploymentEfficiency();
  const cases: [number, string][] = [
    [4096, '2A2F'],
    [8192, '4A2F'],
    [32768, '16A2F'],
  ];
  for (const [ctx, label] of cases) {
    it(`${label} at ${ctx / 1024}K is the best or within 2% of the best`, () => {
      const r = planAfd({
        model: STEP3,
        context: ctx,
        attentionHw: h800,
        ffnHw: h800,
        efficiency: e,
        microBatches: [3],
      });
      const paper = r.ranking.find((x) => x.label === label);
      expect(paper).toBeDefined();
      expect((paper?.tokensPerSecondPerGpu ?? 0) / r.best.perf.tokensPerSecondPerGpu).toBeGreaterThanOrEqual(
        0.98,
      );
      expect(r.best.perf.tpotMs).toBeLessThanOrEqual(50);
      expect(r.candidates).toBeGreaterThan(1e5);
    });
  }
  it('the scaling rule 4039 × 4 / (2 + 2·ctx/4K) gives 898 at 32K (§7.3): planner 16A2F within 1%', () => {
    const r = planAfd({
      model: STEP3,
      context: 32768,
      attentionHw: h800,
      ffnHw: h800,
      efficiency: e,
      microBatches: [3],
    });
    const x = r.ranking.find((y) => y.label === '16A2F');
    expect(Math.abs((x?.tokensPerSecondPerGpu ?? 0) / 898 - 1)).toBeLessThan(0.01);
  });
  it('reports a Pareto front that is non-dominated, and a binding constraint', () => {
    const r = planAfd({
      model: STEP3,
      context: 8192,
      attentionHw: h800,
      ffnHw: h800,
      efficiency: e,
      microBatches: [3],
    });
    for (let i = 1; i < r.pareto.length; i++) {
      const a = r.pareto[i - 1];
      const b = r.pareto[i];
      expect(b?.tokensPerSecondPerUser ?? 0).toBeLessThan(a?.tokensPerSecondPerUser ?? 0);
      expect(b?.tokensPerSecondPerGpu ?? 0).toBeGreaterThan(a?.tokensPerSecondPerGpu ?? 0);
    }
    expect(r.binding).toMatch(/^(tpot:|throughput:|attention-memory|batch-grid)/);
  });
  it('over-sparse DSv3 on H800 (S = 0.035 < 0.058) is only planned with large EP (§5.5)', () => {
    const r = planAfd({
      model: DEEPSEEK_V3,
      context: 4096,
      attentionHw: h800,
      ffnHw: h800,
      efficiency: e,
      microBatches: [3],
      maxFfnInstances: 16,
    });
    expect(r.best.config.ffnParallel).toBe('ep');
    // More EP servers than activated experts (top-8).
    expect(r.best.config.ffnInstances).toBeGreaterThan(8);
    expect(r.sparsity.model).toBeLessThan(r.sparsity.minimum);
  });
  it('throws when nothing meets the SLA', () => {
    expect(() =>
      planAfd({ model: STEP3, context: 4096, attentionHw: h800, ffnHw: h800, efficiency: e, tpotMs: 0.5 }),
    ).toThrow(RangeError);
  });
});

describe('compiled evaluator equals the stage model', () => {
  it('for random deployments (property)', () => {
    const out = new Float64Array(4);
    const models = [STEP3, DEEPSEEK_V3, QWEN3_235B];
    const hws = ['h800', 'h20', 'a800', '910b'].map((h) => findHardware(h) as Hardware);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(4, 8),
        fc.constantFrom<'hybrid' | 'ep' | 'tp'>('hybrid', 'ep', 'tp'),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 256, max: 65536 }),
        fc.boolean(),
        (mi, ai, fi, nA, nF, g, par, m, b, ctx, calibrated) => {
          const model = models[mi] ?? STEP3;
          const e = calibrated ? table9Efficiency() : PAPER_EFFICIENCY;
          const cfg: AfdConfig = {
            model,
            context: ctx,
            attentionHw: hws[ai] as Hardware,
            ffnHw: hws[fi] as Hardware,
            attentionInstances: nA,
            attentionGpus: g,
            ffnInstances: nF,
            ffnGpus: g,
            ffnParallel: par,
            microBatches: m,
            batchPerGpu: b,
          };
          const ref = afdPerf(cfg, e);
          compilePerf(model, ctx, cfg.attentionHw, cfg.ffnHw, e)(nA, g, nF, g, par === 'ep', m, b, out);
          expect(out[0]).toBeCloseTo(ref.tpotMs, 9);
          expect((out[1] as number) / ref.tokensPerSecondPerGpu).toBeCloseTo(1, 12);
          expect(out[2]).toBeCloseTo(ref.attentionMemBytes, 0);
          expect(out[3]).toBeCloseTo(ref.ffnMemBytes, 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('discrete-event simulator', () => {
  it('lies between the busiest resource’s work per step and the per-layer closed form; equal when balanced', () => {
    for (const e of [PAPER_EFFICIENCY, table9Efficiency()]) {
      for (const [nA, b] of [
        [2, 128],
        [1, 40],
        [4, 64],
      ] as const) {
        const cfg: AfdConfig = {
          model: STEP3,
          context: 4096,
          attentionHw: h800,
          ffnHw: h800,
          attentionInstances: nA,
          attentionGpus: 8,
          ffnInstances: 2,
          ffnGpus: 8,
          ffnParallel: 'hybrid',
          microBatches: 3,
          batchPerGpu: b,
        };
        const sim = simulateAfd(cfg, e).tpotMs;
        const perf = afdPerf(cfg, e);
        // Each resource must do its m operations of every layer once per step.
        const busy = [0, 0, 0, 0];
        for (const g of perf.groups) {
          const s = g.stages;
          [s.attentionUs, s.a2fUs, s.ffnUs, s.f2aUs].forEach((t, i) => {
            busy[i] = (busy[i] as number) + (g.count * 3 * t) / 1000;
          });
        }
        const lower = Math.max(...busy);
        expect(sim).toBeGreaterThanOrEqual(lower - 1e-9);
        expect(sim).toBeLessThanOrEqual(perf.tpotMs + 1e-9);
        if (nA === 2) expect(sim).toBeCloseTo(perf.tpotMs, 6);
      }
    }
  });
  it('a single micro-batch chain takes the sum of its ops; FIFO resources serialise', () => {
    const layer = [
      { resource: 0, durationUs: 10 },
      { resource: 1, durationUs: 5 },
    ];
    expect(runPipeline([layer, layer], 1, 2, 4).stepUs).toBeCloseTo(30, 9);
    // Two micro-batches on a compute-bound resource: 2 × 10 per layer.
    expect(runPipeline([layer, layer], 2, 2, 6).stepUs).toBeCloseTo(40, 9);
  });
  it('paper and calibrated modes stay apart: calibrated is slower, the paper mode has every factor 1', () => {
    const cfg = dsv3ProfileConfig(DEEPSEEK_V3);
    const p = simulateEp(cfg, PAPER_EFFICIENCY);
    const c = simulateEp(cfg, table9Efficiency());
    expect(p.mode).toBe('paper');
    expect(c.mode).toBe('calibrated');
    expect(c.tpotMs).toBeGreaterThan(p.tpotMs);
  });
});

describe('calibration on Table 9 (one factor per kernel family and GPU)', () => {
  it('fits all 16 printed cells with a mean error below 12%', () => {
    const e = table9Efficiency();
    const rows = predictSamples(TABLE9, e);
    expect(rows).toHaveLength(16);
    expect(mape(rows)).toBeLessThan(12);
  });
  it('leave-one-context-out error stays below 15%', () => {
    const errs: number[] = [];
    for (const ctx of [8192, 32768]) {
      const train = TABLE9.filter((s) => s.context !== ctx);
      const test = TABLE9.filter((s) => s.context === ctx);
      const eta = fitAttention(train);
      const e = { ...table9Efficiency(), attention: eta };
      for (const r of predictSamples(test, e)) errs.push(Math.abs(r.errorPct));
    }
    expect(errs.reduce((a, b) => a + b, 0) / errs.length).toBeLessThan(15);
  });
});

describe('simulator targets (reported, not tuned): calibrated mode uses no Table 8 number', () => {
  it('2A2F at 4K in calibrated mode lands within ±5% of 4,039 tokens/s/GPU (Table 8)', () => {
    const cfg: AfdConfig = {
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
      batchPerGpu: 128,
    };
    const e = table9Efficiency();
    expect(Object.keys(e.attention).every((k) => /@(h800|h20|a800)$/.test(k))).toBe(true);
    expect(Math.abs(simulateAfd(cfg, e).tokensPerSecondPerGpu / 4039 - 1)).toBeLessThan(0.05);
  });
});
