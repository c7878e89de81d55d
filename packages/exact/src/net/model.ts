/**
 * @module net/model
 * The network model JSON (issue 7 "CLI": `floret net fit --out model.json`, `floret net predict`):
 * feature names, the two label values (so predictions come back in the data's own labels), the class
 * (union / intersection), the weights and the certificate. Parse errors are {@link ModelError}s naming
 * the problem.
 */
import { ModelError } from '../tree.js';
import type { Dataset } from '../types.js';
import { predictNet } from './realise.js';
import type { NetKind, NetResult, NetWeights } from './types.js';

/** A saved network. */
export interface NetModel {
  readonly format: 'floret-net';
  readonly version: 1;
  readonly target: string;
  readonly featureNames: readonly string[];
  /** Label values as written in the data: predicted +1 → positive, −1 → negative. */
  readonly labels: { readonly positive: string; readonly negative: string };
  readonly kind: NetKind;
  readonly weights: NetWeights;
  readonly certificate: {
    readonly trainErrors: number;
    readonly objective: number;
    readonly lowerBound: number;
    readonly optimal: boolean;
    readonly hidden: number;
    readonly solver: string;
  };
}

/**
 * The model of a fit. Positive label: `positive`, else the one the fit recorded (`result.labels`), else
 * the second of the data's labels.
 * @example JSON.stringify(toNetModel(data, await fitNet(data, { hidden: 1 })))
 */
export function toNetModel(data: Dataset, result: NetResult, positive?: string): NetModel {
  const given = positive ?? result.labels?.positive;
  const pi = given === undefined ? data.classes.length - 1 : data.classes.indexOf(given);
  if (pi < 0) throw new RangeError(`positive label '${given}' is not one of ${data.classes.join(', ')}`);
  const pos = data.classes[pi] as string;
  const neg = data.classes.length > 1 ? (data.classes[1 - pi] as string) : `not ${pos}`;
  return {
    format: 'floret-net',
    version: 1,
    target: data.target,
    featureNames: [...data.featureNames],
    labels: { positive: pos, negative: neg },
    kind: result.weights.kind,
    weights: { kind: result.weights.kind, w: result.weights.w.map((r) => [...r]), b: [...result.weights.b] },
    certificate: {
      trainErrors: result.trainErrors,
      objective: result.objective,
      lowerBound: result.lowerBound,
      optimal: result.optimal,
      hidden: result.hidden,
      solver: result.solver,
    },
  };
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads and checks a network model (a JSON string or a parsed value).
 * @throws ModelError naming what is wrong
 * @example parseNetModel(fs.readFileSync('model.json', 'utf8'))
 */
export function parseNetModel(json: string | unknown): NetModel {
  let v: unknown = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw new ModelError(`model: not valid JSON (${(e as Error).message})`);
    }
  }
  if (v === null || typeof v !== 'object') throw new ModelError('model: expected a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== 'floret-net')
    throw new ModelError(`model: 'format' must be 'floret-net' (is this a tree model?)`);
  if (o.version !== 1) throw new ModelError(`model: unsupported version ${String(o.version)}; expected 1`);
  if (typeof o.target !== 'string') throw new ModelError(`model: 'target' must be a string`);
  const fn = o.featureNames;
  if (!Array.isArray(fn) || fn.length === 0 || fn.some((f) => typeof f !== 'string'))
    throw new ModelError(`model: 'featureNames' must be a non-empty array of strings`);
  const labels = o.labels as Record<string, unknown> | null | undefined;
  if (
    labels === null ||
    typeof labels !== 'object' ||
    typeof labels.positive !== 'string' ||
    typeof labels.negative !== 'string'
  )
    throw new ModelError(`model: 'labels' must be { positive: string, negative: string }`);
  const kind = o.kind;
  if (kind !== 'union' && kind !== 'intersection')
    throw new ModelError(`model: 'kind' must be union or intersection`);
  const wts = o.weights as Record<string, unknown> | null | undefined;
  if (wts === null || typeof wts !== 'object') throw new ModelError(`model: 'weights' must be an object`);
  const w = wts.w;
  const b = wts.b;
  const d = fn.length;
  if (!Array.isArray(w) || w.length < 1 || w.length > 3)
    throw new ModelError(`model: 'weights.w' must hold 1 to 3 rows`);
  w.forEach((row, k) => {
    if (!Array.isArray(row) || row.length !== d || !row.every(num))
      throw new ModelError(`model: 'weights.w[${k}]' must be ${d} finite numbers (one per feature)`);
  });
  if (!Array.isArray(b) || b.length !== w.length || !b.every(num))
    throw new ModelError(`model: 'weights.b' must be ${w.length} finite numbers`);
  if (wts.kind !== undefined && wts.kind !== kind)
    throw new ModelError(`model: 'weights.kind' differs from 'kind'`);
  const c = (o.certificate ?? {}) as Record<string, unknown>;
  return {
    format: 'floret-net',
    version: 1,
    target: o.target,
    featureNames: fn as string[],
    labels: { positive: labels.positive, negative: labels.negative },
    kind,
    weights: { kind, w: w as number[][], b: b as number[] },
    certificate: {
      trainErrors: num(c.trainErrors) ? c.trainErrors : Number.NaN,
      objective: num(c.objective) ? c.objective : Number.NaN,
      lowerBound: num(c.lowerBound) ? c.lowerBound : Number.NaN,
      optimal: c.optimal === true,
      hidden: num(c.hidden) ? c.hidden : w.length,
      solver: typeof c.solver === 'string' ? c.solver : '',
    },
  };
}

/**
 * Predicts label values (the data's own) for n rows of the model's features (row-major).
 * @example predictNetLabels(model, x, n) //=> ['1', '-1', …]
 */
export function predictNetLabels(model: NetModel, x: Float64Array, n: number): string[] {
  const p = predictNet(model.weights, x, n, model.featureNames.length);
  return Array.from(p, (s) => (s === 1 ? model.labels.positive : model.labels.negative));
}
