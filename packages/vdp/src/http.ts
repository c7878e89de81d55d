/**
 * @module http
 * VRR parties as separate processes over HTTP on loopback (issue layer 7, VRR only): the verifier is a
 * hono server; each client is its own process that fetches the public setup, sends its commitments,
 * receives the public coin, and sends its report and proof. Every message carries a protocol version
 * and is validated with zod, then decoded (points checked on-curve and in the subgroup); a message that
 * fails to parse or verify ends that session with a clear reason and an HTTP 400, never a crash.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { fromHex, toHex } from './codec.js';
import { type G1Point, G2, g1FromHex, g2FromHex } from './curve.js';
import { prepareSrs, type Srs } from './kzg.js';
import {
  decodeVrrCommit,
  decodeVrrResponse,
  encodeVrrCommit,
  encodeVrrResponse,
  reportedClass,
  type VrrCheat,
  type VrrCommitMsg,
  type VrrEncodedSession,
  type VrrSetup,
  vrrCommit,
  vrrPublicCoin,
  vrrRespond,
  vrrSetup,
  vrrVerify,
} from './vrr.js';
import { type VrrVerifyMode, verifyVrrSessions } from './vrr-pool.js';

/** Protocol name and version carried by every message. */
export const VRR_HTTP_VERSION = 'floret-vdp/vrr/http/1';

const hex = z.string().regex(/^[0-9a-f]*$/, 'lowercase hex');
const version = z.literal(VRR_HTTP_VERSION);

/** GET /v1/setup: the public parameters and the SRS powers the client needs. */
export const SetupMsg = z.object({
  version,
  classes: z.number().int().min(2),
  logOmega: z.number().int().min(1).max(24),
  epsilon: z.number().positive(),
  g: z.array(hex),
  h: z.array(hex),
  g2Tau: hex,
});
/** POST /v1/commit request. */
export const CommitReq = z.object({ version, commit: hex });
/** POST /v1/commit reply: the session and the public coin. */
export const CommitRes = z.object({
  version,
  session: z.string().regex(/^[0-9a-f]{32}$/),
  coin: z.number().int().min(0),
});
/** POST /v1/respond request. */
export const RespondReq = z.object({ version, session: z.string(), response: hex });
/** POST /v1/respond reply. */
export const RespondRes = z.object({
  version,
  accepted: z.boolean(),
  reason: z.string().nullable(),
  /** true: received, not yet verified — the verifier checks all proofs in one batch at the end. */
  deferred: z.boolean().optional(),
});
/** Error reply. */
export const ErrorRes = z.object({ version, error: z.string() });

/** What the verifier has seen so far. */
export interface VerifierLog {
  readonly accepted: number[];
  readonly rejected: string[];
  /** Deferred mode: every session's wire messages in arrival order, with its session id. */
  readonly deferred: { readonly session: string; readonly wire: VrrEncodedSession }[];
  verifierMs: number;
}

/** A running verifier. */
export interface VerifierServer {
  readonly url: string;
  readonly log: VerifierLog;
  close(): Promise<void>;
}

function randomId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Starts the VRR verifier on 127.0.0.1 (port 0 = any free port). With `defer`, a well-formed response is
 * not verified on arrival but recorded in `log.deferred` (reply `deferred: true`) for one batch later.
 */
export function startVrrVerifier(setup: VrrSetup, port = 0, defer = false): Promise<VerifierServer> {
  const sessions = new Map<string, { msg: VrrCommitMsg; raw: Uint8Array; coin: number }>();
  const log: VerifierLog = { accepted: [], rejected: [], deferred: [], verifierMs: 0 };
  const setupBody = {
    version: VRR_HTTP_VERSION,
    classes: setup.classes,
    logOmega: Math.log2(setup.omega),
    epsilon: setup.epsilon,
    g: setup.srs.g.slice(0, setup.omega).map((p) => p.toHex()),
    h: setup.srs.h.slice(0, 2).map((p) => p.toHex()),
    g2Tau: setup.srs.g2Tau.toHex(),
  };
  const app = new Hono();
  const bad = (reason: string) => ({ version: VRR_HTTP_VERSION, error: reason });
  app.get('/v1/setup', (c) => c.json(setupBody));
  app.post('/v1/commit', async (c) => {
    const parsed = CommitReq.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json(bad(`bad commit message: ${parsed.error.issues[0]?.message ?? 'invalid'}`), 400);
    let msg: VrrCommitMsg;
    const raw = fromHex(parsed.data.commit);
    try {
      msg = decodeVrrCommit(raw);
    } catch (e) {
      return c.json(bad(`bad commit message: ${(e as Error).message}`), 400);
    }
    const session = randomId();
    const coin = vrrPublicCoin(setup); // drawn only now, after the commitments arrived
    sessions.set(session, { msg, raw, coin });
    return c.json({ version: VRR_HTTP_VERSION, session, coin });
  });
  app.post('/v1/respond', async (c) => {
    const parsed = RespondReq.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json(bad(`bad response message: ${parsed.error.issues[0]?.message ?? 'invalid'}`), 400);
    const s = sessions.get(parsed.data.session);
    // One response per session: the session ends here whatever happens.
    sessions.delete(parsed.data.session);
    if (s === undefined) return c.json(bad('unknown or ended session'), 400);
    if (defer) {
      const response = fromHex(parsed.data.response);
      log.deferred.push({ session: parsed.data.session, wire: { commit: s.raw, coin: s.coin, response } });
      return c.json({ version: VRR_HTTP_VERSION, accepted: true, reason: null, deferred: true });
    }
    let reason: string | null;
    let y = 0n;
    const t0 = performance.now();
    try {
      const resp = decodeVrrResponse(fromHex(parsed.data.response));
      y = resp.y;
      reason = vrrVerify(setup, s.msg, s.coin, resp);
    } catch (e) {
      reason = `bad response message: ${(e as Error).message}`;
    }
    log.verifierMs += performance.now() - t0;
    if (reason === null) log.accepted.push(reportedClass(setup, y));
    else log.rejected.push(reason);
    return c.json(
      { version: VRR_HTTP_VERSION, accepted: reason === null, reason },
      reason === null ? 200 : 400,
    );
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        log,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
          }),
      });
    });
  });
}

/** Result of one client session. */
export interface ClientResult {
  /** The verifier's session id ('' when none was opened). */
  readonly session: string;
  /** Accepted (or, when `deferred`, received for a later batch). */
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly proverSeconds: number;
  readonly bytes: number;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.json().catch(() => {
    throw new Error(`${url}: reply is not JSON (HTTP ${r.status})`);
  });
}

/** Runs one VRR client against a verifier URL. Throws with a clear reason on a malformed reply. */
export async function runVrrClient(url: string, cls: number, cheat: VrrCheat = {}): Promise<ClientResult> {
  const setupRaw = await (await fetch(`${url}/v1/setup`)).json();
  const sm = SetupMsg.safeParse(setupRaw);
  if (!sm.success) throw new Error(`bad setup message: ${sm.error.issues[0]?.message ?? 'invalid'}`);
  const srs: Srs = prepareSrs({
    g: sm.data.g.map(g1FromHex) as G1Point[],
    h: sm.data.h.map(g1FromHex) as G1Point[],
    g2: G2.BASE,
    g2Tau: g2FromHex(sm.data.g2Tau),
  });
  const setup = vrrSetup(srs, sm.data.classes, sm.data.logOmega, sm.data.epsilon);
  const t0 = performance.now();
  const { state, msg } = vrrCommit(setup, cls);
  const commit = encodeVrrCommit(msg);
  let ms = performance.now() - t0;
  const cr = CommitRes.safeParse(
    await post(`${url}/v1/commit`, { version: VRR_HTTP_VERSION, commit: toHex(commit) }),
  );
  if (!cr.success) throw new Error(`bad commit reply: ${cr.error.issues[0]?.message ?? 'invalid'}`);
  if (cr.data.coin >= setup.omega) throw new Error('bad commit reply: coin out of range');
  const t1 = performance.now();
  const resp = encodeVrrResponse(vrrRespond(setup, state, msg, cr.data.coin, cheat));
  ms += performance.now() - t1;
  const raw = await post(`${url}/v1/respond`, {
    version: VRR_HTTP_VERSION,
    session: cr.data.session,
    response: toHex(resp),
  });
  const rr = RespondRes.safeParse(raw);
  if (!rr.success) {
    const er = ErrorRes.safeParse(raw);
    throw new Error(er.success ? er.data.error : 'bad respond reply');
  }
  return {
    session: cr.data.session,
    accepted: rr.data.accepted,
    reason: rr.data.reason,
    proverSeconds: ms / 1000,
    bytes: commit.length + resp.length,
  };
}

/** Path of the compiled party entry point (from src under a test runner, the built dist copy). */
export function partyScript(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? join(dirname(here), '..', 'dist', 'party.js')
    : join(dirname(here), 'party.js');
}

/** Spawns one client process and resolves with its JSON result line. */
function spawnClient(url: string, cls: number, cheat: string | undefined): Promise<ClientResult> {
  return new Promise((resolve) => {
    const args = [partyScript(), 'vrr-client', url, String(cls), ...(cheat === undefined ? [] : [cheat])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.on('close', (code) => {
      try {
        const j = JSON.parse(out.trim().split('\n').pop() ?? '') as ClientResult;
        resolve(j);
      } catch {
        resolve({
          session: '',
          accepted: false,
          reason: `client process exited ${code}: ${err.trim().split('\n')[0] ?? ''}`,
          proverSeconds: 0,
          bytes: 0,
        });
      }
    });
  });
}

/** Result of a VRR run across processes. */
export interface HttpVrrRun {
  readonly verified: boolean;
  readonly reason: string | null;
  readonly counts: number[];
  readonly proofBytes: number;
  readonly proverSeconds: number;
  readonly verifierSeconds: number;
}

/**
 * Starts the verifier on loopback and one process per client (at most `parallel` at a time); client 0
 * runs `cheat` when given. `verify`: `each` checks every proof as it arrives (the default); `batch`
 * records them and checks all in one batch at the end with a {@link VrrBatchVerifier} of `workers`
 * threads (a failing client is still named, by its index here). Verified only when every client was.
 */
export async function runVrrOverHttp(
  setup: VrrSetup,
  classes: readonly number[],
  cheat?: string,
  parallel = 2,
  verify: VrrVerifyMode = { mode: 'each', workers: 0 },
): Promise<HttpVrrRun> {
  const batch = verify.mode === 'batch';
  const server = await startVrrVerifier(setup, 0, batch);
  const results: ClientResult[] = new Array(classes.length);
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < classes.length) {
        const i = next++;
        results[i] = await spawnClient(server.url, classes[i] as number, i === 0 ? cheat : undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, classes.length) }, worker));
  } finally {
    await server.close();
  }
  const firstBad = results.findIndex((r) => !r.accepted);
  let reason = firstBad < 0 ? null : `client ${firstBad}: ${results[firstBad]?.reason ?? 'unknown'}`;
  const counts = new Array<number>(setup.classes).fill(0);
  let verifierMs = server.log.verifierMs;
  if (batch && reason === null) {
    // Sessions arrive in any order: map the batch's positions back to client indices.
    const clientOf = new Map(results.map((r, i) => [r.session, i]));
    const order = server.log.deferred.map((d) => clientOf.get(d.session) ?? -1);
    const wires = server.log.deferred.map((d) => d.wire);
    const v = await verifyVrrSessions(setup, wires, verify);
    verifierMs += v.ms;
    if (v.reason !== null) {
      const m = /^client (\d+): /.exec(v.reason);
      reason = m === null ? v.reason : `client ${order[Number(m[1])]}: ${v.reason.slice(m[0].length)}`;
    } else
      for (const w of wires) {
        const k = reportedClass(setup, decodeVrrResponse(w.response).y);
        counts[k] = (counts[k] as number) + 1;
      }
  } else for (const c of server.log.accepted) counts[c] = (counts[c] as number) + 1;
  return {
    verified: reason === null,
    reason,
    counts: reason === null ? counts : [],
    proofBytes: results[0]?.bytes ?? 0,
    proverSeconds: results.reduce((a, r) => a + r.proverSeconds, 0),
    verifierSeconds: verifierMs / 1000,
  };
}
