// Protocol-level benchmark for ONE curve backend (the parent bench/run.mjs spawns it once per backend
// with FLORET_VDP_CURVE=noble|mcl, side by side in one run). Prints one JSON line on stdout.
// VRR (K = 128, ε = 1, Ω = 2^logΩ): client time, verifier time per proof, batched proofs/s, proof bytes.
// VDDLM (2 servers, 4 clients, ε = 1, searched parameters unless --quick): prover, verifier, bytes.
// Flags: --quick, --clients=<n>, --batch=<n>, --vddlm-dims=<d1,d2,…> (empty: skip VDDLM), --no-vrr,
// --prover-workers=<n> (VDDLM coin vectors on n worker threads; prover seconds are then wall-clock).
import { BACKEND, hashToG1, ready } from '../dist/curve.js';
import { randomScalar } from '../dist/field.js';
import { commit, insecureSrsFromTau, randomBlinding } from '../dist/kzg.js';
import {
  decodeVrrCommit,
  decodeVrrResponse,
  encodeVrrCommit,
  encodeVrrResponse,
  vrrCommit,
  vrrPublicCoin,
  vrrRespond,
  vrrSetup,
  vrrVerify,
  vrrVerifyBatch,
  vrrVerifyBatchEncoded,
} from '../dist/vrr.js';

await ready();
const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? dflt : a.slice(name.length + 3);
};
const quick = process.argv.includes('--quick');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { backend: BACKEND };
const log = (s) => process.stderr.write(`[${BACKEND}] ${s}\n`);

if (!process.argv.includes('--no-vrr')) {
  const t0 = performance.now();
  const srs = insecureSrsFromTau(randomScalar(), 1024, 2, hashToG1('floret-vdp/srs/h'));
  out.srsMs = performance.now() - t0;
  const coeffs = Array.from({ length: 1024 }, () => randomScalar());
  const ct = [];
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    const t = performance.now();
    commit(srs, coeffs, randomBlinding(2));
    ct.push(performance.now() - t);
  }
  out.commit1024Ms = median(ct);
  const setup = vrrSetup(srs, 128, 10, 1);
  const clients = Number(arg('clients', quick ? 3 : 7));
  const sessions = [];
  const clientMs = [];
  for (let i = 0; i < clients; i++) {
    const t = performance.now();
    const { state, msg } = vrrCommit(setup, i % 128);
    const coin = vrrPublicCoin(setup);
    const resp = vrrRespond(setup, state, msg, coin);
    clientMs.push(performance.now() - t);
    sessions.push({ msg, coin, resp });
  }
  out.vrrClientMs = median(clientMs);
  log(`VRR client ${out.vrrClientMs.toFixed(1)} ms`);
  const verMs = [];
  for (const s of sessions) {
    // Decoded from bytes, as a verifier receives it (decoding validates every point).
    const t = performance.now();
    const msg = decodeVrrCommit(encodeVrrCommit(s.msg));
    const resp = decodeVrrResponse(encodeVrrResponse(s.resp));
    if (vrrVerify(setup, msg, s.coin, resp) !== null) throw new Error('honest proof failed');
    verMs.push(performance.now() - t);
  }
  out.vrrVerifierMs = median(verMs);
  log(`VRR verifier ${out.vrrVerifierMs.toFixed(1)} ms`);
  const batchN = Number(arg('batch', quick ? 64 : 256));
  // Distinct point objects per entry (decoded from the wire bytes), so merging of repeated point
  // objects inside the batch does not flatter the figure. Decoding time is reported separately.
  const encoded = [];
  for (let i = 0; i < batchN; i++) {
    const s = sessions[i % sessions.length];
    encoded.push({ m: encodeVrrCommit(s.msg), coin: s.coin, r: encodeVrrResponse(s.resp) });
  }
  const bt = [];
  const dt = [];
  const et = [];
  for (let rep = 0; rep < (quick ? 1 : 3); rep++) {
    // The batch path: every point of every client through one batched decode (one subgroup check).
    const te = performance.now();
    const wire = encoded.map((e) => ({ commit: e.m, coin: e.coin, response: e.r }));
    if (vrrVerifyBatchEncoded(setup, wire) !== null) throw new Error('encoded batch failed');
    et.push(performance.now() - te);
    const t = performance.now();
    const many = encoded.map((e) => ({
      msg: decodeVrrCommit(e.m),
      coin: e.coin,
      resp: decodeVrrResponse(e.r),
    }));
    const t1 = performance.now();
    if (vrrVerifyBatch(setup, many) !== null) throw new Error('batch failed');
    bt.push(performance.now() - t1);
    dt.push(t1 - t);
  }
  out.vrrBatchN = batchN;
  out.vrrBatchMs = median(bt);
  out.vrrBatchDecodeMs = median(dt);
  out.vrrBatchPerSecond = batchN / (median(bt) / 1000);
  out.vrrBatchPerSecondWithDecode = batchN / ((median(bt) + median(dt)) / 1000);
  out.vrrBatchPerSecondEncoded = batchN / (median(et) / 1000);
  out.vrrProofBytes = encodeVrrCommit(sessions[0].msg).length + encodeVrrResponse(sessions[0].resp).length;
  log(
    `VRR batch ${out.vrrBatchPerSecond.toFixed(0)} proofs/s (${out.vrrBatchPerSecondWithDecode.toFixed(0)} with per-point decoding, ${out.vrrBatchPerSecondEncoded.toFixed(0)} with batched decoding)`,
  );
}

const dims = arg('vddlm-dims', '');
if (dims !== '') {
  const { searchParams, analyze } = await import('../dist/dlap.js');
  const { runVddlmInProcess, runVddlmInProcessParallel } = await import('../dist/vddlm.js');
  const { VddlmProverPool } = await import('../dist/vddlm-pool.js');
  // --prover-workers=N: each server's coin vectors on N worker threads (0: all in this thread).
  const proverWorkers = Number(arg('prover-workers', '0'));
  const { verifierLocalSrs } = await import('../dist/kzg.js');
  const params = quick ? analyze(1, 2, 3) : searchParams(1);
  out.vddlm = [];
  for (const d of dims.split(',').map(Number)) {
    const srsV = verifierLocalSrs(d, 4);
    const data = Array.from({ length: 4 }, (_, c) => Array.from({ length: d }, (_, i) => (c + i) % 10));
    let r;
    if (proverWorkers > 0) {
      const pool = await VddlmProverPool.start(srsV, d, proverWorkers);
      try {
        r = await runVddlmInProcessParallel(srsV, params, data, 2, (k) => pool.commitCoins(k));
      } finally {
        await pool.close();
      }
    } else r = runVddlmInProcess(srsV, params, data, 2);
    if (!r.verified) throw new Error(`VDDLM bench run failed: ${r.reason}`);
    out.vddlm.push({
      d,
      coins: params.coins,
      proverSeconds: r.proverSeconds,
      verifierSeconds: r.verifierSeconds,
      proofBytes: r.proofBytes,
      proverWorkers,
    });
    log(
      `VDDLM d=${d}: prover ${r.proverSeconds.toFixed(1)} s, verifier ${r.verifierSeconds.toFixed(2)} s, ${r.proofBytes} B`,
    );
  }
}
console.log(JSON.stringify(out));
