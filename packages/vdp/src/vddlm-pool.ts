/**
 * @module vddlm-pool
 * Worker threads for the VDDLM prover (arXiv:2504.21752 §5; privacy.md §1.4 step 2): the coin vectors —
 * for each key, the d Legendre-PRF bits with their square-root witnesses, and the commitment to the
 * root vector — are independent of each other and are most of a server's work (the square roots and
 * the full-size root commitments), so they are computed in parallel, one contiguous range of keys per
 * worker. Each worker draws its own blinding polynomials from its own CSPRNG; the bit vectors are
 * committed back in the calling thread (cheap: the Lagrange basis). Everything else of the proof stays
 * in {@link serverProve}, which receives the coin vectors ready-made. Nothing here changes the proof.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { G1, type G1Point } from './curve.js';
import type { Srs } from './kzg.js';
import { type CoinWitness, VECTOR_BLIND } from './legendre.js';
import { commitVector } from './sigma.js';

/** Setup a prover worker starts with: the d powers of g and the blinding powers of h, compressed. */
export interface CoinWorkerSetup {
  readonly d: number;
  readonly g: readonly Uint8Array[];
  readonly h: readonly Uint8Array[];
}
/** A request: the coin vectors of these keys. */
export interface CoinWorkerRequest {
  readonly id: number;
  readonly keys: readonly bigint[];
}
/** One coin vector as it comes back: bits, root polynomial and blinding, root commitment (compressed). */
export interface CoinWorkerCoin {
  readonly bits: Uint8Array;
  readonly rootsF: readonly bigint[];
  readonly rootsR: readonly bigint[];
  readonly rootsC: Uint8Array;
}
/** A worker's answer (`error` set when it failed). */
export interface CoinWorkerResponse {
  readonly id: number;
  readonly coins: readonly CoinWorkerCoin[];
  readonly error?: string;
}

/** The worker script: dist/vddlm-worker.js (also when this module runs from src/ under a test runner). */
export function vddlmWorkerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const local = join(dirname(here), 'vddlm-worker.js');
  return here.endsWith('.ts') || !existsSync(local)
    ? join(dirname(here), '..', 'dist', 'vddlm-worker.js')
    : local;
}

/** A pool of coin-vector workers for one SRS and dimension; {@link close} it when done. */
export class VddlmProverPool {
  private nextId = 0;
  private readonly pending = new Map<number, (r: CoinWorkerResponse) => void>();

  private constructor(
    private readonly srs: Srs,
    readonly d: number,
    private readonly pool: readonly Worker[],
  ) {
    for (const w of pool) {
      w.on('message', (m: CoinWorkerResponse) => {
        const done = this.pending.get(m.id);
        this.pending.delete(m.id);
        done?.(m);
      });
      w.on('error', (e) => this.abort(e));
    }
  }

  private abort(e: Error): void {
    for (const [id, done] of this.pending) done({ id, coins: [], error: e.message });
    this.pending.clear();
  }

  /** Starts `workers` (≥ 1) threads for vectors of length d (each decodes the d SRS powers once). */
  static async start(srs: Srs, d: number, workers: number): Promise<VddlmProverPool> {
    if (!Number.isInteger(workers) || workers < 1 || workers > 1024)
      throw new RangeError(`prover workers must be in 1..1024, got ${workers}`);
    if (srs.g.length < d || srs.h.length < VECTOR_BLIND)
      throw new RangeError(`the SRS is too short for d = ${d}`);
    const setup: CoinWorkerSetup = {
      d,
      g: srs.g.slice(0, d).map((p) => p.toBytes(true)),
      h: srs.h.slice(0, VECTOR_BLIND).map((p) => p.toBytes(true)),
    };
    const script = vddlmWorkerScript();
    const pool = Array.from(
      { length: workers },
      () => new Worker(script, { workerData: setup, env: { ...process.env } }),
    );
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMsg = (m: CoinWorkerResponse): void => {
              if (m.id !== -1) return;
              w.off('message', onMsg);
              w.off('error', reject);
              if (m.error !== undefined) reject(new Error(m.error));
              else resolve();
            };
            w.on('message', onMsg);
            w.once('error', reject);
          }),
      ),
    );
    return new VddlmProverPool(srs, d, pool);
  }

  /** Worker threads in the pool. */
  get workers(): number {
    return this.pool.length;
  }

  /** The coin vectors of `keys` (see {@link coinKeys}), in order, computed across the workers. */
  async commitCoins(keys: readonly bigint[]): Promise<CoinWitness[]> {
    const k = Math.min(this.pool.length, Math.max(1, keys.length));
    const size = Math.ceil(keys.length / k);
    const parts: Promise<CoinWorkerResponse>[] = [];
    for (let c = 0; c * size < keys.length; c++) {
      const id = this.nextId++;
      const req: CoinWorkerRequest = { id, keys: keys.slice(c * size, (c + 1) * size) };
      parts.push(
        new Promise((resolve) => {
          this.pending.set(id, resolve);
          (this.pool[c] as Worker).postMessage(req);
        }),
      );
    }
    const out: CoinWitness[] = [];
    for (const r of await Promise.all(parts)) {
      if (r.error !== undefined) throw new Error(`prover worker failed: ${r.error}`);
      for (const c of r.coins) {
        const bitValues = Array.from(c.bits, (b) => BigInt(b));
        const rootsC: G1Point = G1.fromBytes(c.rootsC);
        out.push({
          bits: commitVector(this.srs, bitValues, VECTOR_BLIND),
          roots: { f: c.rootsF, r: c.rootsR, c: rootsC },
          bitValues,
        });
      }
    }
    return out;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.pool.map((w) => w.terminate()));
  }
}
