// Compiles src/axis/kernel.wat (WebAssembly text, with SIMD) plus the many-class kernels generated
// below (`kernK`, K = 3 … 8) to src/axis/kernel-wasm.ts, the module's bytes as base64, so the package
// needs no compiler at run time. Run after editing either:
//   node scripts/build-kernel.mjs          (writes the file)
//   node scripts/build-kernel.mjs --check  (exit 1 when the committed file is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const here = dirname(fileURLToPath(import.meta.url));
const watPath = join(here, '..', 'src', 'axis', 'kernel.wat');
const outPath = join(here, '..', 'src', 'axis', 'kernel-wasm.ts');

/** Largest class count with a generated kernel (as SIMD_MAX_CLASSES in src/axis/simd.ts; tested). */
export const SIMD_MAX_CLASSES = 8;

const splat = (x) => `(v128.const i32x4 ${x} ${x} ${x} ${x})`;
const get = (name) => `(local.get $${name})`;
/** max over the given v128 expressions, as nested i32x4.max_s. */
const maxOf = (xs) => xs.reduce((acc, x) => `(i32x4.max_s ${acc} ${x})`);

/**
 * The K-class depth-2 kernel (unit weights, misclassifications, min-leaf 1), branch-free over four
 * features in the lanes, as WAT text. Rows in the many-class packing of solver.ts (f1 rank in bits
 * 0–23, class in bits 24–29, bit 30 set at a value's last row), interleaved per group of four
 * features as for diff4. Per row the left rows' class counts a_c and all rows' counts c_c advance (by
 * subtracting −1 one-hot masks); at value boundaries each side's depth-1 cost — its rows minus its
 * best class count before the split minus its best after — goes into minL / minR, non-boundaries
 * pushed out of reach by 2^29. kernK(p, s, r, out): s rows at byte p; the sides' class totals are
 * read from out + 64 (K i32, left) and out + 64 + 4K (right); writes minL, minR to out .. out + 31.
 */
function kernK(K) {
  const cs = [...Array(K).keys()];
  const locals = [
    'v',
    'rs',
    'isL',
    'cls',
    'h',
    'pen',
    'minL',
    'minR',
    'tls',
    'trs',
    ...cs.flatMap((c) => [`a${c}`, `c${c}`, `b${c}`, `tl${c}`, `tr${c}`]),
  ];
  const lines = [
    `  (func (export "kern${K}") (param $p i32) (param $s i32) (param $r i32) (param $out i32)`,
    `    (local $end i32) ${locals.map((l) => `(local $${l} v128)`).join(' ')}`,
    `    (local.set $rs (i32x4.splat ${get('r')}))`,
    ...cs.flatMap((c) => [
      `    (local.set $tl${c} (i32x4.splat (i32.load offset=${64 + 4 * c} ${get('out')})))`,
      `    (local.set $tr${c} (i32x4.splat (i32.load offset=${64 + 4 * (K + c)} ${get('out')})))`,
    ]),
    `    (local.set $tls ${cs.map((c) => get(`tl${c}`)).reduce((a, x) => `(i32x4.add ${a} ${x})`)})`,
    `    (local.set $trs ${cs.map((c) => get(`tr${c}`)).reduce((a, x) => `(i32x4.add ${a} ${x})`)})`,
    `    (local.set $end (i32.add ${get('p')} (i32.shl ${get('s')} (i32.const 4))))`,
    `    (local.set $minL ${splat('0x20000000')})`,
    `    (local.set $minR ${splat('0x20000000')})`,
    '    (block $done',
    `      (br_if $done (i32.ge_u ${get('p')} ${get('end')}))`,
    '      (loop $rows',
    `        (local.set $v (v128.load ${get('p')}))`,
    `        (local.set $isL (i32x4.le_s (v128.and ${get('v')} ${splat('0x00ffffff')}) ${get('rs')}))`,
    `        (local.set $cls (v128.and (i32x4.shr_u ${get('v')} (i32.const 24)) ${splat(63)}))`,
    ...cs.flatMap((c) => [
      `        (local.set $h (i32x4.eq ${get('cls')} ${splat(c)}))`,
      `        (local.set $c${c} (i32x4.sub ${get(`c${c}`)} ${get('h')}))`,
      `        (local.set $a${c} (i32x4.sub ${get(`a${c}`)} (v128.and ${get('h')} ${get('isL')})))`,
    ]),
    `        (local.set $pen (v128.andnot ${splat('0x20000000')} (i32x4.shr_s (i32x4.shl ${get('v')} (i32.const 1)) (i32.const 31))))`,
    `        (local.set $minL (i32x4.min_s ${get('minL')} (i32x4.add ${get('pen')} (i32x4.sub ${get('tls')} (i32x4.add ${maxOf(cs.map((c) => get(`a${c}`)))} ${maxOf(cs.map((c) => `(i32x4.sub ${get(`tl${c}`)} ${get(`a${c}`)})`))})))))`,
    ...cs.map((c) => `        (local.set $b${c} (i32x4.sub ${get(`c${c}`)} ${get(`a${c}`)}))`),
    `        (local.set $minR (i32x4.min_s ${get('minR')} (i32x4.add ${get('pen')} (i32x4.sub ${get('trs')} (i32x4.add ${maxOf(cs.map((c) => get(`b${c}`)))} ${maxOf(cs.map((c) => `(i32x4.sub ${get(`tr${c}`)} ${get(`b${c}`)})`))})))))`,
    `        (local.set $p (i32.add ${get('p')} (i32.const 16)))`,
    `        (br_if $rows (i32.lt_u ${get('p')} ${get('end')}))))`,
    `    (v128.store ${get('out')} ${get('minL')})`,
    `    (v128.store offset=16 ${get('out')} ${get('minR')}))`,
  ];
  return lines.join('\n');
}

/** kernel.wat with the generated kernels added (before the module's closing parenthesis). */
export function kernelText() {
  const wat = readFileSync(watPath, 'utf8').trimEnd();
  if (!wat.endsWith(')')) throw new Error('kernel.wat must end with the module’s closing parenthesis');
  const gen = [];
  for (let K = 3; K <= SIMD_MAX_CLASSES; K++) gen.push(kernK(K));
  return `${wat.slice(0, -1)}\n${gen.join('\n')})\n`;
}

export async function kernelSource() {
  const w = await wabt();
  const mod = w.parseWat('kernel.wat', kernelText(), { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({});
  mod.destroy();
  const b64 = Buffer.from(buffer).toString('base64');
  const lines = [];
  for (let i = 0; i < b64.length; i += 96) lines.push(`  '${b64.slice(i, i + 96)}'`);
  return [
    '/**',
    ' * @module axis/kernel-wasm',
    ' * Generated by scripts/build-kernel.mjs from ./kernel.wat and its generated many-class kernels',
    ' * (the depth-2 kernels in WebAssembly SIMD); do not edit. The bytes as base64.',
    ' */',
    `export const KERNEL_WASM_BASE64 =\n${lines.join(' +\n')};`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = await kernelSource();
  if (process.argv.includes('--check')) {
    if (readFileSync(outPath, 'utf8') !== src) {
      console.error(`${outPath} is out of date: run node scripts/build-kernel.mjs`);
      process.exit(1);
    }
  } else writeFileSync(outPath, src);
}
