/**
 * @module vrr-pool
 * Batched VRR verification (arXiv:2504.21752 §6; privacy.md §1.5) spread over worker threads. A batch
 * of wire messages is cut into one contiguous chunk per worker; each worker decodes its chunk (one
 * batched subgroup check) and verifies it as one batch with its own fresh random weights (one MSM, two
 * pairings). The batch verifies iff every chunk does — each chunk check is the same sound check as the
 * single-thread {@link vrrVerifyBatchEncoded}, so splitting costs soundness nothing (one extra pairing
 * pair per chunk, ≈ 7 ms, is the price). Messages travel to workers as bytes, so nothing but the
 * verifier parameters is shared. `verifyVrrSessions` is the CLI's `--verify each|batch`: every proof on
 * its own, or all in one batch on such a pool.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type VrrCheat,
  type VrrEncodedSession,
  type VrrRun,
  type VrrSetup,
  type VrrVerifierParams,
  vrrClientSessions,
  vrrRunResult,
  vrrVerifierParams,
  vrrVerifyBatchEncoded,
} from './vrr.js';

/** Options of the batch verifier. */
export interface VrrBatchOptions {
  /**
   * Worker threads. 0 verifies in the calling thread; n ≥ 1 splits each batch into n chunks verified in
   * parallel (the calling thread only splits and waits).
   */
  readonly workers: number;
}

/** The worker script: dist/vrr-worker.js (also when this module runs from src/ under a test runner). */
export function vrrWorkerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const local = join(dirname(here), 'vrr-worker.js');
  return here.endsWith('.ts') || !existsSync(local)
    ? join(dirname(here), '..', 'dist', 'vrr-worker.js')
    : local;
}

/** A request to a worker: verify `sessions`, reporting client indices from `offset`. */
export interface VrrWorkerRequest {
  readonly id: number;
  readonly offset: number;
  readonly sessions: readonly VrrEncodedSession[];
}
/** A worker's answer: null when its chunk verifies, else a reason naming the (global) client. */
export interface VrrWorkerResponse {
  readonly id: number;
  readonly reason: string | null;
}

/** Renumbers a chunk-local reason ("client i: …") to the batch's numbering. */
export function shiftClientIndex(reason: string, offset: number): string {
  const m = /^client (\d+): /.exec(reason);
  return m === null ? reason : `client ${Number(m[1]) + offset}: ${reason.slice(m[0].length)}`;
}

/** A pool of VRR verifier workers for one setup; reuse it across batches, then {@link close} it. */
export class VrrBatchVerifier {
  private nextId = 0;
  private readonly pending = new Map<number, (r: string | null) => void>();
  private failure: Error | null = null;

  private constructor(
    private readonly setup: VrrSetup,
    private readonly pool: readonly Worker[],
  ) {
    for (const w of pool) {
      w.on('message', (m: VrrWorkerResponse) => {
        const done = this.pending.get(m.id);
        this.pending.delete(m.id);
        done?.(m.reason);
      });
      w.on('error', (e) => this.abort(e));
      w.on('exit', (code) => {
        if (code !== 0) this.abort(new Error(`VRR verifier worker exited with code ${code}`));
      });
    }
  }

  private abort(e: Error): void {
    this.failure ??= e;
    for (const [, done] of this.pending) done(`verifier worker failed: ${e.message}`);
    this.pending.clear();
  }

  /** Starts `workers` threads (each loads the curve backend and rebuilds the table: ≈ 0.2–0.5 s). */
  static async start(setup: VrrSetup, options: VrrBatchOptions): Promise<VrrBatchVerifier> {
    const n = options.workers;
    if (!Number.isInteger(n) || n < 0 || n > 1024)
      throw new RangeError(`workers must be in 0..1024, got ${n}`);
    const params: VrrVerifierParams = vrrVerifierParams(setup);
    const script = vrrWorkerScript();
    const pool = Array.from(
      { length: n },
      () =>
        new Worker(script, {
          workerData: params,
          env: { ...process.env },
        }),
    );
    // Each worker posts one 'ready' message (id −1) once its setup is built.
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMsg = (m: VrrWorkerResponse): void => {
              if (m.id === -1) {
                w.off('message', onMsg);
                w.off('error', reject);
                resolve();
              }
            };
            w.on('message', onMsg);
            w.once('error', reject);
          }),
      ),
    );
    return new VrrBatchVerifier(setup, pool);
  }

  /** Worker threads in this pool (0: verification runs in the calling thread). */
  get workers(): number {
    return this.pool.length;
  }

  /** Verifies a batch; null when every client verifies, else a reason naming the first failing client. */
  async verify(sessions: readonly VrrEncodedSession[]): Promise<string | null> {
    if (this.failure !== null) throw this.failure;
    if (this.pool.length === 0 || sessions.length === 0) return vrrVerifyBatchEncoded(this.setup, sessions);
    const k = Math.min(this.pool.length, sessions.length);
    const size = Math.ceil(sessions.length / k);
    const parts: Promise<string | null>[] = [];
    for (let c = 0; c < k; c++) {
      const offset = c * size;
      const chunk = sessions.slice(offset, Math.min(sessions.length, offset + size));
      if (chunk.length === 0) break;
      const id = this.nextId++;
      parts.push(
        new Promise((resolve) => {
          this.pending.set(id, resolve);
          const req: VrrWorkerRequest = { id, offset, sessions: chunk };
          (this.pool[c] as Worker).postMessage(req);
        }),
      );
    }
    const reasons = await Promise.all(parts);
    return reasons.find((r) => r !== null) ?? null;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.pool.map((w) => w.terminate()));
  }
}

/**
 * Verifies one batch with `options.workers` threads (a pool started and stopped around it; use
 * {@link VrrBatchVerifier} to keep one across batches). Null when all clients verify.
 */
export async function vrrVerifyBatchParallel(
  setup: VrrSetup,
  sessions: readonly VrrEncodedSession[],
  options: VrrBatchOptions,
): Promise<string | null> {
  const v = await VrrBatchVerifier.start(setup, options);
  try {
    return await v.verify(sessions);
  } finally {
    await v.close();
  }
}

/** How a VRR verifier checks the clients' proofs (`floret vdp vrr run --verify`). */
export interface VrrVerifyMode {
  /** `each`: one proof at a time (as they arrive); `batch`: every proof in one batch. */
  readonly mode: 'each' | 'batch';
  /** Batch only: worker threads of the {@link VrrBatchVerifier} (0 = the calling thread). */
  readonly workers: number;
}

/**
 * Verifies the clients' wire messages one at a time or in one batch. `ms` is the verification time
 * (decoding included; for `batch`, starting the worker pool is not counted — a verifier keeps its pool).
 * The reason, if any, names the failing client by its index in `sessions`.
 */
export async function verifyVrrSessions(
  setup: VrrSetup,
  sessions: readonly VrrEncodedSession[],
  mode: VrrVerifyMode,
): Promise<{ reason: string | null; ms: number }> {
  if (mode.mode === 'each') {
    const t0 = performance.now();
    for (let i = 0; i < sessions.length; i++) {
      const r = vrrVerifyBatchEncoded(setup, [sessions[i] as VrrEncodedSession]);
      if (r !== null) return { reason: shiftClientIndex(r, i), ms: performance.now() - t0 };
    }
    return { reason: null, ms: performance.now() - t0 };
  }
  const v = await VrrBatchVerifier.start(setup, { workers: mode.workers });
  try {
    const t0 = performance.now();
    const reason = await v.verify(sessions);
    return { reason, ms: performance.now() - t0 };
  } finally {
    await v.close();
  }
}

/**
 * {@link runVrrInProcess} with a chosen verification mode: clients in this process (client 0 runs
 * `cheat`), then {@link verifyVrrSessions}.
 */
export async function runVrrInProcessVerified(
  setup: VrrSetup,
  classes: readonly number[],
  cheat: VrrCheat,
  mode: VrrVerifyMode,
): Promise<VrrRun> {
  const c = vrrClientSessions(setup, classes, cheat);
  const { reason, ms } = await verifyVrrSessions(setup, c.sessions, mode);
  return vrrRunResult(setup, c, reason, ms);
}
