/**
 * @module bench/case
 * One benchmark case in its own process: `node bench/case.mjs <impl> <workload> [--cap N]
 * [--min-time S]`. It builds the implementation's enumeration with the workload's consumer (sum of
 * each item's elements; p[0] for full permutations; Σ (i+1)·c[i] per unrank call), runs one untimed
 * warm-up pass, then times whole passes until `--min-time` seconds have elapsed, and prints one JSON
 * line `{ items, seconds, checksum, passes, notes }` where `seconds` is the mean time of one pass.
 *
 * Why a process per case: V8 keeps type feedback per function, so timing several workloads or
 * several visitor closures in one process makes the shared kernels polymorphic and distorts every
 * later number (research note combgen.md §4.4, footnote ¹). Here each process creates exactly one
 * visitor for one kernel. Ours is imported from the built package (`npx tsc -b` writes dist/).
 */
import { unrankRanks } from './reference.mjs';
import { workload } from './workloads.mjs';

/** Parses `--name value` options after the two positional arguments. */
function parseArgs(argv) {
  const [impl, id, ...rest] = argv;
  const opts = { cap: Number.POSITIVE_INFINITY, minTime: 0.2 };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--cap') opts.cap = Number(rest[++i]);
    else if (a === '--min-time') opts.minTime = Number(rest[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  if (impl === undefined || id === undefined) {
    throw new Error('usage: node bench/case.mjs <impl> <workload> [--cap N] [--min-time S]');
  }
  return { impl, id, ...opts };
}

/** Imports the built package, failing with a clear note when dist/ is missing. */
async function loadOurs() {
  try {
    return await import('@floret/combinatorics');
  } catch (e) {
    throw new Error(`cannot import the built @floret/combinatorics (run npx tsc -b first): ${e.message}`);
  }
}

/** Remarks for run.mjs (printed under the workload's table). */
const notes = [];

/**
 * Returns an export of the built package, or throws naming what is missing. When the package index
 * does not export it yet but the built module `dist/<module>.js` does, that module is used and a
 * note says so (the benchmark can then run while the public export is still being wired).
 */
async function need(lib, name, module) {
  const f = lib[name];
  if (typeof f === 'function') return f;
  if (module !== undefined) {
    try {
      const m = await import(new URL(`../dist/${module}.js`, import.meta.url).href);
      if (typeof m[name] === 'function') {
        notes.push(`'${name}' was imported from dist/${module}.js: the package index does not export it yet`);
        return m[name];
      }
    } catch {
      // fall through to the error below
    }
  }
  throw new Error(`@floret/combinatorics has no export '${name}' yet (or dist/ is stale: run npx tsc -b)`);
}

const range = (n) => Array.from({ length: n }, (_, i) => i);
const optRange = (limit) => (limit === Number.POSITIVE_INFINITY ? undefined : { end: limit });

/**
 * Our implementation. Returns `pass(limit) → { items, checksum }`; each branch creates its one
 * visitor once, so warm-up and timed passes share the same closure and feedback.
 */
async function floret(w, implId, calls) {
  const lib = await loadOurs();
  const { n, k } = w;
  let s = 0;
  switch (w.kind) {
    case 'comb': {
      const space = (await need(lib, 'combinations', 'combinations'))(n, k, { order: w.order });
      const visit = (c) => {
        for (let i = 0; i < k; i++) s += c[i];
      };
      return (limit) => {
        s = 0;
        const items = space.forEach(visit, optRange(limit));
        return { items, checksum: s };
      };
    }
    case 'block': {
      const space = (await need(lib, 'combinations', 'combinations'))(n, k, { order: w.order });
      if (implId === 'floret-visitor') {
        const visit = (c) => {
          for (let i = 0; i < k; i++) s += c[i];
        };
        return () => {
          s = 0;
          const items = space.forEach(visit);
          return { items, checksum: s };
        };
      }
      const visitBlock = (b) => {
        const rows = b.rows;
        const cols = b.columns;
        for (let j = 0; j < b.width; j++) {
          const col = cols[j];
          for (let r = 0; r < rows; r++) s += col[r];
        }
      };
      return () => {
        s = 0;
        const items = space.forEachBlock(visitBlock);
        return { items, checksum: s };
      };
    }
    case 'delta': {
      const space = (await need(lib, 'combinations', 'combinations'))(n, k, { order: 'revolving-door' });
      if (typeof space.forEachDelta !== 'function')
        throw new Error('combinations(...).forEachDelta is missing');
      // The realistic delta consumer: keep Σ of the current combination with one add per item.
      let cur = 0;
      const visit = (c, out, into) => {
        if (out < 0) {
          cur = 0;
          for (let i = 0; i < k; i++) cur += c[i];
        } else cur += into - out;
        s += cur;
      };
      return () => {
        s = 0;
        const items = space.forEachDelta(visit);
        return { items, checksum: s };
      };
    }
    case 'upto': {
      const opts = implId === 'floret-stage' ? { order: 'colex', grouping: 'stage' } : undefined;
      const space = (await need(lib, 'combinationsUpTo', 'upto'))(n, 0, k, opts);
      const visit = (c) => {
        for (let i = 0; i < c.length; i++) s += c[i];
      };
      return () => {
        s = 0;
        const items = space.forEach(visit);
        return { items, checksum: s };
      };
    }
    case 'iter': {
      const space = (await need(lib, 'combinations', 'combinations'))(n, k);
      return () => {
        s = 0;
        let items = 0;
        for (const c of space) {
          for (let i = 0; i < k; i++) s += c[i];
          items++;
        }
        return { items, checksum: s };
      };
    }
    case 'unrank': {
      const space = (await need(lib, 'combinations', 'combinations'))(n, k);
      const ranks = unrankRanks(w, calls);
      const out = new Int32Array(k);
      const big = typeof ranks[0] === 'bigint';
      return () => {
        s = 0;
        const m = ranks.length;
        if (big) {
          for (let t = 0; t < m; t++) {
            const c = space.unrankBig(ranks[t], out);
            for (let i = 0; i < k; i++) s += (i + 1) * c[i];
          }
        } else {
          for (let t = 0; t < m; t++) {
            const c = space.unrank(ranks[t], out);
            for (let i = 0; i < k; i++) s += (i + 1) * c[i];
          }
        }
        return { items: m, checksum: s };
      };
    }
    case 'perm': {
      const space = (await need(lib, 'permutations', 'permutations'))(n, { order: w.order });
      const visit = (p) => {
        s += p[0];
      };
      return () => {
        s = 0;
        const items = space.forEach(visit);
        return { items, checksum: s };
      };
    }
    case 'kperm': {
      const space = (await need(lib, 'kPermutations', 'permutations'))(n, k);
      const visit = (p) => {
        for (let i = 0; i < k; i++) s += p[i];
      };
      return () => {
        s = 0;
        const items = space.forEach(visit);
        return { items, checksum: s };
      };
    }
    default:
      throw new Error(`no floret case for kind ${w.kind}`);
  }
}

/**
 * js-combinatorics 2.1.4 (and 2.1.2, installed as the alias `js-combinatorics-2.1.2`, the version the
 * research note measured): `Combination` / `Permutation` iterators, `bitwiseIterator()`, `at()`.
 */
async function jsCombinatorics(w, implId, calls) {
  const { Combination, Permutation } = await import(
    implId === 'js-combinatorics-2.1.2' ? 'js-combinatorics-2.1.2' : 'js-combinatorics'
  );
  const { n, k } = w;
  const seed = range(n);
  switch (w.kind) {
    case 'comb':
    case 'iter':
    case 'block':
    case 'delta': {
      const bitwise = implId === 'js-combinatorics-bitwise';
      if (bitwise && typeof Combination.prototype.bitwiseIterator !== 'function') {
        throw new Error('this js-combinatorics has no bitwiseIterator()');
      }
      return (limit) => {
        let s = 0;
        let items = 0;
        const it = bitwise ? new Combination(seed, k).bitwiseIterator() : new Combination(seed, k);
        for (const c of it) {
          for (let i = 0; i < k; i++) s += c[i];
          if (++items === limit) break;
        }
        return { items, checksum: s };
      };
    }
    case 'upto':
      return () => {
        let s = 0;
        let items = 0;
        for (let j = 0; j <= k; j++) {
          for (const c of new Combination(seed, j)) {
            for (let i = 0; i < c.length; i++) s += c[i];
            items++;
          }
        }
        return { items, checksum: s };
      };
    case 'unrank': {
      const space = new Combination(seed, k);
      const ranks = unrankRanks(w, calls);
      return () => {
        let s = 0;
        for (let t = 0; t < ranks.length; t++) {
          const c = space.at(ranks[t]);
          for (let i = 0; i < k; i++) s += (i + 1) * c[i];
        }
        return { items: ranks.length, checksum: s };
      };
    }
    case 'perm':
    case 'kperm': {
      const full = w.kind === 'perm';
      return (limit) => {
        let s = 0;
        let items = 0;
        for (const p of full ? new Permutation(seed) : new Permutation(seed, k)) {
          if (full) s += p[0];
          else for (let i = 0; i < k; i++) s += p[i];
          if (++items === limit) break;
        }
        return { items, checksum: s };
      };
    }
    default:
      throw new Error(`no js-combinatorics case for kind ${w.kind}`);
  }
}

/** combinatorial-generators 1.1.2: generator functions `combinations` and `permutations`. */
async function combinatorialGenerators(w) {
  const { combinations, permutations } = await import('combinatorial-generators');
  const { n, k } = w;
  const seed = range(n);
  switch (w.kind) {
    case 'comb':
    case 'iter':
    case 'block':
    case 'delta':
      return (limit) => {
        let s = 0;
        let items = 0;
        for (const c of combinations(seed, k)) {
          for (let i = 0; i < k; i++) s += c[i];
          if (++items === limit) break;
        }
        return { items, checksum: s };
      };
    case 'upto':
      return () => {
        let s = 0;
        let items = 0;
        for (let j = 0; j <= k; j++) {
          for (const c of combinations(seed, j)) {
            for (let i = 0; i < c.length; i++) s += c[i];
            items++;
          }
        }
        return { items, checksum: s };
      };
    case 'perm':
      return (limit) => {
        let s = 0;
        let items = 0;
        for (const p of permutations(seed)) {
          s += p[0];
          if (++items === limit) break;
        }
        return { items, checksum: s };
      };
    case 'kperm':
      return (limit) => {
        let s = 0;
        let items = 0;
        for (const p of permutations(seed, k)) {
          for (let i = 0; i < k; i++) s += p[i];
          if (++items === limit) break;
        }
        return { items, checksum: s };
      };
    default:
      throw new Error(`no combinatorial-generators case for kind ${w.kind}`);
  }
}

const IMPLS = {
  floret,
  'floret-visitor': floret,
  'floret-stage': floret,
  'js-combinatorics': jsCombinatorics,
  'js-combinatorics-bitwise': jsCombinatorics,
  'js-combinatorics-2.1.2': jsCombinatorics,
  'combinatorial-generators': combinatorialGenerators,
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const w = workload(args.id);
  const make = IMPLS[args.impl];
  if (make === undefined) throw new Error(`unknown JS implementation '${args.impl}'`);
  const capped = Number.isFinite(args.cap);
  // Unrank workloads time a fixed number of calls: the cap, or the workload's default.
  const calls = capped ? args.cap : (w.calls ?? 0);
  const pass = await make(w, args.impl, calls);
  const limit = capped ? args.cap : Number.POSITIVE_INFINITY;

  // Warm-up in this process (a fifth of a capped pass is enough for slow peers).
  pass(capped && w.kind !== 'unrank' ? Math.max(1, Math.floor(args.cap / 5)) : limit);

  let first;
  let passes = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  do {
    const r = pass(limit);
    if (first === undefined) first = r;
    else if (r.items !== first.items || r.checksum !== first.checksum) {
      throw new Error(`passes disagree: ${JSON.stringify(first)} vs ${JSON.stringify(r)}`);
    }
    passes++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (elapsed < args.minTime);
  process.stdout.write(
    `${JSON.stringify({ items: first.items, seconds: elapsed / passes, checksum: first.checksum, passes, notes })}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
