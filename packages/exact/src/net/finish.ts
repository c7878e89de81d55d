/**
 * @module net/finish
 * From range results to the final network (issue 7 item 3): the deterministic reduction
 * (`reduceRanges`), the realised float64 weights of the winning configuration (or the constant
 * classifier, or a network with fewer units), padded to K units with inert units, and the objective
 * re-measured by prediction — what `fitNet`, the coreset blocks and a queue coordinator all finish with.
 */
import { constantNet, errorsOf, objectiveOf, predictNet, realiseNetDetailed } from './realise.js';
import { definingRowsOf, type ReducedBest, reduceRanges } from './search.js';
import type { NetProblem, NetWeights, RangeResult } from './types.js';

/**
 * Builds the final network of a reduced search: the constant classifier or the realised configuration,
 * re-measured by prediction (the objective reported is the one the weights achieve). `refitByLp` says
 * the ε-nudge failed and the weights come from the exact LP refit (callers should say so in `solver`).
 */
export function finishNet(
  problem: NetProblem,
  results: readonly RangeResult[],
  lower?: ReducedBest,
): {
  weights: NetWeights;
  objective: number;
  searched: number;
  trainErrors: number;
  definingRows: number[][];
  complete: boolean;
  evaluated: number;
  pruned: number;
  refitByLp: boolean;
} {
  const red = reduceRanges(problem, results, lower);
  let weights: NetWeights;
  let refitByLp = false;
  if (red.rank === null) {
    const sign = problem.kind === 'intersection' ? -red.constant : red.constant;
    weights = constantNet(problem.kind, problem.d, sign === 1 ? 1 : -1);
  } else
    ({ weights, refitByLp } = realiseNetDetailed(
      { ...problem, hidden: red.hidden },
      red.rank,
      red.orientation,
      red.objective,
    ));
  // Pad to K units with an inert unit (w = 0, b = −1 in the union; negated for the intersection).
  const pad = problem.kind === 'intersection' ? 1 : -1;
  const w = weights.w.map((r) => [...r]);
  const b = [...weights.b];
  if (red.rank === null) {
    w.length = 0;
    b.length = 0;
    w.push(new Array<number>(problem.d).fill(0));
    b.push(weights.b[0] as number);
  }
  while (w.length < problem.hidden) {
    w.push(new Array<number>(problem.d).fill(0));
    b.push(pad);
  }
  weights = { kind: problem.kind, w, b };
  const pred = predictNet(weights, problem.x, problem.n, problem.d);
  return {
    weights,
    objective: objectiveOf(problem, pred),
    searched: red.objective,
    trainErrors: errorsOf(problem, pred),
    definingRows: red.rank === null ? [] : definingRowsOf(problem, red.rank, red.hidden),
    complete: red.complete,
    evaluated: red.evaluated,
    pruned: red.pruned,
    refitByLp,
  };
}
