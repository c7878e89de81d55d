/**
 * @module vddlm-worker
 * Worker-thread entry of {@link VddlmProverPool} (src/vddlm-pool.ts): for each key it is sent, the
 * Legendre-PRF coin vector of VDDP (arXiv:2504.21752 §4; privacy.md §1.3): bits, square-root witnesses,
 * and the hiding commitment to the root vector (with a fresh blinding polynomial).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { G2, g1DecodeMany, ready } from './curve.js';
import { commit, randomBlinding, type Srs } from './kzg.js';
import { legendreBits, VECTOR_BLIND } from './legendre.js';
import { intt } from './poly.js';
import type { CoinWorkerCoin, CoinWorkerRequest, CoinWorkerResponse, CoinWorkerSetup } from './vddlm-pool.js';

await ready();
const port = parentPort;
if (port === null) throw new Error('vddlm-worker must run as a worker thread');
const setup = workerData as CoinWorkerSetup;
let srs: Srs | undefined;
try {
  // Only g and h powers are used (commitments); the G2 elements are never touched here.
  srs = { g: g1DecodeMany(setup.g), h: g1DecodeMany(setup.h), g2: G2.BASE, g2Tau: G2.BASE };
  port.postMessage({ id: -1, coins: [] } satisfies CoinWorkerResponse);
} catch (e) {
  port.postMessage({ id: -1, coins: [], error: (e as Error).message } satisfies CoinWorkerResponse);
}
port.on('message', (req: CoinWorkerRequest) => {
  try {
    if (srs === undefined) throw new Error('no SRS');
    const coins: CoinWorkerCoin[] = req.keys.map((key) => {
      const { bits, roots } = legendreBits(key, setup.d);
      const f = intt(roots);
      const r = randomBlinding(VECTOR_BLIND);
      return {
        bits: Uint8Array.from(bits, (b) => Number(b)),
        rootsF: f,
        rootsR: r,
        rootsC: commit(srs as Srs, f, r).toBytes(true),
      };
    });
    port.postMessage({ id: req.id, coins } satisfies CoinWorkerResponse);
  } catch (e) {
    port.postMessage({ id: req.id, coins: [], error: (e as Error).message } satisfies CoinWorkerResponse);
  }
});
