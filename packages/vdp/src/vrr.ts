/**
 * @module vrr
 * Verifiable k-ary randomized response (VRR) of VDDP (arXiv:2504.21752 §6; privacy.md §1.5).
 * Setup: K classes (a power of two), Ω = 2^logΩ table entries, B = round(Ω/(e^ε + K − 1)),
 * A = Ω − (K − 1)·B; the public table F on the Ω-th roots of unity maps A entries to ξ⁰ = 1 ("keep")
 * and B entries to each ξ^j (ξ a primitive K-th root of unity). Realized ε = ln(A/B).
 * Protocol: the client commits to x = ξ^class and to s = ω^j (j uniform, secret: the private coin);
 * the verifier answers with a public coin r; t = s·ω^r; the client reports y = x·F(t) and proves it:
 * F′ = F + α(X^Ω − 1) evaluated at the committed t equals a committed z (SecretEval; α forces
 * t^Ω = 1), and y = z·x (Prod). The verifier also checks y^K = 1.
 * Challenges α, u, c are Fiat–Shamir; the public coin r is interactive (drawn after X, S are fixed).
 */

import { ByteReader, ByteWriter, type PointSource, readProd, writeProd } from './codec.js';
import { G1, type G1Point, g1DecodeMany, g1FromBytes, g2FromBytes, mulG1, polyEvaluator } from './curve.js';
import { add, mul, pow, R, rootOfUnity, sub } from './field.js';
import type { Srs } from './kzg.js';
import { intt } from './poly.js';
import {
  commitScalar,
  type Lin,
  type ProdProof,
  proveProd,
  proveSecretEval,
  publicScalar,
  type Secret,
  type SecretEvalProof,
  VerifierBatch,
  verifyProd,
  verifySecretEval,
} from './sigma.js';
import { Transcript } from './transcript.js';

/** Public parameters of one VRR instance. */
export interface VrrSetup {
  readonly srs: Srs;
  readonly classes: number;
  readonly omega: number;
  /** Requested ε. */
  readonly epsilon: number;
  /** Entries that keep the class. */
  readonly keep: number;
  /** Entries per other class. */
  readonly other: number;
  /** Realized ε = ln(keep/other). */
  readonly epsilonRealized: number;
  /** ξ, a primitive K-th root of unity. */
  readonly xi: bigint;
  /** ω, a primitive Ω-th root of unity. */
  readonly w: bigint;
  /** Table values F(ω^i). */
  readonly table: readonly bigint[];
  /** Coefficients of F. */
  readonly coeffs: readonly bigint[];
  /** ξ^j → j. */
  readonly classOf: ReadonlyMap<bigint, number>;
}

/** Uniform integer in [0, n) from the CSPRNG (rejection sampling, no modulo bias). */
export function randomIndex(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('randomIndex: n must be a positive integer');
  const lim = 2 ** 32 - (2 ** 32 % n);
  const b = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(b);
    if ((b[0] as number) < lim) return (b[0] as number) % n;
  }
}

/** Builds the VRR table and its polynomial. Needs srs.g.length ≥ Ω and srs.h.length ≥ 2. */
export function vrrSetup(srs: Srs, classes: number, logOmega: number, epsilon: number): VrrSetup {
  return buildSetup(srs, classes, logOmega, epsilon, true);
}

/**
 * The public parameters a VRR *verifier* needs, as bytes that can cross a thread or process boundary:
 * K, log Ω, ε and the four SRS elements verification touches (g_0, h_0, g2, τ·g2).
 */
export interface VrrVerifierParams {
  readonly classes: number;
  readonly logOmega: number;
  readonly epsilon: number;
  readonly g0: Uint8Array;
  readonly h0: Uint8Array;
  readonly g2: Uint8Array;
  readonly g2Tau: Uint8Array;
}

/** Extracts {@link VrrVerifierParams} from a setup. */
export function vrrVerifierParams(setup: VrrSetup): VrrVerifierParams {
  const srs = setup.srs;
  return {
    classes: setup.classes,
    logOmega: Math.log2(setup.omega),
    epsilon: setup.epsilon,
    g0: (srs.g[0] as G1Point).toBytes(true),
    h0: (srs.h[0] as G1Point).toBytes(true),
    g2: srs.g2.toBytes(true),
    g2Tau: srs.g2Tau.toBytes(true),
  };
}

/**
 * A verifier-only setup from {@link VrrVerifierParams} (its SRS holds just g_0, h_0, g2, τ·g2: enough
 * to verify, not to prove). The table and F are recomputed from K, Ω and ε exactly as in setup.
 */
export function vrrSetupFromParams(p: VrrVerifierParams): VrrSetup {
  const g0 = g1FromBytes(p.g0);
  const srs: Srs = {
    g: [g0.equals(G1.BASE) ? G1.BASE : g0],
    h: [g1FromBytes(p.h0)],
    g2: g2FromBytes(p.g2),
    g2Tau: g2FromBytes(p.g2Tau),
  };
  return buildSetup(srs, p.classes, p.logOmega, p.epsilon, false);
}

function buildSetup(
  srs: Srs,
  classes: number,
  logOmega: number,
  epsilon: number,
  forProver: boolean,
): VrrSetup {
  if (!Number.isInteger(classes) || classes < 2 || (classes & (classes - 1)) !== 0)
    throw new RangeError(`classes must be a power of two ≥ 2, got ${classes}`);
  if (!Number.isInteger(logOmega) || logOmega < 1 || logOmega > 24)
    throw new RangeError(`log Ω must be in 1..24, got ${logOmega}`);
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`ε must be positive, got ${epsilon}`);
  const omega = 2 ** logOmega;
  if (omega < classes) throw new RangeError(`Ω = ${omega} must be at least the number of classes ${classes}`);
  if (forProver && (srs.g.length < omega || srs.h.length < 2))
    throw new RangeError(`the SRS has ${srs.g.length} powers; VRR with Ω = ${omega} needs ${omega}`);
  const other = Math.round(omega / (Math.exp(epsilon) + classes - 1));
  const keep = omega - (classes - 1) * other;
  if (other < 1) throw new RangeError(`Ω = ${omega} is too small for ε = ${epsilon}: raise log Ω`);
  const xi = rootOfUnity(classes);
  const table: bigint[] = [];
  const classOf = new Map<bigint, number>();
  let xp = 1n;
  for (let j = 0; j < classes; j++) {
    classOf.set(xp, j);
    const cnt = j === 0 ? keep : other;
    for (let i = 0; i < cnt; i++) table.push(xp);
    xp = mul(xp, xi);
  }
  return {
    srs,
    classes,
    omega,
    epsilon,
    keep,
    other,
    epsilonRealized: Math.log(keep / other),
    xi,
    w: rootOfUnity(omega),
    table,
    coeffs: intt(table),
    classOf,
  };
}

/** The client's first message: commitments to its class and to its private coin. */
export interface VrrCommitMsg {
  readonly x: G1Point;
  readonly s: G1Point;
}

/** The client's secret state between the two messages. */
export interface VrrClientState {
  readonly x: Secret;
  readonly s: Secret;
  readonly j: number;
  readonly cls: number;
}

/** The client's response: its randomized report y and the proof. */
export interface VrrResponse {
  readonly y: bigint;
  readonly z: G1Point;
  readonly seval: SecretEvalProof;
  readonly prod: ProdProof;
}

/** Step 1 (client): commit to x = ξ^class and s = ω^j for a secret uniform j. */
export function vrrCommit(setup: VrrSetup, cls: number): { state: VrrClientState; msg: VrrCommitMsg } {
  if (!Number.isInteger(cls) || cls < 0 || cls >= setup.classes)
    throw new RangeError(`class ${cls} is outside 0..${setup.classes - 1}`);
  const j = randomIndex(setup.omega);
  const x = commitScalar(setup.srs, pow(setup.xi, BigInt(cls)));
  const s = commitScalar(setup.srs, pow(setup.w, BigInt(j)));
  return { state: { x, s, j, cls }, msg: { x: x.c, s: s.c } };
}

/** Step 2 (verifier): the public coin, uniform in [Ω], drawn after the commitments arrived. */
export function vrrPublicCoin(setup: VrrSetup): number {
  return randomIndex(setup.omega);
}

function transcriptFor(setup: VrrSetup, msg: VrrCommitMsg, coin: number, y: bigint): Transcript {
  return new Transcript('floret-vdp/vrr/v1')
    .int('K', setup.classes)
    .int('Omega', setup.omega)
    .int('keep', setup.keep)
    .int('other', setup.other)
    .g1('X', msg.x)
    .g1('S', msg.s)
    .int('coin', coin)
    .scalar('y', y);
}

const evaluators = new WeakMap<VrrSetup, (x: bigint) => bigint>();

/**
 * F′(u) = F(u) + α(u^Ω − 1). F(u) is the verifier's main scalar cost per proof (a degree-(Ω − 1)
 * Horner loop): it runs in wasm on the mcl backend (coefficients copied once per setup).
 */
function fPrimeAt(setup: VrrSetup, alpha: bigint, u: bigint): bigint {
  let f = evaluators.get(setup);
  if (f === undefined) {
    f = polyEvaluator(setup.coeffs);
    evaluators.set(setup, f);
  }
  return add(f(u), mul(alpha, sub(pow(u, BigInt(setup.omega)), 1n)));
}

/** Coefficients of F′ = F + α(X^Ω − 1). */
function fPrimeCoeffs(setup: VrrSetup, alpha: bigint): bigint[] {
  const c = [...setup.coeffs, alpha];
  c[0] = sub(c[0] as bigint, alpha);
  return c;
}

/** Options that make a client cheat (tests and `--tamper`). */
export interface VrrCheat {
  /** Report the true class instead of the randomized one. */
  readonly reportTruth?: boolean;
  /** Report the next class after the one the coins dictate (always a deviation). */
  readonly misreport?: boolean;
  /** Answer as if the public coin were this value (reusing an old coin). */
  readonly coinOverride?: number;
  /** Answer with a coin other than the one received (as if reusing an earlier session's coin). */
  readonly staleCoin?: boolean;
  /** Alter the KZG opening of the quotient. */
  readonly forgeOpening?: boolean;
}

/** Step 3 (client): y = x·F(t) with t = ω^{j + coin}, and the proof. */
export function vrrRespond(
  setup: VrrSetup,
  state: VrrClientState,
  msg: VrrCommitMsg,
  coin: number,
  cheat: VrrCheat = {},
): VrrResponse {
  const srs = setup.srs;
  const usedCoin = cheat.coinOverride ?? (cheat.staleCoin === true ? (coin + 1) % setup.omega : coin);
  const idx = (state.j + usedCoin) % setup.omega;
  const fz = setup.table[idx] as bigint;
  const honest = mul(state.x.v, fz);
  const y =
    cheat.reportTruth === true ? state.x.v : cheat.misreport === true ? mul(honest, setup.xi) : honest;
  const tr = transcriptFor(setup, msg, coin, y);
  const alpha = tr.challenge('alpha');
  const wr = pow(setup.w, BigInt(usedCoin));
  const t: Secret = { v: mul(state.s.v, wr), r: mul(state.s.r, wr), c: mulG1(state.s.c, wr) };
  const z = commitScalar(srs, fz);
  tr.g1('Z', z.c);
  const seval = proveSecretEval(srs, tr, fPrimeCoeffs(setup, alpha), t, z);
  const prod = proveProd(srs, tr, z, state.x, publicScalar(srs, y));
  const forged =
    cheat.forgeOpening === true
      ? { ...seval, qOpen: { ...seval.qOpen, w: seval.qOpen.w.add(G1.BASE) } }
      : seval;
  return { y, z: z.c, seval: forged, prod };
}

/**
 * Adds one client's checks to a batch (so many clients verify with one MSM and two pairings).
 * Returns a reason when a cheap check already fails, else null (the batch decides the rest).
 */
export function vrrVerifyInto(
  setup: VrrSetup,
  batch: VerifierBatch,
  msg: VrrCommitMsg,
  coin: number,
  resp: VrrResponse,
): string | null {
  const srs = setup.srs;
  if (resp.y >= R || pow(resp.y, BigInt(setup.classes)) !== 1n) {
    batch.fail('report is not a K-th root of unity');
    return 'report is not a K-th root of unity';
  }
  const tr = transcriptFor(setup, msg, coin, resp.y);
  const alpha = tr.challenge('alpha');
  tr.g1('Z', resp.z);
  // T = ω^coin·S and Y = y·g stay lazy: the batch MSM multiplies them out with everything else.
  const tCom: Lin = [[msg.s, pow(setup.w, BigInt(coin))]];
  batch.section('table lookup F(t) at the coin-shifted index (SecretEval)');
  verifySecretEval(srs, tr, batch, (u) => fPrimeAt(setup, alpha, u), tCom, resp.z, resp.seval);
  batch.section('report y = class·F(t) (Prod)');
  verifyProd(srs, tr, batch, resp.z, msg.x, [[srs.g[0] as G1Point, resp.y]], resp.prod);
  return null;
}

/** Verifies one client; null when the proof holds, else a reason. */
export function vrrVerify(
  setup: VrrSetup,
  msg: VrrCommitMsg,
  coin: number,
  resp: VrrResponse,
): string | null {
  const batch = new VerifierBatch(setup.srs);
  return vrrVerifyInto(setup, batch, msg, coin, resp) ?? batch.check();
}

/** One client's full exchange, for batch verification. */
export interface VrrSession {
  readonly msg: VrrCommitMsg;
  readonly coin: number;
  readonly resp: VrrResponse;
}

/**
 * Verifies many clients at once: null when all hold. When the combined check fails, falls back to
 * one-by-one checks to name the first failing client.
 */
export function vrrVerifyBatch(setup: VrrSetup, sessions: readonly VrrSession[]): string | null {
  const batch = new VerifierBatch(setup.srs);
  for (const s of sessions) vrrVerifyInto(setup, batch, s.msg, s.coin, s.resp);
  if (batch.check() === null) return null;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i] as VrrSession;
    const r = vrrVerify(setup, s.msg, s.coin, s.resp);
    if (r !== null) return `client ${i}: ${r}`;
  }
  return 'batch check failed';
}

/** The class a verified report names. */
export function reportedClass(setup: VrrSetup, y: bigint): number {
  const c = setup.classOf.get(y);
  if (c === undefined) throw new RangeError('report is not a class');
  return c;
}

/** Unbiased frequency estimates from reported-class counts: (n_c/n − q)/(p − q). */
export function estimateFrequencies(setup: VrrSetup, counts: readonly number[]): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const p = setup.keep / setup.omega;
  const q = setup.other / setup.omega;
  return counts.map((c) => (n === 0 ? 0 : (c / n - q) / (p - q)));
}

/** Compressed encoding of the commit message (2 G1 points, 96 bytes). */
export function encodeVrrCommit(m: VrrCommitMsg): Uint8Array {
  return new ByteWriter().g1(m.x).g1(m.s).done();
}
/** Decodes (and validates the points of) a commit message. */
export function decodeVrrCommit(b: Uint8Array): VrrCommitMsg {
  const r = new ByteReader(b);
  const m = { x: r.g1(), s: r.g1() };
  r.end();
  return m;
}
/** Compressed encoding of a response: y, Z, the SecretEval and Prod proofs (10 G1 + 11 Fr = 832 B). */
export function encodeVrrResponse(p: VrrResponse): Uint8Array {
  const w = new ByteWriter().scalar(p.y).g1(p.z).g1(p.seval.q).g1(p.seval.qOpen.y).g1(p.seval.qOpen.w);
  writeProd(w, p.seval.prod);
  writeProd(w, p.prod);
  return w.done();
}
/** Decodes a response; throws a RangeError on malformed bytes. */
export function decodeVrrResponse(b: Uint8Array): VrrResponse {
  return readVrrResponse(new ByteReader(b));
}
function readVrrResponse(r: ByteReader): VrrResponse {
  const y = r.scalar();
  const z = r.g1();
  const q = r.g1();
  const qy = r.g1();
  const qw = r.g1();
  const sp = readProd(r);
  const prod = readProd(r);
  r.end();
  return { y, z, seval: { q, qOpen: { y: qy, w: qw }, prod: sp }, prod };
}

/** One client's exchange as it arrives on the wire: the two messages' bytes and the coin it was sent. */
export interface VrrEncodedSession {
  /** {@link encodeVrrCommit} bytes. */
  readonly commit: Uint8Array;
  readonly coin: number;
  /** {@link encodeVrrResponse} bytes. */
  readonly response: Uint8Array;
}

/**
 * Decodes many clients' messages with all their points in one {@link g1DecodeMany} call (one batched
 * subgroup check instead of one per point). Throws a RangeError naming the first malformed client.
 */
export function decodeVrrSessions(sessions: readonly VrrEncodedSession[]): VrrSession[] {
  const encodings: Uint8Array[] = [];
  const firstPoint: number[] = [];
  const collect: PointSource = {
    next(e) {
      encodings.push(e);
      return G1.ZERO;
    },
  };
  sessions.forEach((s, i) => {
    firstPoint.push(encodings.length);
    try {
      const c = new ByteReader(s.commit, collect);
      c.g1();
      c.g1();
      c.end();
      readVrrResponse(new ByteReader(s.response, collect));
    } catch (e) {
      throw new RangeError(`client ${i}: ${(e as Error).message}`);
    }
  });
  let points: G1Point[];
  try {
    points = g1DecodeMany(encodings);
  } catch (e) {
    const m = /^point (\d+): (.*)$/.exec((e as Error).message);
    if (m === null) throw e;
    const at = Number(m[1]);
    let client = 0;
    while (client + 1 < firstPoint.length && (firstPoint[client + 1] as number) <= at) client++;
    throw new RangeError(`client ${client}: message holds an invalid G1 point (${m[2]})`);
  }
  let k = 0;
  const replay: PointSource = { next: () => points[k++] as G1Point };
  return sessions.map((s) => {
    const c = new ByteReader(s.commit, replay);
    const msg = { x: c.g1(), s: c.g1() };
    return { msg, coin: s.coin, resp: readVrrResponse(new ByteReader(s.response, replay)) };
  });
}

/**
 * Decodes and batch-verifies many clients' wire messages (see {@link decodeVrrSessions} and
 * {@link vrrVerifyBatch}); null when every client verifies, else a reason naming a client.
 */
export function vrrVerifyBatchEncoded(
  setup: VrrSetup,
  sessions: readonly VrrEncodedSession[],
): string | null {
  let decoded: VrrSession[];
  try {
    decoded = decodeVrrSessions(sessions);
  } catch (e) {
    return (e as Error).message;
  }
  for (let i = 0; i < decoded.length; i++) {
    const coin = (decoded[i] as VrrSession).coin;
    if (!Number.isInteger(coin) || coin < 0 || coin >= setup.omega)
      return `client ${i}: public coin out of range`;
  }
  return vrrVerifyBatch(setup, decoded);
}

/** Result of a VRR run. */
export interface VrrRun {
  readonly verified: boolean;
  readonly reason: string | null;
  /** Reported-class counts (released only when everything verified). */
  readonly counts: number[];
  /** Unbiased frequency estimates from the counts. */
  readonly estimates: number[];
  /** Bytes one client sends (commit + response, compressed). */
  readonly proofBytes: number;
  /** Client (prover) time summed over clients, seconds. */
  readonly proverSeconds: number;
  /** Verifier time for the batched verification of all clients, seconds. */
  readonly verifierSeconds: number;
}

/**
 * Runs every client and the verifier in this process (messages are encoded to bytes and decoded, as
 * on a wire). `cheat` makes client 0 cheat. Decodes and batch-verifies all clients at the end.
 */
export function runVrrInProcess(setup: VrrSetup, classes: readonly number[], cheat: VrrCheat = {}): VrrRun {
  const c = vrrClientSessions(setup, classes, cheat);
  // The verifier's time includes decoding every point (batched: one subgroup check for all).
  const t2 = performance.now();
  const reason = vrrVerifyBatchEncoded(setup, c.sessions);
  const verifierMs = performance.now() - t2;
  return vrrRunResult(setup, c, reason, verifierMs);
}

/** The clients' side of an in-process run: every client's wire messages, prover time, bytes per client. */
export interface VrrClientSessions {
  readonly sessions: VrrEncodedSession[];
  readonly proverMs: number;
  readonly bytes: number;
}

/** Runs every client in this process (client 0 with `cheat`); the public coins are drawn after each commit. */
export function vrrClientSessions(
  setup: VrrSetup,
  classes: readonly number[],
  cheat: VrrCheat = {},
): VrrClientSessions {
  let proverMs = 0;
  const sessions: VrrEncodedSession[] = [];
  let bytes = 0;
  classes.forEach((cls, i) => {
    const t0 = performance.now();
    const { state, msg } = vrrCommit(setup, cls);
    const commitBytes = encodeVrrCommit(msg);
    proverMs += performance.now() - t0;
    const coin = vrrPublicCoin(setup);
    const t1 = performance.now();
    const resp = vrrRespond(setup, state, msg, coin, i === 0 ? cheat : {});
    const respBytes = encodeVrrResponse(resp);
    proverMs += performance.now() - t1;
    bytes = commitBytes.length + respBytes.length;
    sessions.push({ commit: commitBytes, coin, response: respBytes });
  });
  return { sessions, proverMs, bytes };
}

/** Assembles a {@link VrrRun} from the clients' sessions and the verifier's verdict. */
export function vrrRunResult(
  setup: VrrSetup,
  c: VrrClientSessions,
  reason: string | null,
  verifierMs: number,
): VrrRun {
  const counts = new Array<number>(setup.classes).fill(0);
  if (reason === null)
    for (const s of c.sessions) {
      const k = reportedClass(setup, decodeVrrResponse(s.response).y);
      counts[k] = (counts[k] as number) + 1;
    }
  return {
    verified: reason === null,
    reason,
    counts: reason === null ? counts : [],
    estimates: reason === null ? estimateFrequencies(setup, counts) : [],
    proofBytes: c.bytes,
    proverSeconds: c.proverMs / 1000,
    verifierSeconds: verifierMs / 1000,
  };
}
