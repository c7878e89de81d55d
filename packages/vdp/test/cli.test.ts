/**
 * CLI checks: `floret vdp` commands run in process through cli-kit's runProgram (exit-code contract:
 * 0 verified, 1 verifier rejected, 2 bad usage), with stdout captured.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '@floret/cli-kit';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tool } from '../src/cli.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('floret');
  for (const c of tool.commands) program.addCommand(c);
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
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

const dir = mkdtempSync(join(tmpdir(), 'floret-vdp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('floret vdp vrr run', () => {
  const base = [
    'vdp',
    'vrr',
    'run',
    '--clients',
    '2',
    '--classes',
    '4',
    '--epsilon',
    '1',
    '--log-omega',
    '5',
  ];
  it('verifies an honest run and prints the contract fields', async () => {
    const r = await run([...base, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j.verified).toBe(true);
    expect(j.proofBytes).toBe(928);
    for (const k of ['released', 'proverSeconds', 'verifierSeconds']) expect(j).toHaveProperty(k);
  });
  // Every kind is tested at the library level (vrr.test.ts, http.test.ts); here one through the CLI.
  for (const kind of ['noise-distribution']) {
    it(`--tamper ${kind}: verified false, exit 1, with the reason`, async () => {
      const r = await run([...base, '--tamper', kind, '--json']);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out) as { verified: boolean; reason: string };
      expect(j.verified).toBe(false);
      expect(j.reason).toMatch(/^client 0: /);
      expect(r.err).toMatch(/verifier rejected/);
    });
  }
  it('default transport is HTTP with client processes', async () => {
    const r = await run([
      'vdp',
      'vrr',
      'run',
      '--clients',
      '1',
      '--classes',
      '2',
      '--epsilon',
      '1',
      '--log-omega',
      '4',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { verified: boolean; transport: string };
    expect(j.transport).toBe('http');
    expect(j.verified).toBe(true);
  }, 60_000);
  it('--verify batch --workers 2: verifies, reports proofs/s; a cheating client is still named', async () => {
    const batch = [...base, '--verify', 'batch', '--workers', '2', '--transport', 'in-process', '--json'];
    const r = await run(batch);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      verified: boolean;
      verify: string;
      workers: number;
      proofsPerSecond: number;
    };
    expect(j.verified).toBe(true);
    expect(j.verify).toBe('batch');
    expect(j.workers).toBe(2);
    expect(j.proofsPerSecond).toBeGreaterThan(0);
    const t = await run([...batch, '--tamper', 'reused-coin']);
    expect(t.code).toBe(1);
    const tj = JSON.parse(t.out) as { verified: boolean; reason: string; proofsPerSecond: number | null };
    expect(tj.verified).toBe(false);
    expect(tj.reason).toMatch(/^client 0: /);
    expect(tj.proofsPerSecond).toBeNull();
    const each = JSON.parse((await run([...base, '--transport', 'in-process', '--json'])).out) as {
      verify: string;
    };
    expect(each.verify).toBe('each');
  }, 60_000);
  it('bad usage exits 2 with one line', async () => {
    expect((await run([...base.slice(0, -2), '--epsilon', '-1'])).code).toBe(2);
    const w = await run([...base, '--workers', '2']);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--workers applies to --verify batch/);
    expect((await run([...base, '--tamper', 'client-share'])).code).toBe(2);
    const r = await run([...base, '--tamper', 'withheld-noise']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/applies to vddlm/);
    expect(
      (await run(['vdp', 'vrr', 'run', '--clients', '2', '--classes', '3', '--epsilon', '1'])).code,
    ).toBe(2);
  });
});

describe('floret vdp vddlm run', () => {
  it('--tamper altered-share is rejected (exit 1), small parameters', async () => {
    const r = await run([
      'vdp',
      'vddlm',
      'run',
      '--servers',
      '2',
      '--clients',
      '1',
      '--dim',
      '2',
      '--epsilon',
      '1',
      '--log-range',
      '1',
      '--precision',
      '2',
      '--tamper',
      'altered-share',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { verified: boolean; reason: string; released: unknown[] };
    expect(j.verified).toBe(false);
    expect(j.reason).toMatch(/does not open/);
    expect(j.released).toEqual([]);
  }, 60_000);
  it('--tamper client-share: verified, exit 0, client 0 excluded and named in the JSON', async () => {
    const r = await run([
      'vdp',
      'vddlm',
      'run',
      '--servers',
      '2',
      '--clients',
      '2',
      '--dim',
      '2',
      '--epsilon',
      '1',
      '--log-range',
      '1',
      '--precision',
      '2',
      '--transport',
      'in-process',
      '--tamper',
      'client-share',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      verified: boolean;
      excludedClients: number[];
      exclusions: { client: number; server: number; reason: string }[];
      released: unknown[];
    };
    expect(j.verified).toBe(true);
    expect(j.excludedClients).toEqual([0]);
    expect(j.exclusions[0]?.reason).toMatch(/server 0 refused client 0/);
    expect(j.released).toHaveLength(2);
  }, 60_000);
  it('rejects a single server', async () => {
    const r = await run([
      'vdp',
      'vddlm',
      'run',
      '--servers',
      '1',
      '--clients',
      '1',
      '--dim',
      '2',
      '--epsilon',
      '1',
    ]);
    expect(r.code).toBe(2);
  });
});

describe('floret vdp setup', () => {
  it('writes a ceremony file that verifies, and rejects a corrupted one', async () => {
    const f = join(dir, 'srs.json');
    const w = await run([
      'vdp',
      'setup',
      '--powers',
      '8',
      '--h-powers',
      '4',
      '--contributors',
      '2',
      '--out',
      f,
      '--json',
    ]);
    expect(w.code).toBe(0);
    expect((JSON.parse(w.out) as { contributions: number }).contributions).toBe(2);
    expect((await run(['vdp', 'setup', '--verify', f])).code).toBe(0);
    const text = readFileSync(f, 'utf8');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, text.replace(/"name":"contributor-1"/, '"name":"contributor-X"'));
    const r = await run(['vdp', 'setup', '--verify', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/hash mismatch/);
    const x = await run([
      'vdp',
      'setup',
      '--extend',
      f,
      '--contributors',
      '1',
      '--out',
      join(dir, 'srs3.json'),
      '--json',
    ]);
    expect(x.code).toBe(0);
    expect((JSON.parse(x.out) as { contributions: number }).contributions).toBe(3);
  });
});
