/**
 * @module index
 * Public API of @floret/decode: the Step-3 decode cost model (arXiv:2507.19427) — model and hardware
 * descriptions, the paper's cost engine and tables (§4), the AFD stage model, planner and simulator
 * (§3, §5–7), and the calibration of efficiency factors (Table 9; our H200 measurement).
 */
export * from './calibration.js';
export * from './cost.js';
export * from './hardware.js';
export * from './hf.js';
export * from './model.js';
export * from './models.js';
export * from './perf.js';
export * from './planner.js';
export * from './simulate.js';
export * from './tables.js';
