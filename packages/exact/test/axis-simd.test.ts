/**
 * The WebAssembly SIMD form of the two-class depth-2 kernel (src/axis/kernel.wat via src/axis/simd.ts)
 * against the int32 JavaScript kernel it replaces (`sweep2DI`): on random two-class data with ties and
 * duplicates — 1 to 9 features, so groups of four with one to three padding lanes, and 20 to 150 rows —
 * depth-2 and depth-3 solves with the SIMD kernel on and off must give the same objective and the very
 * same tree (the two kernels compute the same values, so the search takes the same path). And the
 * committed module (src/axis/kernel-wasm.ts) must be kernel.wat as compiled now. No timing assertions.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { setSimdEnabled, simdKernel } from '../src/axis/simd.js';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { evaluateTree } from '../src/tree.js';
import { intRows } from './axis-check.js';

const here = dirname(fileURLToPath(import.meta.url));

const twoClass = fc
  .record({
    n: fc.integer({ min: 20, max: 150 }),
    d: fc.integer({ min: 1, max: 9 }),
    levels: fc.constantFrom(3, 12, 60, 10_000),
  })
  .chain(({ n, d, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      depth: fc.integer({ min: 2, max: 3 }),
    }),
  );

afterEach(() => {
  setSimdEnabled(true);
});

describe('SIMD two-class kernel', () => {
  it('is available on this Node', () => {
    expect(simdKernel()).not.toBeNull();
  });

  it('gives the same optimum and tree as the JavaScript kernel', () => {
    fc.assert(
      fc.property(twoClass, (p) => {
        const data = makeDataset(
          p.rows,
          p.y.map((v) => (v === 0 ? 'a' : 'b')),
        );
        if (data.classes.length < 2) return;
        setSimdEnabled(true);
        const withSimd = solveAxis(data, { depth: p.depth });
        setSimdEnabled(false);
        const withJs = solveAxis(data, { depth: p.depth });
        expect(withSimd.complete && withJs.complete).toBe(true);
        expect(withSimd.objective).toBe(withJs.objective);
        expect(JSON.stringify(withSimd.tree)).toBe(JSON.stringify(withJs.tree));
        expect(evaluateTree(withSimd.tree, data).objective).toBe(withSimd.objective);
      }),
      { numRuns: 250, seed: 20261130 },
    );
  });

  it('is built from kernel.wat as committed', () => {
    // Exit status 1 (and a message) when src/axis/kernel-wasm.ts is not the current kernel.wat.
    execFileSync(process.execPath, [join(here, '..', 'scripts', 'build-kernel.mjs'), '--check'], {
      stdio: 'pipe',
    });
  });
});
