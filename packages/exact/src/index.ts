/**
 * @module index
 * Public API of @floret/exact: data loading (`data`), exact axis-parallel trees (depth-constrained DP
 * with branch and bound, `axis/solver`), the paper's proper-tree solver (arXiv:2503.01455, `proper`),
 * one entry point `fitTree` with certificates (`fit`), prediction, evaluation, model JSON and drawing
 * (`tree`), the built-in Iris data, and the exact two-layer network search (arXiv:2505.05740, `net`).
 */
export { type AxisSolution, type AxisSolveOptions, AxisSolver, solveAxis } from './axis/solver.js';
export * from './data.js';
export { axisWorkerPath, closeAxisPools, fitAxisSync, fitTree, validateFitOptions } from './fit.js';
export { IRIS_CSV, loadIris } from './iris.js';
export * from './net/index.js';
export { fitProper } from './proper/index.js';
export * from './tree.js';
export type * from './types.js';
