/**
 * Layer 7 checks (VRR): the verifier as an HTTP service on loopback; clients in process and as
 * separate processes. Malformed, out-of-order and replayed messages end the session with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runVrrClient,
  runVrrOverHttp,
  startVrrVerifier,
  type VerifierServer,
  VRR_HTTP_VERSION,
} from '../src/http.js';
import { verifierLocalSrs } from '../src/kzg.js';
import { vrrSetup } from '../src/vrr.js';

const setup = vrrSetup(verifierLocalSrs(32, 2), 4, 5, 1);
let server: VerifierServer;
beforeAll(async () => {
  server = await startVrrVerifier(setup);
});
afterAll(async () => {
  await server.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

describe('VRR over HTTP', () => {
  it('an honest client is accepted; a cheating one is rejected with the reason', async () => {
    const ok = await runVrrClient(server.url, 1);
    expect(ok.accepted).toBe(true);
    expect(ok.bytes).toBe(928);
    const bad = await runVrrClient(server.url, 2, { misreport: true });
    expect(bad.accepted).toBe(false);
    expect(bad.reason).toMatch(/Prod/);
    expect(server.log.accepted.length).toBeGreaterThanOrEqual(1);
  });
  it('malformed and out-of-order messages get a 400 with a reason, and the server keeps serving', async () => {
    const notJson = await post('/v1/commit', 'nonsense');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatch(/bad commit message/);
    const wrongVersion = await post('/v1/commit', { version: 'floret-vdp/vrr/http/0', commit: '' });
    expect(wrongVersion.status).toBe(400);
    const badPoint = await post('/v1/commit', { version: VRR_HTTP_VERSION, commit: '00'.repeat(96) });
    expect(badPoint.status).toBe(400);
    expect(badPoint.json.error).toMatch(/invalid G1 point/);
    const noSession = await post('/v1/respond', {
      version: VRR_HTTP_VERSION,
      session: 'ab'.repeat(16),
      response: '',
    });
    expect(noSession.status).toBe(400);
    expect(noSession.json.error).toMatch(/unknown or ended session/);
    expect((await runVrrClient(server.url, 0)).accepted).toBe(true);
  });
  it('runs clients as separate processes (built dist)', async () => {
    const r = await runVrrOverHttp(setup, [0, 3]);
    expect(r.reason).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(2);
    const t = await runVrrOverHttp(setup, [1], 'forged-opening');
    expect(t.verified).toBe(false);
    expect(t.reason).toMatch(/^client 0: .*KZG opening fails/);
  }, 60_000);
  it('--verify batch: proofs are collected, then verified in one batch on workers; a cheat is still named', async () => {
    const mode = { mode: 'batch', workers: 2 } as const;
    const r = await runVrrOverHttp(setup, [2], undefined, 2, mode);
    expect(r.reason).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(1);
    // Client 0 cheats; clients run two at a time, so its place in the batch varies: still named client 0.
    const t = await runVrrOverHttp(setup, [1, 0], 'noise-distribution', 2, mode);
    expect(t.verified).toBe(false);
    expect(t.reason).toMatch(/^client 0: /);
    expect(t.counts).toEqual([]);
  }, 60_000);
});
