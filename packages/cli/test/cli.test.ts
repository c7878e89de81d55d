/**
 * End-to-end tests of the `floret` binary: real processes, real exit codes, real stdout/stderr.
 * They run the built CLI (the root `npm test` builds first), as a user would after `npm install`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/floret.js', import.meta.url));

function floret(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Brute-force lex list of k-subsets of [n] (independent of the library). */
function lexSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]): void => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let x = start; x < n; x++) rec(x + 1, [...acc, x]);
  };
  rec(0, []);
  return out;
}

describe('floret binary', () => {
  it('is linked into node_modules/.bin by the workspace install, so `npx floret` works', () => {
    expect(existsSync(`${root}/node_modules/.bin/floret`)).toBe(true);
    const r = spawnSync(`${root}/node_modules/.bin/floret`, ['comb', 'count', '5', '2'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('10\n');
  });

  it('floret --help lists the tools with examples and exits 0', () => {
    const r = floret('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/comb/);
    expect(r.out).toMatch(/tour/);
    expect(r.out).toMatch(/Examples:/);
  });

  it('floret comb --help and floret comb list --help exit 0', () => {
    expect(floret('comb', '--help').out).toMatch(/floret comb unrank 100 50/);
    const r = floret('comb', 'list', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--order/);
    expect(r.out).toMatch(/--upto/);
    expect(r.out).toMatch(/--kind/);
  });

  it('floret with no command prints help on stderr and exits 2', () => {
    const r = floret();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Usage: floret/);
  });

  it('comb count prints C(100,50) exactly, also as a JSON number', () => {
    expect(floret('comb', 'count', '100', '50').out).toBe('100891344545564193334812497256\n');
    const r = floret('comb', 'count', '100', '50', '--json');
    expect(r.out).toMatch(/"count":100891344545564193334812497256\b/);
    expect(JSON.parse(r.out).n).toBe(100);
  });

  it('comb list prints one combination per line; --json one array of arrays', () => {
    const text = floret('comb', 'list', '7', '3').out;
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ').map(Number)),
    ).toEqual(lexSubsets(7, 3));
    expect(JSON.parse(floret('comb', 'list', '7', '3', '--json').out)).toEqual(lexSubsets(7, 3));
  });

  it('comb list --order revolving-door gives the research note sequence for 2 of 5', () => {
    const lines = floret('comb', 'list', '5', '2', '--order', 'revolving-door').out.trimEnd().split('\n');
    expect(lines.join('|')).toBe('0 1|1 2|0 2|2 3|1 3|0 3|3 4|2 4|1 4|0 4');
  });

  it('comb list --upto lists all sizes 0..k (size 0 first)', () => {
    const got = JSON.parse(floret('comb', 'list', '4', '2', '--upto', '--json').out);
    expect(got).toEqual([[], ...lexSubsets(4, 1), ...lexSubsets(4, 2)]);
  });

  it('comb rank and unrank are inverse, beyond 2^53 too', () => {
    const r = floret('comb', 'rank', '100', '3', '3,17,42');
    expect(r.code).toBe(0);
    const rank = r.out.trim();
    expect(lexSubsets(100, 3).findIndex((c) => c.join(',') === '3,17,42')).toBe(Number(rank));
    expect(floret('comb', 'unrank', '100', '3', rank).out).toBe('3 17 42\n');
    const u = floret('comb', 'unrank', '100', '50', '12345678901234567890', '--order', 'colex', '--json');
    const item: number[] = JSON.parse(u.out).item;
    expect(floret('comb', 'rank', '100', '50', item.join(','), '--order', 'colex').out).toBe(
      '12345678901234567890\n',
    );
  });

  it('comb --kind permutations lists k-permutations in lex (itertools) order and counts them', () => {
    const want: number[][] = [];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) if (a !== b) want.push([a, b]);
    expect(JSON.parse(floret('comb', 'list', '5', '2', '--kind', 'permutations', '--json').out)).toEqual(
      want,
    );
    // 20! = 2432902008176640000 (exceeds 2^53, printed exactly)
    expect(floret('comb', 'count', '20', '20', '--kind', 'permutations').out).toBe('2432902008176640000\n');
    // Σ_{k≤2} P(5,k) = 1 + 5 + 20
    expect(floret('comb', 'count', '5', '2', '--kind', 'permutations', '--upto').out).toBe('26\n');
  });

  it("comb --kind permutations --order heap gives Heap's order (n = 3: 012 102 201 021 120 210)", () => {
    const out = floret('comb', 'list', '3', '3', '--kind', 'permutations', '--order', 'heap').out;
    expect(
      out
        .trimEnd()
        .split('\n')
        .map((l) => l.replaceAll(' ', '')),
    ).toEqual(['012', '102', '201', '021', '120', '210']);
    const big = floret(
      'comb',
      'unrank',
      '30',
      '30',
      '10000000000000000000000',
      '--kind',
      'permutations',
      '--order',
      'heap',
    );
    const item = big.out.trim().replaceAll(' ', ',');
    expect(floret('comb', 'rank', '30', '30', item, '--kind', 'permutations', '--order', 'heap').out).toBe(
      '10000000000000000000000\n',
    );
  });

  it('a closed pipe (floret comb list 40 6 | head) ends quietly with exit 0', () => {
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${bin}" comb list 40 6 | head -1; echo "rc=\${PIPESTATUS[0]}"`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toBe('0 1 2 3 4 5\nrc=0\n');
    expect(r.stderr).toBe('');
  });

  const bad: [string[], RegExp][] = [
    [['comb', 'count', '5', '7'], /k.*7.*larger than.*5/],
    [['comb', 'count', '-1', '2'], /<n>/],
    [['comb', 'count', '5', '2.5'], /<k> must be an integer/],
    [['comb', 'count', '5', 'x'], /<k> must be an integer, got 'x'/],
    [['comb', 'unrank', '5', '2', '10'], /out of range.*10 items/],
    [['comb', 'unrank', '5', '2', '-3'], /<rank>/],
    [['comb', 'rank', '5', '2', '3,1'], /strictly increasing/],
    [['comb', 'rank', '5', '2', '1,a'], /entry 2/],
    [['comb', 'count', '5', '2', '--order', 'sideways'], /sideways.*lex, colex, revolving-door/],
    [['comb', 'count', '5'], /missing required argument/],
    [['comb', 'count', '5', '3', '--kind', 'permutations', '--order', 'heap'], /full permutations/],
    [['comb', 'count', '5', '3', '--order', 'heap'], /does not apply to combinations/],
    [['comb', 'rank', '5', '2', '1,1', '--kind', 'permutations'], /<items>/],
    [['comb', 'frobnicate'], /unknown command/],
    [['nope'], /unknown command 'nope'/],
  ];
  for (const [args, msg] of bad) {
    it(`bad input '${args.join(' ')}' → one line on stderr, exit 2, nothing on stdout`, () => {
      const r = floret(...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  it('floret tour runs every package on built-in inputs', () => {
    const r = floret('tour');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/@floret\/combinatorics/);
    expect(r.out).toMatch(/C\(30,8\) = 5,852,925/);
    expect(r.out).toMatch(/element sum 678,939,300/);
    const j = JSON.parse(floret('tour', '--json').out);
    expect(j.stops.length).toBeGreaterThan(0);
  });
});
