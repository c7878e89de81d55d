/**
 * @module table
 * A small in-memory table (column names + rows of numbers, strings or NULL) used by the generators and
 * noise injectors of the experiments (arXiv:2502.11009 §6 data sets), with a seeded PRNG, CSV output
 * (written to a temporary file then renamed, so no partial file is left) and a brute-force DC check.
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type { DenialConstraint, Operand } from './constraints.js';

/** A cell value; null is SQL NULL. */
export type Cell = number | string | null;

/** Column names and rows (row-major). */
export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: Cell[][];
}

/**
 * A seeded pseudo-random generator (sfc32) for reproducible experiments. Not for privacy: the DP
 * mechanisms draw from a cryptographic RNG.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  /** A uniformly chosen element. */
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new RangeError('pick from an empty list');
    return x;
  }
}

function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The table as CSV text with a header line; NULL is an empty field. */
export function toCsv(t: DataTable): string {
  const out: string[] = [t.columns.map((c) => csvField(c)).join(',')];
  for (const r of t.rows) out.push(r.map(csvField).join(','));
  return `${out.join('\n')}\n`;
}

/** Writes the table as CSV to `path` through a temporary file in the same folder, then renames. */
export function writeCsvFile(t: DataTable, path: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, toCsv(t));
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw e;
  }
}

function cell(t: DataTable, row: readonly Cell[], o: Operand): Cell {
  if (o.kind === 'const') return o.value;
  return row[t.columns.indexOf(o.column)] ?? null;
}

/** SQL-style comparison: false when either side is NULL. */
export function compareCells(a: Cell, op: string, b: Cell): boolean {
  if (a === null || b === null) return false;
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

/** True when rows r1 (as t1) and r2 (as t2) together satisfy every predicate of `dc`. */
export function rowsViolate(
  t: DataTable,
  dc: DenialConstraint,
  r1: readonly Cell[],
  r2: readonly Cell[],
): boolean {
  return dc.predicates.every((p) => {
    const v = (o: Operand): Cell => (o.kind === 'attr' ? cell(t, o.tuple === 1 ? r1 : r2, o) : o.value);
    return compareCells(v(p.left), p.op, v(p.right));
  });
}
