/**
 * VDDLM parties started by hand (issue layer 7), each through the `floret` binary as its own process:
 * `floret vdp serve --role verifier --mechanism vddlm`, two `serve --role server`, two `vddlm client`,
 * then `vddlm prove` per server. The verifier verifies both servers' noise proofs (arXiv:2504.21752 §5)
 * and prints the released sum; a client arriving after a server has committed to its keys is refused.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const floret = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'bin', 'floret.js');
const live: ChildProcess[] = [];
afterAll(() => {
  for (const p of live) if (p.exitCode === null) p.kill('SIGTERM');
});

/** Starts a long-running party; resolves with its URL (matched on stdout or stderr) and the process. */
function startParty(
  args: string[],
  pattern: RegExp,
): Promise<{ url: string; proc: ChildProcess; out: () => string }> {
  const proc = spawn(process.execPath, [floret, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.push(proc);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const look = (): void => {
      const m = pattern.exec(out + err);
      if (m?.[1] !== undefined) resolve({ url: m[1], proc, out: () => out });
    };
    proc.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      look();
    });
    proc.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      look();
    });
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

/** Runs a short command to completion. */
function runCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [floret, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    proc.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    proc.on('close', (code) => resolve({ code, out, err }));
  });
}

const exited = (p: ChildProcess): Promise<number | null> =>
  p.exitCode !== null ? Promise.resolve(p.exitCode) : new Promise((r) => p.once('exit', (c) => r(c)));

describe('floret vdp serve --role verifier --mechanism vddlm (parties started by hand)', () => {
  it('verifies two servers fed by two clients, each party its own process', async () => {
    const v = await startParty(
      [
        'vdp',
        'serve',
        '--role',
        'verifier',
        '--mechanism',
        'vddlm',
        '--servers',
        '2',
        '--dim',
        '4',
        '--epsilon',
        '1',
        '--log-range',
        '2',
        '--precision',
        '3',
        '--json',
      ],
      /VDDLM verifier listening on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    const servers = await Promise.all(
      [0, 1].map((i) =>
        startParty(
          ['vdp', 'serve', '--role', 'server', '--verifier', v.url, '--index', String(i)],
          /listening (http:\/\/127\.0\.0\.1:\d+)/,
        ),
      ),
    );
    const serverList = servers.map((s) => s.url).join(',');
    for (const values of ['1,2,3,4', '0,5,0,1']) {
      const c = await runCli([
        'vdp',
        'vddlm',
        'client',
        '--verifier',
        v.url,
        '--servers',
        serverList,
        '--values',
        values,
      ]);
      expect(c.err).toBe('');
      expect(c.code).toBe(0);
    }
    const p0 = await runCli([
      'vdp',
      'vddlm',
      'prove',
      '--server',
      (servers[0] as { url: string }).url,
      '--json',
    ]);
    expect(p0.code).toBe(0);
    expect(JSON.parse(p0.out)).toMatchObject({ verified: true, reason: null });
    // C_in is fixed once a server has its coins: a late client is refused, not silently dropped.
    const late = await runCli([
      'vdp',
      'vddlm',
      'client',
      '--verifier',
      v.url,
      '--servers',
      serverList,
      '--values',
      '1,1,1,1',
    ]);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/inputs are closed/);
    const p1 = await runCli([
      'vdp',
      'vddlm',
      'prove',
      '--server',
      (servers[1] as { url: string }).url,
      '--json',
    ]);
    expect(p1.code).toBe(0);
    expect(await exited(v.proc)).toBe(0);
    const verdict = JSON.parse(v.out()) as {
      verified: boolean;
      released: string[];
      clients: number;
      reason: null;
    };
    expect(verdict.verified).toBe(true);
    expect(verdict.reason).toBeNull();
    expect(verdict.clients).toBe(2);
    expect(verdict.released).toHaveLength(4);
    // Bad usage is exit 2 with one line naming the fix.
    const bad = await runCli([
      'vdp',
      'serve',
      '--role',
      'verifier',
      '--mechanism',
      'vddlm',
      '--servers',
      '2',
      '--epsilon',
      '1',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--dim/);
  }, 90_000);
});
