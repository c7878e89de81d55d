/**
 * @module _base
 * Generic implementations of the {@link Space} contract in terms of five primitives (countBig,
 * rankBig, unrankBig, successor, and a `run` kernel). Concrete spaces override the primitives with
 * exact fast paths; everything else (ranges, blocks, iterables, number/bigint switching) lives here
 * once.
 */
import { assertSmall, checkRank, checkRankBig } from './_validate.js';
import type { Block, BlockOptions, BlockVisitor, RankRange, Space, SpaceSpec, Visitor } from './space.js';

/** Default memory cap of the block API. */
export const DEFAULT_BLOCK_BYTES = 8 * 1024 * 1024;
const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
/** Largest chunk a `run` kernel is asked for at once (keeps its counters exact doubles). */
const CHUNK = 2 ** 52;

/** Resolves a rank range against a count, as bigints, checking bounds. */
export function resolveRange(range: RankRange | undefined, count: bigint): [bigint, bigint] {
  const s = range?.start === undefined ? 0n : BigInt(range.start);
  const e = range?.end === undefined ? count : BigInt(range.end);
  if (s < 0n || e > count || s > e) {
    throw new RangeError(`rank range [${s}, ${e}) is not inside [0, ${count}]`);
  }
  return [s, e];
}

/**
 * Base class: subclasses provide the primitives; this class derives the rest. Hot kernels
 * (`run`) receive a buffer already holding the first item and a count, so the same kernel serves
 * whole enumerations and worker rank ranges.
 */
export abstract class BaseSpace implements Space {
  abstract readonly spec: SpaceSpec;
  abstract readonly maxWidth: number;
  #isBig: boolean | undefined;

  abstract countBig(): bigint;
  abstract rankBig(item: ArrayLike<number>): bigint;
  /** Writes the item of rank r (already range-checked) into out; returns its length. */
  protected abstract unrankInto(r: bigint, out: Int32Array): number;
  abstract successor(buf: Int32Array, length: number): number;

  get isBig(): boolean {
    if (this.#isBig === undefined) this.#isBig = this.countBig() > SAFE_BIG;
    return this.#isBig;
  }

  #count = -1;

  count(): number {
    if (this.#count < 0) {
      assertSmall(this.isBig, 'count', () => this.countBig());
      this.#count = Number(this.countBig());
    }
    return this.#count;
  }

  rank(item: ArrayLike<number>): number {
    assertSmall(this.isBig, 'rank', () => this.countBig());
    return Number(this.rankBig(item));
  }

  unrank(r: number, out?: Int32Array): Int32Array {
    if (this.#count < 0) assertSmall(this.isBig, 'unrank', () => this.countBig());
    checkRank(r, this.count());
    const buf = this.#buffer(out);
    const len = this.unrankNumberInto(r, buf);
    // A caller-sized buffer is returned as is: no view allocated per call.
    return len === buf.length ? buf : buf.subarray(0, len);
  }

  unrankBig(r: bigint, out?: Int32Array): Int32Array {
    checkRankBig(r, this.countBig());
    const buf = this.#buffer(out);
    const len = this.unrankInto(r, buf);
    return len === buf.length ? buf : buf.subarray(0, len);
  }

  /** Number fast path of unrank; defaults to the bigint one. */
  protected unrankNumberInto(r: number, out: Int32Array): number {
    return this.unrankInto(BigInt(r), out);
  }

  #buffer(out: Int32Array | undefined): Int32Array {
    if (out === undefined) return new Int32Array(Math.max(1, this.maxWidth));
    if (out.length < this.maxWidth) {
      throw new RangeError(`output buffer has length ${out.length}; it needs at least ${this.maxWidth}`);
    }
    return out;
  }

  /**
   * Visits `count` items starting with the one in `buf` (length `len`); stops early when `visit`
   * returns false. Returns the number of items visited. Subclasses override with tight kernels;
   * this generic one steps with `successor`.
   */
  protected run(buf: Int32Array, len: number, count: number, visit: Visitor): number {
    const views = this.viewsOf(buf);
    let l = len;
    for (let i = 0; i < count; i++) {
      if (visit(views[l] as Int32Array) === false) return i + 1;
      if (i + 1 < count) {
        l = this.successor(buf, l);
        if (l < 0) return i + 1;
      }
    }
    return count;
  }

  /** Views `buf.subarray(0, w)` for every width w ≤ maxWidth, made once per enumeration. */
  protected viewsOf(buf: Int32Array): Int32Array[] {
    const v: Int32Array[] = [];
    for (let w = 0; w <= this.maxWidth; w++) v.push(buf.subarray(0, w));
    return v;
  }

  forEach(visit: Visitor, range?: RankRange): number {
    const [s, e] = resolveRange(range, this.countBig());
    if (s === e) return 0;
    const buf = new Int32Array(Math.max(1, this.maxWidth));
    let len = this.unrankInto(s, buf);
    let left = e - s;
    let total = 0;
    let stopped = false;
    const guard: Visitor = (v) => {
      const r = visit(v);
      if (r === false) stopped = true;
      return r;
    };
    // Chunks keep the kernel's counter an exact double even for bigint-sized ranges.
    while (left > 0n) {
      const c = left > BigInt(CHUNK) ? CHUNK : Number(left);
      const done = this.run(buf, len, c, left > BigInt(CHUNK) ? guard : visit);
      total += done;
      if (done < c || stopped) return total;
      left -= BigInt(c);
      if (left > 0n) {
        len = this.successor(buf, len);
        if (len < 0) break;
      }
    }
    return total;
  }

  forEachBlock(visit: BlockVisitor, options?: BlockOptions): number {
    return this.genericBlocks(visit, options);
  }

  /**
   * Block API by filling SoA columns with the visitor: one column set per item width, flushed
   * when full or when the width changes.
   */
  protected genericBlocks(visit: BlockVisitor, options?: BlockOptions): number {
    const w = Math.max(1, this.maxWidth);
    const maxBytes = options?.maxBytes ?? DEFAULT_BLOCK_BYTES;
    const cap = Math.max(1, Math.min(1 << 20, Math.floor(maxBytes / (4 * w))));
    const cols: Int32Array[] = [];
    for (let j = 0; j < this.maxWidth; j++) cols.push(new Int32Array(cap));
    let rows = 0;
    let width = -1;
    let total = 0;
    let stopped = false;
    const flush = (): void => {
      if (rows === 0) return;
      const block: Block = { width, rows, columns: cols.slice(0, width) };
      total += rows;
      if (visit(block) === false) stopped = true;
      rows = 0;
    };
    this.forEach((item) => {
      if (item.length !== width || rows === cap) {
        flush();
        if (stopped) return false;
        width = item.length;
      }
      for (let j = 0; j < width; j++) (cols[j] as Int32Array)[rows] = item[j] as number;
      rows++;
      return true;
    });
    if (!stopped) flush();
    return total;
  }

  [Symbol.iterator](): IterableIterator<number[]> {
    return this.arrays();
  }

  arrays(range?: RankRange): IterableIterator<number[]> {
    return new ItemIterator(this, range, true) as IterableIterator<number[]>;
  }

  views(range?: RankRange): IterableIterator<Int32Array> {
    return new ItemIterator(this, range, false) as IterableIterator<Int32Array>;
  }

  /** @internal the unrank primitive, for {@link ItemIterator}. */
  _unrankInto(r: bigint, out: Int32Array): number {
    return this.unrankInto(r, out);
  }
}

/**
 * A fresh `number[]` with b[0..len): literals for short items (V8 allocates them packed, in one
 * step: about 3× faster than growing an array), a loop beyond.
 */
function copyOf(b: Int32Array, len: number): number[] {
  switch (len) {
    case 0:
      return [];
    case 1:
      return [b[0] as number];
    case 2:
      return [b[0] as number, b[1] as number];
    case 3:
      return [b[0] as number, b[1] as number, b[2] as number];
    case 4:
      return [b[0] as number, b[1] as number, b[2] as number, b[3] as number];
    case 5:
      return [b[0] as number, b[1] as number, b[2] as number, b[3] as number, b[4] as number];
    case 6:
      return [b[0] as number, b[1] as number, b[2] as number, b[3] as number, b[4] as number, b[5] as number];
    case 7:
      return [
        b[0] as number,
        b[1] as number,
        b[2] as number,
        b[3] as number,
        b[4] as number,
        b[5] as number,
        b[6] as number,
      ];
    case 8:
      return [
        b[0] as number,
        b[1] as number,
        b[2] as number,
        b[3] as number,
        b[4] as number,
        b[5] as number,
        b[6] as number,
        b[7] as number,
      ];
    default: {
      const a: number[] = [];
      for (let i = 0; i < len; i++) a.push(b[i] as number);
      return a;
    }
  }
}

/**
 * Iterator over a rank range that steps with `successor`: a plain object with a counter (no
 * generator frame, no bigint arithmetic per item), so `for…of` stays fast.
 */
class ItemIterator implements IterableIterator<Int32Array | number[]> {
  readonly #space: BaseSpace;
  readonly #copy: boolean;
  readonly #buf: Int32Array;
  readonly #views: Int32Array[];
  #left: number;
  #bigLeft: bigint;
  #len = -1;
  #started = false;
  #start: bigint;

  constructor(space: BaseSpace, range: RankRange | undefined, copy: boolean) {
    const [s, e] = resolveRange(range, space.countBig());
    this.#space = space;
    this.#copy = copy;
    this.#buf = new Int32Array(Math.max(1, space.maxWidth));
    const views: Int32Array[] = [];
    for (let w = 0; w <= space.maxWidth; w++) views.push(this.#buf.subarray(0, w));
    this.#views = views;
    this.#start = s;
    // Number counter while it is exact; the bigint remainder is drawn down in 2^52 steps.
    const n = e - s;
    this.#left = n > BigInt(CHUNK) ? CHUNK : Number(n);
    this.#bigLeft = n - BigInt(this.#left);
  }

  next(): IteratorResult<Int32Array | number[]> {
    if (this.#left === 0) {
      if (this.#bigLeft === 0n) return { done: true, value: undefined };
      const c = this.#bigLeft > BigInt(CHUNK) ? CHUNK : Number(this.#bigLeft);
      this.#left = c;
      this.#bigLeft -= BigInt(c);
    }
    if (!this.#started) {
      this.#started = true;
      this.#len = this.#space._unrankInto(this.#start, this.#buf);
    } else {
      this.#len = this.#space.successor(this.#buf, this.#len);
      if (this.#len < 0) {
        this.#left = 0;
        this.#bigLeft = 0n;
        return { done: true, value: undefined };
      }
    }
    this.#left--;
    const len = this.#len;
    const res = this.#result;
    if (!this.#copy) {
      res.value = this.#views[len] as Int32Array;
      return res;
    }
    res.value = copyOf(this.#buf, len);
    return res;
  }

  /** One result object, reused: `for…of` reads it before the next call (no allocation per step). */
  readonly #result: { done: false; value: Int32Array | number[] } = { done: false, value: [] };

  [Symbol.iterator](): this {
    return this;
  }
}
