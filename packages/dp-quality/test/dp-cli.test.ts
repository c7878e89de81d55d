/**
 * `floret dpq estimate` and `floret dpq report` in-process (cli-kit's runProgram): the public JSON
 * fields (measure, epsilon, estimate, ledger {steps, total}), the exact ledger total, seeded
 * reproducibility, the one-line exit-2 errors for a bad ε, and the report page.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '@floret/cli-kit';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { estimateCommand } from '../src/cli/estimate.js';
import { reportCommand } from '../src/cli/report.js';
import { graphFromEdges } from '../src/dp/build.js';
import { dpTourLines } from '../src/report.js';

const DATA = join(import.meta.dirname, 'data');
const HOSP = ['--data', join(DATA, 'hospital.csv'), '--constraints', join(DATA, 'Hospital.dcs.txt')];

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
    const p = new Command('floret').addCommand(
      new Command('dpq').addCommand(estimateCommand()).addCommand(reportCommand()),
    );
    return { code: await runProgram(p, args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('floret dpq estimate', () => {
  it('prints the estimate and a ledger whose total is ε, reproducibly with --seed', async () => {
    const args = [
      'dpq',
      'estimate',
      ...HOSP,
      '--measure',
      'mi',
      '--epsilon',
      '0.7',
      '--seed',
      '11',
      '--json',
    ];
    const a = await run(args);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out);
    expect(j.measure).toBe('mi');
    expect(j.epsilon).toBe(0.7);
    expect(j.seeded).toBe(true);
    expect(Number.isInteger(j.estimate) && j.estimate >= 0).toBe(true);
    expect(j.ledger.totalExact).toBe('7/10');
    expect(j.ledger.total).toBe(0.7);
    expect(j.ledger.steps.map((s: { mechanism: string }) => s.mechanism)).toEqual([
      'discrete-laplace',
      'discrete-laplace',
      'generalized-exponential-mechanism',
      'discrete-laplace',
    ]);
    // Only DP outputs: neither the true I_MI (5,751) nor the row count appear as fields.
    expect(j).not.toHaveProperty('tuples');
    expect(a.err).toContain('--seed');
    const b = await run(args);
    expect(JSON.parse(b.out)).toEqual(j);
  });

  it('estimates I_R and I_P in text form', async () => {
    const r = await run(['dpq', 'estimate', ...HOSP, '--measure', 'r', '--epsilon', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^I_R \(upper estimate 2\|M\|\) ≈ \d+/);
    expect(r.out).toContain('total ε = 1');
    const p = await run(['dpq', 'estimate', ...HOSP, '--measure', 'p', '--epsilon', '1/2']);
    expect(p.code).toBe(0);
    expect(p.out).toContain('total ε = 1/2');
  });

  for (const bad of ['0', '-1', 'abc', '1/0', 'NaN']) {
    it(`rejects --epsilon ${bad} with one line and exit 2`, async () => {
      const r = await run(['dpq', 'estimate', ...HOSP, '--measure', 'mi', '--epsilon', bad]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain('--epsilon');
      expect(r.out).toBe('');
    });
  }

  it('rejects an unknown measure and an unreadable constraints file with exit 2', async () => {
    expect((await run(['dpq', 'estimate', ...HOSP, '--measure', 'x', '--epsilon', '1'])).code).toBe(2);
    const r = await run([
      'dpq',
      'estimate',
      '--data',
      join(DATA, 'hospital.csv'),
      '--constraints',
      '/nonexistent/dcs.txt',
      '--measure',
      'mi',
      '--epsilon',
      '1',
    ]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('floret dpq report', () => {
  it('releases all three measures under one ledger of ε and explains them', async () => {
    const r = await run(['dpq', 'report', ...HOSP, '--epsilon', '1', '--seed', '3']);
    expect(r.code).toBe(0);
    for (const s of [
      'I_MI',
      'I_P',
      'I_R',
      'What it means',
      'e^ε = 2.718',
      'Privacy ledger',
      'Warning: reproducible run',
    ])
      expect(r.out).toContain(s);
    const j = JSON.parse(
      (await run(['dpq', 'report', ...HOSP, '--epsilon', '1', '--seed', '3', '--json'])).out,
    );
    expect(j.ledger.totalExact).toBe('1');
    expect(j.releases.map((x: { measure: string }) => x.measure)).toEqual(['mi', 'p', 'r']);
    // A shared degree bound takes 1/10; the three measures split 9/10 evenly.
    expect(j.releases.map((x: { epsilonExact: string }) => x.epsilonExact)).toEqual(['3/10', '3/10', '3/10']);
    expect(r.out).not.toMatch(/2\|M\| \(/); // '|' is escaped inside Markdown table cells
  });

  it('renders an earlier estimate --json without touching the data (--from), atomically to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpq-report-'));
    const est = await run(['dpq', 'estimate', ...HOSP, '--measure', 'p', '--epsilon', '2', '--json']);
    writeFileSync(join(dir, 'e.json'), est.out);
    const out = join(dir, 'report.txt');
    const r = await run(['dpq', 'report', '--from', join(dir, 'e.json'), '--format', 'text', '--out', out]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('I_P — problematic rows');
    expect(text).toContain('total ε = 2');
    expect(text).not.toContain('Warning: reproducible run');
    const bad = await run(['dpq', 'report', '--from', join(dir, 'nope.json')]);
    expect(bad.code).toBe(2);
  });
});

describe('tour lines', () => {
  it('release all three measures under a ledger of exactly 1', () => {
    const edges: [number, number][] = [];
    for (let i = 0; i < 60; i++) edges.push([i, (i * 7 + 3) % 100]);
    const lines = dpTourLines(graphFromEdges(100, edges), [4]);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toContain('ledger total ε = 1;');
  });
});
