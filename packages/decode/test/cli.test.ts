/**
 * The `floret decode` commands as a user runs them (the built binary): JSON field names of the issue's
 * contract, exit code 2 with one line for bad input, and the tables command printing the paper's values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '@floret/cli-kit';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../src/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', '..', 'cli', 'bin', 'floret.js');
const fixture = (f: string) => join(here, 'fixtures', f);
// A truncated config.json, written at test time (a broken JSON file cannot live in the linted tree).
const broken = join(mkdtempSync(join(tmpdir(), 'floret-decode-')), 'config.json');
writeFileSync(broken, '{ "model_type": "llama", "hidden_size": 4096');

/** Runs `floret decode …` in-process with the shared exit-code contract, capturing stdout and stderr. */
async function floret(...args: string[]) {
  const program = new Command('floret').addCommand(decodeCommand());
  let out = '';
  let err = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => {
    err += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runProgram(program, ['decode', ...args]);
    return { code, out, err };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

describe('floret decode', () => {
  it('cost --json has the contract fields (Table 2/6 values for Step-3 at 8K on H800)', async () => {
    const r = await floret('cost', '--model', 'step3', '--hardware', 'h800', '--context', '8K', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of [
      'kvBytes',
      'attentionFlops',
      'linearFlops',
      'ffnFlops',
      'attentionUsdPerMTokens',
      'ffnUsdPerMTokens',
    ])
      expect(typeof j[k]).toBe('number');
    expect(j.kvBytes.toPrecision(3)).toBe('2.56e+8');
    expect(j.attentionUsdPerMTokens.toFixed(3)).toBe('0.048');
  });
  it('cost reads a config.json', async () => {
    const r = await floret(
      'cost',
      '--model',
      fixture('step3.config.json'),
      '--hardware',
      'a800',
      '--context',
      '32768',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).attentionUsdPerMTokens.toFixed(3)).toBe('0.120');
  });
  it('afd --json gives the cheapest hardware and usdPerMTokens (Observation 1: 0.129 at 32K)', async () => {
    const r = await floret('afd', '--model', 'step3', '--context', '32K', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.usdPerMTokens.toFixed(3)).toBe('0.129');
    expect(j.ffnHardware).toBe('h800');
  });
  it('tables prints every cell beside the printed value', async () => {
    const r = await floret('tables');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Table 6/);
    expect(r.out).toMatch(/189 of 190 cells/);
  });
  it('models and hardware list the catalogue, with --json', async () => {
    expect(JSON.parse((await floret('models', '--json')).out)).toHaveLength(9);
    const hw = JSON.parse((await floret('hardware', '--json')).out) as { id: string; source: string }[];
    expect(hw.map((h) => h.id)).toEqual(
      expect.arrayContaining(['h800', 'h20', 'a800', '910b', 'h200', 'b200']),
    );
    for (const h of hw) expect(h.source.length).toBeGreaterThan(10);
  });
  const bad: [string, string[], RegExp][] = [
    [
      'unknown model',
      ['cost', '--model', 'gpt5', '--hardware', 'h800', '--context', '8K'],
      /not a built-in model/,
    ],
    ['unknown hardware', ['cost', '--model', 'step3', '--hardware', 'tpu9', '--context', '8K'], /unknown/],
    ['context 0', ['cost', '--model', 'step3', '--hardware', 'h800', '--context', '0'], /greater than 0/],
    ['negative context', ['afd', '--model', 'step3', '--context', '-5'], /greater than 0/],
    ['broken config.json', ['afd', '--model', broken, '--context', '8K'], /not valid JSON/],
    [
      'unsupported config.json',
      ['afd', '--model', fixture('unsupported.config.json'), '--context', '8K'],
      /not supported/,
    ],
    ['missing config.json', ['afd', '--model', './nope/config.json', '--context', '8K'], /cannot read/],
  ];
  for (const [what, args, msg] of bad) {
    it(`${what}: one line on stderr, exit 2`, async () => {
      const r = await floret(...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    });
  }
  it('plan and simulate --json', async () => {
    const p = JSON.parse(
      (await floret('plan', '--model', 'step3', '--context', '4K', '--micro-batches', '3', '--json')).out,
    );
    expect(p.best.label).toBe('2A2F');
    expect(p.candidates).toBeGreaterThan(1e5);
    const s = JSON.parse(
      (await floret('simulate', '--model', 'step3', '--context', '4K', '--mode', 'paper', '--json')).out,
    );
    expect(s.mode).toBe('paper');
    expect(s.tokensPerSecondPerGpu).toBeGreaterThan(0);
  });
  it('the floret binary wires the group in (one spawn)', () => {
    const r = spawnSync(
      process.execPath,
      [bin, 'decode', 'cost', '--model', 'step3', '--hardware', 'h800', '--context', '0'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--context must be greater than 0/);
  });
});
