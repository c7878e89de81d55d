/**
 * @module proper
 * The paper's proper-tree solver (arXiv:2503.01455): data-defined rules, ancestry, trees as
 * K-permutations. Placeholder until implemented.
 */
import type { Dataset, FitOptions, FitResult } from '../types.js';

/** Fits a provably optimal proper tree over data-defined rules. */
export async function fitProper(_data: Dataset, _options: FitOptions): Promise<FitResult> {
  throw new Error('fitProper: not implemented yet');
}
