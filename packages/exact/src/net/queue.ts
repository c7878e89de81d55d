/**
 * @module net/queue
 * The exact network search spread over machines through a real work queue — BullMQ on Redis (issue 7,
 * library item 6; Deep-ICE arXiv:2505.05740 §"parallel", research note exact-learning.md §2.4). The
 * configuration space of a rank-K maxout network is a range of nested-combination ranks; it splits into
 * independent rank ranges whose best configurations reduce by (objective, rank). So:
 *
 * - the coordinator builds the {@link NetProblem}, stores it ONCE in Redis (a JSON string under a run
 *   key), computes the initial upper bound, splits the ranks into more ranges than workers and enqueues
 *   one BullMQ job per range carrying only (problem key, start, end, bound, deadline);
 * - workers on any host pull jobs, fetch (and cache) the problem, search the range on a worker thread
 *   (so the event loop keeps renewing the job lock during a long range; an engine without threads is
 *   searched in slices with the event loop free between them) and return the range's {@link RangeResult};
 * - the coordinator reduces the results deterministically (min objective, ties → lowest rank: the same
 *   answer whatever the number of workers or the order of completion), realises the network and deletes
 *   its jobs and keys; while it runs it keeps the problem key alive (a short TTL, refreshed), so when a
 *   coordinator dies its key lapses and workers drop its leftover ranges unsearched;
 * - a killed worker stops renewing its lock; BullMQ's stalled-job check (run by every live worker) puts
 *   the range back in the queue and another worker searches it again (short lock / check intervals make
 *   this visible within seconds in tests).
 *
 * The search is a {@link NetEngine}: {@link createNetEngine} wraps the pure functions of ./index.ts
 * (the same range search, reduction and realisation as `fitNet`, so the answer equals fitNet's).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { nestedCombinations } from '@floret/combinatorics';
import { type Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Piscina } from 'piscina';
import type { Dataset } from '../types.js';
import { constantOnly, spanningView } from './fit.js';
import {
  configurationCount,
  finishNet,
  initialBound,
  type NetJob,
  type NetOptions,
  type NetProblem,
  type NetResult,
  netProblem,
  netWorkerPath,
  type RangeResult,
  rangesOf,
  searchRange,
} from './index.js';
import { prepare } from './problem.js';

/** Seconds a run's problem key outlives its coordinator (refreshed every quarter of it while running). */
const PROBLEM_TTL_S = 120;

/** The queue name used by coordinators and workers unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'floret-net';

/** Redis or the queue could not be used (unreachable server, bad URL, lost connection, failed job). */
export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

/**
 * What the queue needs from the search (the pure functions of ./index.ts): build a problem, split it,
 * search a range, and turn range results into the final certificate.
 */
export interface NetEngine {
  /** The serialisable problem of one kind ('union' or 'intersection'). */
  netProblem(data: Dataset, options: NetOptions): NetProblem;
  /** Best of ranks [start, end) whose objective beats `upperBound` (a pure function: the unit of work). */
  searchRange(
    problem: NetProblem,
    start: bigint,
    end: bigint,
    upperBound: number,
    deadline?: number,
  ): RangeResult;
  /**
   * The same search off the event loop (a worker thread), so the queue worker keeps renewing its job
   * lock during a long range; without it the range is searched in slices on this thread.
   */
  runRange?(
    problem: NetProblem,
    start: bigint,
    end: bigint,
    upperBound: number,
    deadline?: number,
  ): Promise<RangeResult>;
  /** Releases threads held by runRange. */
  close?(): Promise<void>;
  /** Splits the rank space of `problem` into about `parts` consecutive ranges covering it. */
  rangesOf(problem: NetProblem, parts: number): readonly (readonly [bigint, bigint])[];
  /** An upper bound every range starts from (e.g. the best constant classifier), the same for all ranges. */
  initialUpperBound(problem: NetProblem): number;
  /** The certificate from all range results of one problem (reduce, realise, re-measure). */
  finish(data: Dataset, problem: NetProblem, results: readonly RangeResult[], seconds: number): NetResult;
}

/** Where the queue lives. */
export interface QueueTarget {
  /** `redis://[user:pass@]host:port[/db]` (or `rediss://`). */
  readonly url: string;
  /** BullMQ queue name shared by coordinator and workers; default {@link DEFAULT_QUEUE_NAME}. */
  readonly queueName?: string;
}

/** The payload of one range job: everything but the problem, which is fetched once per worker. */
export interface RangeJobData {
  readonly version: 1;
  /** Redis key holding the problem JSON. */
  readonly problemKey: string;
  /** Index of the problem in the run (0, or 0/1 for kind 'both'). */
  readonly problem: number;
  readonly part: number;
  readonly start: string;
  readonly end: string;
  /** The initial upper bound (null = +Infinity). */
  readonly upperBound: number | null;
  /** Epoch milliseconds after which the range is abandoned (complete: false); null = none. */
  readonly deadline: number | null;
}

/** What a worker returns for a job: the range result plus where and how long it ran. */
export interface RangeJobResult {
  readonly result: RangeResult;
  /** Milliseconds spent in searchRange (the queue's overhead is the rest). */
  readonly computeMs: number;
  /** Milliseconds to obtain the problem (0 when cached). */
  readonly fetchMs: number;
  readonly worker: string;
}

/** Statistics of a distributed run. */
export interface QueueStats {
  readonly queueName: string;
  /** Range jobs enqueued (over all problems). */
  readonly ranges: number;
  /** Wall-clock milliseconds from enqueueing the first range to the last result. */
  readonly wallMs: number;
  /** Sum over ranges of the workers' search time. */
  readonly computeMs: number;
  /** Sum over ranges of the time the workers spent fetching the problem. */
  readonly fetchMs: number;
  /** Ranges that were started more than once (a killed or stalled worker's range retried). */
  readonly retried: number;
  /** Distinct worker names that returned results. */
  readonly workers: readonly string[];
}

/** Parses and validates a Redis URL, returning ioredis connection options. */
export function redisOptions(url: string): {
  host: string;
  port: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: object;
} {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`--queue '${url}' is not a URL; use redis://host:port`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new QueueError(`--queue '${url}' must start with redis:// or rediss://`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText))
    throw new QueueError(`--queue '${url}': the path must be a database number, got '${dbText}'`);
  return {
    host: u.hostname === '' ? '127.0.0.1' : u.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(dbText !== '' ? { db: Number(dbText) } : {}),
    ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * Connection options for BullMQ's own connections (passed as options, not as a client, so BullMQ
 * closes them on close()): blocking commands need no per-request retry limit.
 */
function bullConnection(url: string) {
  return {
    ...redisOptions(url),
    connectTimeout: 3000,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** A connection that fails fast instead of retrying forever (ioredis' default). */
function connect(url: string, connectTimeout = 3000): Redis {
  return new Redis({
    ...redisOptions(url),
    connectTimeout,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => (times > 20 ? null : Math.min(100 * times, 1000)),
  });
}

/**
 * Checks that a Redis server answers at `url` within `timeoutMs`.
 * @throws QueueError naming the URL and the fix when it does not
 */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const r = new Redis({
    ...redisOptions(url),
    connectTimeout: timeoutMs,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: string | undefined;
  r.on('error', (e: Error & { code?: string }) => {
    cause ??= e.code ?? e.message;
  });
  try {
    await Promise.race([
      r.connect().then(() => r.ping()),
      new Promise((_r, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref()),
    ]);
  } catch (e) {
    throw new QueueError(
      `cannot reach Redis at ${url} (${cause ?? (e as Error).message}); start redis-server there or fix --queue`,
    );
  } finally {
    r.disconnect();
  }
}

/** The problem as JSON-safe plain data (typed arrays become arrays; numbers round-trip exactly). */
export function problemToJson(p: NetProblem): string {
  return JSON.stringify({
    n: p.n,
    d: p.d,
    x: Array.from(p.x),
    t: Array.from(p.t),
    costPos: Array.from(p.costPos),
    costNeg: Array.from(p.costNeg),
    hidden: p.hidden,
    kind: p.kind,
    pool: p.pool,
  });
}

/** Rebuilds a problem from {@link problemToJson} text, with typed arrays. */
export function problemFromJson(text: string): NetProblem {
  const o = JSON.parse(text) as Record<string, unknown>;
  const arr = (k: string) => {
    const v = o[k];
    if (!Array.isArray(v)) throw new QueueError(`queued problem: field '${k}' is not an array`);
    return v as number[];
  };
  const num = (k: string) => {
    const v = o[k];
    if (typeof v !== 'number') throw new QueueError(`queued problem: field '${k}' is not a number`);
    return v;
  };
  const kind = o.kind;
  if (kind !== 'union' && kind !== 'intersection')
    throw new QueueError(`queued problem: kind must be union or intersection`);
  return {
    n: num('n'),
    d: num('d'),
    x: Float64Array.from(arr('x')),
    t: Int8Array.from(arr('t')),
    costPos: Float64Array.from(arr('costPos')),
    costNeg: Float64Array.from(arr('costNeg')),
    hidden: num('hidden'),
    kind,
    pool: num('pool'),
  };
}

/**
 * Searches [start, end) in slices of about `sliceMs` each, yielding to the event loop between slices
 * (BullMQ renews the job lock from a timer: one long synchronous call would let the lock expire and the
 * range be taken for stalled). Within the range, later slices only need to beat the best so far, and a
 * tie keeps the earlier (lower) rank — exactly what one call over the whole range returns.
 */
export async function searchRangeSliced(
  engine: Pick<NetEngine, 'searchRange'>,
  problem: NetProblem,
  start: bigint,
  end: bigint,
  upperBound: number,
  deadline: number | undefined,
  sliceMs = 200,
): Promise<RangeResult> {
  let best: number | null = null;
  let bestRank: string | null = null;
  let bestOrientation = 0;
  let evaluated = 0;
  let pruned = 0;
  let complete = true;
  let bound = upperBound;
  let step = 256n;
  let at = start;
  while (at < end) {
    if (deadline !== undefined && Date.now() >= deadline) {
      complete = false;
      break;
    }
    const to = at + step < end ? at + step : end;
    const t0 = performance.now();
    const r = engine.searchRange(problem, at, to, bound, deadline);
    const ms = performance.now() - t0;
    evaluated += r.evaluated;
    pruned += r.pruned;
    if (r.objective !== null && r.rank !== null && (best === null || r.objective < best)) {
      best = r.objective;
      bestRank = r.rank;
      bestOrientation = r.orientation;
      if (r.objective < bound) bound = r.objective;
    }
    if (!r.complete) {
      complete = false;
      break;
    }
    at = to;
    // Aim each slice at sliceMs: grow fast while slices are cheap, shrink when they overrun.
    if (ms < sliceMs / 4) step *= 4n;
    else if (ms < sliceMs / 2) step *= 2n;
    else if (ms > sliceMs * 2 && step > 1n) step /= 2n;
    if (best === 0) break; // nothing beats zero loss; the rest of the range cannot win a tie either
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // An early exit at zero is complete: no configuration can be better, and ties keep the lower rank.
  return {
    start: start.toString(),
    end: end.toString(),
    objective: best,
    rank: bestRank,
    orientation: bestOrientation,
    evaluated,
    pruned,
    complete,
  };
}

/** Options of {@link startNetWorker}. */
export interface NetWorkerOptions extends QueueTarget {
  readonly engine: Pick<NetEngine, 'searchRange' | 'runRange' | 'close'>;
  /** Jobs searched at once by this process (default 1), each on its own thread with the real engine. */
  readonly concurrency?: number;
  /** Job lock in ms (default 30 000); a killed worker's range is retried after about this long. */
  readonly lockDuration?: number;
  /** Stalled-job check period in ms (default 15 000). */
  readonly stalledInterval?: number;
  /** How many times a range may be recovered from a dead worker before it fails (default 5). */
  readonly maxStalledCount?: number;
  /** Target milliseconds per searchRange slice (default 200). */
  readonly sliceMs?: number;
  /** A name for this worker in results and logs (default host:pid). */
  readonly name?: string;
  /** Called when a range starts (for a log line). */
  readonly onStart?: (data: RangeJobData) => void;
  /** Called after each finished range (for a log line). */
  readonly onRange?: (data: RangeJobData, result: RangeJobResult) => void;
}

/** A running worker; `close()` finishes the ranges in hand and disconnects. */
export interface NetWorkerHandle {
  readonly name: string;
  /** Resolves once the worker is connected and listening. */
  readonly ready: Promise<void>;
  /** Ranges finished so far. */
  processed(): number;
  /** Stops taking jobs, waits for running ones (unless `force`), disconnects. */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts a queue worker: pulls range jobs, fetches each run's problem once (cached by key), searches
 * the range and returns its {@link RangeJobResult}.
 */
export function startNetWorker(options: NetWorkerOptions): NetWorkerHandle {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const store = connect(options.url);
  store.on('error', () => {
    /* surfaced by the failing command */
  });
  // Problems by key; a worker serves one run at a time in practice, keep two for overlapping runs.
  const cache = new Map<string, Promise<NetProblem>>();
  const problemFor = (key: string): Promise<NetProblem> => {
    let p = cache.get(key);
    if (p === undefined) {
      p = store.get(key).then((text) => {
        if (text === null) throw new QueueError(`problem ${key} is gone from Redis (its run ended)`);
        return problemFromJson(text);
      });
      p.catch(() => cache.delete(key));
      cache.set(key, p);
      while (cache.size > 2) cache.delete(cache.keys().next().value as string);
    }
    return p;
  };
  let done = 0;
  const worker = new Worker<RangeJobData, RangeJobResult>(
    queueName,
    async (job: Job<RangeJobData, RangeJobResult>) => {
      const data = job.data;
      if (data.version !== 1) throw new QueueError(`job ${job.id}: unknown payload version ${data.version}`);
      options.onStart?.(data);
      const t0 = performance.now();
      // A cached problem does not prove its run is alive: a dead coordinator's key has expired.
      if ((await store.exists(data.problemKey)) === 0) {
        cache.delete(data.problemKey);
        throw new UnrecoverableError(
          `problem ${data.problemKey} is gone from Redis (its run ended); range skipped`,
        );
      }
      const problem = await problemFor(data.problemKey);
      const fetchMs = performance.now() - t0;
      const t1 = performance.now();
      const ub = data.upperBound ?? Number.POSITIVE_INFINITY;
      const deadline = data.deadline ?? undefined;
      const engine = options.engine;
      const result =
        engine.runRange !== undefined
          ? await engine.runRange(problem, BigInt(data.start), BigInt(data.end), ub, deadline)
          : await searchRangeSliced(
              engine,
              problem,
              BigInt(data.start),
              BigInt(data.end),
              ub,
              deadline,
              options.sliceMs ?? 200,
            );
      const out: RangeJobResult = { result, computeMs: performance.now() - t1, fetchMs, worker: name };
      done++;
      options.onRange?.(data, out);
      return out;
    },
    {
      connection: bullConnection(options.url),
      name,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 15_000,
      maxStalledCount: options.maxStalledCount ?? 5,
      drainDelay: 1,
      autorun: true,
    },
  );
  worker.on('error', () => {
    /* connection hiccups are retried by ioredis; a dead server shows as jobs not progressing */
  });
  return {
    name,
    ready: worker.waitUntilReady().then(() => undefined),
    processed: () => done,
    async close(force = false) {
      await worker.close(force);
      store.disconnect();
      await options.engine.close?.();
    },
  };
}

/** Options of {@link runRangesOnQueue} / {@link fitNetQueue}. */
export interface CoordinatorOptions extends QueueTarget {
  /** Ranges per problem (default 64; more ranges than workers keeps every worker busy to the end). */
  readonly ranges?: number;
  /** Seconds; workers abandon their ranges then and the result is not proven optimal. */
  readonly timeLimit?: number;
  /** Fraction of ranges finished, now and then. */
  readonly onProgress?: (fraction: number) => void;
  /** Milliseconds to wait for the connection (default 3000). */
  readonly connectTimeout?: number;
  /** Called once when no worker is connected to the queue after enqueueing (e.g. to print a hint). */
  readonly onNoWorkers?: () => void;
  /**
   * With a time limit: milliseconds after the deadline to wait for the last results before counting
   * unfinished ranges as not searched (default max(5000, 10% of the limit)).
   */
  readonly graceMs?: number;
}

/**
 * Enqueues the ranges of each problem, waits for every result and cleans up. Results come back in
 * range order per problem (whatever order the workers finished in).
 * @throws QueueError when Redis is unreachable or a range fails for good
 */
export async function runRangesOnQueue(
  problems: readonly NetProblem[],
  ranges: readonly (readonly (readonly [bigint, bigint])[])[],
  upperBounds: readonly number[],
  options: CoordinatorOptions,
): Promise<{ results: RangeResult[][]; stats: QueueStats }> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  await checkRedis(options.url, options.connectTimeout ?? 3000);
  const run = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
  const store = connect(options.url);
  store.on('error', () => {});
  const queue = new Queue<RangeJobData, RangeJobResult>(queueName, {
    connection: bullConnection(options.url),
  });
  const events = new QueueEvents(queueName, { connection: bullConnection(options.url) });
  queue.on('error', () => {});
  events.on('error', () => {});
  // One waiter per range job listens on these emitters at once.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  const keys: string[] = [];
  const jobs: Job<RangeJobData, RangeJobResult>[] = [];
  const keepAlive = setInterval(
    () => {
      for (const k of keys) store.expire(k, PROBLEM_TTL_S).catch(() => 0);
    },
    (PROBLEM_TTL_S * 1000) / 4,
  );
  try {
    await events.waitUntilReady();
    const deadline = options.timeLimit === undefined ? null : Date.now() + options.timeLimit * 1000;
    const specs: {
      name: string;
      data: RangeJobData;
      opts: {
        jobId: string;
        removeOnComplete: { age: number };
        removeOnFail: { age: number };
        attempts: number;
      };
    }[] = [];
    for (let p = 0; p < problems.length; p++) {
      const key = `floret:net:problem:${run}:${p}`;
      keys.push(key);
      // The key lives while the coordinator does (refreshed below): when a coordinator dies, its key
      // expires within PROBLEM_TTL_S and workers drop the run's leftover jobs instead of searching them.
      await store.set(key, problemToJson(problems[p] as NetProblem), 'EX', PROBLEM_TTL_S);
      const ub = upperBounds[p] as number;
      const rs = ranges[p] as readonly (readonly [bigint, bigint])[];
      for (let i = 0; i < rs.length; i++) {
        const [start, end] = rs[i] as readonly [bigint, bigint];
        specs.push({
          name: 'range',
          data: {
            version: 1,
            problemKey: key,
            problem: p,
            part: i,
            start: start.toString(),
            end: end.toString(),
            upperBound: Number.isFinite(ub) ? ub : null,
            deadline,
          },
          // Finished jobs are removed by the coordinator; the ages only clear up after a dead one.
          opts: {
            jobId: `${run}-${p}-${i}`,
            removeOnComplete: { age: 3600 },
            removeOnFail: { age: 3600 },
            attempts: 2,
          },
        });
      }
    }
    const t0 = Date.now();
    jobs.push(...(await queue.addBulk(specs)));
    const results: RangeResult[][] = problems.map(() => []);
    let finished = 0;
    let computeMs = 0;
    let fetchMs = 0;
    const names = new Set<string>();
    options.onProgress?.(0);
    if ((await queue.getWorkersCount().catch(() => 1)) === 0) options.onNoWorkers?.();
    // With a time limit, ranges nobody finished by the deadline (plus a grace for the last results to
    // arrive) count as not searched: the answer is then the best found, not proven optimal.
    const grace = deadline === null ? 0 : (options.graceMs ?? Math.max(5000, (options.timeLimit ?? 0) * 100));
    let abandon: NodeJS.Timeout | undefined;
    const gaveUp =
      deadline === null
        ? new Promise<null>(() => {})
        : new Promise<null>((resolve) => {
            abandon = setTimeout(() => resolve(null), Math.max(0, deadline + grace - Date.now()));
          });
    await Promise.all(
      jobs.map(async (job) => {
        let out: RangeJobResult | null;
        try {
          out = await Promise.race([job.waitUntilFinished(events), gaveUp]);
        } catch (e) {
          throw new QueueError(`range ${job.data.part} of run ${run} failed: ${(e as Error).message}`);
        }
        if (out === null) {
          out = {
            result: {
              start: job.data.start,
              end: job.data.end,
              objective: null,
              rank: null,
              orientation: 0,
              evaluated: 0,
              pruned: 0,
              complete: false,
            },
            computeMs: 0,
            fetchMs: 0,
            worker: '(abandoned at the time limit)',
          };
        } else names.add(out.worker);
        (results[job.data.problem] as RangeResult[])[job.data.part] = out.result;
        computeMs += out.computeMs;
        fetchMs += out.fetchMs;
        finished++;
        options.onProgress?.(finished / jobs.length);
      }),
    );
    clearTimeout(abandon);
    const wallMs = Date.now() - t0;
    let retried = 0;
    for (const job of jobs) {
      const j = await queue.getJob(job.id as string);
      if (j !== undefined && (j.attemptsStarted > 1 || j.stalledCounter > 0 || j.attemptsMade > 1)) retried++;
    }
    return {
      results,
      stats: {
        queueName,
        ranges: jobs.length,
        wallMs,
        computeMs,
        fetchMs,
        retried,
        workers: [...names].sort(),
      },
    };
  } finally {
    // Clean up: our jobs (whatever their state) and the problem keys.
    clearInterval(keepAlive);
    for (const j of jobs) await queue.remove(j.id as string).catch(() => 0);
    if (keys.length > 0) await store.del(...keys).catch(() => 0);
    await Promise.allSettled([events.close(), queue.close()]);
    store.disconnect();
  }
}

/**
 * Fits a network with the range search on a BullMQ queue: the same certificate `fitNet` returns,
 * plus the queue's statistics. Kind 'both' enqueues the two problems together and keeps the better
 * (ties: union), as fitNet does.
 */
export async function fitNetQueue(
  data: Dataset,
  options: NetOptions,
  queue: CoordinatorOptions,
  engine: NetEngine,
): Promise<NetResult & { readonly queue: QueueStats }> {
  if (options.coreset !== undefined)
    throw new RangeError('coreset runs in one process (fitNet); drop it to search exactly on the queue');
  const t0 = performance.now();
  // The same problem as fitNet: data that do not span R^D are searched in a basis of their affine
  // hull and the weights lifted back (./fit.ts spanningView); all rows at one point: constants only.
  const view = spanningView(data);
  if (view !== null && view.columns.length === 0) {
    const r = constantOnly(data, options, t0);
    const stats: QueueStats = {
      queueName: queue.queueName ?? DEFAULT_QUEUE_NAME,
      ranges: 0,
      wallMs: performance.now() - t0,
      computeMs: 0,
      fetchMs: 0,
      retried: 0,
      workers: [],
    };
    return { ...r, queue: stats };
  }
  const searched = view?.data ?? data;
  const kinds = options.kind === 'both' ? (['union', 'intersection'] as const) : [options.kind ?? 'union'];
  const problems = kinds.map((kind) => engine.netProblem(searched, { ...options, kind }));
  const parts = queue.ranges ?? 64;
  const ranges = problems.map((p) => engine.rangesOf(p, parts));
  const bounds = problems.map((p) => engine.initialUpperBound(p));
  const { results, stats } = await runRangesOnQueue(problems, ranges, bounds, {
    ...queue,
    ...(options.timeLimit !== undefined && queue.timeLimit === undefined
      ? { timeLimit: options.timeLimit }
      : {}),
    ...(options.onProgress !== undefined && queue.onProgress === undefined
      ? { onProgress: options.onProgress }
      : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  const done = problems.map((p, i) => {
    const r = engine.finish(searched, p, results[i] as RangeResult[], seconds);
    return view === null
      ? r
      : {
          ...r,
          weights: view.lift(r.weights),
          solver: `${r.solver}; data span ${view.columns.length} of ${data.d} dimensions`,
        };
  });
  // Ties between the kinds go to the first (union), as in fitNet.
  let out = done[0] as NetResult;
  for (const r of done) if (r.objective < out.objective) out = r;
  if (done.length > 1) {
    // As fitNet: proven when the better class is, and the other class's bound cannot beat it.
    const lowerBound = Math.min(...done.map((r) => r.lowerBound));
    const optimal = out.optimal && lowerBound >= out.objective;
    out = {
      ...out,
      lowerBound: optimal ? out.objective : Math.min(lowerBound, out.objective),
      optimal,
      solver: out.solver.replace(/\((union|intersection),/, '(union+intersection,'),
    };
  }
  return {
    ...out,
    seconds,
    solver: `${out.solver} via BullMQ queue '${stats.queueName}' (${stats.ranges} ranges)`,
    queue: stats,
  };
}

/** Extra counters some range results carry (degenerate planes, exact fallbacks, inexact routings). */
type CountedRange = RangeResult & { degenerate?: number; fallbacks?: number; inexact?: number };

/**
 * The certificate of one class from its range results — the same reduction, realisation, re-measured
 * objective and bounds as `fitNet` (./fit.ts), for a coordinator that only has range results.
 */
export function netResultFromRanges(
  problem: NetProblem,
  results: readonly RangeResult[],
  seconds: number,
): NetResult {
  const prep = prepare(problem);
  const f = finishNet(problem, results);
  let degeneratePlanes = 0;
  let exactFallbacks = 0;
  let inexact = 0;
  for (const r of results as readonly CountedRange[]) {
    degeneratePlanes += r.degenerate ?? 0;
    exactFallbacks += r.fallbacks ?? 0;
    inexact += r.inexact ?? 0;
  }
  const realised = Math.abs(f.objective - f.searched) <= 1e-9 * Math.max(1, f.searched);
  const optimal = f.complete && realised && inexact === 0;
  const notes: string[] = [];
  if (!realised) notes.push(`weights realise ${f.objective}, search found ${f.searched}`);
  if (f.refitByLp) notes.push('weights refit by LP');
  if (inexact > 0) notes.push(`${inexact} degenerate planes in D ≥ 3 searched with constant routings only`);
  return {
    weights: f.weights,
    trainErrors: f.trainErrors,
    objective: f.objective,
    lowerBound: optimal ? f.objective : Math.min(prep.duplicateBound, f.objective),
    optimal,
    seconds,
    hidden: problem.hidden,
    definingRows: f.definingRows,
    searchSpace: {
      hyperplanes: String(nestedCombinations(problem.pool, problem.d, 1).countBig()),
      configurations: String(configurationCount(problem)),
      evaluated: String(f.evaluated),
      pruned: String(f.pruned),
    },
    generalPosition: { duplicates: prep.duplicates, degeneratePlanes, exactFallbacks },
    solver:
      `deep-ice exact (${problem.kind}, K=${problem.hidden}, pool ${problem.pool})` +
      (notes.length === 0 ? '' : `; ${notes.join('; ')}`),
  };
}

/**
 * The real search as a {@link NetEngine}: the exact range search of ./search.ts, run on up to `threads`
 * worker threads (piscina, the same task file as fitNet's threads) when used by a queue worker.
 */
export function createNetEngine(threads = 1): NetEngine {
  let pool: Piscina<NetJob, RangeResult> | undefined;
  return {
    netProblem: (data, options) =>
      netProblem(data, options, options.kind === 'intersection' ? 'intersection' : 'union'),
    searchRange,
    rangesOf,
    initialUpperBound: initialBound,
    finish: (_data, problem, results, seconds) => netResultFromRanges(problem, results, seconds),
    runRange(problem, start, end, upperBound, deadline) {
      pool ??= new Piscina<NetJob, RangeResult>({
        filename: netWorkerPath(),
        minThreads: 1,
        maxThreads: Math.max(1, threads),
        idleTimeout: 60_000,
      });
      return pool.run({
        problem,
        start: String(start),
        end: String(end),
        upperBound,
        ...(deadline === undefined ? {} : { deadline }),
      });
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
