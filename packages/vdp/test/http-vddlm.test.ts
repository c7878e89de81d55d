/**
 * Layer 7 checks (VDDLM): verifier service here, each server and client as its own process (built
 * dist/party.js). Honest runs verify; a cheating server is rejected with its reason; malformed and
 * out-of-order messages are answered with 400 and a reason.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ByteWriter, toHex } from '../src/codec.js';
import { analyze, type DLapParams } from '../src/dlap.js';
import { partyScript } from '../src/http.js';
import {
  fetchVddlmResult,
  runVddlmOverHttp,
  startVddlmVerifier,
  VDDLM_HTTP_VERSION,
} from '../src/http-vddlm.js';
import { verifierLocalSrs } from '../src/kzg.js';
import { alterShare, clientShare } from '../src/vddlm.js';

const params = analyze(1, 1, 2) as DLapParams; // 5 coin vectors: small, for speed
const srs = verifierLocalSrs(2, 4);

describe('VDDLM over HTTP', () => {
  it('an honest run across processes verifies and releases sum + bounded noise', async () => {
    const r = await runVddlmOverHttp(srs, params, [[5, 7]], 2);
    expect(r.reason).toBeNull();
    expect(r.verified).toBe(true);
    const bound = 2n * 2n ** BigInt(params.logRange);
    expect(r.released.length).toBe(2);
    expect((r.released[0] as bigint) - 5n <= bound && (r.released[0] as bigint) - 5n >= -bound).toBe(true);
    expect(r.proofBytes).toBeGreaterThan(0);
  }, 60_000);
  it('a server withholding its noise is rejected with the reason', async () => {
    const r = await runVddlmOverHttp(srs, params, [[1, 2]], 2, 'withheld-noise');
    expect(r.verified).toBe(false);
    expect(r.reason).toMatch(/^server 0: published output does not open/);
    expect(r.released).toEqual([]);
  }, 60_000);
  it('a client sending a server another share than it committed to is refused and excluded; the run verifies', async () => {
    const r = await runVddlmOverHttp(
      srs,
      params,
      [
        [1, 2],
        [3, 4],
      ],
      2,
      'client-share',
    );
    expect(r.reason).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.excludedClients).toEqual([0]);
    expect(r.exclusions[0]?.server).toBe(0);
    expect(r.exclusions[0]?.reason).toMatch(/^server 0 refused client 0: share does not match/);
    // The client process itself exited non-zero with the server's reason.
    expect(r.clientErrors[0]).toMatch(/server 0 refused client 0/);
    expect(r.clientErrors[1]).toBeUndefined();
    // Released: client 1's vector plus each server's noise (|N_s| ≤ 2^L).
    const bound = 2n * 2n ** BigInt(params.logRange);
    for (const [i, v] of [3n, 4n].entries()) {
      const diff = (r.released[i] as bigint) - v;
      expect(diff <= bound && diff >= -bound).toBe(true);
    }
  }, 60_000);
  it("a server refuses a share under another client's index (wrong token) without excluding that client", async () => {
    const v = await startVddlmVerifier(srs, params, 2, 2);
    const server = spawn(process.execPath, [partyScript(), 'vddlm-server', v.url, '0'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      const post = async (to: string, body: unknown) => {
        const r = await fetch(to, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return {
          status: r.status,
          json: (await r.json()) as { error?: string; client?: number; token?: string },
        };
      };
      const sh = clientShare(srs, [2, 5], 2);
      const cw = new ByteWriter();
      for (const c of sh.commitments) cw.g1(c);
      const input = await post(`${v.url}/v1/input`, {
        version: VDDLM_HTTP_VERSION,
        commitments: toHex(cw.done()),
      });
      expect(input.json.client).toBe(0);
      const share = (x: { values: readonly bigint[]; blind: readonly bigint[] }, token: string) => {
        const vw = new ByteWriter();
        for (const y of x.values) vw.scalar(y);
        const bw = new ByteWriter();
        for (const y of x.blind) bw.scalar(y);
        return {
          version: VDDLM_HTTP_VERSION,
          client: 0,
          token,
          values: toHex(vw.done()),
          blind: toHex(bw.done()),
        };
      };
      const mine = sh.shares[0] as { values: readonly bigint[]; blind: readonly bigint[] };
      const impostor = await post(`${url}/v1/share`, share(alterShare(mine), '00'.repeat(32)));
      expect(impostor.status).toBe(400);
      expect(impostor.json.error).toMatch(/wrong token for client 0/);
      expect((await fetchVddlmResult(v.url)).excludedClients).toEqual([]);
      // The real client (right token) with a share other than its commitment: refused and excluded.
      const bad = await post(`${url}/v1/share`, share(alterShare(mine), input.json.token as string));
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatch(/^server 0 refused client 0: share does not match/);
      const res = await fetchVddlmResult(v.url);
      expect(res.excludedClients).toEqual([0]);
      expect(res.exclusionReasons[0]).toMatch(/^server 0 refused client 0/);
      // Once refused, the client cannot try again at this server.
      const again = await post(`${url}/v1/share`, share(mine, input.json.token as string));
      expect(again.status).toBe(400);
      expect(again.json.error).toMatch(/already sent/);
    } finally {
      server.kill('SIGTERM');
      await v.close();
    }
  }, 60_000);
  it('malformed and out-of-order messages get a 400 with a reason', async () => {
    const v = await startVddlmVerifier(srs, params, 2, 2);
    try {
      const post = async (path: string, body: unknown) => {
        const r = await fetch(`${v.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: r.status, json: (await r.json()) as { error?: string } };
      };
      const early = await post('/v1/proof', { version: VDDLM_HTTP_VERSION, server: 0, proof: '' });
      expect(early.status).toBe(400);
      expect(early.json.error).toMatch(/no key commitments/);
      const badInput = await post('/v1/input', { version: VDDLM_HTTP_VERSION, commitments: 'ab' });
      expect(badInput.status).toBe(400);
      expect(badInput.json.error).toMatch(/truncated/);
      const wrongVersion = await post('/v1/keys', {
        version: 'floret-vdp/vddlm/http/0',
        server: 0,
        keys: '',
      });
      expect(wrongVersion.status).toBe(400);
      // Exclusions name a known client and server.
      const exUnknown = await post('/v1/exclude', {
        version: VDDLM_HTTP_VERSION,
        server: 0,
        client: 0,
        reason: 'x',
      });
      expect(exUnknown.status).toBe(400);
      expect(exUnknown.json.error).toMatch(/bad exclude message/);
      const noClient = await fetch(`${v.url}/v1/input/7`);
      expect(noClient.status).toBe(404);
    } finally {
      await v.close();
    }
  });
});
