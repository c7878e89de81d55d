/**
 * @module data
 * Loading labelled tables into a {@link Dataset}: CSV (RFC 4180 quoting, header row) and JSON (an
 * array of objects), a named target column with the data's own label values, numeric features in a
 * row-major Float64Array, optional per-row weights, and a report of duplicate rows, conflicting
 * duplicates (same x, different y — they bound every classifier's error from below) and per-feature
 * distinct-value counts (the number of axis-parallel thresholds, issue 6 "Library" item 1).
 *
 * Every problem with the input raises {@link DataError}, whose message is one line naming the column,
 * the row and the fix; the CLI maps it to exit code 2.
 */
import { readFile } from 'node:fs/promises';
import type { Dataset } from './types.js';

/** A problem with the input data (bad value, missing column, empty table). One line, meant for people. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** A parsed table: the header and the rows of cells, as text. */
export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** How to turn a table into a {@link Dataset}. */
export interface LoadOptions {
  /** The target (class) column. Required. */
  readonly target: string;
  /** Feature columns, in order; default every column except the target and the weights. */
  readonly features?: readonly string[];
  /** A column of positive per-row weights; default none (every row weighs 1). */
  readonly weights?: string;
  /**
   * Fix the class order (class index i is `classes[i]`); labels not listed raise {@link DataError}.
   * Default: the distinct labels sorted numerically when all are numbers, else as strings.
   */
  readonly classes?: readonly string[];
  /** Where the data came from, for error messages (e.g. the file name). */
  readonly source?: string;
}

/**
 * Parses CSV text per RFC 4180: comma separated, fields optionally in double quotes, `""` for a
 * quote inside quotes, CRLF or LF line ends; blank lines are skipped. The first record is the header.
 * @throws DataError for an unterminated quote, a stray quote, or no header
 * @example parseCsv('a,b\n1,"x,y"\n').rows //=> [['1', 'x,y']]
 */
export function parseCsv(text: string, source = 'CSV'): Table {
  const records: string[][] = [];
  let rec: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let line = 1;
  // `fieldStarted` distinguishes an empty last field ("a,") from an empty line.
  let fieldStarted = false;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  const endRecord = () => {
    if (fieldStarted || rec.length > 0) {
      rec.push(field);
      records.push(rec);
    }
    rec = [];
    field = '';
    fieldStarted = false;
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      if (field.length > 0)
        throw new DataError(`${source}: stray '"' inside an unquoted field on line ${line}`);
      i++;
      const start = line;
      for (;;) {
        if (i >= n) throw new DataError(`${source}: unterminated quoted field starting on line ${start}`);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      fieldStarted = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        throw new DataError(`${source}: unexpected text after a closing '"' on line ${line}`);
      continue;
    }
    if (c === ',') {
      rec.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  endRecord();
  const header = records.shift();
  if (header === undefined) throw new DataError(`${source}: no header row (the file is empty)`);
  return { header: header.map((h) => h.trim()), rows: records };
}

/**
 * Turns a JSON array of objects into a table; the header is the union of the keys in first-seen
 * order, missing keys become empty cells (reported as errors if the column is used).
 * @throws DataError when the value is not an array of plain objects
 */
export function jsonTable(value: unknown, source = 'JSON'): Table {
  if (!Array.isArray(value)) throw new DataError(`${source}: expected an array of objects (one per row)`);
  const header: string[] = [];
  const seen = new Map<string, number>();
  for (let r = 0; r < value.length; r++) {
    const o: unknown = value[r];
    if (o === null || typeof o !== 'object' || Array.isArray(o))
      throw new DataError(`${source}: row ${r + 1} is not an object`);
    for (const k of Object.keys(o)) {
      if (!seen.has(k)) {
        seen.set(k, header.length);
        header.push(k);
      }
    }
  }
  const rows = value.map((o: Record<string, unknown>) =>
    header.map((k) => {
      const v = o[k];
      if (v === undefined || v === null) return '';
      if (typeof v === 'object') return JSON.stringify(v);
      return String(v);
    }),
  );
  return { header, rows };
}

/** Parses a numeric cell strictly: decimal or exponent notation, finite; blank is not a number. */
export function parseNumber(cell: string): number {
  const t = cell.trim();
  if (t.length === 0) return Number.NaN;
  const v = Number(t);
  // Number('0x10') and Number('Infinity') are accepted by JS but are not data values here.
  if (!Number.isFinite(v) || /^[+-]?0[xob]/i.test(t)) return Number.NaN;
  return v;
}

/** Sorts label strings numerically when all are numbers, else lexicographically. */
export function sortLabels(labels: Iterable<string>): string[] {
  const a = [...new Set(labels)];
  if (a.every((s) => !Number.isNaN(parseNumber(s))))
    return a.sort((p, q) => parseNumber(p) - parseNumber(q) || (p < q ? -1 : p > q ? 1 : 0));
  return a.sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
}

function columnIndex(table: Table, name: string, role: string, source: string): number {
  const j = table.header.indexOf(name);
  if (j < 0)
    throw new DataError(
      `${source}: no ${role} column '${name}'; available columns: ${table.header.join(', ') || '(none)'}`,
    );
  return j;
}

/**
 * Reads the feature columns of a table into a row-major Float64Array.
 * @throws DataError naming the column and the 1-based data row of the first non-numeric value
 */
export function featureMatrix(table: Table, features: readonly string[], source = 'data'): Float64Array {
  const cols = features.map((f) => columnIndex(table, f, 'feature', source));
  const n = table.rows.length;
  const d = cols.length;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = table.rows[i] as readonly string[];
    for (let f = 0; f < d; f++) {
      const cell = row[cols[f] as number];
      const v = cell === undefined ? Number.NaN : parseNumber(cell);
      if (Number.isNaN(v))
        throw new DataError(
          `${source}: feature '${features[f]}' has a non-numeric value '${cell ?? ''}' in row ${i + 1}; ` +
            'features must be numbers (drop or encode the column)',
        );
      x[i * d + f] = v;
    }
  }
  return x;
}

/**
 * Builds a {@link Dataset} from a parsed table.
 * @throws DataError for a missing target/weights/feature column (listing the available columns),
 *   a non-numeric feature (column and row), a bad weight, an empty table or no feature columns
 */
export function tableToDataset(table: Table, options: LoadOptions): Dataset {
  const source = options.source ?? 'data';
  const t = columnIndex(table, options.target, 'target', source);
  const wcol = options.weights === undefined ? -1 : columnIndex(table, options.weights, 'weights', source);
  const featureNames =
    options.features !== undefined
      ? [...options.features]
      : table.header.filter((_h, j) => j !== t && j !== wcol);
  if (featureNames.length === 0) throw new DataError(`${source}: no feature columns besides the target`);
  if (featureNames.includes(options.target))
    throw new DataError(`${source}: the target '${options.target}' cannot also be a feature`);
  const n = table.rows.length;
  if (n === 0) throw new DataError(`${source}: no data rows (only a header)`);
  const x = featureMatrix(table, featureNames, source);
  const labels = table.rows.map((r, i) => {
    const v = (r[t] ?? '').trim();
    if (v.length === 0)
      throw new DataError(
        `${source}: target '${options.target}' is empty in row ${i + 1}; every row needs a label`,
      );
    return v;
  });
  const classes = options.classes !== undefined ? [...options.classes] : sortLabels(labels);
  const index = new Map(classes.map((c, k) => [c, k] as const));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = index.get(labels[i] as string);
    if (k === undefined)
      throw new DataError(
        `${source}: label '${labels[i]}' in row ${i + 1} is not one of the classes ${classes.join(', ')}`,
      );
    y[i] = k;
  }
  let weights: Float64Array | undefined;
  if (wcol >= 0) {
    weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const cell = (table.rows[i] as readonly string[])[wcol] ?? '';
      const w = parseNumber(cell);
      if (!(w > 0))
        throw new DataError(
          `${source}: weight '${cell}' in row ${i + 1} of column '${options.weights}' is not a positive number`,
        );
      weights[i] = w;
    }
  }
  const base = { n, d: featureNames.length, x, y, featureNames, classes, target: options.target };
  return weights === undefined ? base : { ...base, weights };
}

/** Loads CSV text (header row) into a {@link Dataset}. See {@link tableToDataset} for errors. */
export function loadCsv(text: string, options: LoadOptions): Dataset {
  return tableToDataset(parseCsv(text, options.source ?? 'CSV'), options);
}

/** Loads a JSON array of objects (text or already parsed) into a {@link Dataset}. */
export function loadJson(json: string | unknown, options: LoadOptions): Dataset {
  const source = options.source ?? 'JSON';
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new DataError(`${source}: not valid JSON (${(e as Error).message})`);
    }
  }
  return tableToDataset(jsonTable(value, source), options);
}

/**
 * Reads a table from a file: `.json` as an array of objects, anything else as CSV.
 * @throws DataError when the file cannot be read (missing, a directory, no permission)
 */
export async function readTableFile(path: string): Promise<Table> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new DataError(`cannot read data file '${path}' (${why})`);
  }
  if (/\.json$/i.test(path)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new DataError(`${path}: not valid JSON (${(e as Error).message})`);
    }
    return jsonTable(value, path);
  }
  return parseCsv(text, path);
}

/** Loads a CSV or JSON file (by extension) into a {@link Dataset}. */
export async function loadDataFile(path: string, options: Omit<LoadOptions, 'source'>): Promise<Dataset> {
  return tableToDataset(await readTableFile(path), { ...options, source: path });
}

/** Duplicates, conflicts and value counts of a data set (what makes exact search easy or hard). */
export interface DataReport {
  readonly n: number;
  readonly d: number;
  /** Rows per class (weighted when the data carry weights), indexed like `classes`. */
  readonly classCounts: readonly number[];
  /** Groups of rows with identical feature vectors (size ≥ 2). */
  readonly duplicateGroups: number;
  /** Rows that repeat an earlier row's feature vector. */
  readonly duplicateRows: number;
  /** Duplicate groups whose rows carry more than one label (same x, different y). */
  readonly conflictingGroups: number;
  /** Rows in conflicting groups. */
  readonly conflictingRows: number;
  /**
   * Errors every classifier must make: per group of identical x, its (weighted) size minus its
   * largest class. A valid lower bound on any tree's misclassifications.
   */
  readonly conflictErrors: number;
  /** Distinct values per feature (an axis split on feature f has distinct − 1 candidate thresholds). */
  readonly distinctValues: readonly number[];
}

/**
 * Reports duplicate and conflicting rows and distinct values per feature.
 * @example describeDataset(loadCsv('a,y\n1,p\n1,q\n2,p\n', { target: 'y' })).conflictErrors //=> 1
 */
export function describeDataset(data: Dataset): DataReport {
  const { n, d, x, y, weights } = data;
  const k = data.classes.length;
  const classCounts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++)
    classCounts[y[i] as number] = (classCounts[y[i] as number] as number) + (weights?.[i] ?? 1);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    let key = '';
    for (let f = 0; f < d; f++) key += `${x[i * d + f]},`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [i]);
    else g.push(i);
  }
  let duplicateGroups = 0;
  let duplicateRows = 0;
  let conflictingGroups = 0;
  let conflictingRows = 0;
  let conflictErrors = 0;
  const counts = new Float64Array(k);
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    duplicateGroups++;
    duplicateRows += g.length - 1;
    counts.fill(0);
    let total = 0;
    for (const i of g) {
      const w = weights?.[i] ?? 1;
      counts[y[i] as number] = (counts[y[i] as number] as number) + w;
      total += w;
    }
    let best = 0;
    let labels = 0;
    for (let c = 0; c < k; c++) {
      const v = counts[c] as number;
      if (v > 0) labels++;
      if (v > best) best = v;
    }
    if (labels > 1) {
      conflictingGroups++;
      conflictingRows += g.length;
      conflictErrors += total - best;
    }
  }
  const distinctValues: number[] = [];
  const col = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = x[i * d + f] as number;
    col.sort();
    let c = n > 0 ? 1 : 0;
    for (let i = 1; i < n; i++) if (col[i] !== col[i - 1]) c++;
    distinctValues.push(c);
  }
  return {
    n,
    d,
    classCounts,
    duplicateGroups,
    duplicateRows,
    conflictingGroups,
    conflictingRows,
    conflictErrors,
    distinctValues,
  };
}

/**
 * Builds a {@link Dataset} directly from arrays (for tests and programmatic use).
 * @param rows feature vectors, all of the same length
 * @param labels class indices in 0..classes−1 (or label strings, mapped with sorted order)
 */
export function makeDataset(
  rows: readonly (readonly number[])[],
  labels: readonly (number | string)[],
  options: {
    featureNames?: readonly string[];
    classes?: readonly string[];
    target?: string;
    weights?: readonly number[];
  } = {},
): Dataset {
  const n = rows.length;
  if (n === 0) throw new DataError('makeDataset: no rows');
  if (labels.length !== n) throw new DataError('makeDataset: rows and labels differ in length');
  const d = (rows[0] as readonly number[]).length;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as readonly number[];
    if (r.length !== d)
      throw new DataError(`makeDataset: row ${i + 1} has ${r.length} values, expected ${d}`);
    for (let f = 0; f < d; f++) x[i * d + f] = r[f] as number;
  }
  const strs = labels.map(String);
  let classes: string[];
  if (options.classes !== undefined) classes = [...options.classes];
  else if (labels.every((l) => typeof l === 'number' && Number.isInteger(l) && l >= 0)) {
    const m = Math.max(...(labels as number[]));
    classes = Array.from({ length: m + 1 }, (_v, c) => String(c));
  } else classes = sortLabels(strs);
  const index = new Map(classes.map((c, k) => [c, k] as const));
  const y = Int32Array.from(strs, (s) => {
    const k = index.get(s);
    if (k === undefined) throw new DataError(`makeDataset: label '${s}' not among classes`);
    return k;
  });
  const featureNames = options.featureNames ?? Array.from({ length: d }, (_v, f) => `x${f + 1}`);
  const base = { n, d, x, y, featureNames, classes, target: options.target ?? 'y' };
  return options.weights === undefined ? base : { ...base, weights: Float64Array.from(options.weights) };
}
