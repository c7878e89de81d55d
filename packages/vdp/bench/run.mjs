// Benchmarks for @floret/vdp (run: npm run bench -w packages/vdp, after building).
// Layer 1: raw @noble/curves against raw mcl-wasm (the engine of the paper's C++ code, compiled to
// wasm) side by side — G1 scalar multiplication, MSM of 1024, pairing.
// Layers 5–6: the whole protocol on each curve backend of src/curve.ts (bench/protocol.mjs spawned
// with FLORET_VDP_CURVE=noble and =mcl, one after the other in this run): VRR client time at Ω = 1024,
// verifier per proof (including decoding), batched proofs/s, proof bytes; VDDLM prover/verifier/bytes.
// Flags: --quick; --vddlm-dims=16,64 (default 16; empty to skip); --vddlm-backends=mcl (default both);
// --workers=0,1,2,4 (VRR batch proofs/s per worker-thread count, via bench/vrr-batch.mjs; default: skip).
// Medians of repeated runs; the machine is shared, so ratios matter more than absolute times.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomScalar } from '../dist/field.js';
import { ntt } from '../dist/poly.js';

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
const fmt = (ms) =>
  ms >= 1000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms >= 0.1
      ? `${ms.toFixed(2)} ms`
      : `${(ms * 1000).toFixed(2)} µs`;

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
// Fr arithmetic: plain bigint (used) vs mcl.Fr through the wasm boundary, per operation (µs as ms/1000).
{
  const R = bls12_381.fields.Fr.ORDER;
  const a = scs.slice(0, 1000);
  const ma = a.map((x) => {
    const f = new mcl.Fr();
    f.setStr(x.toString(16), 16);
    return f;
  });
  const per = (fn) => time(fn, reps) / 1000;
  row(
    'Fr mul (bigint vs mcl.Fr), per op',
    per(() => {
      let acc = 1n;
      for (const x of a) acc = (acc * x) % R;
      return acc;
    }),
    per(() => {
      let acc = ma[0];
      for (const x of ma) acc = mcl.mul(acc, x);
      return acc;
    }),
  );
  row(
    'bigint → mcl.Fr conversion, per op',
    per(() => {
      for (const x of a) {
        const f = new mcl.Fr();
        f.setStr(x.toString(16), 16);
      }
    }),
  );
}
const coeffs = scs.slice();
row(
  `NTT of ${N} (bigint Fr)`,
  time(() => ntt(coeffs), reps),
);

const protocolScript = fileURLToPath(new URL('./protocol.mjs', import.meta.url));
function protocol(backend, args) {
  const r = spawnSync(process.execPath, [protocolScript, ...args], {
    env: { ...process.env, FLORET_VDP_CURVE: backend },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`protocol bench (${backend}) failed with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? dflt : a.slice(name.length + 3);
};
const common = quick ? ['--quick'] : [];

console.log('## Layers 5–6: the protocol on each backend of src/curve.ts (same run, one after the other)');
console.log('## VRR (K = 128, Ω = 1024, ε = 1)');
const vrr = {};
for (const b of ['noble', 'mcl']) vrr[b] = protocol(b, [...common, `--batch=${quick ? 64 : 512}`]);
const cmp = (name, key, unit = 'ms') => {
  const n = vrr.noble[key];
  const m = vrr.mcl[key];
  const f = (x) => (unit === 'ms' ? fmt(x) : `${x.toFixed(0)} ${unit}`);
  const ratio = unit === 'ms' ? n / m : m / n;
  console.log(
    `${name.padEnd(34)} noble ${f(n).padStart(12)}   mcl ${f(m).padStart(12)}   ${unit === 'ms' ? 'noble/mcl' : 'mcl/noble'} = ${ratio.toFixed(1)}×`,
  );
};
cmp('SRS of 1024 powers (known τ)', 'srsMs');
cmp('KZG commit, degree 1023', 'commit1024Ms');
cmp('VRR client, Ω = 1024', 'vrrClientMs');
cmp('VRR verifier, one proof (+decode)', 'vrrVerifierMs');
cmp(`VRR batch of ${vrr.mcl.vrrBatchN}, verify only`, 'vrrBatchPerSecond', 'proofs/s');
cmp(`VRR batch of ${vrr.mcl.vrrBatchN}, with decoding`, 'vrrBatchPerSecondWithDecode', 'proofs/s');
cmp(`VRR batch of ${vrr.mcl.vrrBatchN}, batched decoding`, 'vrrBatchPerSecondEncoded', 'proofs/s');
console.log(
  `VRR proof bytes (compressed, commit + response): noble ${vrr.noble.vrrProofBytes}, mcl ${vrr.mcl.vrrProofBytes}`,
);

const dims = arg('vddlm-dims', quick ? '4' : '16');
const vddlm = {};
if (dims !== '') {
  console.log(
    `## VDDLM (2 servers, 4 clients, ε = 1${quick ? ', quick: small parameters' : ', searched parameters'}), in process`,
  );
  for (const b of arg('vddlm-backends', 'noble,mcl').split(',')) {
    vddlm[b] = protocol(b, [...common, '--no-vrr', `--vddlm-dims=${dims}`]).vddlm;
    for (const r of vddlm[b])
      console.log(
        `${b.padEnd(6)} d = ${String(r.d).padStart(4)} (${r.coins} coin vectors/server): prover ${r.proverSeconds.toFixed(1)} s (both servers), verifier ${r.verifierSeconds.toFixed(2)} s, communication ${(r.proofBytes / 1e6).toFixed(2)} MB`,
      );
  }
}
// --workers=0,1,2,…: VRR batch throughput (decode + verify) against worker threads (bench/vrr-batch.mjs).
let workers = null;
const workersArg = arg('workers', '');
if (workersArg !== '') {
  console.log('## VRR batch verification against worker threads (bench/vrr-batch.mjs)');
  const r = spawnSync(
    process.execPath,
    [
      fileURLToPath(new URL('./vrr-batch.mjs', import.meta.url)),
      `--workers=${workersArg}`,
      ...(quick ? ['--batch=256', '--distinct=8', '--reps=1'] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) throw new Error(`vrr-batch bench failed with ${r.status}`);
  const lines = r.stdout.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(l);
  workers = JSON.parse(lines[lines.length - 1]);
}
console.log(JSON.stringify({ layer1: rows, vrr, vddlm, workers }));
