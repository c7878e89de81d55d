/**
 * Batched VRR verification (arXiv:2504.21752 §6 at scale): the wasm polynomial evaluator against
 * bigint Horner; batched point decoding, whose one subgroup check must still reject any point outside
 * G1 — including two non-subgroup points whose order-3 parts cancel in their sum, which a single random
 * linear combination would accept with probability 1/3; decoding and verifying many clients' wire
 * messages in one batch, naming the failing client; the worker-thread pool (built dist/vrr-worker.js).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKEND,
  G1,
  G1_BYTES,
  type G1Point,
  g1DecodeMany,
  g1FromBytes,
  mulG1,
  polyEvaluator,
  SUBGROUP_BATCH_MIN,
} from '../src/curve.js';
import { R, randomScalar } from '../src/field.js';
import { evaluate } from '../src/poly.js';
import {
  encodeVrrCommit,
  encodeVrrResponse,
  type VrrEncodedSession,
  vrrCommit,
  vrrPublicCoin,
  vrrRespond,
  vrrSetup,
  vrrSetupFromParams,
  vrrVerifierParams,
  vrrVerifyBatchEncoded,
} from '../src/vrr.js';
import {
  runVrrInProcessVerified,
  VrrBatchVerifier,
  verifyVrrSessions,
  vrrVerifyBatchParallel,
} from '../src/vrr-pool.js';
import { testSrs } from './helpers.js';

const Fp = bls12_381.fields.Fp;
const NG1 = bls12_381.G1.Point;
/** The cofactor of G1 in E(Fp): #E(Fp) = H1·r (the BLS12-381 parameters, h = (u − 1)²/3). */
const H1 = 0x396c8c005555e1568c00aaab0000aaabn;

/** Compressed encoding of any point of E(Fp) (noble's own encoder insists on the subgroup). */
function encodeAny(p: InstanceType<typeof NG1>): Uint8Array {
  const { x, y } = p.toAffine();
  const b = new Uint8Array(48);
  let v = x;
  for (let i = 47; i >= 0; i--, v >>= 8n) b[i] = Number(v & 0xffn);
  b[0] = (b[0] as number) | 0x80 | (y > (Fp.ORDER - 1n) / 2n ? 0x20 : 0);
  return b;
}
/** k·P by double-and-add for any k ≥ 0 (noble's multiply wants k < r). */
function mulAny(p: InstanceType<typeof NG1>, k: bigint): InstanceType<typeof NG1> {
  let acc = NG1.ZERO;
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    acc = acc.double();
    if ((k >> i) & 1n) acc = acc.add(p);
  }
  return acc;
}
/** A point of E(Fp) of order 3 (outside G1): (H1/3)·r·A for a curve point A. */
function orderThree(): InstanceType<typeof NG1> {
  for (let x = 7n; ; x++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    if (!Fp.eql(Fp.pow(rhs, (Fp.ORDER - 1n) / 2n), Fp.ONE)) continue;
    const a = NG1.fromAffine({ x, y: Fp.sqrt(rhs) });
    const t = mulAny(a, (H1 / 3n) * R);
    if (!t.is0()) return t;
  }
}

function honestPoints(n: number): Uint8Array[] {
  const base = mulG1(G1.BASE, randomScalar() | 1n);
  const out: Uint8Array[] = [];
  let p: G1Point = base;
  for (let i = 0; i < n; i++) {
    p = p.add(base);
    out.push(p.toBytes(true));
  }
  return out;
}

describe('polyEvaluator', () => {
  it('agrees with bigint Horner', () => {
    expect(polyEvaluator([])(5n)).toBe(0n);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.bigInt({ min: 0n, max: R - 1n }), (n, x) => {
        const c = Array.from({ length: n }, () => randomScalar());
        const f = polyEvaluator(c);
        return f(x) === evaluate(c, x) && f(0n) === c[0] && f(R - 1n) === evaluate(c, R - 1n);
      }),
      { numRuns: 30 },
    );
  });
});

describe(`g1DecodeMany (${BACKEND})`, () => {
  const n = SUBGROUP_BATCH_MIN + 44; // the batched subgroup check runs from SUBGROUP_BATCH_MIN points
  const good = honestPoints(n);
  const t = orderThree();

  it('decodes what g1FromBytes decodes', () => {
    const pts = g1DecodeMany(good);
    expect(pts.length).toBe(n);
    for (let i = 0; i < n; i += 37) expect(pts[i]?.equals(g1FromBytes(good[i] as Uint8Array))).toBe(true);
    expect(pts[n - 1]?.toBytes(true)).toEqual(good[n - 1]);
    expect(g1DecodeMany([])).toEqual([]);
  });

  it('rejects one point outside the subgroup, naming it, in small and large batches', () => {
    const g = NG1.fromBytes(good[3] as Uint8Array);
    const bad = encodeAny(g.add(t)); // on the curve, order 3r
    expect(() => g1FromBytes(bad)).toThrow(); // the per-point check agrees
    for (const size of [10, n]) {
      const batch = good.slice(0, size);
      batch[size - 2] = bad;
      // (Below SUBGROUP_BATCH_MIN, mcl's per-point decode rejects it without saying why; noble says why.)
      const why = size >= SUBGROUP_BATCH_MIN && BACKEND === 'mcl' ? '.*subgroup' : '';
      expect(() => g1DecodeMany(batch)).toThrow(new RegExp(`^point ${size - 2}: ${why}`));
    }
  });

  it('rejects two non-subgroup points whose order-3 parts cancel in their sum', () => {
    const a = NG1.fromBytes(good[5] as Uint8Array);
    const b = NG1.fromBytes(good[9] as Uint8Array);
    const batch = good.slice();
    batch[5] = encodeAny(a.add(t));
    batch[9] = encodeAny(b.subtract(t));
    // The sum of the two IS in G1: a check of one unweighted sum would pass.
    expect(() => g1FromBytes(encodeAny(a.add(t).add(b.subtract(t))))).not.toThrow();
    expect(() => g1DecodeMany(batch)).toThrow(/^point 5: .*subgroup/);
  });

  it('rejects malformed encodings by index', () => {
    const batch = good.slice();
    batch[7] = (good[7] as Uint8Array).slice(0, 47);
    expect(() => g1DecodeMany(batch)).toThrow(/^point 7: .*48 bytes/);
    const offCurve = good.slice();
    const e = (good[11] as Uint8Array).slice();
    e[47] = (e[47] as number) ^ 1;
    offCurve[11] = e;
    // Flipping x's last bit gives (almost surely) no point, or a point outside G1: rejected either way.
    expect(() => g1DecodeMany(offCurve)).toThrow(/^point 11: /);
  });
});

describe('VRR batch over wire bytes', () => {
  const setup = vrrSetup(testSrs(), 4, 6, 1);
  // 24 clients × 12 points = 288 points: the batched subgroup path.
  const wire: VrrEncodedSession[] = Array.from({ length: 24 }, (_, i) => {
    const { state, msg } = vrrCommit(setup, i % 4);
    const coin = vrrPublicCoin(setup);
    return {
      commit: encodeVrrCommit(msg),
      coin,
      response: encodeVrrResponse(vrrRespond(setup, state, msg, coin)),
    };
  });
  const cheat = (() => {
    const { state, msg } = vrrCommit(setup, 1);
    const coin = vrrPublicCoin(setup);
    const resp = vrrRespond(setup, state, msg, coin, { misreport: true });
    return { commit: encodeVrrCommit(msg), coin, response: encodeVrrResponse(resp) };
  })();

  it('verifies honest clients and names a cheating one', () => {
    expect(vrrVerifyBatchEncoded(setup, wire)).toBeNull();
    const bad = wire.slice();
    bad[17] = cheat;
    expect(vrrVerifyBatchEncoded(setup, bad)).toMatch(/^client 17: /);
  });

  it('names the client whose message holds a point outside G1, or is malformed', () => {
    const t = orderThree();
    const bad = wire.slice();
    const r = (wire[13] as VrrEncodedSession).response.slice();
    const z = NG1.fromBytes(r.subarray(32, 32 + G1_BYTES));
    r.set(encodeAny(z.add(t)), 32);
    bad[13] = { ...(wire[13] as VrrEncodedSession), response: r };
    expect(vrrVerifyBatchEncoded(setup, bad)).toMatch(/^client 13: .*invalid G1 point.*subgroup/);
    const cut = wire.slice();
    cut[4] = {
      ...(wire[4] as VrrEncodedSession),
      response: (wire[4] as VrrEncodedSession).response.slice(0, 100),
    };
    expect(vrrVerifyBatchEncoded(setup, cut)).toMatch(/^client 4: .*truncated/);
    const coin = wire.slice();
    coin[2] = { ...(wire[2] as VrrEncodedSession), coin: 64 };
    expect(vrrVerifyBatchEncoded(setup, coin)).toMatch(/^client 2: public coin/);
  });

  it('rebuilds a verifier-only setup from its parameters', () => {
    const v = vrrSetupFromParams(vrrVerifierParams(setup));
    expect(v.srs.g.length).toBe(1);
    expect(v.coeffs).toEqual(setup.coeffs);
    expect(vrrVerifyBatchEncoded(v, wire)).toBeNull();
  });

  it('splits a batch across worker threads (dist/vrr-worker.js) and names the client', async () => {
    const pool = await VrrBatchVerifier.start(setup, { workers: 2 });
    try {
      expect(pool.workers).toBe(2);
      expect(await pool.verify(wire)).toBeNull();
      const bad = wire.slice();
      bad[20] = cheat; // in the second worker's chunk: the index is renumbered to the batch
      expect(await pool.verify(bad)).toMatch(/^client 20: /);
      expect(await pool.verify([])).toBeNull();
    } finally {
      await pool.close();
    }
    expect(await vrrVerifyBatchParallel(setup, wire, { workers: 0 })).toBeNull();
    await expect(VrrBatchVerifier.start(setup, { workers: -1 })).rejects.toThrow(/workers/);
  }, 30_000);

  it("verifyVrrSessions (the CLI's --verify each|batch) agrees in both modes and names the client", async () => {
    const bad = wire.slice(0, 8);
    bad[6] = cheat;
    for (const mode of [
      { mode: 'each', workers: 0 },
      { mode: 'batch', workers: 0 },
      { mode: 'batch', workers: 2 },
    ] as const) {
      expect((await verifyVrrSessions(setup, wire.slice(0, 8), mode)).reason).toBeNull();
      const r = await verifyVrrSessions(setup, bad, mode);
      expect(r.reason).toMatch(/^client 6: /);
      expect(r.ms).toBeGreaterThan(0);
    }
    const run = await runVrrInProcessVerified(
      setup,
      [0, 1, 2, 3],
      { misreport: true },
      {
        mode: 'batch',
        workers: 2,
      },
    );
    expect(run.verified).toBe(false);
    expect(run.reason).toMatch(/^client 0: /);
  }, 30_000);
});
