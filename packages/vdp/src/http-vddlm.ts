/**
 * @module http-vddlm
 * VDDLM parties as separate processes over HTTP on loopback (issue layer 7): the verifier is a hono
 * service; each server is its own process with its own hono service (clients post shares to it); each
 * client is its own process. Flow: clients fetch the setup, secret-share their vectors, post share
 * commitments to the verifier and shares to the servers; then each server, when told to run, posts its
 * key commitments, receives the verifier's public coins, proves its noise and posts the proof and its
 * noisy share. Messages carry a version and are zod-validated; anything malformed or failing
 * verification ends that session with HTTP 400 and a reason. A server checks each client's share on
 * arrival against the commitment that client published (the share must recompute it); a mismatch is
 * refused (400) and reported to the verifier, which drops that client from C_in and from every server's
 * aggregate and names it in the verdict — so a lying client is excluded instead of an honest server
 * being blamed. Each client gets a secret token with its index, so nobody else can send shares as it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { VECTOR_BLIND } from './blind.js';
import { ByteReader, ByteWriter, fromHex, toHex } from './codec.js';
import { G1, type G1Point, G2, g1FromHex, g2FromHex } from './curve.js';
import { analyze, coinLayout, type DLapParams } from './dlap.js';
import { partyScript } from './http.js';
import { commit, prepareSrs, type Srs } from './kzg.js';
import { intt } from './poly.js';
import {
  aggregateShares,
  alterShare,
  type ClientExclusion,
  checkClientShare,
  clientShare,
  coinKeys,
  decodeServerProof,
  encodeKeyCommitments,
  encodeServerProof,
  release,
  serverCheat,
  serverCommitKeys,
  serverProve,
  type VddlmCheat,
  type VddlmTamper,
  verifyServer,
} from './vddlm.js';
import { VddlmProverPool } from './vddlm-pool.js';

/** Protocol name and version carried by every VDDLM message. */
export const VDDLM_HTTP_VERSION = 'floret-vdp/vddlm/http/3';
const version = z.literal(VDDLM_HTTP_VERSION);
const hex = z.string().regex(/^[0-9a-f]*$/, 'lowercase hex');

/** GET /v1/setup reply. */
export const VddlmSetupMsg = z.object({
  version,
  d: z.number().int().min(2),
  servers: z.number().int().min(2),
  epsilon: z.number().positive(),
  logRange: z.number().int().min(1),
  precision: z.number().int().min(1),
  g: z.array(hex),
  h: z.array(hex),
  g2Tau: hex,
});
const InputReq = z.object({ version, commitments: hex });
const KeysReq = z.object({ version, server: z.number().int().min(0), keys: hex });
/**
 * POST /v1/input reply: the client's index and a fresh secret token; the client sends both with each
 * share, so that nobody else can send a share under its index (and get it excluded).
 */
const InputRes = z.object({
  version,
  accepted: z.literal(true),
  client: z.number().int().min(0),
  token: hex,
});
/** GET /v1/input/:client reply: that client's published commitments (one per server), SHA-256 of its token. */
const InputGetRes = z.object({ version, client: z.number().int().min(0), commitments: hex, tokenHash: hex });
/** POST /v1/exclude: a server refused a client's share (share ≠ published commitment). */
const ExcludeReq = z.object({
  version,
  server: z.number().int().min(0),
  client: z.number().int().min(0),
  reason: z.string().max(500),
});
/** The public coins, with the client set the server must aggregate: 0..clients−1 minus `excluded`. */
const KeysRes = z.object({
  version,
  coins: hex,
  clients: z.number().int().min(0),
  excluded: z.array(z.number().int().min(0)),
});
const ProofReq = z.object({ version, server: z.number().int().min(0), proof: hex });
const VerdictRes = z.object({ version, accepted: z.boolean(), reason: z.string().nullable() });
const ShareReq = z.object({ version, client: z.number().int().min(0), token: hex, values: hex, blind: hex });
const sha256Hex = (hexText: string): string => createHash('sha256').update(fromHex(hexText)).digest('hex');

type SetupBody = z.infer<typeof VddlmSetupMsg>;

/** Builds the SRS and parameters a party needs from the setup message. */
function fromSetup(m: SetupBody): { srs: Srs; params: DLapParams } {
  const params = analyze(m.epsilon, m.logRange, m.precision);
  if (params === null) throw new Error('setup message: parameters give a zero probability');
  const srs = prepareSrs({
    g: m.g.map(g1FromHex),
    h: m.h.map(g1FromHex),
    g2: G2.BASE,
    g2Tau: g2FromHex(m.g2Tau),
  });
  return { srs, params };
}

async function getSetup(url: string): Promise<SetupBody> {
  const p = VddlmSetupMsg.safeParse(await (await fetch(`${url}/v1/setup`)).json());
  if (!p.success) throw new Error(`bad setup message: ${p.error.issues[0]?.message ?? 'invalid'}`);
  return p.data;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

function errText(j: unknown): string {
  return typeof j === 'object' && j !== null && 'error' in j
    ? String((j as { error: unknown }).error)
    : 'invalid reply';
}

/** What the VDDLM verifier records. */
export interface VddlmVerifierLog {
  readonly inputs: G1Point[][];
  /** Clients a server refused, with the server's reason (only while inputs were open). */
  readonly excluded: Map<number, string>;
  readonly outputs: Map<number, bigint[]>;
  readonly rejected: string[];
  verifierMs: number;
  bytes: number;
}

/** The verifier's verdict once every server has reported (or one was rejected). */
export interface VddlmVerdict {
  readonly verified: boolean;
  /** The first rejected server's reason, or null. */
  readonly reason: string | null;
  /** Σ of the accepted noisy shares (centered integers); empty unless verified. */
  readonly released: bigint[];
  /** Client input commitments received. */
  readonly clients: number;
  /** Clients left out of the release because a server refused their share (ascending). */
  readonly excludedClients: number[];
  /** The servers' reasons, one per excluded client (same order). */
  readonly exclusionReasons: string[];
  /** Bytes the servers sent the verifier (key commitments and proofs). */
  readonly proofBytes: number;
  readonly verifierSeconds: number;
}

/** GET /v1/result reply: the verdict so far (`done` once every server reported or one was rejected). */
export const VddlmResultMsg = z.object({
  version,
  done: z.boolean(),
  verified: z.boolean(),
  reason: z.string().nullable(),
  accepted: z.array(z.number().int()),
  clients: z.number().int(),
  excludedClients: z.array(z.number().int()),
  exclusionReasons: z.array(z.string()),
  released: z.array(z.string()),
  proofBytes: z.number().int(),
  verifierSeconds: z.number(),
});

/** A running VDDLM verifier service. */
export interface VddlmVerifierService {
  readonly url: string;
  readonly log: VddlmVerifierLog;
  /** Resolves with the verdict once every server's proof was accepted or one was rejected. */
  readonly done: Promise<VddlmVerdict>;
  close(): Promise<void>;
}

/**
 * Starts the VDDLM verifier on 127.0.0.1 (`port` 0: any free port). It accepts client input
 * commitments until the first server asks for public coins; then it verifies each server's proof once.
 */
export function startVddlmVerifier(
  srs: Srs,
  params: DLapParams,
  d: number,
  servers: number,
  port = 0,
): Promise<VddlmVerifierService> {
  const log: VddlmVerifierLog = {
    inputs: [],
    excluded: new Map(),
    outputs: new Map(),
    rejected: [],
    verifierMs: 0,
    bytes: 0,
  };
  const excludedSorted = (): number[] => [...log.excluded.keys()].sort((a, b) => a - b);
  let settle: (v: VddlmVerdict) => void = () => {};
  const done = new Promise<VddlmVerdict>((resolve) => {
    settle = resolve;
  });
  let finished = false;
  const verdict = (): VddlmVerdict => {
    const verified = log.rejected.length === 0 && log.outputs.size === servers;
    const outs = [...log.outputs.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    return {
      verified,
      reason: log.rejected[0] ?? null,
      released: verified ? release(outs, d) : [],
      clients: log.inputs.length,
      excludedClients: excludedSorted(),
      exclusionReasons: excludedSorted().map((c) => log.excluded.get(c) ?? ''),
      proofBytes: log.bytes,
      verifierSeconds: log.verifierMs / 1000,
    };
  };
  const maybeFinish = (): void => {
    if (finished || (log.rejected.length === 0 && log.outputs.size < servers)) return;
    finished = true;
    // Settle after the current reply has gone out, so a close() that follows finds the connection idle.
    const v = verdict();
    setTimeout(() => settle(v), 20);
  };
  let inputsClosed = false;
  const tokenHashes: string[] = [];
  const keys = new Map<number, { keys: G1Point[]; pub: bigint[] }>();
  const body: SetupBody = {
    version: VDDLM_HTTP_VERSION,
    d,
    servers,
    epsilon: params.epsilon,
    logRange: params.logRange,
    precision: params.precision,
    g: srs.g.slice(0, d).map((p) => p.toHex()),
    h: srs.h.slice(0, 4).map((p) => p.toHex()),
    g2Tau: srs.g2Tau.toHex(),
  };
  const app = new Hono();
  const bad = (e: string) => ({ version: VDDLM_HTTP_VERSION, error: e });
  app.get('/v1/setup', (c) => c.json(body));
  app.get('/v1/result', (c) => {
    const v = verdict();
    return c.json({
      version: VDDLM_HTTP_VERSION,
      done: finished,
      verified: finished && v.verified,
      reason: v.reason,
      accepted: [...log.outputs.keys()].sort((a, b) => a - b),
      clients: v.clients,
      excludedClients: v.excludedClients,
      exclusionReasons: v.exclusionReasons,
      released: v.released.map(String),
      proofBytes: v.proofBytes,
      verifierSeconds: v.verifierSeconds,
    } satisfies z.infer<typeof VddlmResultMsg>);
  });
  app.post('/v1/input', async (c) => {
    const p = InputReq.safeParse(await c.req.json().catch(() => null));
    if (!p.success) return c.json(bad(`bad input message: ${p.error.issues[0]?.message ?? 'invalid'}`), 400);
    // C_in is fixed once a server has committed to its keys: a late client would change it.
    if (inputsClosed) return c.json(bad('inputs are closed: a server has already started its proof'), 400);
    try {
      const r = new ByteReader(fromHex(p.data.commitments));
      const coms = Array.from({ length: servers }, () => r.g1());
      r.end();
      log.inputs.push(coms);
    } catch (e) {
      return c.json(bad(`bad input message: ${(e as Error).message}`), 400);
    }
    const token = toHex(crypto.getRandomValues(new Uint8Array(32)));
    tokenHashes.push(sha256Hex(token));
    return c.json({
      version: VDDLM_HTTP_VERSION,
      accepted: true,
      client: log.inputs.length - 1,
      token,
    } satisfies z.infer<typeof InputRes>);
  });
  app.get('/v1/input/:client', (c) => {
    const i = Number(c.req.param('client'));
    const coms = Number.isInteger(i) ? log.inputs[i] : undefined;
    if (coms === undefined) return c.json(bad(`no client ${c.req.param('client')}`), 404);
    const w = new ByteWriter();
    for (const p of coms) w.g1(p);
    return c.json({
      version: VDDLM_HTTP_VERSION,
      client: i,
      commitments: toHex(w.done()),
      tokenHash: tokenHashes[i] ?? '',
    } satisfies z.infer<typeof InputGetRes>);
  });
  app.post('/v1/exclude', async (c) => {
    const p = ExcludeReq.safeParse(await c.req.json().catch(() => null));
    if (!p.success || p.data.server >= servers || p.data.client >= log.inputs.length)
      return c.json(bad('bad exclude message'), 400);
    // Exclusions change C_in, so like new clients they are taken only until a server has its coins.
    if (inputsClosed) return c.json(bad('inputs are closed: a server has already started its proof'), 400);
    if (!log.excluded.has(p.data.client))
      log.excluded.set(
        p.data.client,
        `server ${p.data.server} refused client ${p.data.client}: ${p.data.reason}`,
      );
    return c.json({ version: VDDLM_HTTP_VERSION, accepted: true, reason: null });
  });
  app.post('/v1/keys', async (c) => {
    const p = KeysReq.safeParse(await c.req.json().catch(() => null));
    if (!p.success || p.data.server >= servers || keys.has(p.data.server))
      return c.json(bad('bad or repeated key message'), 400);
    try {
      const r = new ByteReader(fromHex(p.data.keys));
      const ks = Array.from({ length: coinLayout(params).total }, () => r.g1());
      r.end();
      // Public coins drawn only now, after the key commitments arrived.
      const pub = ks.map(() => {
        const b = crypto.getRandomValues(new Uint8Array(64));
        let x = 0n;
        for (const v of b) x = (x << 8n) | BigInt(v);
        return x % G1.Fn.ORDER;
      });
      keys.set(p.data.server, { keys: ks, pub });
      inputsClosed = true;
      log.bytes += fromHex(p.data.keys).length;
      const w = new ByteWriter();
      for (const x of pub) w.scalar(x);
      return c.json({
        version: VDDLM_HTTP_VERSION,
        coins: toHex(w.done()),
        clients: log.inputs.length,
        excluded: excludedSorted(),
      } satisfies z.infer<typeof KeysRes>);
    } catch (e) {
      return c.json(bad(`bad key message: ${(e as Error).message}`), 400);
    }
  });
  app.post('/v1/proof', async (c) => {
    const p = ProofReq.safeParse(await c.req.json().catch(() => null));
    if (!p.success) return c.json(bad('bad proof message'), 400);
    const s = p.data.server;
    const k = keys.get(s);
    keys.delete(s); // one proof per key session
    if (k === undefined || log.outputs.has(s))
      return c.json(bad('no key commitments from this server (or session ended)'), 400);
    const t0 = performance.now();
    let reason: string | null;
    try {
      const raw = fromHex(p.data.proof);
      log.bytes += raw.length;
      const proof = decodeServerProof(raw, params, d);
      // C_in over the clients no server refused (the same set every server aggregates).
      const inputCom = log.inputs.reduce(
        (acc, coms, i) => (log.excluded.has(i) ? acc : acc.add(coms[s] as G1Point)),
        G1.ZERO,
      );
      reason = verifyServer(srs, params, d, s, inputCom, k.keys, k.pub, proof);
      if (reason === null) log.outputs.set(s, [...proof.output]);
    } catch (e) {
      reason = `malformed proof: ${(e as Error).message}`;
    }
    log.verifierMs += performance.now() - t0;
    if (reason !== null) log.rejected.push(`server ${s}: ${reason}`);
    maybeFinish();
    return c.json(
      { version: VDDLM_HTTP_VERSION, accepted: reason === null, reason },
      reason === null ? 200 : 400,
    );
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        log,
        done,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            // Parties' keep-alive connections would hold close() open for seconds.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once('error', (e) => reject(new Error(`cannot listen on 127.0.0.1:${port}: ${e.message}`)));
  });
}

/** Reads a verifier's GET /v1/result. */
export async function fetchVddlmResult(verifierUrl: string): Promise<z.infer<typeof VddlmResultMsg>> {
  const p = VddlmResultMsg.safeParse(await (await fetch(`${verifierUrl}/v1/result`)).json());
  if (!p.success) throw new Error(`bad result message: ${p.error.issues[0]?.message ?? 'invalid'}`);
  return p.data;
}

/** POST /v1/run reply of a server party. */
export const VddlmRunMsg = z.object({
  version,
  accepted: z.boolean(),
  reason: z.string().nullable(),
  proverSeconds: z.number(),
});

/** Tells a running server party to run its noise protocol with the verifier; returns its verdict. */
export async function triggerVddlmServer(serverUrl: string): Promise<z.infer<typeof VddlmRunMsg>> {
  const r = await postJson(`${serverUrl}/v1/run`, {});
  const p = VddlmRunMsg.safeParse(r.json);
  if (!p.success) throw new Error(`bad reply from ${serverUrl}: ${errText(r.json)}`);
  return p.data;
}

/**
 * Server process body: serves POST /v1/share (from clients) and POST /v1/run (from the orchestrator:
 * run the noise protocol with the verifier and reply with its verdict). Prints its URL on stdout.
 */
export async function runVddlmServerParty(
  verifierUrl: string,
  index: number,
  cheat?: VddlmCheat,
  port = 0,
  workers = 0,
): Promise<void> {
  const setup = await getSetup(verifierUrl);
  const { srs, params } = fromSetup(setup);
  const d = setup.d;
  // With workers, the coin vectors (most of the proving work) are made on worker threads.
  const pool = workers > 0 ? await VddlmProverPool.start(srs, d, workers) : undefined;
  // Accepted shares by client index (each checked against that client's published commitment).
  const shares = new Map<number, { values: bigint[]; blind: bigint[] }>();
  const refused = new Set<number>();
  const app = new Hono();
  const bad = (e: string) => ({ version: VDDLM_HTTP_VERSION, error: e });
  const exclude = async (client: number, reason: string): Promise<string | null> => {
    const r = await postJson(`${verifierUrl}/v1/exclude`, {
      version: VDDLM_HTTP_VERSION,
      server: index,
      client,
      reason,
    });
    return r.status === 200 ? null : errText(r.json);
  };
  app.post('/v1/share', async (c) => {
    const p = ShareReq.safeParse(await c.req.json().catch(() => null));
    if (!p.success) return c.json(bad('bad share message'), 400);
    const client = p.data.client;
    if (shares.has(client) || refused.has(client))
      return c.json(bad(`client ${client} has already sent this server a share`), 400);
    let share: { values: bigint[]; blind: bigint[] };
    let published: G1Point;
    try {
      const rv = new ByteReader(fromHex(p.data.values));
      const values = Array.from({ length: d }, () => rv.scalar());
      rv.end();
      const rb = new ByteReader(fromHex(p.data.blind));
      const blind = Array.from({ length: VECTOR_BLIND }, () => rb.scalar());
      rb.end();
      share = { values, blind };
      // The commitment this client published to the verifier for this server.
      const g = await fetch(`${verifierUrl}/v1/input/${client}`);
      const gp = InputGetRes.safeParse(await g.json().catch(() => null));
      if (!gp.success || gp.data.client !== client)
        return c.json(bad(`client ${client} has published no commitments to the verifier`), 400);
      // Only the client that published those commitments knows the token: anyone else is refused
      // without excluding the client it impersonates.
      if (sha256Hex(p.data.token) !== gp.data.tokenHash)
        return c.json(
          bad(`wrong token for client ${client}: not the client that published its commitments`),
          400,
        );
      const r = new ByteReader(fromHex(gp.data.commitments));
      const coms = Array.from({ length: setup.servers }, () => r.g1());
      r.end();
      published = coms[index] as G1Point;
    } catch (e) {
      return c.json(bad(`bad share message: ${(e as Error).message}`), 400);
    }
    const wrong = checkClientShare(srs, share, published);
    if (wrong !== null) {
      // Refuse the client and tell the verifier, so that every server and C_in leave it out.
      refused.add(client);
      const notTaken = await exclude(client, wrong);
      return c.json(
        bad(
          `server ${index} refused client ${client}: ${wrong}${notTaken === null ? '' : ` (the verifier did not take the exclusion: ${notTaken})`}`,
        ),
        400,
      );
    }
    shares.set(client, share);
    return c.json({ version: VDDLM_HTTP_VERSION, accepted: true, reason: null });
  });
  app.post('/v1/run', async (c) => {
    // A client that published commitments but sent this server no share would leave C_in unmatched:
    // exclude it while the verifier still takes exclusions (before any server has its coins).
    try {
      const now = await fetchVddlmResult(verifierUrl);
      for (let i = 0; i < now.clients; i++)
        if (!shares.has(i) && !refused.has(i) && !now.excludedClients.includes(i))
          await exclude(i, 'sent this server no share');
    } catch {
      // The key exchange below reports an unreachable verifier.
    }
    const t0 = performance.now();
    const { state, msg } = serverCommitKeys(srs, params);
    let ms = performance.now() - t0;
    const kr = await postJson(`${verifierUrl}/v1/keys`, {
      version: VDDLM_HTTP_VERSION,
      server: index,
      keys: toHex(encodeKeyCommitments(msg)),
    });
    const kp = KeysRes.safeParse(kr.json);
    if (!kp.success)
      return c.json({
        version: VDDLM_HTTP_VERSION,
        accepted: false,
        reason: errText(kr.json),
        proverSeconds: ms / 1000,
      });
    const r = new ByteReader(fromHex(kp.data.coins));
    const pub = msg.map(() => r.scalar());
    // Aggregate exactly the clients the verifier counts in C_in: all but the excluded ones.
    const excluded = new Set(kp.data.excluded);
    const mine: { values: bigint[]; blind: bigint[] }[] = [];
    for (let i = 0; i < kp.data.clients; i++) {
      const sh = shares.get(i);
      if (!excluded.has(i) && sh !== undefined) mine.push(sh);
    }
    const input = aggregateShares(mine, d);
    // C_in recomputed from the aggregated shares; it equals the sum of the clients' published
    // commitments exactly when every client sent this server the share it committed to.
    const t1 = performance.now();
    const inputCom = commit(srs, intt(input.values), input.blind);
    const coins = pool === undefined ? undefined : await pool.commitCoins(coinKeys(state, pub, cheat));
    const proof = serverProve(srs, params, d, index, inputCom, input, state, msg, pub, cheat, coins);
    const wire = encodeServerProof(proof);
    ms += performance.now() - t1;
    const pr = await postJson(`${verifierUrl}/v1/proof`, {
      version: VDDLM_HTTP_VERSION,
      server: index,
      proof: toHex(wire),
    });
    const v = VerdictRes.safeParse(pr.json);
    return c.json({
      version: VDDLM_HTTP_VERSION,
      accepted: v.success ? v.data.accepted : false,
      reason: v.success ? v.data.reason : errText(pr.json),
      proverSeconds: ms / 1000,
    });
  });
  await new Promise<void>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
      process.stdout.write(`listening http://127.0.0.1:${info.port}\n`);
    });
    server.once('error', (e) => reject(new Error(`cannot listen on 127.0.0.1:${port}: ${e.message}`)));
    const stop = (): void => {
      server.close(() => {
        if (pool === undefined) resolve();
        else void pool.close().then(resolve);
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** Client process body: share the vector, publish commitments to the verifier, send shares to servers. */
export async function runVddlmClientParty(
  verifierUrl: string,
  serverUrls: readonly string[],
  values: readonly number[],
  cheat?: 'client-share',
): Promise<void> {
  const setup = await getSetup(verifierUrl);
  const { srs } = fromSetup(setup);
  if (values.length !== setup.d) throw new Error(`vector length ${values.length} ≠ d = ${setup.d}`);
  const sh = clientShare(srs, values, serverUrls.length);
  const w = new ByteWriter();
  for (const c of sh.commitments) w.g1(c);
  const ir = await postJson(`${verifierUrl}/v1/input`, {
    version: VDDLM_HTTP_VERSION,
    commitments: toHex(w.done()),
  });
  if (ir.status !== 200) throw new Error(errText(ir.json));
  const id = InputRes.safeParse(ir.json);
  if (!id.success) throw new Error(`bad input reply: ${id.error.issues[0]?.message ?? 'invalid'}`);
  for (let s = 0; s < serverUrls.length; s++) {
    const honest = sh.shares[s] as { values: readonly bigint[]; blind: readonly bigint[] };
    // The client-share cheat: server 0 gets a share other than the one committed to.
    const share = cheat === 'client-share' && s === 0 ? alterShare(honest) : honest;
    const vw = new ByteWriter();
    for (const v of share.values) vw.scalar(v);
    const bw = new ByteWriter();
    for (const v of share.blind) bw.scalar(v);
    const r = await postJson(`${serverUrls[s]}/v1/share`, {
      version: VDDLM_HTTP_VERSION,
      client: id.data.client,
      token: id.data.token,
      values: toHex(vw.done()),
      blind: toHex(bw.done()),
    });
    if (r.status !== 200) throw new Error(errText(r.json));
  }
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let err = '';
    child.stderr?.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      const m = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    child.on('exit', (code) =>
      reject(new Error(`server process exited ${code}: ${err.trim().split('\n')[0] ?? ''}`)),
    );
  });
}

function runChild(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [partyScript(), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.on('close', (code) => resolve({ code, err }));
  });
}

/** Result of a VDDLM run across processes. */
export interface HttpVddlmRun {
  readonly verified: boolean;
  readonly reason: string | null;
  readonly released: bigint[];
  /** Clients a server refused (left out of the release), ascending. */
  readonly excludedClients: number[];
  /** Per excluded client: which server refused it and why (the verifier's record). */
  readonly exclusions: ClientExclusion[];
  /** The exit reason of each client process that failed, by client index. */
  readonly clientErrors: Record<number, string>;
  readonly proofBytes: number;
  readonly proverSeconds: number;
  readonly verifierSeconds: number;
}

/**
 * Starts the verifier here and every server and client as its own process; server 0 runs `cheat`
 * (with `client-share`, client 0 sends server 0 a wrong share instead: server 0 refuses it, the client
 * process exits 1 with that reason, and the run verifies without that client). Verified only when every
 * server's proof was accepted.
 */
export async function runVddlmOverHttp(
  srs: Srs,
  params: DLapParams,
  data: readonly (readonly number[])[],
  servers: number,
  cheat?: VddlmTamper,
): Promise<HttpVddlmRun> {
  const sCheat = serverCheat(cheat);
  const d = (data[0] as readonly number[]).length;
  const verifier = await startVddlmVerifier(srs, params, d, servers);
  const procs: ChildProcess[] = [];
  try {
    const urls: string[] = [];
    for (let s = 0; s < servers; s++) {
      const args = [
        'vddlm-server',
        verifier.url,
        String(s),
        ...(s === 0 && sCheat !== undefined ? [sCheat] : []),
      ];
      const child = spawn(process.execPath, [partyScript(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      procs.push(child);
      urls.push(await waitForUrl(child));
    }
    const clientErrors: Record<number, string> = {};
    for (const [i, v] of data.entries()) {
      const tamper = i === 0 && cheat === 'client-share' ? ['client-share'] : [];
      const r = await runChild(['vddlm-client', verifier.url, urls.join(','), v.join(','), ...tamper]);
      if (r.code !== 0) clientErrors[i] = r.err.trim().split('\n')[0] ?? '';
    }
    // A failed client is fine only when a server refused it (and the verifier excluded it); clients
    // publish in order, so client i is the verifier's input i.
    for (const [i, e] of Object.entries(clientErrors))
      if (!verifier.log.excluded.has(Number(i))) throw new Error(`client process ${i} failed: ${e}`);
    let prover = 0;
    let reason: string | null = null;
    for (let s = 0; s < servers && reason === null; s++) {
      const r = await postJson(`${urls[s]}/v1/run`, {});
      const j = r.json as { accepted?: boolean; reason?: string | null; proverSeconds?: number };
      prover += j.proverSeconds ?? 0;
      if (j.accepted !== true) reason = `server ${s}: ${j.reason ?? 'no verdict'}`;
    }
    const outs = [...verifier.log.outputs.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    const excludedClients = [...verifier.log.excluded.keys()].sort((a, b) => a - b);
    return {
      verified: reason === null,
      reason,
      released: reason === null ? release(outs, d) : [],
      excludedClients,
      exclusions: excludedClients.map((c) => {
        const why = verifier.log.excluded.get(c) ?? '';
        const m = /^server (\d+) refused client \d+: /.exec(why);
        return { client: c, server: m === null ? -1 : Number(m[1]), reason: why };
      }),
      clientErrors,
      proofBytes: verifier.log.bytes,
      proverSeconds: prover,
      verifierSeconds: verifier.log.verifierMs / 1000,
    };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await verifier.close();
  }
}
