/**
 * @module net/cli-net
 * The `floret net` commands (issue 7, "CLI"): `fit` (a globally optimal two-layer maxout / positive-
 * output ReLU network with its certificate — Deep-ICE, arXiv:2505.05740 — in this process, on worker
 * threads, or spread over machines through a BullMQ queue), `predict` (apply a saved model) and
 * `worker` (serve a queue until SIGINT/SIGTERM). A thin layer in the style of ../cli.ts: parse and
 * validate, call the library, print; bad input is one line and exit 2, output files are atomic.
 */
import { readFile } from 'node:fs/promises';
import { createProgress, FailureError, parseIntArg, printJson, toJson, UsageError } from '@floret/cli-kit';
import { Command, Option } from 'commander';
import { fmt, reportPredictions, writeAtomic } from '../cli-common.js';
import { DataError, featureMatrix, loadDataFile, readTableFile } from '../data.js';
import {
  fitNet,
  type NetLoss,
  type NetOptions,
  type NetResult,
  parseNetModel,
  predictNetLabels,
  toNetModel,
} from './index.js';

/** The queue module (BullMQ + ioredis, ~0.2 s to load) is imported only by the commands that use it. */
const loadQueue = () => import('./queue.js');
/** The BullMQ queue name both sides use by default (queue.ts's DEFAULT_QUEUE_NAME; a literal here so that
 * listing the commands does not load the queue module). */
const DEFAULT_QUEUE_NAME = 'floret-net';

/** Parses a finite decimal number argument (no hex, no trailing text). */
function parseNumberArg(what: string, text: string, min: number, strict = false): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
    throw new UsageError(`${what} must be a number, got '${text}'`);
  const v = Number(t);
  if (strict ? !(v > min) : !(v >= min))
    throw new UsageError(`${what} must be ${strict ? 'greater than' : 'at least'} ${min}, got ${text}`);
  return v;
}

/** Runs `fn`, turning data-file and queue problems into usage errors (exit 2, one line). */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DataError || (e instanceof Error && e.name === 'QueueError'))
      throw new UsageError(e.message);
    throw e;
  }
}

/** The network's certificate as human-readable lines. */
export function netCertificateLines(r: NetResult, n: number): string[] {
  const pct = n > 0 ? ` (${((100 * r.trainErrors) / n).toFixed(2)}% of ${n} rows)` : '';
  const gap = r.objective > 0 ? ((100 * (r.objective - r.lowerBound)) / r.objective).toFixed(1) : '0.0';
  const gp = r.generalPosition;
  return [
    `objective ${fmt(r.objective)}, training errors ${fmt(r.trainErrors)}${pct}`,
    r.optimal
      ? `proven optimal: lower bound ${fmt(r.lowerBound)} = objective`
      : `NOT proven optimal${r.coresetCandidates !== undefined ? ' (coreset heuristic)' : ' (time limit)'}: ` +
        `lower bound ${fmt(r.lowerBound)}, gap ${gap}%`,
    `searched ${r.searchSpace.covered ?? r.searchSpace.configurations} of ${r.searchSpace.configurations} ` +
      `configurations of ${r.searchSpace.hyperplanes} hyperplanes (× orientations): ${r.searchSpace.evaluated} evaluated, ${r.searchSpace.pruned} pruned; ` +
      `${r.seconds.toFixed(3)} s (${r.solver})`,
    `general position: ${gp.duplicates} duplicate points, ${gp.degeneratePlanes} planes through more than D points, ` +
      `${gp.exactFallbacks} exact fallbacks`,
  ];
}

/**
 * The network as text lines: one line per hidden unit, or one line for a constant classifier (all
 * weights zero), naming the label it predicts (`labels` = [negative, positive]).
 */
export function drawNet(
  r: Pick<NetResult, 'weights'>,
  featureNames: readonly string[],
  labels: readonly [string, string] = ['-1', '+1'],
): string[] {
  const { kind, w, b } = r.weights;
  if (w.length === 0 || w.every((row) => row.every((v) => v === 0))) {
    const m = b.length === 0 ? -1 : kind === 'union' ? Math.max(...b) : Math.min(...b);
    return [`constant classifier: predicts '${m > 0 ? labels[1] : labels[0]}' for every row`];
  }
  const units = w.map((row, k) => {
    const terms = row.map((v, f) => `${fmt(v)}·${featureNames[f] ?? `x${f + 1}`}`).join(' + ');
    return `  unit ${k + 1}: ${`${terms} + ${fmt(b[k] ?? 0)}`.replace(/\+ -/g, '- ')}`;
  });
  return [
    `positive iff ${kind === 'union' ? 'max' : 'min'} over ${w.length} unit${w.length === 1 ? '' : 's'} > 0 (${kind} of half-spaces):`,
    ...units,
  ];
}

/** Parses `--cost fp,fn` into a cost matrix over the data's class order. */
function costMatrix(text: string, positive: number): NetLoss {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 2)
    throw new UsageError(
      `--cost must be two numbers 'fp,fn' (false positive, false negative), got '${text}'`,
    );
  const fp = parseNumberArg('--cost false-positive cost', parts[0] as string, 0);
  const fn = parseNumberArg('--cost false-negative cost', parts[1] as string, 0);
  const cost = [
    [0, 0],
    [0, 0],
  ];
  const neg = 1 - positive;
  (cost[neg] as number[])[positive] = fp;
  (cost[positive] as number[])[neg] = fn;
  return { kind: 'cost-matrix', cost };
}

interface FitFlags {
  data: string;
  target: string;
  hidden: string;
  kind: 'union' | 'intersection' | 'both';
  positive?: string;
  pool?: string;
  coreset?: string;
  seed?: string;
  loss: 'errors' | 'balanced';
  cost?: string;
  timeLimit?: string;
  workers?: string;
  queue?: string;
  queueName: string;
  ranges?: string;
  weights?: string;
  out?: string;
  json?: boolean;
}

async function fitAction(o: FitFlags): Promise<void> {
  const hidden = parseIntArg('--hidden', o.hidden, 1);
  if (hidden > 3) throw new UsageError(`--hidden must be 1, 2 or 3 (hidden units K), got ${o.hidden}`);
  const pool = o.pool === undefined ? undefined : parseIntArg('--pool', o.pool, 1);
  const coreset = o.coreset === undefined ? undefined : parseIntArg('--coreset', o.coreset, 2);
  const seed = o.seed === undefined ? undefined : parseIntArg('--seed', o.seed, 0);
  const timeLimit =
    o.timeLimit === undefined ? undefined : parseNumberArg('--time-limit', o.timeLimit, 0, true);
  const workers = o.workers === undefined ? undefined : parseIntArg('--workers', o.workers, 1);
  const ranges = o.ranges === undefined ? undefined : parseIntArg('--ranges', o.ranges, 1);
  if (o.queue !== undefined) {
    if (coreset !== undefined)
      throw new UsageError('--coreset runs in this process; drop --queue (or --coreset) to run it');
    try {
      (await loadQueue()).redisOptions(o.queue);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (seed !== undefined && coreset === undefined)
    throw new UsageError('--seed only seeds the coreset shuffles; add --coreset <size> or drop --seed');
  if (o.cost !== undefined && o.loss !== 'errors')
    throw new UsageError(`--cost and --loss ${o.loss} cannot be combined; pick one`);
  const data = await asUsage(() =>
    loadDataFile(o.data, { target: o.target, ...(o.weights !== undefined ? { weights: o.weights } : {}) }),
  );
  if (data.classes.length !== 2)
    throw new UsageError(
      `${o.data}: target '${o.target}' has ${data.classes.length} class${data.classes.length === 1 ? '' : 'es'} ` +
        `(${data.classes.slice(0, 5).join(', ')}${data.classes.length > 5 ? ', …' : ''}); nets need exactly two — pick a binary column`,
    );
  if (o.positive !== undefined && !data.classes.includes(o.positive))
    throw new UsageError(
      `--positive '${o.positive}' is not a label of '${o.target}' (${data.classes.join(', ')})`,
    );
  if (pool !== undefined && (pool < data.d || pool > data.n))
    throw new UsageError(`--pool must be between D = ${data.d} and the ${data.n} rows, got ${pool}`);
  if (coreset !== undefined && coreset <= data.d)
    throw new UsageError(
      `--coreset must exceed the ${data.d} features (a hyperplane needs D points), got ${coreset}`,
    );
  const positiveIndex = o.positive === undefined ? 1 : data.classes.indexOf(o.positive);
  const loss: NetLoss = o.cost !== undefined ? costMatrix(o.cost, positiveIndex) : { kind: o.loss };
  const progress = createProgress({ total: 1000, label: 'net fit', unit: '‰' });
  const options: NetOptions = {
    hidden,
    kind: o.kind,
    loss,
    ...(o.positive !== undefined ? { positive: o.positive } : {}),
    ...(pool !== undefined ? { pool } : {}),
    ...(coreset !== undefined ? { coreset: { size: coreset, ...(seed !== undefined ? { seed } : {}) } } : {}),
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    ...(workers !== undefined && o.queue === undefined ? { workers } : {}),
    onProgress: (f: number) => progress.update(Math.round(1000 * Math.min(1, Math.max(0, f)))),
  };
  // An unreachable Redis is bad input (exit 2); a failure during the run is a failure (exit 1).
  const queue = o.queue === undefined ? undefined : await loadQueue();
  if (o.queue !== undefined)
    await asUsage(() => (queue as NonNullable<typeof queue>).checkRedis(o.queue as string));
  let result: NetResult & { queue?: unknown };
  try {
    result =
      o.queue === undefined || queue === undefined
        ? await fitNet(data, options)
        : await queue.fitNetQueue(
            data,
            options,
            {
              url: o.queue,
              queueName: o.queueName,
              ranges: ranges ?? Math.max(16, 8 * (workers ?? 2)),
              onNoWorkers: () =>
                process.stderr.write(
                  `no worker is serving queue '${o.queueName}' at ${o.queue} yet; waiting — start one with ` +
                    `'floret net worker --queue ${o.queue}'\n`,
                ),
            },
            queue.createNetEngine(),
          );
  } catch (e) {
    if (e instanceof Error && e.name === 'QueueError') throw new FailureError(e.message);
    throw e;
  } finally {
    progress.stop();
  }
  const model = toNetModel(data, result, data.classes[positiveIndex]);
  if (o.out !== undefined) await writeAtomic(o.out, `${toJson(model)}\n`);
  if (o.json) {
    printJson({
      ...result,
      kind: result.weights.kind,
      requestedKind: o.kind,
      rows: data.n,
      featureNames: data.featureNames,
      classes: data.classes,
      positive: data.classes[positiveIndex],
      target: data.target,
      ...(o.out !== undefined ? { out: o.out } : {}),
    });
    return;
  }
  const lines = [
    `${result.optimal ? 'optimal' : 'best found'} two-layer network, K = ${hidden} (${result.weights.kind}), ` +
      `for '${data.target}' = ${data.classes[positiveIndex]} on ${o.data}: ${data.n} rows, ${data.d} features`,
    ...drawNet(result, data.featureNames, [
      data.classes[1 - positiveIndex] as string,
      data.classes[positiveIndex] as string,
    ]),
    ...netCertificateLines(result, data.n),
  ];
  if (result.queue !== undefined) {
    const q = result.queue as {
      ranges: number;
      workers: readonly string[];
      retried: number;
      wallMs: number;
      computeMs: number;
    };
    lines.push(
      `queue: ${q.ranges} ranges on ${q.workers.length} worker${q.workers.length === 1 ? '' : 's'}, ${q.retried} retried; ` +
        `${(q.wallMs / 1000).toFixed(3)} s wall, ${(q.computeMs / 1000).toFixed(3)} s searching`,
    );
  }
  if (o.out !== undefined) lines.push(`model written to ${o.out}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function readNetModel(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read model '${path}' (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}); give a file written by 'floret net fit --out'`,
    );
  }
  try {
    return parseNetModel(text);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
}

async function predictAction(o: { model: string; data: string; json?: boolean }): Promise<void> {
  const model = await readNetModel(o.model);
  const table = await asUsage(() => readTableFile(o.data));
  const x = await asUsage(async () => featureMatrix(table, model.featureNames, o.data));
  const n = table.rows.length;
  const predictions = predictNetLabels(model, x, n);
  reportPredictions(table, model.target, predictions, o.json);
}

interface WorkerFlags {
  queue: string;
  queueName: string;
  concurrency: string;
  lockMs: string;
  quiet?: boolean;
}

async function workerAction(o: WorkerFlags): Promise<void> {
  const concurrency = parseIntArg('--concurrency', o.concurrency, 1);
  const lockDuration = parseIntArg('--lock-ms', o.lockMs, 500);
  const { checkRedis, createNetEngine, redisOptions, startNetWorker } = await loadQueue();
  await asUsage(async () => {
    redisOptions(o.queue);
    await checkRedis(o.queue);
  });
  const log = (line: string) => {
    if (!o.quiet) process.stderr.write(`${line}\n`);
  };
  const worker = startNetWorker({
    url: o.queue,
    queueName: o.queueName,
    engine: createNetEngine(concurrency),
    concurrency,
    lockDuration,
    stalledInterval: Math.max(250, Math.floor(lockDuration / 2)),
    onStart: (d) => log(`range ${d.part} [${d.start}, ${d.end}) of ${d.problemKey}: started`),
    onRange: (d, r) =>
      log(
        `range ${d.part} [${d.start}, ${d.end}): best ${r.result.objective ?? '-'}, ` +
          `${r.result.evaluated} evaluated, ${r.computeMs.toFixed(0)} ms`,
      ),
  });
  // Listen for the stop signals before announcing readiness (stderr writes to a pipe are synchronous: a
  // supervisor may signal as soon as it reads the line).
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      log(`${signal}: finishing the ranges in hand, then stopping`);
      resolve();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await Promise.race([worker.ready, stopped]);
  log(
    `worker ${worker.name} serving queue '${o.queueName}' at ${o.queue} (concurrency ${concurrency}); Ctrl-C to stop`,
  );
  await stopped;
  // A second signal abandons the ranges in hand (their locks lapse and other workers retry them).
  let force = false;
  const again = () => {
    force = true;
    log('second signal: abandoning the ranges in hand (other workers will retry them)');
    void worker.close(true).then(() => process.exit(130));
  };
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  await worker.close();
  process.off('SIGINT', again);
  process.off('SIGTERM', again);
  if (!force) log(`worker ${worker.name} stopped after ${worker.processed()} ranges`);
}

/** `floret net …` */
export function netCommand(): Command {
  const net = new Command('net')
    .description(
      'globally optimal two-layer maxout / ReLU networks for the 0-1 loss (arXiv:2505.05740): fit, predict, worker',
    )
    .addHelpText(
      'after',
      `
Examples:
  floret net fit --data voice.csv --target label --hidden 1                  optimal linear classifier
  floret net fit --data voice.csv --target label --hidden 2 --pool 132      hyperplanes through the first 132 rows
  floret net fit --data d.csv --target y --hidden 2 --kind both --out m.json save the model
  floret net fit --data big.csv --target y --hidden 2 --coreset 60 --seed 1  coreset heuristic (not proven)
  floret net fit --data d.csv --target y --hidden 2 --queue redis://host:6379   spread over queue workers
  floret net worker --queue redis://host:6379                                serve ranges until Ctrl-C
  floret net predict --model m.json --data new.csv --json                    {"predictions": [...]}`,
    );
  net
    .command('fit')
    .description('fit a two-layer network with the fewest training errors and print its certificate')
    .requiredOption('--data <file>', 'CSV (header row) or JSON (array of objects) data file')
    .requiredOption('--target <column>', 'the class column (exactly two labels)')
    .requiredOption('--hidden <K>', 'hidden units K, 1..3 (1 = a linear classifier)')
    .addOption(
      new Option('--kind <kind>', 'positive region: union or intersection of K half-spaces, or both')
        .choices(['union', 'intersection', 'both'])
        .default('union'),
    )
    .option('--positive <label>', 'the positive label (default: the second of the two sorted labels)')
    .option('--pool <m>', 'hyperplanes only through the first m rows (the loss is always on all rows)')
    .option('--coreset <size>', 'coreset heuristic down to about this many points (not proven optimal)')
    .option('--seed <s>', 'seed of the coreset shuffles')
    .addOption(
      new Option('--loss <loss>', 'errors (weighted by --weights) or balanced (classes weigh equally)')
        .choices(['errors', 'balanced'])
        .default('errors'),
    )
    .option('--cost <fp,fn>', 'cost of a false positive and of a false negative (e.g. 1,5)')
    .option('--weights <column>', 'a column of positive row weights')
    .option('--time-limit <s>', 'stop after s seconds with the best network, a lower bound and the gap')
    .option('--workers <w>', 'worker threads (with --queue: sizes the number of ranges, 8 per worker)')
    .option('--queue <redis-url>', 'search on a BullMQ queue served by `floret net worker` processes')
    .option('--queue-name <name>', 'the BullMQ queue name (workers must use the same)', DEFAULT_QUEUE_NAME)
    .option('--ranges <r>', 'rank ranges per problem on the queue (default 8 × --workers, at least 16)')
    .option('--out <model.json>', 'write the model (network + certificate) to this file, atomically')
    .option('--json', 'print the result as JSON')
    .action((o: FitFlags) => fitAction(o));
  net
    .command('predict')
    .description('predict one label per row of a data file with a saved network')
    .requiredOption('--model <json>', 'a model written by `floret net fit --out`')
    .requiredOption('--data <file>', 'CSV or JSON data with the model’s feature columns (target optional)')
    .option('--json', 'print {"predictions": [...]} (and accuracy when the target column is present)')
    .action((o: { model: string; data: string; json?: boolean }) => predictAction(o));
  net
    .command('worker')
    .description('serve rank ranges from a BullMQ queue until SIGINT/SIGTERM (then stop cleanly)')
    .requiredOption('--queue <redis-url>', 'the Redis of the queue, e.g. redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'the BullMQ queue name', DEFAULT_QUEUE_NAME)
    .option('--concurrency <c>', 'ranges searched at once by this process', '1')
    .option('--lock-ms <ms>', 'job lock; a killed worker’s range is retried after about this long', '30000')
    .option('--quiet', 'no log lines on stderr')
    .action((o: WorkerFlags) => workerAction(o));
  return net;
}
