/**
 * The BullMQ distribution of the exact network search (issue 7, library item 6) against a REAL Redis:
 * a coordinator plus two worker PROCESSES must return the single-process answer, and a worker killed
 * (SIGKILL) in the middle of a range must have that range retried by the other worker with the answer
 * unchanged. Redis comes from FLORET_TEST_REDIS (CI), else a private redis-server started here on a
 * free port; without either the suite skips with a visible reason — except under CI=true, where a
 * missing Redis fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../src/data.js';
import {
  configurationCount,
  fitNet,
  initialBound,
  type NetResult,
  netProblem,
  searchRange,
} from '../src/net/index.js';
import {
  checkRedis,
  createNetEngine,
  fitNetQueue,
  problemFromJson,
  problemToJson,
  QueueError,
  redisOptions,
  searchRangeSliced,
  startNetWorker,
} from '../src/net/queue.js';

const dir = mkdtempSync(join(tmpdir(), 'floret-net-queue-'));
const require = createRequire(import.meta.url);

/**
 * A `floret`-like program with just the `net` commands (the lead wires netCommand() into the real
 * binary; this keeps the test independent of that), importing the BUILT package as the binary would.
 */
const PROGRAM = join(dir, 'floret-net.mjs');
writeFileSync(
  PROGRAM,
  `import { runProgram } from ${JSON.stringify(pathToFileURL(require.resolve('@floret/cli-kit')).href)};
import { Command } from ${JSON.stringify(pathToFileURL(require.resolve('commander')).href)};
import { netCommand } from ${JSON.stringify(new URL('../dist/net/cli-net.js', import.meta.url).href)};
process.exitCode = await runProgram(new Command('floret').addCommand(netCommand()), process.argv.slice(2));
`,
);

/** A free TCP port on 127.0.0.1 (closed again before returning). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

let redisUrl: string | undefined;
let skipReason = '';
let redisProc: ChildProcess | undefined;
const children: ChildProcess[] = [];

async function setupRedis(): Promise<void> {
  const env = process.env.FLORET_TEST_REDIS;
  if (env !== undefined && env !== '') {
    redisUrl = env;
    return;
  }
  const has = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (has.status !== 0) {
    skipReason = 'no FLORET_TEST_REDIS and no redis-server binary on PATH';
    return;
  }
  const port = await freePort();
  redisProc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      await checkRedis(url, 500);
      redisUrl = url;
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  skipReason = `redis-server did not start on port ${port}`;
}

beforeAll(async () => {
  await setupRedis();
  if (redisUrl === undefined) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true but no Redis: ${skipReason}; set FLORET_TEST_REDIS`);
    console.warn(`[net-queue] SKIPPING the Redis tests: ${skipReason}`);
  }
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (redisProc !== undefined) redisProc.kill('SIGTERM');
});

/** Starts `floret net worker` in its own process; `lines` collects its stderr log lines. */
function startWorker(url: string, queueName: string) {
  const child = spawn(
    process.execPath,
    [PROGRAM, 'net', 'worker', '--queue', url, '--queue-name', queueName, '--lock-ms', '1000'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  const lines: string[] = [];
  let buf = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      for (const w of [...waiters])
        if (w.re.test(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
    }
  });
  const waitFor = (re: RegExp) =>
    lines.some((l) => re.test(l))
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiters.push({ re, resolve });
        });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, waitFor, exited, ready: waitFor(/serving queue/) };
}

/**
 * 2-D integer data with ties and duplicates (a noisy disc: K = 2 beats K = 1, and the intersection
 * class fits it best), deterministic.
 */
function sample(n: number, seed = 7) {
  const rows: number[][] = [];
  const labels: string[] = [];
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    const a = Math.floor(r() * 40);
    const b = Math.floor(r() * 40);
    rows.push([a, b]);
    const inside = (a - 20) ** 2 + (b - 20) ** 2 < 150;
    labels.push(r() < 0.12 ? (inside ? 'no' : 'yes') : inside ? 'yes' : 'no');
  }
  return makeDataset(rows, labels);
}

/** The parts of a certificate that must not depend on how the search was distributed. */
function answer(r: NetResult) {
  return {
    objective: r.objective,
    trainErrors: r.trainErrors,
    lowerBound: r.lowerBound,
    optimal: r.optimal,
    weights: r.weights,
    definingRows: r.definingRows,
    hidden: r.hidden,
  };
}

describe('queue plumbing (no Redis needed)', () => {
  it('problems round-trip through JSON exactly (the payload stored once in Redis)', () => {
    const p = netProblem(sample(30), { hidden: 2 });
    const q = problemFromJson(problemToJson(p));
    expect(Array.from(q.x)).toEqual(Array.from(p.x));
    expect(Array.from(q.t)).toEqual(Array.from(p.t));
    expect(Array.from(q.costPos)).toEqual(Array.from(p.costPos));
    expect(Array.from(q.costNeg)).toEqual(Array.from(p.costNeg));
    expect([q.n, q.d, q.hidden, q.kind, q.pool]).toEqual([p.n, p.d, p.hidden, p.kind, p.pool]);
  });
  it('searching a range in slices gives the one-call answer (objective, lowest rank, orientation)', async () => {
    const p = netProblem(sample(18), { hidden: 2 });
    const ub = initialBound(p);
    const total = configurationCount(p);
    for (const [s, e] of [
      [0n, total],
      [17n, total / 2n],
      [total / 3n, total / 3n + 1n],
    ] as const) {
      const one = searchRange(p, s, e, ub);
      const sliced = await searchRangeSliced({ searchRange }, p, s, e, ub, undefined, 0.01);
      expect([sliced.objective, sliced.rank, sliced.orientation, sliced.complete]).toEqual([
        one.objective,
        one.rank,
        one.orientation,
        one.complete,
      ]);
    }
  });
  it('the coordinator’s certificate from range results equals fitNet’s (both classes)', async () => {
    const data = sample(40);
    const want = await fitNet(data, { hidden: 2, kind: 'both' });
    const engine = createNetEngine();
    const parts = (['union', 'intersection'] as const).map((kind) => {
      const p = engine.netProblem(data, { hidden: 2, kind });
      const ub = engine.initialUpperBound(p);
      return engine.finish(
        data,
        p,
        engine.rangesOf(p, 5).map(([a, b]) => engine.searchRange(p, a, b, ub)),
        0,
      );
    });
    const best = (parts[1] as NetResult).objective < (parts[0] as NetResult).objective ? parts[1] : parts[0];
    expect(answer(best as NetResult)).toEqual(answer(want));
  });
  it('rejects bad URLs and unreachable servers with one clear line', async () => {
    expect(() => redisOptions('http://x')).toThrow(/must start with redis:\/\//);
    expect(() => redisOptions('not a url')).toThrow(/not a URL/);
    expect(() => redisOptions('redis://h:1/x')).toThrow(/database number/);
    const port = await freePort();
    await expect(checkRedis(`redis://127.0.0.1:${port}`, 1000)).rejects.toThrow(QueueError);
    await expect(checkRedis(`redis://127.0.0.1:${port}`, 1000)).rejects.toThrow(/cannot reach Redis/);
  });
});

describe('coordinator + `floret net worker` processes on a real Redis', () => {
  const data = sample(100);
  const options = { hidden: 2, kind: 'both' as const };
  let single: NetResult | undefined;
  const singleAnswer = async () => {
    single ??= await fitNet(data, options);
    return single;
  };

  it('two worker processes return the single-process answer, and the coordinator cleans up', async (ctx) => {
    if (redisUrl === undefined) {
      ctx.skip();
      return;
    }
    const url = redisUrl;
    const want = await singleAnswer();
    const q = `floret-test-${process.pid}-a`;
    const a = startWorker(url, q);
    const b = startWorker(url, q);
    await Promise.all([a.ready, b.ready]);
    const r = await fitNetQueue(data, options, { url, queueName: q, ranges: 8 }, createNetEngine());
    expect(answer(r)).toEqual(answer(want));
    expect(r.searchSpace.configurations).toBe(want.searchSpace.configurations);
    expect(r.queue.ranges).toBe(16);
    expect(r.queue.retried).toBe(0);
    expect(r.queue.workers.length).toBeGreaterThanOrEqual(1);
    // No jobs and no problem keys left behind.
    const queue = new Queue(q, { connection: { ...redisOptions(url) } });
    const counts = await queue.getJobCounts('wait', 'active', 'completed', 'failed', 'delayed');
    expect(Object.values(counts).reduce((s, v) => s + v, 0)).toBe(0);
    await queue.close();
    const client = new Redis({ ...redisOptions(url), lazyConnect: true });
    await client.connect();
    expect(await client.keys('floret:net:problem:*')).toEqual([]);
    client.disconnect();
    // The same through the CLI: `floret net fit --queue … --json` on a CSV of the same rows.
    const csv = join(dir, 'disc.csv');
    const rows = Array.from(
      { length: data.n },
      (_v, i) => `${data.x[2 * i]},${data.x[2 * i + 1]},${data.classes[data.y[i] as number]}`,
    );
    writeFileSync(csv, `a,b,label\n${rows.join('\n')}\n`);
    const cli = spawnSync(
      process.execPath,
      [
        PROGRAM,
        'net',
        'fit',
        '--data',
        csv,
        '--target',
        'label',
        '--hidden',
        '2',
        '--kind',
        'both',
        '--queue',
        url,
        '--queue-name',
        q,
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(0);
    const j = JSON.parse(cli.stdout);
    expect(answer(j)).toEqual(answer(want));
    expect(j.queue.ranges).toBe(32);
    // Clean shutdown on SIGTERM: exit 0 after saying how many ranges it served.
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(a.lines.some((l) => /stopped after \d+ ranges/.test(l))).toBe(true);
    const served = [...a.lines, ...b.lines].filter((l) => /^range \d+ .*: best /.test(l)).length;
    expect(served).toBe(16 + 32);
  });

  it('data that do not span R^D: the queue searches the same reduced problem as fitNet', async (ctx) => {
    if (redisUrl === undefined) {
      ctx.skip();
      return;
    }
    // 3-D rows on the plane x3 = x1 + x2 (no three-point plane through them is unique): fitNet
    // searches a basis of the hull and lifts the weights; the coordinator must do the same.
    const flat = sample(40, 11);
    const rows = Array.from({ length: flat.n }, (_v, i) => {
      const a = flat.x[2 * i] as number;
      const b = flat.x[2 * i + 1] as number;
      return [a, b, a + b];
    });
    const data3 = makeDataset(
      rows,
      Array.from({ length: flat.n }, (_v, i) => flat.classes[flat.y[i] as number] as string),
    );
    const opts = { hidden: 2 };
    const want = await fitNet(data3, opts);
    expect(want.solver).toMatch(/data span 2 of 3 dimensions/);
    const q = `floret-test-${process.pid}-span`;
    const w = startWorker(redisUrl, q);
    await w.ready;
    const r = await fitNetQueue(data3, opts, { url: redisUrl, queueName: q, ranges: 4 }, createNetEngine());
    expect(answer(r)).toEqual(answer(want));
    expect(r.solver).toMatch(/data span 2 of 3 dimensions/);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });

  it('a worker SIGKILLed in the middle of a range: the range is retried elsewhere, same answer', async (ctx) => {
    if (redisUrl === undefined) {
      ctx.skip();
      return;
    }
    const url = redisUrl;
    const want = await singleAnswer();
    const q = `floret-test-${process.pid}-b`;
    const doomed = startWorker(url, q);
    let rescuer: ReturnType<typeof startWorker> | undefined;
    try {
      await doomed.ready;
      // Few, long ranges so the kill lands inside one.
      const run = fitNetQueue(data, options, { url, queueName: q, ranges: 2 }, createNetEngine());
      await doomed.waitFor(/^range \d+ .*: started$/);
      doomed.child.kill('SIGKILL');
      const killedRange = (doomed.lines.find((l) => /: started$/.test(l)) ?? '').replace(/: started$/, '');
      rescuer = startWorker(url, q);
      const r = await run;
      expect(await doomed.exited).toBe(null); // killed by the signal
      // The range the dead worker held was not finished by it, and was searched again by the rescuer.
      expect(doomed.lines.some((l) => /: best /.test(l))).toBe(false);
      expect(rescuer.lines).toContain(`${killedRange}: started`);
      expect(r.queue.retried).toBeGreaterThanOrEqual(1);
      expect(answer(r)).toEqual(answer(want));
      rescuer.child.kill('SIGTERM');
      expect(await rescuer.exited).toBe(0);
    } finally {
      if (process.env.N2_DEBUG) console.log(doomed.lines, rescuer?.lines);
    }
  });

  it('with a time limit and no worker at all, the coordinator gives up on time: best known, not proven', async (ctx) => {
    if (redisUrl === undefined) {
      ctx.skip();
      return;
    }
    const q = `floret-test-${process.pid}-c`;
    let warned = false;
    const small = sample(20);
    const r = await fitNetQueue(
      small,
      { hidden: 1, timeLimit: 0.2 },
      { url: redisUrl, queueName: q, ranges: 4, graceMs: 300, onNoWorkers: () => (warned = true) },
      createNetEngine(),
    );
    expect(warned).toBe(true);
    expect(r.optimal).toBe(false);
    // Nothing was searched: the answer is the better constant classifier, and it is realised.
    const constant = Math.min(
      ...['yes', 'no'].map((l) => small.y.filter((c) => small.classes[c] !== l).length),
    );
    expect(r.objective).toBe(constant);
    expect(r.trainErrors).toBe(constant);
    expect(r.lowerBound).toBeLessThanOrEqual(r.objective);
  });

  it('a worker drops the leftover ranges of a run whose coordinator is gone (no search, no retry)', async (ctx) => {
    if (redisUrl === undefined) {
      ctx.skip();
      return;
    }
    const q = `floret-test-${process.pid}-d`;
    const started: number[] = [];
    const worker = startNetWorker({
      url: redisUrl,
      queueName: q,
      engine: createNetEngine(),
      onStart: (d) => started.push(d.part),
    });
    await worker.ready;
    const queue = new Queue(q, { connection: { ...redisOptions(redisUrl) } });
    const events = new QueueEvents(q, { connection: { ...redisOptions(redisUrl) } });
    await events.waitUntilReady();
    const job = await queue.add(
      'range',
      {
        version: 1,
        problemKey: 'floret:net:problem:dead-run:0',
        problem: 0,
        part: 7,
        start: '0',
        end: '10',
        upperBound: null,
        deadline: null,
      },
      { attempts: 3 },
    );
    await expect(job.waitUntilFinished(events)).rejects.toThrow(/gone from Redis \(its run ended\)/);
    const failed = await queue.getJob(job.id as string);
    expect(failed?.attemptsMade).toBe(1); // unrecoverable: not retried
    expect(worker.processed()).toBe(0);
    await Promise.all([events.close(), queue.obliterate({ force: true })]);
    await queue.close();
    await worker.close();
  });
});
