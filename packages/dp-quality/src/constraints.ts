/**
 * @module constraints
 * Denial constraints (DCs) in the text form used by the reference code of arXiv:2502.11009 (§2 of the
 * paper; files `datasets/*\/dcs.txt`): one constraint per line, `not(p1&p2&…)`, where each predicate
 * compares `t1.A` or `t2.A` with another attribute or a constant using = != < > <= >=. A DC says that no
 * tuples t1, t2 of the table satisfy all predicates together; a DC that mentions only t1 is unary (a
 * tuple can violate it alone). The parser reports errors with the line, the column and a caret line;
 * {@link validateConstraints} checks the attributes against a table and suggests close names.
 */

/** A comparison operator of a predicate. `!=` is also accepted as `<>`. */
export type Op = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** One side of a predicate: an attribute of tuple 1 or 2, or a constant. */
export type Operand =
  | { readonly kind: 'attr'; readonly tuple: 1 | 2; readonly column: string }
  | { readonly kind: 'const'; readonly value: string | number };

/** A predicate `left op right`. */
export interface Predicate {
  readonly left: Operand;
  readonly op: Op;
  readonly right: Operand;
}

/** A parsed denial constraint ¬(p1 ∧ … ∧ pm). */
export interface DenialConstraint {
  /** The constraint as written (trimmed). */
  readonly text: string;
  /** 1-based line in its file (1 for a single constraint). */
  readonly line: number;
  readonly predicates: readonly Predicate[];
  /** True when only t1 appears: a single tuple can violate it. */
  readonly unary: boolean;
}

/**
 * The FD shape X → Y of a binary DC whose predicates are all `t1.A = t2.A` plus at most one
 * `t1.B != t2.B`: two tuples conflict when they agree on `lhs` and differ on `rhs`. With `rhs`
 * undefined the DC is a key: any two distinct tuples agreeing on `lhs` conflict.
 */
export interface FdShape {
  readonly lhs: readonly string[];
  readonly rhs?: string;
}

/** A malformed constraint: `message` is one line naming the place; `caret` shows the text and a ^. */
export class ConstraintSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly caret: string;
  constructor(source: string, line: number, column: number, text: string, what: string) {
    const caret = `  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
    super(`${source}:${line}:${column}: ${what}`);
    this.name = 'ConstraintSyntaxError';
    this.line = line;
    this.column = column;
    this.caret = caret;
  }
}

/** A constraint naming a column the table does not have. */
export class UnknownColumnError extends Error {
  readonly column: string;
  readonly suggestions: readonly string[];
  constructor(message: string, column: string, suggestions: readonly string[]) {
    super(message);
    this.name = 'UnknownColumnError';
    this.column = column;
    this.suggestions = suggestions;
  }
}

const OPS: readonly string[] = ['<=', '>=', '!=', '<>', '=', '<', '>'];

/** Recursive-descent parser over one line; `pos` is a 0-based index into `s`. */
class LineParser {
  pos = 0;
  constructor(
    readonly s: string,
    readonly source: string,
    readonly line: number,
  ) {}

  fail(what: string, at = this.pos): never {
    throw new ConstraintSyntaxError(this.source, this.line, at + 1, this.s, what);
  }

  ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos] ?? '')) this.pos++;
  }

  /** What is at the cursor, for messages. */
  near(): string {
    const rest = this.s.slice(this.pos);
    return rest.length === 0 ? 'the end of the line' : `'${rest.slice(0, 12)}'`;
  }

  eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.pos)) {
      this.pos += tok.length;
      return true;
    }
    return false;
  }

  expect(tok: string, what: string): void {
    if (!this.eat(tok)) this.fail(`expected ${what}, found ${this.near()}`);
  }

  operand(): Operand {
    this.ws();
    const start = this.pos;
    const c = this.s[this.pos];
    if (c === "'" || c === '"') {
      const end = this.s.indexOf(c, this.pos + 1);
      if (end < 0) this.fail(`unterminated string constant: add the closing ${c}`, start);
      this.pos = end + 1;
      return { kind: 'const', value: this.s.slice(start + 1, end) };
    }
    const num = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(this.s.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return { kind: 'const', value: Number(num[0]) };
    }
    const attr = /^t([12])\.([A-Za-z_][A-Za-z0-9_]*)/.exec(this.s.slice(this.pos));
    if (attr) {
      this.pos += attr[0].length;
      return { kind: 'attr', tuple: attr[1] === '1' ? 1 : 2, column: attr[2] ?? '' };
    }
    if (/^t\d/.test(this.s.slice(this.pos)))
      this.fail(`only tuple variables t1 and t2 exist, found ${this.near()}`, start);
    this.fail(`expected t1.<column>, t2.<column>, a number or a quoted string, found ${this.near()}`, start);
  }

  predicate(): Predicate {
    const left = this.operand();
    this.ws();
    const opAt = this.pos;
    const op = OPS.find((o) => this.s.startsWith(o, this.pos));
    if (op === undefined) this.fail(`expected an operator (= != < > <= >=), found ${this.near()}`, opAt);
    this.pos += op.length;
    const right = this.operand();
    if (left.kind === 'const' && right.kind === 'const')
      this.fail('a predicate must mention t1 or t2, not only constants', opAt);
    return { left, op: op === '<>' ? '!=' : (op as Op), right };
  }

  constraint(): DenialConstraint {
    this.ws();
    if (!/^not\s*\(/i.test(this.s.slice(this.pos))) this.fail(`expected 'not(' to open the constraint`);
    this.expect('not', "'not('");
    this.expect('(', "'(' after 'not'");
    const predicates: Predicate[] = [this.predicate()];
    for (;;) {
      this.ws();
      if (this.eat('&')) {
        predicates.push(this.predicate());
        continue;
      }
      if (this.eat(')')) break;
      this.fail(`expected '&' or ')' after a predicate, found ${this.near()}`);
    }
    this.ws();
    if (this.pos < this.s.length) this.fail(`unexpected text after the closing ')': ${this.near()}`);
    const tuples = new Set<number>();
    for (const p of predicates) for (const o of [p.left, p.right]) if (o.kind === 'attr') tuples.add(o.tuple);
    if (!tuples.has(1)) this.fail('the constraint must mention t1 (t2 alone: write it with t1)', 0);
    return { text: this.s.trim(), line: this.line, predicates, unary: !tuples.has(2) };
  }
}

/**
 * Parses one constraint such as `not(t1.Zip=t2.Zip&t1.City!=t2.City)`.
 * @throws ConstraintSyntaxError with the column of the offending text
 */
export function parseConstraint(text: string, source = '<constraint>', line = 1): DenialConstraint {
  return new LineParser(text, source, line).constraint();
}

/**
 * Parses a constraints file: one DC per line; blank lines and lines starting with `#` are skipped.
 * @param source the file name, used in error messages
 * @throws ConstraintSyntaxError at the first malformed line; also when the file holds no constraint
 */
export function parseConstraints(text: string, source = '<constraints>'): DenialConstraint[] {
  const out: DenialConstraint[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    out.push(parseConstraint(l, source, i + 1));
  }
  if (out.length === 0)
    throw new ConstraintSyntaxError(source, 1, 1, '', 'no constraint found: write one not(...) per line');
  return out;
}

/** Edit distance (for suggestions of close column names). */
function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** Columns of `columns` close to `name`: same ignoring case, a substring, or within edit distance 2. */
export function closeColumns(name: string, columns: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const scored = columns
    .map((c) => {
      const cl = c.toLowerCase();
      const d =
        cl === lower ? 0 : cl.includes(lower) || lower.includes(cl) ? 1 : levenshtein(lower, cl) <= 2 ? 2 : 9;
      return { c, d };
    })
    .filter((x) => x.d < 9)
    .sort((x, y) => x.d - y.d);
  return scored.slice(0, 3).map((x) => x.c);
}

/**
 * Checks that every attribute of every constraint is a column of the table.
 * @param source the constraints file name, for the message
 * @throws UnknownColumnError naming the column, the line, and close matches or the available columns
 */
export function validateConstraints(
  constraints: readonly DenialConstraint[],
  columns: readonly string[],
  source = '<constraints>',
): void {
  const known = new Set(columns);
  for (const dc of constraints) {
    for (const p of dc.predicates) {
      for (const o of [p.left, p.right]) {
        if (o.kind !== 'attr' || known.has(o.column)) continue;
        const close = closeColumns(o.column, columns);
        const hint =
          close.length > 0
            ? `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?`
            : `the table has ${columns.slice(0, 12).join(', ')}${columns.length > 12 ? ', …' : ''}`;
        throw new UnknownColumnError(
          `${source}:${dc.line}: unknown column '${o.column}' in ${dc.text}; ${hint}`,
          o.column,
          close,
        );
      }
    }
  }
}

/** Every column a set of constraints reads, in first-use order. */
export function constraintColumns(constraints: readonly DenialConstraint[]): string[] {
  const out: string[] = [];
  for (const dc of constraints)
    for (const p of dc.predicates)
      for (const o of [p.left, p.right]) if (o.kind === 'attr' && !out.includes(o.column)) out.push(o.column);
  return out;
}

/**
 * The FD shape of a binary DC (see {@link FdShape}), or undefined when the DC has another shape
 * (constants, order comparisons, cross-column comparisons, two `!=`, or no equality at all).
 */
export function fdShape(dc: DenialConstraint): FdShape | undefined {
  if (dc.unary) return undefined;
  const lhs: string[] = [];
  let rhs: string | undefined;
  for (const p of dc.predicates) {
    if (p.left.kind !== 'attr' || p.right.kind !== 'attr') return undefined;
    if (p.left.column !== p.right.column || p.left.tuple === p.right.tuple) return undefined;
    if (p.op === '=') {
      if (!lhs.includes(p.left.column)) lhs.push(p.left.column);
    } else if (p.op === '!=') {
      if (rhs !== undefined && rhs !== p.left.column) return undefined;
      rhs = p.left.column;
    } else return undefined;
  }
  if (lhs.length === 0) return undefined;
  // t1.A=t2.A & t1.A!=t2.A can never hold; not an FD, and harmless in the general path.
  if (rhs !== undefined && lhs.includes(rhs)) return undefined;
  return rhs === undefined ? { lhs } : { lhs, rhs };
}

/** Writes a constraint back in the `not(…)` syntax. */
export function formatConstraint(dc: Pick<DenialConstraint, 'predicates'>): string {
  const o = (x: Operand): string =>
    x.kind === 'attr'
      ? `t${x.tuple}.${x.column}`
      : typeof x.value === 'number'
        ? String(x.value)
        : `'${x.value}'`;
  return `not(${dc.predicates.map((p) => `${o(p.left)}${p.op}${o(p.right)}`).join('&')})`;
}
