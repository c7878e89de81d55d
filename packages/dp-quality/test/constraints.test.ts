/**
 * The denial-constraint parser: every constraint file of the reference code parses, error positions
 * point at the offending text, unknown columns are named with close matches, FD shapes are recognised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConstraintSyntaxError,
  fdShape,
  formatConstraint,
  parseConstraint,
  parseConstraints,
  UnknownColumnError,
  validateConstraints,
} from '../src/constraints.js';

const DATA = join(import.meta.dirname, 'data');

function syntaxError(text: string): ConstraintSyntaxError {
  try {
    parseConstraint(text, 'f.txt', 3);
  } catch (e) {
    if (e instanceof ConstraintSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parser', () => {
  it('parses the five constraint files of the reference code (3, 13, 7, 1, 9 constraints)', () => {
    const counts: Record<string, number> = {};
    for (const f of readdirSync(DATA).filter((x) => x.endsWith('.dcs.txt')))
      counts[f] = parseConstraints(readFileSync(join(DATA, f), 'utf8'), f).length;
    expect(counts).toEqual({
      'Adult.dcs.txt': 3,
      'Flight.dcs.txt': 13,
      'Hospital.dcs.txt': 7,
      'Stock.dcs.txt': 1,
      'Tax.dcs.txt': 9,
    });
  });

  it('reads operators, constants and unary constraints', () => {
    const dc = parseConstraint("not( t1.Age >= 18 & t1.State<>'CA' & t1.Gain<t1.Loss )");
    expect(dc.unary).toBe(true);
    expect(dc.predicates.map((p) => p.op)).toEqual(['>=', '!=', '<']);
    expect(dc.predicates[0]?.right).toEqual({ kind: 'const', value: 18 });
    expect(dc.predicates[1]?.right).toEqual({ kind: 'const', value: 'CA' });
    expect(parseConstraint('not(t1.A<=t2.B&t1.C>-2.5)').unary).toBe(false);
  });

  it('round-trips through formatConstraint', () => {
    const pred = fc
      .tuple(
        fc.constantFrom('t1', 't2'),
        fc.constantFrom('A', 'B_c', 'x1'),
        fc.constantFrom('=', '!=', '<', '>', '<=', '>='),
        fc.oneof(
          fc.constantFrom('t1.A', 't2.B_c'),
          fc.integer({ min: -99, max: 99 }).map(String),
          fc.constantFrom("'x y'", "'z'"),
        ),
      )
      .map(([t, c, op, r]) => `${t}.${c}${op}${r}`);
    fc.assert(
      fc.property(fc.array(pred, { minLength: 1, maxLength: 4 }), (ps) => {
        const text = `not(t1.A=t2.A&${ps.join('&')})`;
        const dc = parseConstraint(text);
        expect(parseConstraint(formatConstraint(dc)).predicates).toEqual(dc.predicates);
      }),
    );
  });

  it('points at the offending column with a caret', () => {
    const e = syntaxError('not(t1.A=t2.A&t1.B~t2.B)');
    expect(e.message).toBe("f.txt:3:19: expected an operator (= != < > <= >=), found '~t2.B)'");
    expect(e.caret).toBe('  not(t1.A=t2.A&t1.B~t2.B)\n                    ^');
    expect(syntaxError('not(t1.A=t2.A').message).toMatch(/^f\.txt:3:14: expected '&' or '\)'/);
    expect(syntaxError('nope(t1.A=t2.A)').column).toBe(1);
    expect(syntaxError('not(t3.A=t2.A)').message).toMatch(/only tuple variables t1 and t2/);
    expect(syntaxError("not(t1.A='x)").message).toMatch(/unterminated string/);
    expect(syntaxError('not(t1.A=t2.A) junk').column).toBe(16);
    expect(syntaxError('not(t2.A=3)').message).toMatch(/must mention t1/);
    expect(() => parseConstraints('\n# only a comment\n', 'empty.txt')).toThrow(/no constraint found/);
  });

  it('reports the line number of a bad line in a file', () => {
    expect(() => parseConstraints('not(t1.A=t2.A)\n\nnot(t1.B=)', 'x.txt')).toThrow(
      /^x\.txt:3:10: expected t1/,
    );
  });
});

describe('validation against a table', () => {
  const cols = ['ZipCode', 'City', 'State', 'PhoneNumber'];
  it('accepts known columns', () => {
    expect(() =>
      validateConstraints(parseConstraints('not(t1.City!=t2.City&t1.ZipCode=t2.ZipCode)'), cols),
    ).not.toThrow();
  });
  it('names an unknown column and suggests close ones', () => {
    try {
      validateConstraints(
        parseConstraints('not(t1.Zipcode=t2.Zipcode&t1.City!=t2.City)', 'h.txt'),
        cols,
        'h.txt',
      );
      expect.fail('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownColumnError);
      expect((e as Error).message).toBe(
        "h.txt:1: unknown column 'Zipcode' in not(t1.Zipcode=t2.Zipcode&t1.City!=t2.City); did you mean 'ZipCode'?",
      );
    }
    expect(() => validateConstraints(parseConstraints('not(t1.Qq=t2.Qq)'), cols)).toThrow(
      /the table has ZipCode, City, State, PhoneNumber/,
    );
  });
});

describe('FD shape', () => {
  it('recognises X → Y and keys, rejects the rest', () => {
    expect(fdShape(parseConstraint('not(t1.A=t2.A&t1.B=t2.B&t1.C!=t2.C)'))).toEqual({
      lhs: ['A', 'B'],
      rhs: 'C',
    });
    expect(fdShape(parseConstraint('not(t1.C!=t2.C&t1.A=t2.A)'))).toEqual({ lhs: ['A'], rhs: 'C' });
    expect(fdShape(parseConstraint('not(t1.Date=t2.Date&t1.Ticker=t2.Ticker)'))).toEqual({
      lhs: ['Date', 'Ticker'],
    });
    for (const t of [
      'not(t1.A<t2.A&t1.B=t2.B)',
      'not(t1.A=t2.B&t1.C!=t2.C)',
      'not(t1.A=t2.A&t1.B!=t2.B&t1.C!=t2.C)',
      'not(t1.A!=t2.A)',
      'not(t1.A=3)',
      'not(t1.A=t2.A&t1.A!=t2.A)',
    ])
      expect(fdShape(parseConstraint(t))).toBeUndefined();
  });
});
