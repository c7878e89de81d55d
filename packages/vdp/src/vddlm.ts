/**
 * @module vddlm
 * Verifiable distributed discrete Laplace mechanism (VDDLM) of VDDP (arXiv:2504.21752 §5;
 * privacy.md §1.4), in process. Clients additively secret-share integer vectors over Fr to S ≥ 2
 * servers and publish hiding commitments to every share. Each server then:
 *  1. commits to one private key per coin vector; the verifier answers with public coins;
 *  2. derives each coin vector from the Legendre PRF at key_priv + pub and proves it (legendre.ts);
 *  3. builds Ber(p_z) and each Ber(q_i) by AND/OR chains (one Hadamard proof per step), the
 *     geometric G = Σ 2^i·digit_i homomorphically, sign = (2·isPos − 1)∘(1 − isZero) and noise
 *     N = (1 + G)∘sign (one Hadamard each);
 *  4. publishes its noisy share o = input + N with the blinding of C_in + C_N.
 * The verifier checks every proof (one batch per server: one MSM, two pairings), that the published
 * opening matches C_in + C_N, and sums the servers' outputs: Σ data + Σ_s N_s (each server's noise is a
 * full DLap(1/ε), so DP holds even if all but one server collude).
 */

import { ByteReader, ByteWriter, readProd, writeProd } from './codec.js';
import { G1, type G1Point, msm, mulG1 } from './curve.js';
import { coinLayout, type DLapParams, noiseFromCoins } from './dlap.js';
import { add, mod, R, randomScalar, sub } from './field.js';
import { commit, type Srs } from './kzg.js';
import {
  type CoinWitness,
  commitCoin,
  type LegendreProof,
  proveLegendre,
  VECTOR_BLIND,
  verifyLegendre,
} from './legendre.js';
import { intt } from './poly.js';
import {
  type CommittedPoly,
  combinePoly,
  commitPoly,
  commitScalar,
  type HadamardProof,
  type Lin,
  type MultiOpening,
  proveHadamard,
  type Secret,
  VerifierBatch,
  verifyHadamard,
} from './sigma.js';
import { Transcript } from './transcript.js';

/** Ways a server can cheat (tests and `--tamper`). */
export type VddlmCheat =
  | 'noise-distribution'
  | 'reused-coin'
  | 'altered-share'
  | 'withheld-noise'
  | 'forged-opening';

/** One client's shares: per server the share vector and its blinding, plus the public commitments. */
export interface ClientShares {
  readonly shares: { readonly values: readonly bigint[]; readonly blind: readonly bigint[] }[];
  readonly commitments: readonly G1Point[];
}

/** Checks d is a power of two ≥ 2 that the SRS supports (d powers of g, VECTOR_BLIND of h). */
export function checkDim(srs: Srs, d: number): void {
  if (!Number.isInteger(d) || d < 2 || (d & (d - 1)) !== 0)
    throw new RangeError(`--dim must be a power of two ≥ 2, got ${d}`);
  if (srs.g.length < d || srs.h.length < VECTOR_BLIND)
    throw new RangeError(`the SRS has ${srs.g.length} powers; dimension ${d} needs ${d}`);
}

/** Client: additive shares of an integer vector over Fr, each committed (hiding). */
export function clientShare(srs: Srs, values: readonly number[], servers: number): ClientShares {
  if (servers < 2) throw new RangeError('VDDLM needs at least 2 servers');
  const d = values.length;
  const shares: { values: bigint[]; blind: bigint[] }[] = [];
  const last = values.map((v) => mod(BigInt(v)));
  for (let s = 0; s < servers - 1; s++) {
    const sh = Array.from({ length: d }, () => randomScalar());
    for (let i = 0; i < d; i++) last[i] = sub(last[i] as bigint, sh[i] as bigint);
    shares.push({ values: sh, blind: [] });
  }
  shares.push({ values: last, blind: [] });
  const out = shares.map((sh) => {
    const p = commitPoly(srs, intt(sh.values), VECTOR_BLIND);
    return { values: sh.values, blind: p.r, c: p.c };
  });
  return { shares: out.map((o) => ({ values: o.values, blind: o.blind })), commitments: out.map((o) => o.c) };
}

/** A server's aggregated input: Σ of its shares (values and blinding) from every client. */
export interface ServerInput {
  readonly values: bigint[];
  readonly blind: bigint[];
}

/** Sums the shares a server received. */
export function aggregateShares(
  shares: readonly { values: readonly bigint[]; blind: readonly bigint[] }[],
  d: number,
): ServerInput {
  const values = new Array<bigint>(d).fill(0n);
  const blind = new Array<bigint>(VECTOR_BLIND).fill(0n);
  for (const s of shares) {
    for (let i = 0; i < d; i++) values[i] = add(values[i] as bigint, s.values[i] as bigint);
    for (let i = 0; i < s.blind.length; i++) blind[i] = add(blind[i] as bigint, s.blind[i] as bigint);
  }
  return { values, blind };
}

/** Server state after committing to its private keys. */
export interface ServerKeys {
  readonly keys: readonly Secret[];
}

/** Server step 1: one committed private key per coin vector. */
export function serverCommitKeys(srs: Srs, params: DLapParams): { state: ServerKeys; msg: G1Point[] } {
  const keys = Array.from({ length: coinLayout(params).total }, () => commitScalar(srs, randomScalar()));
  return { state: { keys }, msg: keys.map((k) => k.c) };
}

/** Verifier step: the public coins (uniform in Fr), drawn after the key commitments arrived. */
export function drawPublicCoins(n: number): bigint[] {
  return Array.from({ length: n }, () => randomScalar());
}

/** A server's proof and published output. */
export interface ServerProof {
  readonly coinBits: readonly G1Point[];
  readonly coinRoots: readonly G1Point[];
  readonly legendre: readonly LegendreProof[];
  /** Outputs of the AND/OR chain steps, in the order fixed by the parameters. */
  readonly chain: readonly { readonly out: G1Point; readonly proof: HadamardProof }[];
  readonly sign: G1Point;
  readonly signProof: HadamardProof;
  readonly noise: G1Point;
  readonly noiseProof: HadamardProof;
  /** Published noisy share o = input + N (Fr values on the domain). */
  readonly output: readonly bigint[];
  /** Blinding polynomial of C_in + C_N, so anyone can check commit(o) = C_in + C_N. */
  readonly outputBlind: readonly bigint[];
}

function transcriptFor(
  params: DLapParams,
  d: number,
  server: number,
  inputCom: G1Point,
  keyComs: readonly G1Point[],
  pub: readonly bigint[],
): Transcript {
  const tr = new Transcript('floret-vdp/vddlm/v1')
    .int('d', d)
    .int('server', server)
    .int('L', params.logRange)
    .int('P', params.precision)
    .g1('Cin', inputCom)
    .g1s('keys', keyComs);
  for (const p of pub) tr.scalar('pub', p);
  return tr;
}

const ONE_POLY = (srs: Srs): CommittedPoly => ({ f: [1n], r: [0n], c: srs.g[0] as G1Point });

/** Server step 2: derive coins, build the noise, prove every step, publish the noisy share. */
export function serverProve(
  srs: Srs,
  params: DLapParams,
  d: number,
  server: number,
  inputCom: G1Point,
  input: ServerInput,
  keys: ServerKeys,
  keyComs: readonly G1Point[],
  pub: readonly bigint[],
  cheat?: VddlmCheat,
): ServerProof {
  const lay = coinLayout(params);
  const fullKeys: Secret[] = keys.keys.map((k, i) => ({
    v: add(k.v, pub[i] as bigint),
    r: k.r,
    c: k.c.add(mulG1(srs.g[0] as G1Point, pub[i] as bigint)),
  }));
  // reused-coin: coin vector 1 is derived from coin 0's key instead of its own.
  const coinKey = (i: number): bigint =>
    cheat === 'reused-coin' && i === 1 ? (fullKeys[0] as Secret).v : (fullKeys[i] as Secret).v;
  const coins: CoinWitness[] = fullKeys.map((_, i) => commitCoin(srs, coinKey(i), d));
  const coinVecs = coins.map((c) => Uint8Array.from(c.bitValues.map((b) => Number(b))));
  const trace = noiseFromCoins(params, coinVecs, d);
  const polyOf = (vals: ArrayLike<number>): CommittedPoly =>
    commitPoly(srs, intt(Array.from(vals, (v) => mod(BigInt(v)))), VECTOR_BLIND);

  // Chain steps in order: Ber(p_z), then each digit; each innermost-first.
  const coinPoly = (i: number): CommittedPoly => (coins[i] as CoinWitness).bits;
  interface Step {
    readonly u: CommittedPoly;
    readonly inner: CommittedPoly;
    readonly out: CommittedPoly;
    readonly op: 'and' | 'or';
  }
  const steps: Step[] = [];
  const chainValue = (bits: readonly number[], first: number, ch: typeof trace.isZero): CommittedPoly => {
    let cur = coinPoly(first + bits.length - 1);
    for (const st of ch.steps) {
      const out = polyOf(st.out);
      steps.push({ u: coinPoly(st.coin), inner: cur, out, op: st.op });
      cur = out;
    }
    return cur;
  };
  const isZero = chainValue(params.zero.bits, lay.zero, trace.isZero);
  const digits = params.digits.map((dp, i) =>
    chainValue(dp.bits, lay.digits[i] as number, trace.digits[i] as typeof trace.isZero),
  );
  const isPos = coinPoly(lay.sign);
  const one = ONE_POLY(srs);
  let geo: CommittedPoly = { f: [0n], r: [0n], c: G1.ZERO };
  digits.forEach((dg, i) => {
    geo = combinePoly(geo, 1n, dg, mod(2n ** BigInt(i)));
  });
  const sign = polyOf(trace.sign);
  const noiseVals = cheat === 'noise-distribution' ? new Int32Array(d) : trace.noise;
  const noise = polyOf(noiseVals);

  const tr = transcriptFor(params, d, server, inputCom, keyComs, pub);
  tr.g1s(
    'bits',
    coins.map((c) => c.bits.c),
  ).g1s(
    'roots',
    coins.map((c) => c.roots.c),
  );
  tr.g1s(
    'chain',
    steps.map((s) => s.out.c),
  )
    .g1('sign', sign.c)
    .g1('noise', noise.c);

  const legendre = coins.map((c, i) => proveLegendre(srs, tr, fullKeys[i] as Secret, c, d));
  const chain = steps.map((s) => ({
    out: s.out.c,
    proof:
      s.op === 'and'
        ? proveHadamard(srs, tr, s.u, s.inner, s.out, d)
        : proveHadamard(
            srs,
            tr,
            s.u,
            s.inner,
            combinePoly(combinePoly(s.u, 1n, s.inner, 1n), 1n, s.out, R - 1n),
            d,
          ),
  }));
  const signProof = proveHadamard(
    srs,
    tr,
    combinePoly(isPos, 2n, one, R - 1n),
    combinePoly(one, 1n, isZero, R - 1n),
    sign,
    d,
  );
  const noiseProof = proveHadamard(
    srs,
    tr,
    combinePoly(one, 1n, geo, 1n),
    sign,
    noise,
    d,
    cheat === 'noise-distribution',
  );

  const output = input.values.map((v, i) =>
    cheat === 'withheld-noise' ? v : add(v, mod(BigInt(noiseVals[i] as number))),
  );
  if (cheat === 'altered-share') output[0] = add(output[0] as bigint, 1n);
  const outputBlind =
    cheat === 'withheld-noise'
      ? [...input.blind]
      : combinePoly({ f: [0n], r: input.blind, c: G1.ZERO }, 1n, noise, 1n).r;
  if (cheat === 'forged-opening') {
    const l0 = legendre[0] as LegendreProof;
    (legendre as LegendreProof[])[0] = { ...l0, open: { ...l0.open, w: l0.open.w.add(G1.BASE) } };
  }
  return {
    coinBits: coins.map((c) => c.bits.c),
    coinRoots: coins.map((c) => c.roots.c),
    legendre,
    chain,
    sign: sign.c,
    signProof,
    noise: noise.c,
    noiseProof,
    output,
    outputBlind: [...outputBlind],
  };
}

/** Verifies one server: every proof, then that the published output opens C_in + C_N. */
export function verifyServer(
  srs: Srs,
  params: DLapParams,
  d: number,
  server: number,
  inputCom: G1Point,
  keyComs: readonly G1Point[],
  pub: readonly bigint[],
  p: ServerProof,
): string | null {
  const lay = coinLayout(params);
  const g = srs.g[0] as G1Point;
  if (keyComs.length !== lay.total || pub.length !== lay.total) return 'wrong number of coin vectors';
  if (p.coinBits.length !== lay.total || p.coinRoots.length !== lay.total || p.legendre.length !== lay.total)
    return 'wrong number of coin proofs';
  if (p.output.length !== d) return 'output has the wrong length';
  let expectedSteps = 0;
  for (const b of [params.zero, ...params.digits]) expectedSteps += Math.max(0, b.bits.length - 1);
  if (p.chain.length !== expectedSteps) return 'wrong number of Bernoulli steps';

  const tr = transcriptFor(params, d, server, inputCom, keyComs, pub);
  tr.g1s('bits', p.coinBits).g1s('roots', p.coinRoots);
  tr.g1s(
    'chain',
    p.chain.map((s) => s.out),
  )
    .g1('sign', p.sign)
    .g1('noise', p.noise);
  const batch = new VerifierBatch(srs);
  for (let i = 0; i < lay.total; i++) {
    const key: Lin = [
      [keyComs[i] as G1Point, 1n],
      [g, pub[i] as bigint],
    ];
    batch.section(`coin vector ${i} (Legendre PRF under key_priv + public coin)`);
    verifyLegendre(
      srs,
      tr,
      batch,
      key,
      p.coinBits[i] as G1Point,
      p.coinRoots[i] as G1Point,
      d,
      p.legendre[i] as LegendreProof,
    );
  }
  let k = 0;
  const chainValue = (bits: readonly number[], first: number): G1Point => {
    let cur = p.coinBits[first + bits.length - 1] as G1Point;
    for (let j = bits.length - 2; j >= 0; j--) {
      const u = p.coinBits[first + j] as G1Point;
      const st = p.chain[k++] as { out: G1Point; proof: HadamardProof };
      const third = bits[j] === 1 ? u.add(cur).subtract(st.out) : st.out;
      batch.section(`Bernoulli step ${k - 1} (${bits[j] === 1 ? 'OR' : 'AND'} of coin ${first + j})`);
      verifyHadamard(srs, tr, batch, u, cur, third, d, st.proof);
      cur = st.out;
    }
    return cur;
  };
  const isZero = chainValue(params.zero.bits, lay.zero);
  const digits = params.digits.map((dp, i) => chainValue(dp.bits, lay.digits[i] as number));
  const isPos = p.coinBits[lay.sign] as G1Point;
  const geo = msm(
    digits,
    digits.map((_, i) => mod(2n ** BigInt(i))),
  );
  batch.section('sign = (2·isPos − 1)∘(1 − isZero)');
  verifyHadamard(srs, tr, batch, isPos.double().subtract(g), g.subtract(isZero), p.sign, d, p.signProof);
  batch.section('noise distribution N = (1 + G)∘sign');
  verifyHadamard(srs, tr, batch, g.add(geo), p.sign, p.noise, d, p.noiseProof);
  const bad = batch.check();
  if (bad !== null) return bad;
  if (p.output.some((v) => v < 0n || v >= R)) return 'output values are not field elements';
  if (!commit(srs, intt([...p.output]), p.outputBlind).equals(inputCom.add(p.noise)))
    return 'published output does not open C_in + C_noise (share altered or noise withheld)';
  return null;
}

/** Field element → signed integer (values above r/2 are negative). */
export function toSigned(x: bigint): bigint {
  return x > R / 2n ? x - R : x;
}

/** The verifier's release: Σ over servers of their outputs, as signed integers. */
export function release(outputs: readonly (readonly bigint[])[], d: number): bigint[] {
  const acc = new Array<bigint>(d).fill(0n);
  for (const o of outputs) for (let i = 0; i < d; i++) acc[i] = add(acc[i] as bigint, o[i] as bigint);
  return acc.map(toSigned);
}

/** Result of an in-process run. */
export interface VddlmRun {
  readonly verified: boolean;
  readonly reason: string | null;
  readonly released: bigint[];
  readonly trueSum: bigint[];
  readonly proverSeconds: number;
  readonly verifierSeconds: number;
  readonly proofBytes: number;
}

function writeMulti(w: ByteWriter, m: MultiOpening, k: number): void {
  if (m.ys.length !== k) throw new RangeError('multi-opening has the wrong number of values');
  for (const y of m.ys) w.g1(y);
  w.g1(m.w);
}
function readMulti(r: ByteReader, k: number): MultiOpening {
  const ys: G1Point[] = [];
  for (let i = 0; i < k; i++) ys.push(r.g1());
  return { ys, w: r.g1() };
}
function writeHad(w: ByteWriter, h: HadamardProof): void {
  w.g1(h.q);
  writeMulti(w, h.open, 4);
  writeProd(w, h.prod);
}
function readHad(r: ByteReader): HadamardProof {
  const q = r.g1();
  const open = readMulti(r, 4);
  return { q, open, prod: readProd(r) };
}

/**
 * Encodes a server's proof and published output (compressed G1, 32-byte scalars). The shape (number of
 * coins, chain steps, d, blinding length) follows from the public parameters, so no lengths are sent.
 */
export function encodeServerProof(p: ServerProof): Uint8Array {
  const w = new ByteWriter();
  for (const c of p.coinBits) w.g1(c);
  for (const c of p.coinRoots) w.g1(c);
  for (const l of p.legendre) {
    w.g1(l.qBin).g1(l.qLeg);
    writeMulti(w, l.open, 4);
    w.g1(l.sq);
    writeProd(w, l.prodBin);
    writeProd(w, l.prodSq);
    writeProd(w, l.prodId);
  }
  for (const st of p.chain) {
    w.g1(st.out);
    writeHad(w, st.proof);
  }
  w.g1(p.sign);
  writeHad(w, p.signProof);
  w.g1(p.noise);
  writeHad(w, p.noiseProof);
  for (const v of p.output) w.scalar(v);
  for (const v of p.outputBlind) w.scalar(v);
  return w.done();
}

/** Decodes a server proof for the given parameters; throws a RangeError on malformed bytes. */
export function decodeServerProof(b: Uint8Array, params: DLapParams, d: number): ServerProof {
  const lay = coinLayout(params);
  let steps = 0;
  for (const x of [params.zero, ...params.digits]) steps += Math.max(0, x.bits.length - 1);
  const r = new ByteReader(b);
  const coinBits = Array.from({ length: lay.total }, () => r.g1());
  const coinRoots = Array.from({ length: lay.total }, () => r.g1());
  const legendre: LegendreProof[] = Array.from({ length: lay.total }, () => {
    const qBin = r.g1();
    const qLeg = r.g1();
    const open = readMulti(r, 4);
    const sq = r.g1();
    return { qBin, qLeg, open, sq, prodBin: readProd(r), prodSq: readProd(r), prodId: readProd(r) };
  });
  const chain = Array.from({ length: steps }, () => {
    const out = r.g1();
    return { out, proof: readHad(r) };
  });
  const sign = r.g1();
  const signProof = readHad(r);
  const noise = r.g1();
  const noiseProof = readHad(r);
  const output = Array.from({ length: d }, () => r.scalar());
  const outputBlind = Array.from({ length: VECTOR_BLIND }, () => r.scalar());
  r.end();
  return { coinBits, coinRoots, legendre, chain, sign, signProof, noise, noiseProof, output, outputBlind };
}

/** Encodes the key commitments a server sends first. */
export function encodeKeyCommitments(keys: readonly G1Point[]): Uint8Array {
  const w = new ByteWriter();
  for (const k of keys) w.g1(k);
  return w.done();
}

/**
 * Runs clients, servers and the verifier in this process (server proofs are encoded to bytes and
 * decoded as on a wire; other messages pass as objects). `cheat` makes server 0 cheat. Returns the
 * verdict, the release and timings.
 */
export function runVddlmInProcess(
  srs: Srs,
  params: DLapParams,
  data: readonly (readonly number[])[],
  servers: number,
  cheat?: VddlmCheat,
): VddlmRun {
  const d = (data[0] as readonly number[]).length;
  checkDim(srs, d);
  const clients = data.map((v) => clientShare(srs, v, servers));
  let proverMs = 0;
  let verifierMs = 0;
  let bytes = 0;
  const outputs: bigint[][] = [];
  let reason: string | null = null;
  for (let s = 0; s < servers; s++) {
    const t0 = performance.now();
    const input = aggregateShares(
      clients.map((c) => c.shares[s] as { values: bigint[]; blind: bigint[] }),
      d,
    );
    const inputCom = clients.reduce((acc, c) => acc.add(c.commitments[s] as G1Point), G1.ZERO);
    const { state, msg } = serverCommitKeys(srs, params);
    proverMs += performance.now() - t0;
    const pub = drawPublicCoins(msg.length);
    const t1 = performance.now();
    const proof = serverProve(
      srs,
      params,
      d,
      s,
      inputCom,
      input,
      state,
      msg,
      pub,
      s === 0 ? cheat : undefined,
    );
    proverMs += performance.now() - t1;
    // The verifier sees the proof as bytes: encode, decode (validating every point), then verify.
    const wire = encodeServerProof(proof);
    bytes += encodeKeyCommitments(msg).length + wire.length;
    const t2 = performance.now();
    let r: string | null;
    try {
      r = verifyServer(srs, params, d, s, inputCom, msg, pub, decodeServerProof(wire, params, d));
    } catch (e) {
      r = `malformed proof: ${(e as Error).message}`;
    }
    verifierMs += performance.now() - t2;
    if (r !== null) {
      // A rejected server ends the verifier's session: nothing is released.
      reason = `server ${s}: ${r}`;
      break;
    }
    outputs.push([...proof.output]);
  }
  const trueSum = new Array<bigint>(d).fill(0n);
  for (const v of data)
    for (let i = 0; i < d; i++) trueSum[i] = (trueSum[i] as bigint) + BigInt(v[i] as number);
  return {
    verified: reason === null,
    reason,
    released: reason === null ? release(outputs, d) : [],
    trueSum,
    proverSeconds: proverMs / 1000,
    verifierSeconds: verifierMs / 1000,
    proofBytes: bytes,
  };
}
