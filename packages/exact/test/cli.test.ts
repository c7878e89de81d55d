import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '@floret/cli-kit';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { treeCommand } from '../src/cli.js';
import { IRIS_CSV } from '../src/iris.js';

const BIN = new URL('../../cli/bin/floret.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'floret-exact-'));
const iris = join(dir, 'iris.csv');
writeFileSync(iris, IRIS_CSV);

/** Runs `floret …` in this process (same commander program and exit-code contract as the binary). */
async function inProcess(...args: string[]) {
  const program = new Command('floret').addCommand(treeCommand());
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await runProgram(program, args);
    return { code, err };
  } finally {
    spy.mockRestore();
  }
}

function floret(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('floret tree fit', () => {
  it('iris depth 2: 6 errors, proven optimal (JSON contract)', () => {
    const r = floret('tree', 'fit', '--data', iris, '--target', 'class', '--depth', '2', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.trainErrors).toBe(6);
    expect(j.lowerBound).toBe(6);
    expect(j.optimal).toBe(true);
    expect(typeof j.seconds).toBe('number');
    expect(j.tree.leaf).toBe(false);
  });
  it('human output draws the tree and the certificate', () => {
    const r = floret('tree', 'fit', '--data', iris, '--target', 'class', '--depth', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/petal_(length|width) <= /);
    expect(r.out).toMatch(/training errors 50/);
    expect(r.out).toMatch(/proven optimal/);
  });
  it('--out writes a model atomically, and predict reproduces the training errors', () => {
    const model = join(dir, 'm.json');
    const f = floret(
      'tree',
      'fit',
      '--data',
      iris,
      '--target',
      'class',
      '--depth',
      '3',
      '--out',
      model,
      '--json',
    );
    expect(f.code).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.format).toBe('floret-tree');
    const p = floret('tree', 'predict', '--model', model, '--data', iris, '--json');
    expect(p.code).toBe(0);
    const j = JSON.parse(p.out);
    expect(j.predictions).toHaveLength(150);
    expect(j.errors).toBe(JSON.parse(f.out).trainErrors);
    expect(j.predictions[0]).toBe('setosa');
    // Without the target column: predictions only, in file order.
    const noTarget = join(dir, 'x.csv');
    writeFileSync(
      noTarget,
      'petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n2.3,6.0,3.0,6.5\n',
    );
    const q = JSON.parse(floret('tree', 'predict', '--model', model, '--data', noTarget, '--json').out);
    expect(q).toEqual({ predictions: ['setosa', 'virginica'], rows: 2 });
    const s = floret('tree', 'show', model);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/training errors 1/);
  });
  it('bad input: one clear line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', iris, '--target', 'nope', '--depth', '2'], /no target column 'nope'.*available columns/],
      [['--data', iris, '--target', 'class', '--depth', '-1'], /--depth must be at least 0/],
      [['--data', join(dir, 'missing.csv'), '--target', 'class', '--depth', '1'], /cannot read data file/],
      [
        ['--data', iris, '--target', 'sepal_length', '--depth', '1'],
        /feature 'class' has a non-numeric value 'setosa' in row 1/,
      ],
      [['--data', iris, '--target', 'class', '--depth', '1', '--splits', 'cubic'], /--splits must be/],
    ];
    for (const [args, msg] of cases) {
      const r = await inProcess('tree', 'fit', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    const m = await inProcess('tree', 'show', join(dir, 'none.json'));
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/cannot read model/);
  });
  it('anytime: a time limit returns a certificate either way', () => {
    const r = floret(
      'tree',
      'fit',
      '--data',
      iris,
      '--target',
      'class',
      '--depth',
      '3',
      '--time-limit',
      '0.001',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.lowerBound).toBeLessThanOrEqual(j.trainErrors);
    expect(j.optimal === true || j.gap > 0).toBe(true);
  });
});
