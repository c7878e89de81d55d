/**
 * @module vddlm
 * Verifiable distributed discrete Laplace mechanism (VDDLM) of VDDP (arXiv:2504.21752 §5;
 * privacy.md §1.4), in process. Clients additively secret-share integer vectors over Fr to S ≥ 2
 * servers and publish hiding commitments to every share. Each server then:
 *  1. commits to one private key per coin vector; the verifier answers with public coins;
 *  2. derives each coin vector from the Legendre PRF at key_priv + pub (legendre.ts);
 *  3. builds Ber(p_z) and each Ber(q_i) by AND/OR chains, the geometric G = Σ 2^i·digit_i
 *     homomorphically, sign = (2·isPos − 1)∘(1 − isZero) and noise N = (1 + G)∘sign;
 *  4. proves all of it at once (privacy.md §1.8, batching coin vectors): the Binary and Legendre
 *     identities of every coin vector, every AND/OR step, sign and noise are divisibility identities by
 *     X^d − 1, combined per group with powers of one challenge γ into four quotients, and every
 *     committed vector is opened at one point u by one multi-opening; per vector only scalar Prod
 *     proofs remain (their products enter the groups' sums, shown to hide 0 by a Schnorr proof);
 *  5. publishes its noisy share o = input + N with the blinding of C_in + C_N.
 * The verifier checks every proof (one batch per server: one MSM, two pairings), that the published
 * opening matches C_in + C_N, and sums the servers' outputs: Σ data + Σ_s N_s (each server's noise is a
 * full DLap(1/ε), so DP holds even if all but one server collude). Each server first checks every
 * client's share against that client's published commitment ({@link checkClientShare}); a client any
 * server refuses is left out of every server's input and of C_in, and named in the result.
 */

import { ByteReader, ByteWriter, readProd, writeProd } from './codec.js';
import { G1, type G1Point, g1DecodeMany, mulG1 } from './curve.js';
import { coinLayout, type DLapParams, noiseFromCoins } from './dlap.js';
import { add, mod, mul, NON_RESIDUE, neg, R, randomScalar, sub } from './field.js';
import { commit, type Srs } from './kzg.js';
import { type CoinWitness, commitCoin, indexPoly, VECTOR_BLIND } from './legendre.js';
import { divideByVanishing, evaluate, floorQuotient, intt, ntt, vanishingAt } from './poly.js';
import {
  affine,
  type CommittedPoly,
  combinePoly,
  commitPoly,
  commitScalar,
  commitVector,
  type Lin,
  type MultiOpening,
  type ProdProof,
  proveEvalMany,
  proveProd,
  type Secret,
  sumSecret,
  VerifierBatch,
  verifyEvalMany,
  verifyProd,
} from './sigma.js';
import { Transcript } from './transcript.js';

/** Ways a server can cheat (tests and `--tamper`). */
export type VddlmCheat =
  | 'noise-distribution'
  | 'reused-coin'
  | 'altered-share'
  | 'withheld-noise'
  | 'forged-opening';

/**
 * Every `--tamper` kind of a VDDLM run: a server cheat ({@link VddlmCheat}, server 0) or
 * `client-share` — client 0 sends server 0 a share other than the one it committed to. The server
 * catches that on arrival ({@link checkClientShare}) and the client is excluded, not the server blamed.
 */
export type VddlmTamper = VddlmCheat | 'client-share';

/** The server-cheat part of a tamper kind (undefined for client cheats). */
export function serverCheat(t: VddlmTamper | undefined): VddlmCheat | undefined {
  return t === 'client-share' ? undefined : t;
}

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

/**
 * A server's check of one client's share on arrival: the share (values and blinding polynomial) must
 * recompute the commitment that client published to the verifier for this server. Null when it does,
 * else the reason. (Additive shares are uniform, so nothing else about a share can be checked.)
 */
export function checkClientShare(
  srs: Srs,
  share: { readonly values: readonly bigint[]; readonly blind: readonly bigint[] },
  commitment: G1Point,
): string | null {
  if (share.blind.length !== VECTOR_BLIND)
    return `share blinding has ${share.blind.length} coefficients, expected ${VECTOR_BLIND}`;
  if ([...share.values, ...share.blind].some((v) => v < 0n || v >= R))
    return 'share values are not field elements';
  if (!commit(srs, intt([...share.values]), [...share.blind]).equals(commitment))
    return "share does not match the client's published commitment for this server";
  return null;
}

/** The `client-share` cheat: the same share with its first entry changed (the commitment is not). */
export function alterShare(share: {
  readonly values: readonly bigint[];
  readonly blind: readonly bigint[];
}): {
  values: bigint[];
  blind: bigint[];
} {
  const values = [...share.values];
  values[0] = add(values[0] as bigint, 1n);
  return { values, blind: [...share.blind] };
}

/** A client a server refused: its share to `server` did not match its commitment. */
export interface ClientExclusion {
  readonly client: number;
  readonly server: number;
  readonly reason: string;
}

/**
 * Delivers every client's share to every server, each server checking it against the client's
 * published commitment (in process; over HTTP the servers do this in `POST /v1/share`). With the
 * `client-share` tamper, client 0's share to server 0 is altered. Returns each server's accepted shares
 * and the exclusions; a client refused by ANY server is dropped by all (its shares sum to its vector
 * only over all servers), and the verifier's C_in leaves it out too.
 */
export function deliverShares(
  srs: Srs,
  clients: readonly ClientShares[],
  servers: number,
  tamper?: VddlmTamper,
): { included: number[]; exclusions: ClientExclusion[]; perServer: ClientShares['shares'][number][][] } {
  const exclusions: ClientExclusion[] = [];
  const received = clients.map((c, i) =>
    c.shares.map((sh, s) => (tamper === 'client-share' && i === 0 && s === 0 ? alterShare(sh) : sh)),
  );
  received.forEach((shares, i) => {
    for (let s = 0; s < servers; s++) {
      const r = checkClientShare(
        srs,
        shares[s] as ClientShares['shares'][number],
        (clients[i] as ClientShares).commitments[s] as G1Point,
      );
      if (r !== null) {
        exclusions.push({ client: i, server: s, reason: `server ${s} refused client ${i}: ${r}` });
        break;
      }
    }
  });
  const dropped = new Set(exclusions.map((e) => e.client));
  const included = clients.map((_, i) => i).filter((i) => !dropped.has(i));
  const perServer = Array.from({ length: servers }, (_, s) =>
    included.map(
      (i) => (received[i] as ClientShares['shares'][number][])[s] as ClientShares['shares'][number],
    ),
  );
  return { included, exclusions, perServer };
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

/** Per coin vector, at the shared point u: commitments to b(b − 1), rt² and ((1 − 5)·b + 5)·(I(u) + key). */
export interface CoinCheck {
  readonly bin: G1Point;
  readonly sq: G1Point;
  readonly id: G1Point;
  readonly prodBin: ProdProof;
  readonly prodSq: ProdProof;
  readonly prodId: ProdProof;
}
/** Per AND/OR step, at u: a commitment to E = a(u)·b(u) and its Prod proof. */
export interface StepCheck {
  readonly e: G1Point;
  readonly prod: ProdProof;
}
/** Proof that a (derived) commitment hides 0: knowledge of ρ with C = ρ·h (Schnorr). */
export interface ZeroProof {
  readonly t: G1Point;
  readonly z: bigint;
}

/**
 * A server's proof and published output. Every identity of the server is checked at ONE point u,
 * with every committed vector opened there by ONE multi-opening (privacy.md §1.8, "batching
 * opportunity"): the 2·(coins) Binary/Legendre identities share one quotient (combined with powers of
 * a challenge γ drawn after all commitments), the AND/OR chain steps share another, sign and noise have
 * one each. Per-vector work left for the prover is the vectors' own commitments and scalar Prod proofs.
 */
export interface ServerProof {
  readonly coinBits: readonly G1Point[];
  readonly coinRoots: readonly G1Point[];
  /** Outputs of the AND/OR chain steps, in the order fixed by the parameters. */
  readonly chainOut: readonly G1Point[];
  readonly sign: G1Point;
  readonly noise: G1Point;
  /** Quotients by X^d − 1 of the batched coin, chain, sign and noise identities. */
  readonly quotients: readonly [G1Point, G1Point, G1Point, G1Point];
  /** bits, roots, chain outputs, sign, noise and the four quotients, all opened at u. */
  readonly open: MultiOpening;
  readonly coins: readonly CoinCheck[];
  readonly steps: readonly StepCheck[];
  /** Σ γ^{2j}·BIN_j + γ^{2j+1}·(ID_j − SQ_j) − Z(u)·Q_coin(u) hides 0. */
  readonly zeroCoins: ZeroProof;
  /** Σ γ^k·(E_k − C_k(u)) − Z(u)·Q_chain(u) hides 0. */
  readonly zeroSteps: ZeroProof;
  /** (2·isPos − 1)(u)·(1 − isZero)(u) = sign(u) + Z(u)·Q_sign(u). */
  readonly signProd: ProdProof;
  /** (1 + G)(u)·sign(u) = N(u) + Z(u)·Q_noise(u). */
  readonly noiseProd: ProdProof;
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
  const tr = new Transcript('floret-vdp/vddlm/v2')
    .int('d', d)
    .int('server', server)
    .int('L', params.logRange)
    .int('P', params.precision)
    .g1('Cin', inputCom)
    .g1s('keys', keyComs);
  for (const p of pub) tr.scalar('pub', p);
  return tr;
}

/**
 * The AND/OR steps of the Bernoulli chains in proof order, as indices into the committed vectors
 * (coin bit vector j → j; chain output k → `outBase` + k): step k computes out_k from coin `u` and
 * `inner` (a coin or an earlier output) — AND: out = u∘inner; OR: u + inner − out = u∘inner. Also the
 * vectors holding isZero and each digit. Prover and verifier derive it from the public parameters.
 */
function chainPlan(
  params: DLapParams,
  outBase: number,
): { steps: { u: number; inner: number; or: boolean }[]; isZero: number; digits: number[] } {
  const lay = coinLayout(params);
  const steps: { u: number; inner: number; or: boolean }[] = [];
  const chain = (bits: readonly number[], first: number): number => {
    let cur = first + bits.length - 1;
    for (let j = bits.length - 2; j >= 0; j--) {
      steps.push({ u: first + j, inner: cur, or: bits[j] === 1 });
      cur = outBase + steps.length - 1;
    }
    return cur;
  };
  const isZero = chain(params.zero.bits, lay.zero);
  const digits = params.digits.map((dp, i) => chain(dp.bits, lay.digits[i] as number));
  return { steps, isZero, digits };
}

/** The quotient of `num` by X^d − 1; a cheating prover (`force`) commits the floor quotient instead. */
function quotientOf(num: readonly bigint[], d: number, force: boolean, what: string): bigint[] {
  const q = divideByVanishing(num.length === 0 ? [0n] : num, d);
  if (q !== null) return q.length === 0 ? [0n] : q;
  if (!force) throw new RangeError(`${what}: the identity does not hold`);
  const f = floorQuotient(num, d);
  return f.length === 0 ? [0n] : f;
}

function proveZero(srs: Srs, tr: Transcript, rho: bigint): ZeroProof {
  const k = randomScalar() || 1n;
  const t = mulG1(srs.h[0] as G1Point, k);
  const c = tr.g1('zero/T', t).challenge('zero/c');
  return { t, z: add(k, mul(c, rho)) };
}
/** Adds z·h = T + c·C (C hides 0) to the batch; T gets +ρ, as in verifyProd. */
function verifyZero(srs: Srs, tr: Transcript, batch: VerifierBatch, c: Lin, p: ZeroProof): void {
  const ch = tr.g1('zero/T', p.t).challenge('zero/c');
  batch.zeroLin([
    [[[p.t, 1n]], 1n],
    [c, ch],
    [[[srs.h[0] as G1Point, 1n]], neg(p.z)],
  ]);
}

/** k·a + m (value and randomness only: for sums whose commitment the verifier forms itself). */
const lin = (a: Secret, k: bigint, m: bigint): { v: bigint; r: bigint } => ({
  v: add(mul(k, a.v), m),
  r: mul(k, a.r),
});

/**
 * The keys the server's coin vectors are derived from: key_priv + pub per vector (with the
 * `reused-coin` cheat, vector 1 reuses vector 0's key). Exposed so the coin vectors — the Legendre-PRF
 * square roots and root commitments, most of the prover's work — can be computed elsewhere (worker
 * threads: vddlm-pool.ts) and handed to {@link serverProve}.
 */
export function coinKeys(keys: ServerKeys, pub: readonly bigint[], cheat?: VddlmCheat): bigint[] {
  const full = keys.keys.map((k, i) => add(k.v, pub[i] as bigint));
  return full.map((k, i) => (cheat === 'reused-coin' && i === 1 ? (full[0] as bigint) : k));
}

/**
 * Server step 2: derive coins, build the noise, prove every step, publish the noisy share.
 * `precomputed`: the coin vectors of {@link coinKeys} (in order), if already made elsewhere.
 */
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
  precomputed?: readonly CoinWitness[],
): ServerProof {
  const lay = coinLayout(params);
  const n = lay.total;
  const g = srs.g[0] as G1Point;
  const fullKeys: Secret[] = keys.keys.map((k, i) => ({
    v: add(k.v, pub[i] as bigint),
    r: k.r,
    c: k.c.add(mulG1(g, pub[i] as bigint)),
  }));
  const ck = coinKeys(keys, pub, cheat);
  if (precomputed !== undefined && precomputed.length !== n)
    throw new RangeError('wrong number of coin vectors');
  const coins: readonly CoinWitness[] = precomputed ?? ck.map((k) => commitCoin(srs, k, d));
  const coinVecs = coins.map((c) => Uint8Array.from(c.bitValues.map((b) => Number(b))));
  const trace = noiseFromCoins(params, coinVecs, d);
  // Chain outputs, sign and noise are small integers: committed in the Lagrange basis (commitVector).
  const polyOf = (vals: ArrayLike<number>): CommittedPoly =>
    commitVector(
      srs,
      Array.from(vals, (v) => mod(BigInt(v))),
      VECTOR_BLIND,
    );

  // Committed vectors, indexed as the verifier indexes them: bits, roots, chain outputs, sign, noise.
  const vecs: CommittedPoly[] = [...coins.map((c) => c.bits), ...coins.map((c) => c.roots)];
  for (const ch of [trace.isZero, ...trace.digits]) for (const st of ch.steps) vecs.push(polyOf(st.out));
  const plan = chainPlan(params, 2 * n);
  const m = plan.steps.length;
  if (vecs.length !== 2 * n + m) throw new Error('chain trace and plan disagree');
  const sign = polyOf(trace.sign);
  // The noise-distribution cheat publishes zeros — or, when the true noise happens to be all zero
  // (likely at small d), a 1 in entry 0, so that the cheat always differs from the honest noise.
  const noiseVals = cheat === 'noise-distribution' ? new Int32Array(d) : trace.noise;
  if (cheat === 'noise-distribution' && trace.noise.every((x) => x === 0)) noiseVals[0] = 1;
  const noise = polyOf(noiseVals);
  vecs.push(sign, noise);
  const vec = (i: number): CommittedPoly => vecs[i] as CommittedPoly;
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
    vecs.slice(2 * n, 2 * n + m).map((v) => v.c),
  )
    .g1('sign', sign.c)
    .g1('noise', noise.c);
  // γ comes after every vector (and key) is fixed: a false identity survives the combination with
  // probability ≤ (number of identities)/r.
  const gamma = tr.challenge('batch/gamma');

  // Coin vectors: Binary  B² − B ≡ 0  and Legendre  ((1 − 5)B + 5)(I + key) − RT² ≡ 0  (mod X^d − 1).
  // Numerators in evaluation form on the 2d-th roots of unity (every numerator has degree ≤ 2d − 2, so
  // 2d values fix it): one forward NTT per vector, pointwise products, and one inverse NTT per group
  // instead of three polynomial products (nine NTTs) per coin vector.
  const I = indexPoly(d);
  const d2 = 2 * d;
  const ev = new Map<number, bigint[]>();
  const evalsOf = (f: readonly bigint[]): bigint[] => {
    const a = new Array<bigint>(d2).fill(0n);
    for (let i = 0; i < f.length; i++) a[i] = f[i] as bigint;
    return ntt(a);
  };
  const evalsVec = (i: number): bigint[] => {
    let e = ev.get(i);
    if (e === undefined) {
      e = evalsOf(vec(i).f);
      ev.set(i, e);
    }
    return e;
  };
  const Ie = evalsOf(I);
  const accCoin = new Array<bigint>(d2).fill(0n);
  const c15 = mod(1n - NON_RESIDUE);
  let gp = 1n;
  for (let j = 0; j < n; j++) {
    const Be = evalsVec(j);
    const Re = evalsOf((coins[j] as CoinWitness).roots.f);
    const key = (fullKeys[j] as Secret).v;
    const g2 = mul(gp, gamma);
    for (let i = 0; i < d2; i++) {
      const b = Be[i] as bigint;
      const r = Re[i] as bigint;
      const bin = (b * b - b) % R; // B² − B
      const leg = (((c15 * b + NON_RESIDUE) % R) * ((Ie[i] as bigint) + key) - r * r) % R; // may be < 0
      accCoin[i] = ((accCoin[i] as bigint) + gp * bin + g2 * leg) % R;
    }
    gp = mul(g2, gamma);
  }
  // Chain steps: u∘inner = c with c = out (AND) or u + inner − out (OR).
  const accChain = new Array<bigint>(d2).fill(0n);
  gp = 1n;
  for (let k = 0; k < m; k++) {
    const st = plan.steps[k] as { u: number; inner: number; or: boolean };
    const Ue = evalsVec(st.u);
    const Ne = evalsVec(st.inner);
    const Oe = evalsVec(2 * n + k);
    for (let i = 0; i < d2; i++) {
      const x = Ue[i] as bigint;
      const y = Ne[i] as bigint;
      const c = st.or ? x + y - (Oe[i] as bigint) : (Oe[i] as bigint);
      accChain[i] = ((accChain[i] as bigint) + gp * (x * y - c)) % R;
    }
    gp = mul(gp, gamma);
  }
  // sign = (2·isPos − 1)(1 − isZero) and N = (1 + G)·sign, G = Σ 2^i·digit_i.
  const Pe = evalsVec(lay.sign);
  const Ze = evalsVec(plan.isZero);
  const Se = evalsOf(sign.f);
  const Ne = evalsOf(noise.f);
  const De = plan.digits.map((di) => evalsVec(di));
  const accSign = new Array<bigint>(d2);
  const accNoise = new Array<bigint>(d2);
  for (let i = 0; i < d2; i++) {
    const sgn = Se[i] as bigint;
    accSign[i] = ((2n * (Pe[i] as bigint) - 1n) * (1n - (Ze[i] as bigint)) - sgn) % R;
    let geoI = 0n;
    for (let t = 0; t < De.length; t++) geoI += (1n << BigInt(t)) * ((De[t] as bigint[])[i] as bigint);
    accNoise[i] = (((1n + geoI) % R) * sgn - (Ne[i] as bigint)) % R;
  }
  const coeffs = (acc: bigint[]): bigint[] => intt(acc.map((x) => (x < 0n ? x + R : x)));
  const numCoin = coeffs(accCoin);
  const numChain = coeffs(accChain);
  const quotients = [
    quotientOf(numCoin, d, cheat === 'reused-coin', 'coin vectors'),
    quotientOf(numChain, d, false, 'Bernoulli chains'),
    quotientOf(coeffs(accSign), d, false, 'sign'),
    quotientOf(coeffs(accNoise), d, cheat === 'noise-distribution', 'noise'),
  ].map((q) => commitPoly(srs, q, 2));
  tr.g1s(
    'batch/Q',
    quotients.map((q) => q.c),
  );
  const u = tr.challenge('batch/u');
  const { opening, values } = proveEvalMany(srs, tr, [...vecs, ...quotients], u);
  const val = (i: number): Secret => values[i] as Secret;
  const zu = vanishingAt(u, d);
  const Iu = evaluate(I, u);
  const qv = (i: number): Secret => val(2 * n + m + 2 + i);

  const coinChecks: CoinCheck[] = [];
  let zr = 0n; // randomness of the zero-sum commitment
  gp = 1n;
  for (let j = 0; j < n; j++) {
    const bu = val(j);
    const ru = val(n + j);
    const bin = commitScalar(srs, mul(bu.v, sub(bu.v, 1n)));
    const sq = commitScalar(srs, mul(ru.v, ru.v));
    const a = affine(srs, bu, mod(1n - NON_RESIDUE), NON_RESIDUE);
    const b = affine(srs, fullKeys[j] as Secret, 1n, Iu);
    const id = commitScalar(srs, mul(a.v, b.v));
    tr.g1('coin/BIN', bin.c).g1('coin/SQ', sq.c).g1('coin/ID', id.c);
    coinChecks.push({
      bin: bin.c,
      sq: sq.c,
      id: id.c,
      prodBin: proveProd(srs, tr, bu, affine(srs, bu, 1n, R - 1n), bin),
      prodSq: proveProd(srs, tr, ru, ru, sq),
      prodId: proveProd(srs, tr, a, b, id),
    });
    zr = add(zr, mul(gp, bin.r));
    gp = mul(gp, gamma);
    zr = add(zr, mul(gp, sub(id.r, sq.r)));
    gp = mul(gp, gamma);
  }
  zr = sub(zr, mul(zu, qv(0).r));
  const zeroCoins = proveZero(srs, tr, zr);

  const stepChecks: StepCheck[] = [];
  zr = 0n;
  gp = 1n;
  for (let k = 0; k < m; k++) {
    const st = plan.steps[k] as { u: number; inner: number; or: boolean };
    const a = val(st.u);
    const b = val(st.inner);
    const e = commitScalar(srs, mul(a.v, b.v));
    tr.g1('step/E', e.c);
    stepChecks.push({ e: e.c, prod: proveProd(srs, tr, a, b, e) });
    const out = val(2 * n + k);
    const cR = st.or ? sub(add(a.r, b.r), out.r) : out.r;
    zr = add(zr, mul(gp, sub(e.r, cR)));
    gp = mul(gp, gamma);
  }
  zr = sub(zr, mul(zu, qv(1).r));
  const zeroSteps = proveZero(srs, tr, zr);

  const signU = val(2 * n + m);
  const noiseU = val(2 * n + m + 1);
  const isPosU = val(lay.sign);
  const isZeroU = val(plan.isZero);
  const signProd = proveProd(
    srs,
    tr,
    affine(srs, isPosU, 2n, R - 1n),
    affine(srs, isZeroU, R - 1n, 1n),
    sumSecret(signU, affine(srs, qv(2), zu, 0n)),
  );
  let geoU: Secret = { v: 0n, r: 0n, c: G1.ZERO };
  plan.digits.forEach((di, i) => {
    const t = lin(val(di), mod(2n ** BigInt(i)), 0n);
    geoU = { v: add(geoU.v, t.v), r: add(geoU.r, t.r), c: G1.ZERO };
  });
  const noiseProd = proveProd(
    srs,
    tr,
    { v: add(geoU.v, 1n), r: geoU.r, c: G1.ZERO }, // a's commitment is not used by proveProd
    signU,
    sumSecret(noiseU, affine(srs, qv(3), zu, 0n)),
  );

  const output = input.values.map((v, i) =>
    cheat === 'withheld-noise' ? v : add(v, mod(BigInt(noiseVals[i] as number))),
  );
  if (cheat === 'altered-share') output[0] = add(output[0] as bigint, 1n);
  const outputBlind =
    cheat === 'withheld-noise'
      ? [...input.blind]
      : combinePoly({ f: [0n], r: input.blind, c: G1.ZERO }, 1n, noise, 1n).r;
  const open = cheat === 'forged-opening' ? { ...opening, w: opening.w.add(G1.BASE) } : opening;
  return {
    coinBits: coins.map((c) => c.bits.c),
    coinRoots: coins.map((c) => c.roots.c),
    chainOut: vecs.slice(2 * n, 2 * n + m).map((v) => v.c),
    sign: sign.c,
    noise: noise.c,
    quotients: quotients.map((q) => q.c) as [G1Point, G1Point, G1Point, G1Point],
    open,
    coins: coinChecks,
    steps: stepChecks,
    zeroCoins,
    zeroSteps,
    signProd,
    noiseProd,
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
  const n = lay.total;
  const g = srs.g[0] as G1Point;
  const plan = chainPlan(params, 2 * n);
  const m = plan.steps.length;
  if (keyComs.length !== n || pub.length !== n) return 'wrong number of coin vectors';
  if (p.coinBits.length !== n || p.coinRoots.length !== n || p.coins.length !== n)
    return 'wrong number of coin proofs';
  if (p.chainOut.length !== m || p.steps.length !== m) return 'wrong number of Bernoulli steps';
  if (p.quotients.length !== 4 || p.open.ys.length !== 2 * n + m + 6) return 'wrong number of openings';
  if (p.output.length !== d) return 'output has the wrong length';

  const tr = transcriptFor(params, d, server, inputCom, keyComs, pub);
  tr.g1s('bits', p.coinBits).g1s('roots', p.coinRoots);
  tr.g1s('chain', p.chainOut).g1('sign', p.sign).g1('noise', p.noise);
  const gamma = tr.challenge('batch/gamma');
  tr.g1s('batch/Q', p.quotients);
  const u = tr.challenge('batch/u');
  const batch = new VerifierBatch(srs);
  batch.section('openings of every committed vector at one point u');
  verifyEvalMany(
    tr,
    batch,
    [...p.coinBits, ...p.coinRoots, ...p.chainOut, p.sign, p.noise, ...p.quotients],
    u,
    p.open,
  );
  const Y = (i: number): G1Point => p.open.ys[i] as G1Point;
  const zu = vanishingAt(u, d);
  const Iu = evaluate(indexPoly(d), u);
  const qY = (i: number): G1Point => Y(2 * n + m + 2 + i);

  batch.section('coin vectors (Legendre PRF under key_priv + public coin; all vectors in one batch)');
  const zc: [G1Point, bigint][] = [];
  let gp = 1n;
  for (let j = 0; j < n; j++) {
    const c = p.coins[j] as CoinCheck;
    const by = Y(j);
    const ry = Y(n + j);
    tr.g1('coin/BIN', c.bin).g1('coin/SQ', c.sq).g1('coin/ID', c.id);
    verifyProd(
      srs,
      tr,
      batch,
      by,
      [
        [by, 1n],
        [g, R - 1n],
      ],
      c.bin,
      c.prodBin,
    );
    verifyProd(srs, tr, batch, ry, ry, c.sq, c.prodSq);
    const a: Lin = [
      [by, mod(1n - NON_RESIDUE)],
      [g, NON_RESIDUE],
    ];
    const b: Lin = [
      [keyComs[j] as G1Point, 1n],
      [g, add(pub[j] as bigint, Iu)],
    ];
    verifyProd(srs, tr, batch, a, b, c.id, c.prodId);
    zc.push([c.bin, gp]);
    gp = mul(gp, gamma);
    zc.push([c.id, gp], [c.sq, neg(gp)]);
    gp = mul(gp, gamma);
  }
  zc.push([qY(0), neg(zu)]);
  verifyZero(srs, tr, batch, zc, p.zeroCoins);

  batch.section('Bernoulli chains (every AND/OR step in one batch)');
  const zs: [G1Point, bigint][] = [];
  gp = 1n;
  for (let k = 0; k < m; k++) {
    const st = plan.steps[k] as { u: number; inner: number; or: boolean };
    const s = p.steps[k] as StepCheck;
    tr.g1('step/E', s.e);
    verifyProd(srs, tr, batch, Y(st.u), Y(st.inner), s.e, s.prod);
    // E_k − C_k(u), with C = out (AND) or u + inner − out (OR)
    zs.push([s.e, gp]);
    if (st.or) zs.push([Y(st.u), neg(gp)], [Y(st.inner), neg(gp)], [Y(2 * n + k), gp]);
    else zs.push([Y(2 * n + k), neg(gp)]);
    gp = mul(gp, gamma);
  }
  zs.push([qY(1), neg(zu)]);
  verifyZero(srs, tr, batch, zs, p.zeroSteps);

  const signY = Y(2 * n + m);
  const noiseY = Y(2 * n + m + 1);
  batch.section('sign = (2·isPos − 1)∘(1 − isZero)');
  verifyProd(
    srs,
    tr,
    batch,
    [
      [Y(lay.sign), 2n],
      [g, R - 1n],
    ],
    [
      [g, 1n],
      [Y(plan.isZero), R - 1n],
    ],
    [
      [signY, 1n],
      [qY(2), zu],
    ],
    p.signProd,
  );
  batch.section('noise distribution N = (1 + G)∘sign');
  const onePlusGeo: Lin = [[g, 1n], ...plan.digits.map((di, i) => [Y(di), mod(2n ** BigInt(i))] as const)];
  verifyProd(
    srs,
    tr,
    batch,
    onePlusGeo,
    signY,
    [
      [noiseY, 1n],
      [qY(3), zu],
    ],
    p.noiseProd,
  );
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
  /** Σ of the vectors of the clients in the release (every client but the excluded ones). */
  readonly trueSum: bigint[];
  readonly proverSeconds: number;
  readonly verifierSeconds: number;
  readonly proofBytes: number;
  /** Clients a server refused (share ≠ commitment), left out of every server's input and of C_in. */
  readonly excludedClients: number[];
  /** Why each was excluded (which server refused it). */
  readonly exclusions: ClientExclusion[];
}

function sumIncluded(data: readonly (readonly number[])[], included: readonly number[], d: number): bigint[] {
  const trueSum = new Array<bigint>(d).fill(0n);
  for (const c of included)
    for (let i = 0; i < d; i++)
      trueSum[i] = (trueSum[i] as bigint) + BigInt((data[c] as readonly number[])[i] as number);
  return trueSum;
}

/**
 * Encodes a server's proof and published output (compressed G1, 32-byte scalars). The shape (number of
 * coins, chain steps, d, blinding length) follows from the public parameters, so no lengths are sent.
 */
export function encodeServerProof(p: ServerProof): Uint8Array {
  const w = new ByteWriter();
  for (const c of p.coinBits) w.g1(c);
  for (const c of p.coinRoots) w.g1(c);
  for (const c of p.chainOut) w.g1(c);
  w.g1(p.sign).g1(p.noise);
  for (const q of p.quotients) w.g1(q);
  for (const y of p.open.ys) w.g1(y);
  w.g1(p.open.w);
  for (const c of p.coins) {
    w.g1(c.bin).g1(c.sq).g1(c.id);
    writeProd(w, c.prodBin);
    writeProd(w, c.prodSq);
    writeProd(w, c.prodId);
  }
  for (const s of p.steps) {
    w.g1(s.e);
    writeProd(w, s.prod);
  }
  for (const z of [p.zeroCoins, p.zeroSteps]) w.g1(z.t).scalar(z.z);
  writeProd(w, p.signProd);
  writeProd(w, p.noiseProd);
  for (const v of p.output) w.scalar(v);
  for (const v of p.outputBlind) w.scalar(v);
  return w.done();
}

function readServerProof(r: ByteReader, params: DLapParams, d: number): ServerProof {
  const n = coinLayout(params).total;
  const m = chainPlan(params, 2 * n).steps.length;
  const g1s = (k: number): G1Point[] => Array.from({ length: k }, () => r.g1());
  const coinBits = g1s(n);
  const coinRoots = g1s(n);
  const chainOut = g1s(m);
  const sign = r.g1();
  const noise = r.g1();
  const quotients = g1s(4) as [G1Point, G1Point, G1Point, G1Point];
  const ys = g1s(2 * n + m + 6);
  const open = { ys, w: r.g1() };
  const coins: CoinCheck[] = Array.from({ length: n }, () => {
    const [bin, sq, id] = g1s(3) as [G1Point, G1Point, G1Point];
    return { bin, sq, id, prodBin: readProd(r), prodSq: readProd(r), prodId: readProd(r) };
  });
  const steps: StepCheck[] = Array.from({ length: m }, () => {
    const e = r.g1();
    return { e, prod: readProd(r) };
  });
  const zero = (): ZeroProof => {
    const t = r.g1();
    return { t, z: r.scalar() };
  };
  const zeroCoins = zero();
  const zeroSteps = zero();
  const signProd = readProd(r);
  const noiseProd = readProd(r);
  const output = Array.from({ length: d }, () => r.scalar());
  const outputBlind = Array.from({ length: VECTOR_BLIND }, () => r.scalar());
  r.end();
  return {
    coinBits,
    coinRoots,
    chainOut,
    sign,
    noise,
    quotients,
    open,
    coins,
    steps,
    zeroCoins,
    zeroSteps,
    signProd,
    noiseProd,
    output,
    outputBlind,
  };
}

/**
 * Decodes a server proof for the given parameters; throws a RangeError on malformed bytes. All points
 * (≈ 3,500 at the searched ε = 1 parameters) are decoded in one {@link g1DecodeMany} call: one
 * batched subgroup check instead of one per point.
 */
export function decodeServerProof(b: Uint8Array, params: DLapParams, d: number): ServerProof {
  const encodings: Uint8Array[] = [];
  readServerProof(
    new ByteReader(b, {
      next(e) {
        encodings.push(e);
        return G1.ZERO;
      },
    }),
    params,
    d,
  );
  let points: G1Point[];
  try {
    points = g1DecodeMany(encodings);
  } catch (e) {
    throw new RangeError(`message holds an invalid G1 point (${(e as Error).message})`);
  }
  let k = 0;
  return readServerProof(new ByteReader(b, { next: () => points[k++] as G1Point }), params, d);
}

/** Encodes the key commitments a server sends first. */
export function encodeKeyCommitments(keys: readonly G1Point[]): Uint8Array {
  const w = new ByteWriter();
  for (const k of keys) w.g1(k);
  return w.done();
}

/** One server's turn in an in-process run: its coin keys, then its proof and the verifier's check. */
interface ServerTurn {
  /** The coin-vector keys (key_priv + public coin) the server's proof commits to. */
  readonly keys: () => bigint[];
  /** Proves (with `coins` when a pool made them), verifies from the wire bytes; false when rejected. */
  readonly finish: (coins?: CoinWitness[]) => boolean;
}

/**
 * The shared body of {@link runVddlmInProcess} and {@link runVddlmInProcessParallel}: clients share and
 * commit, each server in turn commits to its keys, gets public coins, proves, and the verifier checks
 * the proof decoded from bytes. A rejected server ends the verifier's session: nothing is released.
 */
function inProcessRun(
  srs: Srs,
  params: DLapParams,
  data: readonly (readonly number[])[],
  servers: number,
  cheat: VddlmTamper | undefined,
): { turn: (s: number) => ServerTurn; result: () => VddlmRun } {
  const d = (data[0] as readonly number[]).length;
  checkDim(srs, d);
  const clients = data.map((v) => clientShare(srs, v, servers));
  const { included, exclusions, perServer } = deliverShares(srs, clients, servers, cheat);
  const sCheat = serverCheat(cheat);
  let proverMs = 0;
  let verifierMs = 0;
  let bytes = 0;
  const outputs: bigint[][] = [];
  let reason: string | null = null;
  const turn = (s: number): ServerTurn => {
    const t0 = performance.now();
    const input = aggregateShares(perServer[s] as ClientShares['shares'][number][], d);
    const inputCom = included.reduce(
      (acc, c) => acc.add((clients[c] as ClientShares).commitments[s] as G1Point),
      G1.ZERO,
    );
    const { state, msg } = serverCommitKeys(srs, params);
    proverMs += performance.now() - t0;
    const pub = drawPublicCoins(msg.length);
    const sc = s === 0 ? sCheat : undefined;
    // Prover time runs from here to the proof, so coins made by a pool in between are counted.
    const t1 = performance.now();
    return {
      keys: () => coinKeys(state, pub, sc),
      finish: (coins) => {
        const proof = serverProve(srs, params, d, s, inputCom, input, state, msg, pub, sc, coins);
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
          reason = `server ${s}: ${r}`;
          return false;
        }
        outputs.push([...proof.output]);
        return true;
      },
    };
  };
  const result = (): VddlmRun => ({
    verified: reason === null,
    reason,
    released: reason === null ? release(outputs, d) : [],
    trueSum: sumIncluded(data, included, d),
    proverSeconds: proverMs / 1000,
    verifierSeconds: verifierMs / 1000,
    proofBytes: bytes,
    excludedClients: exclusions.map((e) => e.client),
    exclusions,
  });
  return { turn, result };
}

/**
 * {@link runVddlmInProcess} with each server's coin vectors made by a worker pool (vddlm-pool.ts:
 * `VddlmProverPool`, passed in as its `commitCoins`); prover seconds are wall-clock, workers included.
 */
export async function runVddlmInProcessParallel(
  srs: Srs,
  params: DLapParams,
  data: readonly (readonly number[])[],
  servers: number,
  commitCoins: (keys: readonly bigint[]) => Promise<CoinWitness[]>,
  cheat?: VddlmTamper,
): Promise<VddlmRun> {
  const run = inProcessRun(srs, params, data, servers, cheat);
  for (let s = 0; s < servers; s++) {
    const t = run.turn(s);
    if (!t.finish(await commitCoins(t.keys()))) break;
  }
  return run.result();
}

/**
 * Runs clients, servers and the verifier in this process (server proofs are encoded to bytes and
 * decoded as on a wire; other messages pass as objects). `cheat` makes server 0 cheat (or, with
 * `client-share`, client 0 send server 0 a wrong share: that client is excluded, the run still
 * verifies). Returns the verdict, the release and timings.
 */
export function runVddlmInProcess(
  srs: Srs,
  params: DLapParams,
  data: readonly (readonly number[])[],
  servers: number,
  cheat?: VddlmTamper,
): VddlmRun {
  const run = inProcessRun(srs, params, data, servers, cheat);
  for (let s = 0; s < servers; s++) if (!run.turn(s).finish()) break;
  return run.result();
}
