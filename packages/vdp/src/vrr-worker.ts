/**
 * @module vrr-worker
 * Worker-thread entry of {@link VrrBatchVerifier} (src/vrr-pool.ts): rebuilds the VRR verifier setup
 * (arXiv:2504.21752 §6) from the parameters it was started with, then answers each chunk of wire
 * messages with {@link vrrVerifyBatchEncoded}'s verdict (client indices renumbered to the batch).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ready } from './curve.js';
import { type VrrVerifierParams, vrrSetupFromParams, vrrVerifyBatchEncoded } from './vrr.js';
import { shiftClientIndex, type VrrWorkerRequest, type VrrWorkerResponse } from './vrr-pool.js';

await ready();
const setup = vrrSetupFromParams(workerData as VrrVerifierParams);
const port = parentPort;
if (port === null) throw new Error('vrr-worker must run as a worker thread');
port.on('message', (req: VrrWorkerRequest) => {
  let reason: string | null;
  try {
    const r = vrrVerifyBatchEncoded(setup, req.sessions);
    reason = r === null ? null : shiftClientIndex(r, req.offset);
  } catch (e) {
    reason = `verifier worker error: ${(e as Error).message}`;
  }
  const res: VrrWorkerResponse = { id: req.id, reason };
  port.postMessage(res);
});
port.postMessage({ id: -1, reason: null } satisfies VrrWorkerResponse);
