/**
 * @module index
 * Public API of @floret/dp-quality: denial constraints, read-only database engines, the conflict
 * graph built in SQL, exact inconsistency measures (arXiv:2502.11009; Livshits et al. SIGMOD'21), and
 * the generators and noise injectors used in experiments; and the differential-privacy side: exact
 * samplers, projections, DP estimates of I_MI / I_P / I_R, the privacy ledger and the compliance report.
 */
export {
  ConstraintSyntaxError,
  closeColumns,
  constraintColumns,
  type DenialConstraint,
  type FdShape,
  fdShape,
  formatConstraint,
  type Op,
  type Operand,
  type Predicate,
  parseConstraint,
  parseConstraints,
  UnknownColumnError,
  validateConstraints,
} from './constraints.js';
export { graphFromEdges } from './dp/build.js';
// Differential privacy side (src/dp, ledger, report).
export {
  type DpEstimate,
  dpDegreeBound,
  dpEstimate,
  type EstimateOptions,
  expectedAbsNoise,
  type Measure,
  type Method,
  noiseQuantile,
  referenceEstimate,
  releaseProjected,
} from './dp/mechanisms.js';
export { matchingCover, projectCover, projectEdgeAddition } from './dp/projection.js';
export { parseRational, type Rational, rat } from './dp/rational.js';
export {
  CryptoRandom,
  type RandomSource,
  randomSource,
  SeededRandom,
  uniformBigInt,
  uniformInt,
} from './dp/rng.js';
export {
  bernoulli,
  bernoulliExpNeg,
  discreteLaplace,
  discreteLaplaceNumber,
  exponentialMechanism,
  generalizedExponentialMechanism,
} from './dp/samplers.js';
export { type DpTestOptions, type DpTestResult, dpTest } from './dp/tester.js';
export {
  type ColumnInfo,
  DataSourceError,
  type Engine,
  type EngineKind,
} from './engines/engine.js';
export { engineKindFor, type OpenOptions, openEngine } from './engines/open.js';
export {
  type ExactMeasures,
  type ExactOptions,
  exactMeasures,
  greedyMatching,
  type RepairStatus,
} from './exact.js';
export {
  FLIGHT_DCS,
  type Generated,
  type GenerateOptions,
  generateFlight,
  generateStock,
  generateTax,
  STOCK_DCS,
  TAX_DCS,
} from './generate.js';
export {
  buildConflictGraph,
  type ConflictDegrees,
  conflictDegrees,
  csrFromPairs,
  degreesOf,
  fdMaxGroupSizes,
  type GraphOptions,
} from './graph.js';
export { type ConflictGraph, degree } from './graph-types.js';
export { BudgetExceededError, type LedgerJson, type LedgerStep, PrivacyLedger } from './ledger.js';
export { InputError, openChecked, readConstraints } from './load.js';
export { coNoise, type NoiseResult, rNoise } from './noise.js';
export { dpTourLines, type ReleaseRecord, type ReportInput, releaseRecord, renderReport } from './report.js';
export { type Cell, type DataTable, Prng, rowsViolate, toCsv, writeCsvFile } from './table.js';
