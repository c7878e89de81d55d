/**
 * @module cli-lib
 * The protocol entry points the CLI calls, gathered so that cli.ts can load them on first use: they pull
 * in the curve backend, whose one-time mcl-wasm initialisation (~0.2 s) other `floret` commands (and
 * `floret vdp --help`) should not pay for.
 */
export {
  ceremonyFromJson,
  ceremonyToJson,
  contribute,
  initCeremony,
  srsFromCeremony,
  verifyCeremony,
  verifyContribution,
} from './ceremony.js';
export { runVrrOverHttp, startVrrVerifier } from './http.js';
export {
  runVddlmClientParty,
  runVddlmOverHttp,
  runVddlmServerParty,
  startVddlmVerifier,
  triggerVddlmServer,
  VDDLM_HTTP_VERSION,
} from './http-vddlm.js';
export { verifierLocalSrs } from './kzg.js';
export { runVddlmInProcess } from './vddlm.js';
export { estimateFrequencies, randomIndex, runVrrInProcess, vrrSetup } from './vrr.js';
export { runVrrInProcessVerified } from './vrr-pool.js';
