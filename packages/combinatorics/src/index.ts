/**
 * @module @floret/combinatorics
 * Combination, K-permutation and nested generators after He & Little, arXiv:2507.03980:
 * constant amortized time kernels, the paper's cache-friendly blocked layout, revolving-door order
 * with swap deltas, exact rank/unrank in number or bigint, pruning, and worker splitting.
 */

export { binomial, binomialNumber } from './binomial.js';
export {
  COMBINATION_ORDERS,
  type CombinationOptions,
  type CombinationOrder,
  CombinationSpace,
  combinations,
  type DeltaVisitor,
  type PrefixPredicate,
} from './combinations.js';
export {
  type ConvolutionBlock,
  type ConvolutionOptions,
  ConvolutionSpace,
  type ConvolutionSpec,
  convolutionBlocks,
  convolutionSpace,
  type SplitShape,
  type SplitTree,
  splitTree,
  writeBlock,
} from './convolution.js';
export {
  NestedCombinationSpace,
  NestedPermutationSpace,
  nestedCombinations,
  nestedPermutationCombinations,
  type RanksVisitor,
  type StageRange,
} from './nested.js';
export {
  type AdjacentSwapVisitor,
  assertPermutationOrder,
  FullPermutations,
  HeapPermutations,
  type KPermutationOptions,
  KPermutations,
  type KPermutationsSpec,
  KPermutationsUpTo,
  type KPermutationsUpToSpec,
  kPermutations,
  kPermutationsUpTo,
  LexArrangements,
  LexPermutations,
  MAX_PERMUTATION_LENGTH,
  MAX_PERMUTATION_N,
  PERMUTATION_ORDERS,
  type PermutationOptions,
  type PermutationOrder,
  type PermutationSpace,
  type PermutationsSpec,
  PlainChangesPermutations,
  permutations,
  type SwapVisitor,
} from './permutations.js';
export { forEachPrunedPermutation } from './pruned-permutations.js';
export type { Block, BlockOptions, BlockVisitor, RankRange, Space, SpaceSpec, Visitor } from './space.js';
export { spaceFromSpec } from './spec.js';
export { type BlockFilter, DEFAULT_STAGED_BYTES, forEachStaged, type StagedOptions } from './staged.js';
export { combinationsUpTo, type UpToGrouping, type UpToOptions, UpToSpace } from './upto.js';
