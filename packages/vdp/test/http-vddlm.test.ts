/**
 * Layer 7 checks (VDDLM): verifier service here, each server and client as its own process (built
 * dist/party.js). Honest runs verify; a cheating server is rejected with its reason; malformed and
 * out-of-order messages are answered with 400 and a reason.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type DLapParams } from '../src/dlap.js';
import { runVddlmOverHttp, startVddlmVerifier, VDDLM_HTTP_VERSION } from '../src/http-vddlm.js';
import { verifierLocalSrs } from '../src/kzg.js';

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
    } finally {
      await v.close();
    }
  });
});
