/**
 * @module space
 * The contract every generator in this package meets: a finite, totally ordered space of
 * integer tuples with an exact count, rank, unrank and successor, plus the three ways to consume it
 * (zero-allocation visitor, structure-of-arrays blocks, ES iterables).
 *
 * Number or bigint: every quantity that can exceed 2^53 has two methods, one returning `number`
 * (throws `RangeError` when the space is too large for exact doubles: `isBig` tells in advance) and
 * one suffixed `Big` returning `bigint`. The switch is therefore explicit in the types.
 */

/**
 * Called once per item with a reused view of it. Return `false` to stop the enumeration early;
 * any other return value (including `undefined`) continues. The view is overwritten by the next
 * item: copy it (`Array.from(view)`) to keep it.
 */
export type Visitor = (item: Int32Array) => boolean | undefined | void;

/**
 * A rank interval `[start, end)`, in `number` or `bigint`. Omitted ends mean the space's ends.
 */
export interface RankRange {
  readonly start?: number | bigint;
  readonly end?: number | bigint;
}

/**
 * A block of items in structure-of-arrays form: `columns[j][r]` is position `j` of row `r`, for
 * `r < rows`. Column arrays may be longer than `rows` and may be views into internal tables: read
 * them during the callback, never write or keep them.
 */
export interface Block {
  /** Number of positions per row (the item size of this block). */
  readonly width: number;
  /** Number of rows in this block. */
  readonly rows: number;
  /** `width` columns, each with at least `rows` entries. */
  readonly columns: readonly Int32Array[];
}

/** Called once per block; return `false` to stop early. */
export type BlockVisitor = (block: Block) => boolean | undefined | void;

/** Options of the block API. */
export interface BlockOptions {
  /**
   * Upper bound, in bytes, on the memory the generator keeps for blocks and their tables.
   * @default 8 MiB
   */
  readonly maxBytes?: number;
}

/** A JSON description of a space, from which {@link spaceFromSpec} rebuilds it (used by workers). */
export interface SpaceSpec {
  readonly kind: string;
  readonly [key: string]: unknown;
}

/**
 * A finite ordered space of integer tuples, each of length at most {@link Space.maxWidth}.
 */
export interface Space {
  /** A JSON-serialisable description that rebuilds this space in another thread. */
  readonly spec: SpaceSpec;
  /** Largest item length; buffers passed to `unrank`/`successor` need this capacity. */
  readonly maxWidth: number;
  /** True when the count exceeds `Number.MAX_SAFE_INTEGER`, so only the `Big` methods apply. */
  readonly isBig: boolean;
  /** Number of items. @throws RangeError when {@link Space.isBig} */
  count(): number;
  /** Number of items, exact. */
  countBig(): bigint;
  /** Rank of `item` in this space's order. @throws RangeError when not an item, or when isBig */
  rank(item: ArrayLike<number>): number;
  /** Rank of `item`, exact. @throws RangeError when `item` is not an item of this space */
  rankBig(item: ArrayLike<number>): bigint;
  /**
   * The item of rank `r`, written into `out` (capacity ≥ maxWidth; a new one when omitted).
   * @returns a view of `out` with the item's length
   * @throws RangeError when `r` is not an integer in `[0, count)`, or when isBig
   */
  unrank(r: number, out?: Int32Array): Int32Array;
  /** As {@link Space.unrank}, exact for any size. */
  unrankBig(r: bigint, out?: Int32Array): Int32Array;
  /**
   * Advances the item held in `buf[0..length)` to its successor, in place.
   * @returns the successor's length, or −1 when `buf` held the last item (then `buf` is unspecified)
   */
  successor(buf: Int32Array, length: number): number;
  /**
   * Visits every item of rank in `range` in order, with no allocation per item.
   * @returns the number of items visited (stops early when `visit` returns false)
   */
  forEach(visit: Visitor, range?: RankRange): number;
  /**
   * Visits the items in structure-of-arrays blocks, in the same order as {@link Space.forEach}.
   * @returns the number of items visited
   */
  forEachBlock(visit: BlockVisitor, options?: BlockOptions): number;
  /** Items as fresh `number[]` arrays (copy mode, itertools semantics). */
  [Symbol.iterator](): IterableIterator<number[]>;
  /** Items of rank in `range` as fresh `number[]` arrays (copy mode). */
  arrays(range?: RankRange): IterableIterator<number[]>;
  /** Items of rank in `range` as one reused `Int32Array` view (reuse mode: copy what you keep). */
  views(range?: RankRange): IterableIterator<Int32Array>;
}
