/**
 * @module spec
 * Rebuilds any space of this package from its JSON `spec`, so a description can cross a thread or
 * process boundary (worker pools, CLI) and be enumerated there.
 */
import { assertCombinationOrder, CombinationSpace } from './combinations.js';
import { ConvolutionSpace, type SplitShape, type SplitTree } from './convolution.js';
import { NestedCombinationSpace, NestedPermutationSpace } from './nested.js';
import { assertPermutationOrder, kPermutations, kPermutationsUpTo, permutations } from './permutations.js';
import type { Space, SpaceSpec } from './space.js';
import { UpToSpace } from './upto.js';

function num(spec: SpaceSpec, key: string): number {
  const v = spec[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new RangeError(
      `space spec '${spec.kind}': field '${key}' must be an integer, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function str(spec: SpaceSpec, key: string, def: string): string {
  const v = spec[key];
  if (v === undefined) return def;
  if (typeof v !== 'string') {
    throw new RangeError(
      `space spec '${spec.kind}': field '${key}' must be a string, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/**
 * The space described by `spec` (as produced by `space.spec`).
 * @throws RangeError for an unknown kind or malformed fields
 * @example spaceFromSpec({ kind: 'combinations', n: 5, k: 2, order: 'lex' }).count() //=> 10
 */
export function spaceFromSpec(spec: SpaceSpec): Space {
  switch (spec.kind) {
    case 'combinations': {
      const order = str(spec, 'order', 'lex');
      assertCombinationOrder(order);
      return new CombinationSpace(num(spec, 'n'), num(spec, 'k'), order);
    }
    case 'combinations-upto': {
      const order = str(spec, 'order', 'lex');
      assertCombinationOrder(order);
      const grouping = str(spec, 'grouping', 'size');
      if (grouping !== 'size' && grouping !== 'stage') {
        throw new RangeError(`space spec 'combinations-upto': unknown grouping '${grouping}'`);
      }
      return new UpToSpace(num(spec, 'n'), num(spec, 'kMin'), num(spec, 'kMax'), order, grouping);
    }
    case 'permutations': {
      const order = str(spec, 'order', 'lex');
      assertPermutationOrder(order);
      return permutations(num(spec, 'n'), { order });
    }
    case 'k-permutations': {
      const order = str(spec, 'order', 'lex');
      if (order !== 'lex') throw new RangeError(`space spec 'k-permutations': unknown order '${order}'`);
      return kPermutations(num(spec, 'n'), num(spec, 'k'));
    }
    case 'k-permutations-upto':
      return kPermutationsUpTo(num(spec, 'n'), num(spec, 'kMin'), num(spec, 'kMax'));
    case 'convolution':
      return new ConvolutionSpace(num(spec, 'n'), num(spec, 'k'), {
        tree: (spec.tree as SplitTree | SplitShape | undefined) ?? 'balanced',
        leafSize: spec.leafSize === undefined ? 1 : num(spec, 'leafSize'),
      });
    case 'nested-combinations':
      return new NestedCombinationSpace(num(spec, 'n'), num(spec, 'd'), num(spec, 'k'));
    case 'nested-permutation-combinations':
      return new NestedPermutationSpace(num(spec, 'n'), num(spec, 'd'), num(spec, 'k'));
    default:
      throw new RangeError(`unknown space kind '${String(spec.kind)}'`);
  }
}
