/**
 * @module cli
 * The `floret comb` commands (count, list, rank, unrank) and this package's stop on `floret tour`.
 * A thin layer: it parses and validates arguments, builds a space with the library, and prints.
 */
import {
  createProgress,
  parseBigIntArg,
  parseIntArg,
  parseIntListArg,
  printJson,
  type ToolModule,
  type TourStop,
  UsageError,
} from '@floret/cli-kit';
import { Command, Option } from 'commander';
import { combinations } from './combinations.js';
import { kPermutations, kPermutationsUpTo, permutations } from './permutations.js';
import type { Space } from './space.js';
import { combinationsUpTo } from './upto.js';

const KINDS = ['combinations', 'permutations'] as const;
const ORDERS = ['lex', 'colex', 'revolving-door'] as const;
const PERM_ORDERS = ['lex', 'heap', 'plain-changes'] as const;
const ALL_ORDERS = ['lex', 'colex', 'revolving-door', 'heap', 'plain-changes'] as const;

interface SpaceOptions {
  order: string;
  kind: string;
  upto?: boolean;
}

/** Builds the space the options describe, turning impossible parameters into usage errors. */
function spaceFor(nText: string, kText: string, o: SpaceOptions): Space {
  const n = parseIntArg('<n>', nText);
  const k = parseIntArg('<k>', kText);
  if (k > n) throw new UsageError(`<k> = ${k} is larger than <n> = ${n}; choose k ≤ n`);
  const order = o.order;
  if (o.kind === 'permutations') {
    // k-permutations: lex order; full permutations (k = n) also in Heap and plain-changes order.
    if (order === 'lex')
      return o.upto ? kPermutationsUpTo(n, 0, k) : k === n ? permutations(n) : kPermutations(n, k);
    if ((PERM_ORDERS as readonly string[]).includes(order)) {
      if (k !== n || o.upto) {
        throw new UsageError(
          `--order ${order} applies to full permutations (k = n, without --upto); k-permutations are listed in lex order`,
        );
      }
      return permutations(n, { order: order as 'heap' | 'plain-changes' });
    }
    throw new UsageError(
      `--order '${order}' does not apply to permutations; use one of ${PERM_ORDERS.join(', ')}`,
    );
  }
  if (!(ORDERS as readonly string[]).includes(order)) {
    throw new UsageError(
      `--order '${order}' does not apply to combinations; use one of ${ORDERS.join(', ')}`,
    );
  }
  const ord = order as (typeof ORDERS)[number];
  return o.upto ? combinationsUpTo(n, 0, k, { order: ord }) : combinations(n, k, { order: ord });
}

function withSpaceOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--order <order>',
        'enumeration order (combinations: lex, colex, revolving-door; permutations: lex, or heap, plain-changes when k = n)',
      )
        .choices([...ALL_ORDERS])
        .default('lex'),
    )
    .addOption(new Option('--kind <kind>', 'what to enumerate').choices([...KINDS]).default('combinations'))
    .option('--upto', 'all sizes 0..k in one space (size 0 first, then 1, …, k)')
    .option('--json', 'machine-readable output on stdout');
}

/** Writes text to stdout, waiting for the pipe to drain; resolves false when the reader went away. */
function write(text: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (pipeClosed) return resolve(false);
    if (process.stdout.write(text)) return resolve(true);
    const done = (): void => {
      process.stdout.off('drain', done);
      process.stdout.off('error', done);
      resolve(!pipeClosed);
    };
    process.stdout.once('drain', done);
    process.stdout.once('error', done);
  });
}

let pipeClosed = false;
let pipeWatched = false;

/** `floret comb list 40 6 | head` closes the pipe early: stop quietly, that is not an error. */
function watchPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') pipeClosed = true;
    else throw err;
  });
}

const CHUNK = 65_536;

async function list(
  nText: string,
  kText: string,
  o: SpaceOptions & { json?: boolean; start?: string; limit?: string },
) {
  const space = spaceFor(nText, kText, o);
  watchPipe();
  const total = space.countBig();
  const start = o.start === undefined ? 0n : parseBigIntArg('--start', o.start);
  if (start > total) throw new UsageError(`--start ${start} is past the end: there are ${total} items`);
  const limit = o.limit === undefined ? total - start : parseBigIntArg('--limit', o.limit);
  const end = start + limit < total ? start + limit : total;
  const json = o.json === true;
  // Progress only for long listings going to a file or pipe while a person watches stderr.
  const progress =
    end - start > 1_000_000n && process.stdout.isTTY !== true && !json
      ? createProgress({ total: Number(end - start), label: 'floret comb list' })
      : createProgress({ total: 0, label: '', show: false });
  if (json) await write('[');
  let first = true;
  for (let s = start; s < end && !pipeClosed; s += BigInt(CHUNK)) {
    progress.update(Number(s - start));
    const e = s + BigInt(CHUNK) < end ? s + BigInt(CHUNK) : end;
    let out = '';
    space.forEach(
      (c) => {
        if (json) {
          out += first ? `[${c.join(',')}]` : `,[${c.join(',')}]`;
          first = false;
        } else {
          out += `${c.join(' ')}\n`;
        }
      },
      { start: s, end: e },
    );
    await write(out);
  }
  progress.stop();
  if (json && !pipeClosed) await write(']\n');
}

function parseItem(text: string): number[] {
  if (text.trim() === '' || text.trim() === '-') return [];
  return parseIntListArg('<items>', text);
}

/** `floret comb …` */
export function combCommand(): Command {
  const comb = new Command('comb')
    .description('combinations and k-permutations: count, list, rank and unrank (arXiv:2507.03980)')
    .addHelpText(
      'after',
      `
Examples:
  floret comb count 100 50                       C(100,50), exact
  floret comb list 5 2 --order revolving-door    one combination per line
  floret comb list 5 2 --json                    [[0,1],[0,2],…]
  floret comb rank 100 3 3,17,42                 lex rank of {3,17,42}
  floret comb unrank 100 50 12345678901234567890 --order colex
  floret comb count 60 5 --upto                  all sizes 0..5
  floret comb list 4 2 --kind permutations       ordered pairs of distinct elements
  floret comb list 4 4 --kind permutations --order heap   Heap's order, one swap per step`,
    );

  withSpaceOptions(comb.command('count').argument('<n>').argument('<k>'))
    .description('number of items')
    .action((n: string, k: string, o: SpaceOptions & { json?: boolean }) => {
      const space = spaceFor(n, k, o);
      const count = space.countBig();
      if (o.json) {
        printJson({
          n: Number(n),
          k: Number(k),
          kind: o.kind,
          order: o.order,
          upto: o.upto === true,
          count,
        });
      } else {
        process.stdout.write(`${count}\n`);
      }
    });

  withSpaceOptions(comb.command('list').argument('<n>').argument('<k>'))
    .description('list the items in order, one per line (space-separated indices)')
    .option('--start <rank>', 'first rank to list (default 0)')
    .option('--limit <m>', 'list at most m items')
    .action((n: string, k: string, o: SpaceOptions & { json?: boolean; start?: string; limit?: string }) =>
      list(n, k, o),
    );

  withSpaceOptions(comb.command('rank').argument('<n>').argument('<k>').argument('<items>'))
    .description('rank of an item, e.g. 0,3,5 (0-based; use "-" for the empty set with --upto)')
    .action((n: string, k: string, items: string, o: SpaceOptions & { json?: boolean }) => {
      const space = spaceFor(n, k, o);
      const item = parseItem(items);
      let rank: bigint;
      try {
        rank = space.rankBig(item);
      } catch (err) {
        throw new UsageError(`<items> ${items}: ${(err as Error).message}`);
      }
      if (o.json) printJson({ n: Number(n), k: Number(k), kind: o.kind, order: o.order, item, rank });
      else process.stdout.write(`${rank}\n`);
    });

  withSpaceOptions(comb.command('unrank').argument('<n>').argument('<k>').argument('<rank>'))
    .description('the item of a given rank (0-based)')
    .action((n: string, k: string, r: string, o: SpaceOptions & { json?: boolean }) => {
      const space = spaceFor(n, k, o);
      const rank = parseBigIntArg('<rank>', r);
      const count = space.countBig();
      if (rank >= count) {
        throw new UsageError(
          `<rank> ${rank} is out of range: there are ${count} items (ranks 0..${count - 1n})`,
        );
      }
      const item = Array.from(space.unrankBig(rank));
      if (o.json) printJson({ n: Number(n), k: Number(k), kind: o.kind, order: o.order, rank, item });
      else process.stdout.write(`${item.join(' ')}\n`);
    });

  return comb;
}

/** What `floret tour` shows of this package, on built-in inputs. */
export const tour: TourStop = {
  title: '@floret/combinatorics — generators of arXiv:2507.03980',
  run() {
    const lines: string[] = [];
    const sp = combinations(30, 8);
    let sum = 0;
    const t0 = performance.now();
    sp.forEach((c) => {
      for (let i = 0; i < c.length; i++) sum += c[i] as number;
    });
    const ms = performance.now() - t0;
    lines.push(
      `C(30,8) = ${sp.count().toLocaleString('en-US')} combinations visited in ${ms.toFixed(0)} ms ` +
        `(${(sp.count() / ms / 1000).toFixed(1)} M/s), element sum ${sum.toLocaleString('en-US')}`,
    );
    const rd: string[] = [];
    combinations(5, 2, { order: 'revolving-door' }).forEachDelta((c, out, into) => {
      rd.push(out < 0 ? `{${c.join(',')}}` : `−${out}+${into}`);
    });
    lines.push(`revolving door, 2 of 5: ${rd.join(' ')}  (one element out, one in, each step)`);
    const big = combinations(100, 50);
    const mid = big.countBig() / 2n;
    const item = big.unrankBig(mid);
    lines.push(
      `C(100,50) = ${big.countBig()} exactly; its middle item starts {${item.subarray(0, 6).join(',')},…}`,
    );
    let kept = 0;
    combinations(40, 5).forEachPruned(
      (p) => p.reduce((a, b) => a + b, 0) <= 30,
      () => {
        kept++;
      },
    );
    lines.push(
      `pruned: ${kept.toLocaleString('en-US')} of C(40,5) = 658,008 5-sets of 0..39 have sum ≤ 30, found without visiting the rest`,
    );
    return lines;
  },
};

/** This package's contribution to the `floret` binary. */
export const tool: ToolModule = { commands: [combCommand()], tour };
