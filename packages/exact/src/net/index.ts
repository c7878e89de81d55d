/**
 * @module net
 * Public API of the exact two-layer maxout / positive-output ReLU network search (Deep-ICE,
 * arXiv:2505.05740; issue 7): `fitNet`, the range search units for threads and queues (`netProblem`,
 * `searchRange`, `rangesOf`, `reduceRanges`, `realiseNet`), prediction and the model JSON.
 */
export { type CoresetOptions, coresetSearch } from './coreset.js';
export { finishNet } from './finish.js';
export { fitNet, netWorkerPath } from './fit.js';
export { type NetModel, parseNetModel, predictNetLabels, toNetModel } from './model.js';
export { clearNetCaches, netProblem, validateNetOptions } from './problem.js';
export {
  constantNet,
  errorsOf,
  objectiveOf,
  predictNet,
  type Realised,
  realiseNet,
  realiseNetDetailed,
} from './realise.js';
export {
  configurationCount,
  definingRowsOf,
  initialBound,
  lowerBest,
  type ReducedBest,
  rangesOf,
  reduceRanges,
  searchRange,
} from './search.js';
export type * from './types.js';
export type { NetJob } from './worker.js';
