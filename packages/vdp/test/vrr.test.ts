/** Layer 5 checks: VRR is complete, batch-verifies, rejects each cheat, and randomizes at the right rate. */
import { describe, expect, it } from 'vitest';
import { G1 } from '../src/curve.js';
import { add } from '../src/field.js';
import {
  decodeVrrCommit,
  decodeVrrResponse,
  encodeVrrCommit,
  encodeVrrResponse,
  estimateFrequencies,
  randomIndex,
  reportedClass,
  type VrrSession,
  vrrCommit,
  vrrPublicCoin,
  vrrRespond,
  vrrSetup,
  vrrVerify,
  vrrVerifyBatch,
} from '../src/vrr.js';
import { testSrs } from './helpers.js';

const setup = vrrSetup(testSrs(), 4, 6, 1);

function session(cls: number): VrrSession {
  const { state, msg } = vrrCommit(setup, cls);
  const coin = vrrPublicCoin(setup);
  return { msg, coin, resp: vrrRespond(setup, state, msg, coin) };
}

describe('VRR', () => {
  it('sets up the k-RR table with realized ε = ln(A/B)', () => {
    // Ω = 64, K = 4, ε = 1: B = round(64/(e + 3)) = 11, A = 64 − 33 = 31.
    expect(setup.other).toBe(11);
    expect(setup.keep).toBe(31);
    expect(setup.epsilonRealized).toBeCloseTo(Math.log(31 / 11), 12);
    expect(() => vrrSetup(testSrs(), 4, 7, 1)).toThrow(/SRS/);
    expect(() => vrrSetup(testSrs(), 3, 6, 1)).toThrow(/power of two/);
  });
  it('honest clients verify, singly and in a batch, and report a valid class', () => {
    const ss = [0, 1, 2, 3, 1].map(session);
    for (const s of ss) {
      expect(vrrVerify(setup, s.msg, s.coin, s.resp)).toBeNull();
      expect(reportedClass(setup, s.resp.y)).toBeGreaterThanOrEqual(0);
    }
    expect(vrrVerifyBatch(setup, ss)).toBeNull();
  });
  it('rejects noise-distribution cheating (reporting the true class regardless of the coins)', () => {
    // Reporting the truth is a valid class; it only fails when the coins say "flip". Try until they do.
    for (let i = 0; i < 20; i++) {
      const { state, msg } = vrrCommit(setup, 2);
      const coin = vrrPublicCoin(setup);
      const honest = setup.table[(state.j + coin) % setup.omega] === 1n;
      const resp = vrrRespond(setup, state, msg, coin, { reportTruth: true });
      const r = vrrVerify(setup, msg, coin, resp);
      if (honest) expect(r).toBeNull();
      else {
        expect(r).not.toBeNull();
        return;
      }
    }
    throw new Error('coins never said flip in 20 tries (probability < 1e-7)');
  });
  it('rejects a reused (stale) public coin', () => {
    const { state, msg } = vrrCommit(setup, 1);
    const coin = vrrPublicCoin(setup);
    const resp = vrrRespond(setup, state, msg, coin, { coinOverride: (coin + 1) % setup.omega });
    expect(vrrVerify(setup, msg, coin, resp)).toMatch(/table lookup F\(t\) at the coin-shifted index/);
    const stale = vrrRespond(setup, state, msg, coin, { staleCoin: true });
    expect(vrrVerify(setup, msg, coin, stale)).not.toBeNull();
  });
  it('rejects a forged opening, and a batch with one bad client names it', () => {
    const { state, msg } = vrrCommit(setup, 3);
    const coin = vrrPublicCoin(setup);
    const resp = vrrRespond(setup, state, msg, coin, { forgeOpening: true });
    expect(vrrVerify(setup, msg, coin, resp)).toMatch(/KZG opening/);
    const ss = [session(0), { msg, coin, resp }, session(1)];
    expect(vrrVerifyBatch(setup, ss)).toMatch(/^client 1:/);
  });
  it('rejects a misreported class (the CLI noise-distribution tamper) in the report step', () => {
    const { state, msg } = vrrCommit(setup, 0);
    const coin = vrrPublicCoin(setup);
    const resp = vrrRespond(setup, state, msg, coin, { misreport: true });
    expect(vrrVerify(setup, msg, coin, resp)).toMatch(/report y = class·F\(t\) \(Prod\)/);
  });
  it('rejects a report that is not a class, and altered proof values', () => {
    const s = session(0);
    expect(vrrVerify(setup, s.msg, s.coin, { ...s.resp, y: 5n })).toMatch(/root of unity/);
    const other = setup.xi === s.resp.y ? 1n : setup.xi;
    expect(vrrVerify(setup, s.msg, s.coin, { ...s.resp, y: other })).not.toBeNull();
    expect(vrrVerify(setup, s.msg, s.coin, { ...s.resp, z: s.resp.z.add(G1.BASE) })).not.toBeNull();
    const z = [...s.resp.prod.z] as [bigint, bigint, bigint, bigint, bigint];
    z[0] = add(z[0], 1n);
    expect(vrrVerify(setup, s.msg, s.coin, { ...s.resp, prod: { ...s.resp.prod, z } })).not.toBeNull();
    expect(vrrVerify(setup, { ...s.msg, x: s.msg.s }, s.coin, s.resp)).not.toBeNull();
  });
  it('encodes proofs in 928 bytes (commit 96 + response 832) and rejects malformed bytes', () => {
    const s = session(1);
    const c = encodeVrrCommit(s.msg);
    const r = encodeVrrResponse(s.resp);
    expect(c.length + r.length).toBe(928);
    const back = decodeVrrResponse(r);
    expect(vrrVerify(setup, decodeVrrCommit(c), s.coin, back)).toBeNull();
    expect(() => decodeVrrResponse(r.subarray(1))).toThrow(/truncated|invalid|reduced/);
    const bad = Uint8Array.from(r);
    bad[40] = (bad[40] as number) ^ 0xff; // inside Z's x-coordinate
    expect(() => decodeVrrResponse(bad)).toThrow();
  });
  it('keep rate of the table lookup lies in its binomial interval', () => {
    const n = 20_000;
    let keep = 0;
    for (let i = 0; i < n; i++) if (setup.table[(randomIndex(64) + randomIndex(64)) % 64] === 1n) keep++;
    const p = setup.keep / setup.omega;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(keep - n * p)).toBeLessThan(5 * sd);
  });
  it('frequency estimates invert the randomization', () => {
    const n = 1000;
    const p = setup.keep / 64;
    const q = setup.other / 64;
    // Expected counts for a population all in class 0.
    const counts = [n * p, n * q, n * q, n * q];
    const est = estimateFrequencies(setup, counts);
    expect(est[0]).toBeCloseTo(1, 9);
    expect(est[1]).toBeCloseTo(0, 9);
  });
});
