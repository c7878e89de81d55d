// Benchmarks for @floret/vdp (run: npm run bench -w packages/vdp, after building).
// Layer 1: @noble/curves (the library this package uses) against mcl-wasm (the engine of the
// paper's C++ code, compiled to wasm) side by side — G1 scalar multiplication, MSM of 1024, pairing.
// Layer 5: VRR client time at Ω = 1024, verifier time per proof, batched proofs/s, proof bytes.
// Medians of repeated runs; the machine is shared, so ratios matter more than absolute times.
import { createRequire } from 'node:module';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hashToG1 } from '../dist/curve.js';
import { randomScalar } from '../dist/field.js';
import { commit, insecureSrsFromTau, randomBlinding } from '../dist/kzg.js';
import { ntt } from '../dist/poly.js';
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
} from '../dist/vrr.js';

const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn, reps) {
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(2)} ms`);

const rows = [];
function row(name, nobleMs, mclMs) {
  rows.push({ name, noble: nobleMs, mcl: mclMs });
  const ratio = mclMs === undefined ? '' : `  noble/mcl = ${(nobleMs / mclMs).toFixed(1)}×`;
  console.log(
    `${name.padEnd(34)} noble ${fmt(nobleMs).padStart(10)}${mclMs === undefined ? '' : `   mcl-wasm ${fmt(mclMs).padStart(10)}`}${ratio}`,
  );
}

console.log(
  `# @floret/vdp benchmarks — node ${process.version}, ${process.arch}; medians${quick ? ' (quick)' : ''}`,
);
console.log('## Layer 1: curve arithmetic');
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const P = G1.BASE.multiply(randomScalar() || 1n);
const Q = G2.BASE.multiply(randomScalar() || 1n);
const N = 1024;
const pts = [];
for (let i = 0; i < N; i++) pts.push(G1.BASE.multiply(BigInt(i + 2) * 7919n));
const scs = pts.map(() => randomScalar());

const mcl = require('mcl-wasm');
await mcl.init(mcl.BLS12_381);
const mP = mcl.hashAndMapToG1('bench-p');
const mQ = mcl.hashAndMapToG2('bench-q');
const mPts = [];
const mScs = [];
for (let i = 0; i < N; i++) {
  const f = new mcl.Fr();
  f.setByCSPRNG();
  mPts.push(mcl.mul(mP, f));
  const s = new mcl.Fr();
  s.setByCSPRNG();
  mScs.push(s);
}
const mk = new mcl.Fr();
mk.setByCSPRNG();

const reps = quick ? 3 : 15;
row(
  'G1 scalar mul (variable base)',
  time(() => P.multiply(randomScalar() || 1n), reps * 4),
  time(() => mcl.mul(mP, mk), reps * 4),
);
row(
  `G1 MSM of ${N}`,
  time(() => pippenger(G1, pts, scs), quick ? 2 : 7),
  time(() => mcl.mulVec(mPts, mScs), reps),
);
row(
  'pairing e(P, Q)',
  time(() => bls12_381.pairing(P, Q), reps),
  time(() => mcl.pairing(mP, mQ), reps),
);
const coeffs = scs.slice();
row(
  `NTT of ${N} (bigint Fr)`,
  time(() => ntt(coeffs), reps),
);

console.log('## Layer 5: VRR (K = 128, ε = 1)');
const t0 = performance.now();
const srs = insecureSrsFromTau(randomScalar(), 1024, 2, hashToG1('floret-vdp/srs/h'));
console.log(`SRS of 1024 powers (bench only, known τ): ${fmt(performance.now() - t0)}`);
row(
  'KZG commit, degree 1023',
  time(() => commit(srs, coeffs, randomBlinding(2)), quick ? 2 : 5),
);
const setup = vrrSetup(srs, 128, 10, 1);
const clients = quick ? 3 : 7;
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
row('VRR client, Ω = 1024', median(clientMs));
const verMs = sessions.map((s) =>
  time(() => {
    if (vrrVerify(setup, s.msg, s.coin, s.resp) !== null) throw new Error('honest proof failed');
  }, 1),
);
row('VRR verifier, one proof', median(verMs));
const many = [];
const batchN = quick ? 64 : 256;
// Distinct point objects per entry (decoded from the wire bytes, as a verifier receives them), so the
// batch's merging of repeated points does not flatter the figure.
for (let i = 0; i < batchN; i++) {
  const s = sessions[i % sessions.length];
  many.push({
    msg: decodeVrrCommit(encodeVrrCommit(s.msg)),
    coin: s.coin,
    resp: decodeVrrResponse(encodeVrrResponse(s.resp)),
  });
}
const bt = time(
  () => {
    if (vrrVerifyBatch(setup, many) !== null) throw new Error('batch failed');
  },
  quick ? 1 : 3,
);
console.log(
  `VRR batched verification: ${batchN} proofs in ${fmt(bt)} → ${(batchN / (bt / 1000)).toFixed(0)} proofs/s`,
);
const bytes = encodeVrrCommit(sessions[0].msg).length + encodeVrrResponse(sessions[0].resp).length;
console.log(`VRR proof bytes (compressed, commit + response): ${bytes}`);
console.log(
  JSON.stringify({
    rows,
    vrr: {
      clientMs: median(clientMs),
      verifierMs: median(verMs),
      batchProofsPerSecond: batchN / (bt / 1000),
      proofBytes: bytes,
    },
  }),
);

// Layer 6: VDDLM in process, real parameters (searched at ε = 1: 159 coin vectors per server).
{
  const { searchParams, analyze } = await import('../dist/dlap.js');
  const { runVddlmInProcess } = await import('../dist/vddlm.js');
  const { verifierLocalSrs } = await import('../dist/kzg.js');
  const dimArg = process.argv.find((a) => a.startsWith('--vddlm-dim='));
  const d = dimArg === undefined ? 16 : Number(dimArg.split('=')[1]);
  const params = quick ? analyze(1, 2, 3) : searchParams(1);
  const srsV = verifierLocalSrs(d, 4);
  const data = Array.from({ length: 4 }, (_, c) => Array.from({ length: d }, (_, i) => (c + i) % 10));
  const r = runVddlmInProcess(srsV, params, data, 2);
  if (!r.verified) throw new Error(`VDDLM bench run failed: ${r.reason}`);
  console.log(
    `## Layer 6: VDDLM, 2 servers, d = ${d}, ε = 1 (${params.coins} coin vectors per server${quick ? ', quick: small parameters' : ''})`,
  );
  console.log(
    `prover ${r.proverSeconds.toFixed(1)} s (both servers), verifier ${r.verifierSeconds.toFixed(2)} s, communication ${(r.proofBytes / 1e6).toFixed(2)} MB`,
  );
  console.log(
    JSON.stringify({
      vddlm: {
        d,
        coins: params.coins,
        proverSeconds: r.proverSeconds,
        verifierSeconds: r.verifierSeconds,
        proofBytes: r.proofBytes,
      },
    }),
  );
}
