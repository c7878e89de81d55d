/**
 * `floret dpq exact` in-process (commander program from this package's commands, cli-kit's
 * runProgram): the public output fields and the one-line, exit-2 errors of the issue.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram } from '@floret/cli-kit';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { dpqCommand, tool } from '../src/cli.js';
import { tempDir } from './fixtures.js';

const DATA = join(import.meta.dirname, 'data');
const dir = tempDir();

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    // A fresh program each time: commander keeps option values between parses.
    const p = new Command('floret').addCommand(dpqCommand());
    const code = await runProgram(p, args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('floret dpq exact', () => {
  it('prints the measures of hospital as JSON', async () => {
    const r = await run([
      'dpq',
      'exact',
      '--data',
      join(DATA, 'hospital.csv'),
      '--constraints',
      join(DATA, 'Hospital.dcs.txt'),
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      engine: 'duckdb',
      tuples: 1000,
      edges: 5751,
      problematic: 1000,
      repairStatus: 'optimal',
    });
    for (const k of ['repairLp', 'repairLower', 'repairUpper', 'repair']) expect(typeof j[k]).toBe('number');
    expect(j.repairLower).toBeLessThanOrEqual(j.repair);
    expect(j.repair).toBeLessThanOrEqual(j.repairUpper);
  });

  it('counts only, through the FD fast path', async () => {
    const r = await run([
      'dpq',
      'exact',
      '--data',
      join(DATA, 'hospital.csv'),
      '--constraints',
      join(DATA, 'Hospital.dcs.txt'),
      '--counts-only',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^edges\s+5751$/m);
    expect(r.out).toMatch(/^fdFastPath\s+true$/m);
  });

  it('bad input: one line, exit 2', async () => {
    const bad = join(dir, 'bad.dcs');
    writeFileSync(bad, 'not(t1.City!=t2.City&t1.ZipCode=t2.ZipCode)\nnot(t1.State~t2.State)\n');
    const unknown = join(dir, 'unknown.dcs');
    writeFileSync(unknown, 'not(t1.Zip=t2.Zip&t1.City!=t2.City)\n');
    const cases: [string[], RegExp][] = [
      [['--data', join(DATA, 'hospital.csv'), '--constraints', bad], /bad\.dcs:2:13: expected an operator/],
      [
        ['--data', join(DATA, 'hospital.csv'), '--constraints', unknown],
        /unknown column 'Zip' .*did you mean 'ZipCode'\?/,
      ],
      [
        ['--data', join(DATA, 'hospital.csv'), '--constraints', join(dir, 'none.dcs')],
        /--constraints .*none\.dcs: cannot read it \(no such file\)/,
      ],
      [
        ['--data', join(dir, 'none.csv'), '--constraints', join(DATA, 'Hospital.dcs.txt')],
        /--data .*none\.csv: no such file/,
      ],
      [
        [
          '--data',
          'postgres://u:pw@127.0.0.1:1/db',
          '--table',
          't',
          '--constraints',
          join(DATA, 'Hospital.dcs.txt'),
        ],
        /cannot connect \(connection refused/,
      ],
    ];
    for (const [args, re] of cases) {
      const r = await run(['dpq', 'exact', ...args]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.split('\n')[0]).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('tour stop runs on built-in data', async () => {
    const lines = await (tool.tour?.run() ?? []);
    expect(lines.join('\n')).toMatch(/problematic tuples \(I_P\)\s+\d+/);
  });
});
