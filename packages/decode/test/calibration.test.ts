/**
 * H200 calibration: the committed measurement (calibration/h200-2026-11-29.json, written by
 * tools/measure_h200.py on an NVIDIA H200) against the model's predictions with fitted factors.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ffnComputeEta,
  fitAttention3,
  fitFfn,
  type GpuMeasurement,
  HOPPER_FFN_COMPUTE_ETA,
  HOPPER_FP8_FFN,
  mape,
  predictSamples,
  samplesOf,
  table9Efficiency,
} from '../src/calibration.js';
import { findHardware, type Hardware } from '../src/hardware.js';

const here = dirname(fileURLToPath(import.meta.url));
const doc = JSON.parse(
  readFileSync(join(here, '..', 'calibration', 'h200-2026-11-29.json'), 'utf8'),
) as GpuMeasurement;
const h200 = findHardware('h200') as Hardware;

describe('H200 measurement', () => {
  it('is a full run on an H200 with a date', () => {
    expect(doc.gpu).toMatch(/H200/);
    expect(Number.isNaN(Date.parse(doc.date))).toBe(false);
    expect(doc.attention).toHaveLength(27);
    expect(doc.ffn.length).toBeGreaterThanOrEqual(32);
  });
  it('per-layer attention: predicted within 15% of measured for every case (≤ 3 factors per family)', () => {
    const samples = samplesOf(doc);
    const e = { ...table9Efficiency(), ...fitAttention3(samples) };
    const rows = predictSamples(samples, e);
    for (const r of rows) expect(Math.abs(r.errorPct)).toBeLessThan(15);
    expect(mape(rows)).toBeLessThan(5);
  });
  it('leave-one-context-out: mean error below 10%, each case below 15%', () => {
    const samples = samplesOf(doc);
    for (const ctx of [4096, 8192, 32768]) {
      const fit = fitAttention3(samples.filter((s) => s.context !== ctx));
      const rows = predictSamples(
        samples.filter((s) => s.context === ctx),
        { ...table9Efficiency(), ...fit },
      );
      expect(mape(rows)).toBeLessThan(10);
      for (const r of rows) expect(Math.abs(r.errorPct)).toBeLessThan(15);
    }
  });
  it('the FFN compute factor used for Hopper is the measured FP8 expert-GEMM median (0.50)', () => {
    expect(ffnComputeEta(doc, h200, 'fp8')).toBeCloseTo(HOPPER_FFN_COMPUTE_ETA, 2);
  });
  it('the FP8 expert roofline used for Hopper FFNs is the fit on the committed measurement', () => {
    const f = fitFfn(doc, h200).fits.fp8;
    expect(f?.computeEta).toBeCloseTo(HOPPER_FP8_FFN.computeEta, 2);
    expect(f?.memoryEta).toBeCloseTo(HOPPER_FP8_FFN.memoryEta, 2);
    expect(Math.abs((f?.overheadUs ?? 0) - HOPPER_FP8_FFN.overheadUs)).toBeLessThan(0.5);
  });
  it('FFN expert GEMMs: roofline + launch fit has a mean error below 10%', () => {
    const r = fitFfn(doc, h200);
    expect(r.rows).toHaveLength(doc.ffn.length);
    expect(mape(r.rows)).toBeLessThan(10);
  });
});
