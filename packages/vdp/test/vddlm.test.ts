/**
 * Layer 6 checks: VDDLM in process. Honest runs verify and release Σ data + noise; every tamper kind
 * is rejected with its reason. Uses a deliberately small noise parameter set (analyze(1, 2, 3): 6 coin
 * vectors instead of 159) to keep the suite fast; the protocol code is the same for any parameters.
 */
import { describe, expect, it } from 'vitest';
import { G1, type G1Point } from '../src/curve.js';
import { analyze, type DLapParams, noiseFromCoins, noisePmf } from '../src/dlap.js';
import { legendre, mod, randomScalar } from '../src/field.js';
import { commitCoin, legendreBits, proveLegendre, verifyLegendre } from '../src/legendre.js';
import { commitScalar, type Secret, VerifierBatch } from '../src/sigma.js';
import { Transcript } from '../src/transcript.js';
import {
  aggregateShares,
  alterShare,
  checkClientShare,
  clientShare,
  decodeServerProof,
  drawPublicCoins,
  encodeServerProof,
  runVddlmInProcess,
  runVddlmInProcessParallel,
  serverCommitKeys,
  serverProve,
  toSigned,
  type VddlmCheat,
  verifyServer,
} from '../src/vddlm.js';
import { VddlmProverPool } from '../src/vddlm-pool.js';
import { testSrs } from './helpers.js';
import { chiSquare, chiSquareCritical } from './stats.js';

const params = analyze(1, 2, 3) as DLapParams;
const data = [
  [1, 2, 3, 4],
  [0, 1, 0, 1],
];

describe('Legendre PRF coins', () => {
  it('bits are the quadratic character of key + i, with valid root witnesses', () => {
    const key = 123456789n;
    const { bits, roots } = legendreBits(key, 16);
    bits.forEach((b, i) => {
      const x = mod(key + BigInt(i));
      expect(b).toBe(legendre(x) === 1 ? 1n : 0n);
      const rt = roots[i] as bigint;
      expect(mod(rt * rt)).toBe(b === 1n ? x : mod(5n * x));
    });
  });
  it('the stand-alone per-vector proof (proveLegendre) verifies, and fails under another key', () => {
    const srs = testSrs();
    const key = commitScalar(srs, randomScalar());
    const w = commitCoin(srs, key.v, 8);
    const check = (k: Secret, wit: typeof w): string | null => {
      const tr = new Transcript('test/legendre').g1('B', wit.bits.c).g1('RT', wit.roots.c);
      const p = proveLegendre(srs, tr, k, wit, 8);
      const vt = new Transcript('test/legendre').g1('B', wit.bits.c).g1('RT', wit.roots.c);
      const batch = new VerifierBatch(srs);
      verifyLegendre(srs, vt, batch, [[k.c, 1n]], wit.bits.c, wit.roots.c, 8, p);
      return batch.check();
    };
    expect(check(key, w)).toBeNull();
    // Bits of key + 1 claimed under key: the identity cannot divide; the floor quotient is caught at u.
    expect(check(key, commitCoin(srs, mod(key.v + 1n), 8))).toMatch(/sigma-protocol equation fails/);
  });
});

describe('noise from Legendre-PRF coins', () => {
  it('follows the exact truncated pmf (chi-square), as in verified runs', () => {
    // The protocol's noise is noiseFromCoins applied to Legendre-PRF coin vectors (bit_i = [key + i is
    // a square], as legendreBits computes them; the square-root witnesses are not needed here).
    const d = 1024;
    const coins = Array.from({ length: params.coins }, () => {
      const key = randomScalar();
      return Uint8Array.from({ length: d }, (_, i) => (legendre(key + BigInt(i)) === 1 ? 1 : 0));
    });
    const { noise } = noiseFromCoins(params, coins, d);
    const { stat, df } = chiSquare(noise, noisePmf(params));
    expect(stat).toBeLessThan(chiSquareCritical(df, 4.75));
  });
});

describe('server proof encoding', () => {
  it('round-trips, verifies after decoding, and rejects truncated or corrupted bytes', () => {
    const srs = testSrs();
    const d = 2;
    const client = clientShare(srs, [3, 4], 2);
    const share = client.shares[0] as { values: bigint[]; blind: bigint[] };
    const input = aggregateShares([share], d);
    const inputCom = client.commitments[0] as G1Point;
    const { state, msg } = serverCommitKeys(srs, params);
    const pub = drawPublicCoins(msg.length);
    const proof = serverProve(srs, params, d, 0, inputCom, input, state, msg, pub);
    const wire = encodeServerProof(proof);
    const back = decodeServerProof(wire, params, d);
    expect(encodeServerProof(back)).toEqual(wire);
    expect(verifyServer(srs, params, d, 0, inputCom, msg, pub, back)).toBeNull();
    expect(() => decodeServerProof(wire.subarray(0, wire.length - 1), params, d)).toThrow(/truncated/);
    expect(() => decodeServerProof(wire, params, 4)).toThrow(/truncated/);
    const bad = Uint8Array.from(wire);
    bad[5] = (bad[5] as number) ^ 0x55;
    expect(() => decodeServerProof(bad, params, d)).toThrow(/invalid G1 point/);
    // The batched proof: altering any one part is caught, in the step it belongs to.
    const g = G1.BASE;
    const ok = (p: typeof back): string | null => verifyServer(srs, params, d, 0, inputCom, msg, pub, p);
    const coins = back.coins.slice();
    coins[3] = {
      ...(coins[3] as (typeof coins)[number]),
      id: (coins[3] as (typeof coins)[number]).id.add(g),
    };
    expect(ok({ ...back, coins })).toMatch(/^coin vectors .*sigma-protocol equation fails/);
    const steps = back.steps.slice();
    steps[0] = { ...(steps[0] as (typeof steps)[number]), e: (steps[0] as (typeof steps)[number]).e.add(g) };
    expect(ok({ ...back, steps })).toMatch(/^Bernoulli chains .*sigma-protocol equation fails/);
    const chainOut = back.chainOut.slice();
    chainOut[0] = back.coinBits[0] as G1Point; // an output swapped for another committed vector
    expect(ok({ ...back, chainOut })).not.toBeNull();
    const ys = back.open.ys.slice();
    ys[1] = (ys[1] as G1Point).add(g); // a wrong value claimed for coin vector 1's bits at u
    expect(ok({ ...back, open: { ...back.open, ys } })).toMatch(/KZG opening fails/);
    expect(ok({ ...back, zeroCoins: { ...back.zeroCoins, z: back.zeroCoins.z ^ 1n } })).toMatch(
      /^coin vectors/,
    );
    expect(ok({ ...back, noiseProd: { ...back.noiseProd, t1: back.noiseProd.t1.add(g) } })).toMatch(
      /^noise distribution/,
    );
    expect(
      ok({
        ...back,
        quotients: [back.quotients[1], back.quotients[0], back.quotients[2], back.quotients[3]],
      }),
    ).not.toBeNull();
    expect(ok({ ...back, coins: back.coins.slice(1) })).toMatch(/wrong number of coin proofs/);
  }, 60_000);
});

describe('VDDLM (in process)', () => {
  it('uses the small test parameters', () => {
    expect(params.coins).toBe(6);
  });
  it('an honest run verifies and releases the sum plus bounded noise from each server', () => {
    const r = runVddlmInProcess(testSrs(), params, data, 2);
    expect(r.reason).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.excludedClients).toEqual([]);
    expect(r.trueSum).toEqual([1n, 3n, 3n, 5n]);
    const bound = 2n * 2n ** BigInt(params.logRange); // |N_s| ≤ 2^L per server
    r.released.forEach((v, i) => {
      const diff = v - (r.trueSum[i] as bigint);
      expect(diff <= bound && diff >= -bound).toBe(true);
    });
    expect(r.proofBytes).toBeGreaterThan(0);
    expect(toSigned(mod(-3n))).toBe(-3n);
  }, 60_000);
  const expected: Record<VddlmCheat, RegExp> = {
    'noise-distribution': /noise distribution N = \(1 \+ G\)∘sign: a sigma-protocol equation fails/,
    'reused-coin': /coin vectors \(Legendre PRF.*sigma-protocol equation fails/,
    'altered-share': /does not open C_in \+ C_noise/,
    'withheld-noise': /does not open C_in \+ C_noise/,
    'forged-opening': /openings of every committed vector at one point u: a KZG opening fails/,
  };
  for (const [kind, re] of Object.entries(expected) as [VddlmCheat, RegExp][]) {
    it(`rejects ${kind}`, () => {
      const r = runVddlmInProcess(testSrs(), params, data, 2, kind);
      expect(r.verified).toBe(false);
      expect(r.reason).toMatch(/^server 0: /);
      expect(r.reason).toMatch(re);
      expect(r.released).toEqual([]);
    }, 60_000);
  }
});

describe('VDDLM: a client whose share does not match its commitment', () => {
  it('checkClientShare accepts the committed share and refuses any other', () => {
    const srs = testSrs();
    const c = clientShare(srs, [3, 1, 4, 1], 2);
    const sh = c.shares[0] as { values: readonly bigint[]; blind: readonly bigint[] };
    const com = c.commitments[0] as G1Point;
    expect(checkClientShare(srs, sh, com)).toBeNull();
    expect(checkClientShare(srs, alterShare(sh), com)).toMatch(/does not match the client's published/);
    // Right values, wrong blinding; the other server's commitment; a short blinding.
    const blind = [...sh.blind];
    blind[0] = mod((blind[0] as bigint) + 1n);
    expect(checkClientShare(srs, { values: sh.values, blind }, com)).toMatch(/does not match/);
    expect(checkClientShare(srs, sh, c.commitments[1] as G1Point)).toMatch(/does not match/);
    expect(checkClientShare(srs, { values: sh.values, blind: sh.blind.slice(1) }, com)).toMatch(
      /blinding has 3 coefficients/,
    );
  });
  for (const servers of [2, 3]) {
    it(`${servers} servers: the run verifies with client 0 excluded and named; the server is not blamed`, () => {
      const three = [...data, [2, 0, 0, 7]];
      const r = runVddlmInProcess(testSrs(), params, three, servers, 'client-share');
      expect(r.reason).toBeNull();
      expect(r.verified).toBe(true);
      expect(r.excludedClients).toEqual([0]);
      expect(r.exclusions).toHaveLength(1);
      expect(r.exclusions[0]?.server).toBe(0);
      expect(r.exclusions[0]?.reason).toMatch(/^server 0 refused client 0: share does not match/);
      // The release is Σ of clients 1 and 2 plus each server's bounded noise.
      expect(r.trueSum).toEqual([2n, 1n, 0n, 8n]);
      const bound = BigInt(servers) * 2n ** BigInt(params.logRange);
      r.released.forEach((v, i) => {
        const diff = v - (r.trueSum[i] as bigint);
        expect(diff <= bound && diff >= -bound).toBe(true);
      });
    }, 60_000);
  }
});

describe('VDDLM prover with worker threads (built dist/vddlm-worker.js)', () => {
  it('verifies with coin vectors made by 2 workers, and still rejects a reused coin', async () => {
    const data = [
      [1, 0, 2, 5],
      [3, 3, 0, 1],
    ];
    const pool = await VddlmProverPool.start(testSrs(), 4, 2);
    try {
      const commitCoins = (k: readonly bigint[]) => pool.commitCoins(k);
      const r = await runVddlmInProcessParallel(testSrs(), params, data, 2, commitCoins);
      expect(r.reason).toBeNull();
      expect(r.released).toHaveLength(4);
      const bad = await runVddlmInProcessParallel(testSrs(), params, data, 2, commitCoins, 'reused-coin');
      expect(bad.reason).toMatch(/^server 0: coin vectors .*sigma-protocol equation fails/);
    } finally {
      await pool.close();
    }
    await expect(VddlmProverPool.start(testSrs(), 4, 0)).rejects.toThrow(/workers/);
  }, 60_000);
});
