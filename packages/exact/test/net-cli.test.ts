/**
 * `floret net fit | predict | worker` (issue 7, "CLI"): the JSON contract (trainErrors, optimal,
 * seconds, weights, …), the certificate lines, models that predict the data's own labels in file
 * order and reproduce the training errors, losses other than errors re-measured from the predictions,
 * and every kind of bad input answered by one line on stderr, exit 2 and no output file. Runs the
 * commander program in this process with cli-kit's runProgram (the same exit-code contract as the
 * binary, which the lead wires to netCommand()).
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '@floret/cli-kit';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { loadCsv } from '../src/data.js';
import { netCommand } from '../src/net/cli-net.js';
import { fitNet } from '../src/net/index.js';

const dir = mkdtempSync(join(tmpdir(), 'floret-net-cli-'));

/** 2-D integer points with ties and duplicates, labels 'yes'/'no' (a noisy disc), as CSV. */
function csv(n: number, seed = 3): string {
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const lines = ['a,b,label'];
  for (let i = 0; i < n; i++) {
    const a = Math.floor(r() * 20);
    const b = Math.floor(r() * 20);
    const inside = (a - 10) ** 2 + (b - 10) ** 2 < 40;
    lines.push(`${a},${b},${r() < 0.15 ? (inside ? 'no' : 'yes') : inside ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}
const DATA_TEXT = csv(36);
const DATA = join(dir, 'disc.csv');
writeFileSync(DATA, DATA_TEXT);

/** Runs `floret net …` in this process; returns the exit code and what went to stdout / stderr. */
async function floret(...args: string[]) {
  const program = new Command('floret').addCommand(netCommand());
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await runProgram(program, args);
    return { code, out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

describe('floret net fit', () => {
  it('--json has the contract fields and equals the library answer', async () => {
    const r = await floret('net', 'fit', '--data', DATA, '--target', 'label', '--hidden', '2', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of [
      'trainErrors',
      'optimal',
      'seconds',
      'weights',
      'lowerBound',
      'objective',
      'definingRows',
      'generalPosition',
      'searchSpace',
      'kind',
      'hidden',
    ])
      expect(j).toHaveProperty(k);
    const lib = await fitNet(loadCsv(DATA_TEXT, { target: 'label' }), { hidden: 2 });
    expect(j.trainErrors).toBe(lib.trainErrors);
    expect(j.objective).toBe(lib.objective);
    expect(j.optimal).toBe(true);
    expect(j.lowerBound).toBe(j.objective);
    expect(j.weights).toEqual(lib.weights);
    expect(j.hidden).toBe(2);
    expect(j.kind).toBe('union');
    expect(j.positive).toBe('yes');
    expect(j.classes).toEqual(['no', 'yes']);
    expect(j.rows).toBe(36);
  });

  it('human output: the network and the certificate', async () => {
    const r = await floret('net', 'fit', '--data', DATA, '--target', 'label', '--hidden', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/K = 1 \(union\)/);
    expect(r.out).toMatch(/unit 1: .*·a .*·b/);
    expect(r.out).toMatch(/training errors \d+ \(/);
    expect(r.out).toMatch(/proven optimal: lower bound \d+ = objective/);
    expect(r.out).toMatch(/general position: /);
  });

  it('--out + predict: the data’s own labels in file order, reproducing the training errors', async () => {
    for (const kind of ['union', 'intersection', 'both']) {
      const model = join(dir, `m-${kind}.json`);
      const f = await floret(
        'net',
        'fit',
        '--data',
        DATA,
        '--target',
        'label',
        '--hidden',
        '2',
        '--kind',
        kind,
        '--out',
        model,
        '--json',
      );
      expect(f.code).toBe(0);
      const fit = JSON.parse(f.out);
      const p = await floret('net', 'predict', '--model', model, '--data', DATA, '--json');
      expect(p.code).toBe(0);
      const pj = JSON.parse(p.out);
      expect(pj.predictions).toHaveLength(36);
      expect(new Set(pj.predictions).size).toBeLessThanOrEqual(2);
      for (const v of pj.predictions) expect(['yes', 'no']).toContain(v);
      expect(pj.errors).toBe(fit.trainErrors);
      // File order: recount the errors row by row against the CSV.
      const labels = DATA_TEXT.trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[2]);
      expect(pj.predictions.filter((v: string, i: number) => v !== labels[i]).length).toBe(fit.trainErrors);
    }
    // 'both' is at least as good as either class alone.
    const errs: number[] = [];
    for (const k of ['union', 'intersection', 'both']) {
      const r = await floret(
        'net',
        'fit',
        '--data',
        DATA,
        '--target',
        'label',
        '--hidden',
        '2',
        '--kind',
        k,
        '--json',
      );
      errs.push(JSON.parse(r.out).objective as number);
    }
    expect(errs[2]).toBe(Math.min(errs[0] as number, errs[1] as number));
  });

  it('--cost fp,fn: the objective is the cost of the returned predictions', async () => {
    const model = join(dir, 'cost.json');
    const f = await floret(
      'net',
      'fit',
      '--data',
      DATA,
      '--target',
      'label',
      '--hidden',
      '1',
      '--cost',
      '1,5',
      '--out',
      model,
      '--json',
    );
    expect(f.code).toBe(0);
    const fit = JSON.parse(f.out);
    const p = JSON.parse((await floret('net', 'predict', '--model', model, '--data', DATA, '--json')).out);
    const labels = DATA_TEXT.trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[2]);
    let cost = 0;
    labels.forEach((t, i) => {
      if (t === 'no' && p.predictions[i] === 'yes') cost += 1;
      if (t === 'yes' && p.predictions[i] === 'no') cost += 5;
    });
    expect(fit.objective).toBe(cost);
    // --positive flips which label is positive; the error count of the best union need not match,
    // but the run must succeed and report the chosen label.
    const g = await floret(
      'net',
      'fit',
      '--data',
      DATA,
      '--target',
      'label',
      '--hidden',
      '1',
      '--positive',
      'no',
      '--json',
    );
    expect(g.code).toBe(0);
    expect(JSON.parse(g.out).positive).toBe('no');
  });
});

describe('bad input: one line on stderr, exit 2, no output file', () => {
  const bad = async (args: string[], pattern: RegExp) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    const r = await floret(...args, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  };
  const base = ['net', 'fit', '--data', DATA, '--target', 'label'];

  it('missing file, unknown column, non-numeric feature, not two classes', async () => {
    await bad(
      ['net', 'fit', '--data', join(dir, 'nope.csv'), '--target', 'label', '--hidden', '1'],
      /nope\.csv.*no such file/,
    );
    await bad(
      [...base.slice(0, 4), '--target', 'colour', '--hidden', '1'],
      /no target column 'colour'.*available columns: a, b, label/,
    );
    const words = join(dir, 'words.csv');
    writeFileSync(words, 'a,b,label\n1,2,yes\n3,x,no\n');
    await bad(
      ['net', 'fit', '--data', words, '--target', 'label', '--hidden', '1'],
      /feature 'b' has a non-numeric value 'x' in row 2/,
    );
    const three = join(dir, 'three.csv');
    writeFileSync(three, 'a,b,label\n1,2,p\n3,4,q\n5,6,r\n');
    await bad(
      ['net', 'fit', '--data', three, '--target', 'label', '--hidden', '1'],
      /3 classes.*exactly two/,
    );
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'a,b,label\n1,2,p\n3,4,p\n');
    await bad(['net', 'fit', '--data', one, '--target', 'label', '--hidden', '1'], /1 class .*exactly two/);
  });

  it('hidden outside 1..3 and malformed options', async () => {
    await bad([...base, '--hidden', '0'], /--hidden must be at least 1/);
    await bad([...base, '--hidden', '4'], /--hidden must be 1, 2 or 3/);
    await bad([...base, '--hidden', 'two'], /--hidden must be an integer/);
    await bad([...base, '--hidden', '1', '--kind', 'all'], /--kind/);
    await bad([...base, '--hidden', '1', '--time-limit', '0'], /--time-limit must be greater than 0/);
    await bad([...base, '--hidden', '1', '--cost', '1'], /--cost must be two numbers/);
    await bad([...base, '--hidden', '1', '--positive', 'maybe'], /--positive 'maybe' is not a label/);
    await bad([...base, '--hidden', '1', '--pool', '1'], /--pool must be between D = 2/);
    await bad([...base, '--hidden', '1', '--seed', '3'], /--seed only seeds the coreset/);
    await bad(
      [...base, '--hidden', '1', '--coreset', '10', '--queue', 'redis://127.0.0.1:1'],
      /--coreset runs in this process/,
    );
    await bad([...base, '--hidden', '1', '--cost', '1,2', '--loss', 'balanced'], /cannot be combined/);
  });

  it('unreachable or malformed Redis for fit and worker', async () => {
    const port = await freePort();
    await bad(
      [...base, '--hidden', '1', '--queue', `redis://127.0.0.1:${port}`],
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    await bad([...base, '--hidden', '1', '--queue', 'http://127.0.0.1:6379'], /must start with redis:\/\//);
    const w = await floret('net', 'worker', '--queue', `redis://127.0.0.1:${port}`);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/cannot reach Redis/);
  });

  it('predict: missing or invalid model, data without the model’s features', async () => {
    const p1 = await floret('net', 'predict', '--model', join(dir, 'none.json'), '--data', DATA);
    expect(p1.code).toBe(2);
    expect(p1.err).toMatch(/cannot read model .*no such file/);
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"format":"floret-tree"}');
    const p2 = await floret('net', 'predict', '--model', junk, '--data', DATA);
    expect(p2.code).toBe(2);
    expect(p2.err.trim().split('\n')).toHaveLength(1);
    const model = join(dir, 'm1.json');
    expect((await floret('net', 'fit', ...base.slice(2), '--hidden', '1', '--out', model)).code).toBe(0);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'a,c\n1,2\n');
    const p3 = await floret('net', 'predict', '--model', model, '--data', other);
    expect(p3.code).toBe(2);
    expect(p3.err).toMatch(/no feature column 'b'/);
  });

  it('an unwritable --out is a usage error', async () => {
    const r = await floret(...base, '--hidden', '1', '--out', join(dir, 'no-such-dir', 'm.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write --out .*no-such-dir.* \(ENOENT\)/);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
