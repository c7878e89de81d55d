/**
 * @module sql
 * Writes the set-based SQL of the conflict graph (arXiv:2502.11009 §3, "one query per constraint"):
 * for a binary DC, a self-join whose ON clause holds the equality predicates (so every engine can hash-
 * join on them instead of forming a cross product) and whose WHERE holds the rest; for a unary DC, a
 * single scan. Plain SQL comparison semantics give "a NULL never satisfies a predicate" for free:
 * `NULL = x`, `NULL <> x`, `NULL < x` are all unknown, and WHERE keeps only true rows.
 */
import type { DenialConstraint, FdShape, Operand, Predicate } from './constraints.js';
import { constraintColumns } from './constraints.js';
import type { ColumnInfo, Engine } from './engines/engine.js';

const SQL_OP: Record<Predicate['op'], string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};
const FLIP: Record<Predicate['op'], Predicate['op']> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
};

/** A constant as a SQL literal typed like the attribute it is compared with. */
function constSql(value: string | number, other: Operand, types: ReadonlyMap<string, ColumnInfo>): string {
  const col = other.kind === 'attr' ? types.get(other.column) : undefined;
  if (typeof value === 'number') {
    if (col && !col.numeric) return `'${String(value)}'`;
    return String(value);
  }
  if (col?.numeric && value.trim() !== '' && Number.isFinite(Number(value))) return String(Number(value));
  return `'${value.replaceAll("'", "''")}'`;
}

function operandSql(
  o: Operand,
  other: Operand,
  engine: Engine,
  types: ReadonlyMap<string, ColumnInfo>,
  aliasOf: (tuple: 1 | 2) => string,
): string {
  return o.kind === 'attr'
    ? `${aliasOf(o.tuple)}.${engine.quote(o.column)}`
    : constSql(o.value, other, types);
}

function predicateSql(
  p: Predicate,
  engine: Engine,
  types: ReadonlyMap<string, ColumnInfo>,
  aliasOf: (tuple: 1 | 2) => string,
): string {
  return `${operandSql(p.left, p.right, engine, types, aliasOf)} ${SQL_OP[p.op]} ${operandSql(p.right, p.left, engine, types, aliasOf)}`;
}

/** A predicate's text after renaming tuples and putting t1 on the left where both sides are attributes. */
function canonical(p: Predicate, swap: boolean): string {
  const ren = (o: Operand): Operand =>
    o.kind === 'attr' && swap ? { ...o, tuple: o.tuple === 1 ? 2 : 1 } : o;
  let l = ren(p.left);
  let r = ren(p.right);
  let op = p.op;
  const rank = (o: Operand): string =>
    o.kind === 'attr' ? `${o.tuple}.${o.column}` : `c.${String(o.value)}`;
  if (rank(l) > rank(r)) {
    [l, r] = [r, l];
    op = FLIP[op];
  }
  return `${rank(l)}${op}${rank(r)}`;
}

/** True when swapping t1 and t2 gives the same constraint, so only pairs with t1 < t2 need checking. */
export function isSymmetric(dc: DenialConstraint): boolean {
  const a = dc.predicates.map((p) => canonical(p, false)).sort();
  const b = dc.predicates.map((p) => canonical(p, true)).sort();
  return a.every((x, i) => x === b[i]);
}

function typeMap(columns: readonly ColumnInfo[]): Map<string, ColumnInfo> {
  return new Map(columns.map((c) => [c.name, c]));
}

/** SQL returning `__rid` of every tuple that violates a unary DC on its own. */
export function unarySql(dc: DenialConstraint, engine: Engine, columns: readonly ColumnInfo[]): string {
  const types = typeMap(columns);
  const where = dc.predicates.map((p) => predicateSql(p, engine, types, () => 't1')).join(' AND ');
  return `SELECT t1.__rid FROM ${engine.relation(constraintColumns([dc]))} AS t1 WHERE ${where}`;
}

/**
 * SQL returning pairs (a, b) of distinct tuples violating a binary DC; when the DC is symmetric only
 * a < b is returned. The predicates only read the DC's columns, so they are evaluated once per pair
 * of *distinct* value combinations (t1's columns × t2's columns, NULL-free since a NULL satisfies
 * nothing), and only the violating combinations are joined back to the rows:
 * - the equality predicates t1.A = t2.B form the ON clause of that join, so every engine hash- or
 *   merge-joins on them and never forms an unfiltered cross product when an equality exists;
 * - order DCs such as not(t1.Gain<t2.Gain&t1.Loss<t2.Loss) cost combinations², not rows²;
 * - an FD X → Y with few distinct (X, Y) values (Adult's Education ↔ EduNum: 16) costs almost
 *   nothing, where a row-level self-join would compare every pair inside each X group.
 * MATERIALIZED fences keep planners from joining the rows with each other first.
 */
export function binarySql(dc: DenialConstraint, engine: Engine, columns: readonly ColumnInfo[]): string {
  const types = typeMap(columns);
  const q = (c: string): string => engine.quote(c);
  const alias = (t: 1 | 2): string => (t === 1 ? 't1' : 't2');
  const on: string[] = [];
  const where: string[] = [];
  for (const p of dc.predicates) {
    const cross = p.left.kind === 'attr' && p.right.kind === 'attr' && p.left.tuple !== p.right.tuple;
    (cross && p.op === '=' ? on : where).push(predicateSql(p, engine, types, alias));
  }
  const ridFilter = isSymmetric(dc) ? 'x.r1 < t2.__rid' : 'x.r1 <> t2.__rid';
  const rel = engine.relation(constraintColumns([dc]));
  const colsOf = (t: 1 | 2): string[] => {
    const out: string[] = [];
    for (const p of dc.predicates)
      for (const o of [p.left, p.right])
        if (o.kind === 'attr' && o.tuple === t && !out.includes(o.column)) out.push(o.column);
    return out;
  };
  const c1 = colsOf(1);
  const c2 = colsOf(2);
  const distinct = (cs: string[]): string =>
    `SELECT DISTINCT ${cs.map(q).join(', ')} FROM b WHERE ${cs.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')}`;
  const pick = [...c1.map((c, i) => `t1.${q(c)} AS a${i}`), ...c2.map((c, i) => `t2.${q(c)} AS b${i}`)].join(
    ', ',
  );
  const join = on.length > 0 ? `JOIN k2 AS t2 ON ${on.join(' AND ')}` : 'CROSS JOIN k2 AS t2';
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const t1Join = c1.map((c, i) => `t1.${q(c)} = p.a${i}`).join(' AND ');
  const t2Join = c2.map((c, i) => `t2.${q(c)} = x.b${i}`).join(' AND ');
  const bCols = c2.map((_, i) => `p.b${i}`).join(', ');
  return (
    `WITH b AS ${rel}, k1 AS (${distinct(c1)}), k2 AS (${distinct(c2)}), ` +
    `p AS MATERIALIZED (SELECT ${pick} FROM k1 AS t1 ${join}${filter}), ` +
    `x AS MATERIALIZED (SELECT t1.__rid AS r1, ${bCols} FROM p JOIN b AS t1 ON ${t1Join}) ` +
    `SELECT x.r1, t2.__rid FROM x JOIN b AS t2 ON ${t2Join} WHERE ${ridFilter}`
  );
}

/**
 * SQL for the FD fast path: the tuples of the groups (equal `lhs`, all of `lhs` and `rhs` non-NULL)
 * that hold more than one `rhs` value — or, for a key, more than one tuple — ordered by (lhs, rhs),
 * as one integer per row, 4·rid + 2·(starts a new group) + (starts a new sub-group), the flags from
 * `lag` over that one ordering, so the engine sorts once. Two tuples conflict under the FD exactly when they share a group but not a
 * sub-group (for a key every tuple is its own sub-group).
 */
export function fdGroupsSql(fd: FdShape, engine: Engine): string {
  const q = (c: string): string => engine.quote(c);
  const cols = fd.rhs === undefined ? fd.lhs : [...fd.lhs, fd.rhs];
  const notNull = cols.map((c) => `${q(c)} IS NOT NULL`).join(' AND ');
  const join = fd.lhs.map((c) => `b.${q(c)} = d.${q(c)}`).join(' AND ');
  const lhs = fd.lhs.map(q).join(', ');
  // Groups with more than one rhs value: distinct (lhs, rhs) first, so engines can hash-aggregate
  // (COUNT(DISTINCT …) makes PostgreSQL sort the whole table).
  const groups =
    fd.rhs === undefined
      ? `SELECT ${lhs} FROM b GROUP BY ${lhs} HAVING COUNT(*) > 1`
      : `SELECT ${lhs} FROM (SELECT ${lhs}, ${q(fd.rhs)} FROM b GROUP BY ${lhs}, ${q(fd.rhs)}) AS v GROUP BY ${lhs} HAVING COUNT(*) > 1`;
  const order = [...cols.map((c) => `b.${q(c)}`), 'b.__rid'].join(', ');
  const changed = (cs: readonly string[]): string =>
    [`lag(b.__rid) OVER w IS NULL`, ...cs.map((c) => `b.${q(c)} <> lag(b.${q(c)}) OVER w`)].join(' OR ');
  const newSub = fd.rhs === undefined ? '1' : `CASE WHEN ${changed(cols)} THEN 1 ELSE 0 END`;
  // One integer per row, 4·rid + 2·(new group) + (new sub-group): less to transfer and parse.
  return (
    `WITH b AS (SELECT * FROM ${engine.relation(cols)} AS r WHERE ${notNull}), ` +
    `d AS (${groups}) ` +
    `SELECT CAST(4 * b.__rid + 2 * CASE WHEN ${changed(fd.lhs)} THEN 1 ELSE 0 END + ${newSub} AS BIGINT) AS code ` +
    `FROM b JOIN d ON ${join} WINDOW w AS (ORDER BY ${order}) ORDER BY ${order}`
  );
}

/** SQL for the size of the largest group of tuples agreeing (non-NULL) on `lhs`. */
export function maxGroupSql(lhs: readonly string[], engine: Engine): string {
  const q = (c: string): string => engine.quote(c);
  const notNull = lhs.map((c) => `${q(c)} IS NOT NULL`).join(' AND ');
  return `SELECT COALESCE(MAX(c), 0) FROM (SELECT COUNT(*) AS c FROM ${engine.relation(lhs)} AS r WHERE ${notNull} GROUP BY ${lhs.map(q).join(', ')}) AS g`;
}
