/**
 * The WebAssembly SIMD forms of the depth-2 kernel (src/axis/kernel.wat via src/axis/simd.ts: two
 * classes, and 3 to 8 classes with min-leaf 1) against the JavaScript kernels they replace (`sweep2DI`,
 * `sweepKP`): on random data of 2, 3, 4, 6 or 8 classes with ties and duplicates — 1 to 9 features, so
 * groups of four with one to three padding lanes, and 20 to 150 rows — depth-2 and depth-3 solves with
 * the SIMD kernels on and off must give the same objective and the very same tree (the kernels give
 * the search the same values, so it takes the same path), with α = 0 and α > 0. And the committed
 * module (src/axis/kernel-wasm.ts) must be kernel.wat as compiled now. No timing assertions.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SIMD_MAX_CLASSES, setSimdEnabled, simdKernel } from '../src/axis/simd.js';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { evaluateTree } from '../src/tree.js';
import { intRows } from './axis-check.js';

const here = dirname(fileURLToPath(import.meta.url));

const problems = fc
  .record({
    n: fc.integer({ min: 20, max: 150 }),
    d: fc.integer({ min: 1, max: 9 }),
    levels: fc.constantFrom(3, 12, 60, 10_000),
    classes: fc.constantFrom(2, 3, 4, 6, 8),
  })
  .chain(({ n, d, levels, classes }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      depth: fc.integer({ min: 2, max: 3 }),
      alpha: fc.constantFrom(0, 0, 1.5),
    }),
  );

afterEach(() => {
  setSimdEnabled(true);
});

describe('SIMD depth-2 kernels', () => {
  it('is available on this Node, with a many-class kernel for 3 … SIMD_MAX_CLASSES classes', () => {
    const kernel = simdKernel();
    expect(kernel).not.toBeNull();
    for (let k = 3; k <= SIMD_MAX_CLASSES; k++) expect(typeof kernel?.kern[k]).toBe('function');
  });

  it('give the same optimum and tree as the JavaScript kernels', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const data = makeDataset(
          p.rows,
          p.y.map((v) => `c${v}`),
        );
        if (data.classes.length < 2) return;
        setSimdEnabled(true);
        const opts = { depth: p.depth, alpha: p.alpha };
        const withSimd = solveAxis(data, opts);
        setSimdEnabled(false);
        const withJs = solveAxis(data, opts);
        expect(withSimd.complete && withJs.complete).toBe(true);
        expect(withSimd.objective).toBe(withJs.objective);
        expect(JSON.stringify(withSimd.tree)).toBe(JSON.stringify(withJs.tree));
        expect(evaluateTree(withSimd.tree, data, { alpha: p.alpha }).objective).toBeCloseTo(
          withSimd.objective,
          9,
        );
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });

  it('reports a memory it cannot grow instead of throwing, and keeps working', () => {
    const kernel = simdKernel();
    // 8 GiB: beyond any 32-bit WebAssembly memory.
    expect(kernel?.ensure(2 ** 33)).toBe(false);
    expect(kernel?.ensure(1024)).toBe(true);
    const data = makeDataset(
      [
        [0, 1],
        [1, 0],
        [2, 2],
        [3, 1],
      ],
      ['a', 'a', 'b', 'b'],
    );
    expect(solveAxis(data, { depth: 2 }).objective).toBe(0);
  });

  it('is built from kernel.wat as committed', () => {
    // Exit status 1 (and a message) when src/axis/kernel-wasm.ts is not the current kernel.wat.
    execFileSync(process.execPath, [join(here, '..', 'scripts', 'build-kernel.mjs'), '--check'], {
      stdio: 'pipe',
    });
  });
});
