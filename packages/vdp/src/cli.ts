/**
 * @module cli
 * The `floret vdp` commands: `setup` (a powers-of-tau ceremony file, or verifying one), `vrr run`
 * (verifiable k-ary randomized response, arXiv:2504.21752 §6) and `vddlm run` (verifiable distributed
 * discrete Laplace, §5), each with `--tamper <kind>` to make one party cheat, and `serve --role
 * verifier|server`. Both runs start their parties as separate processes talking HTTP on loopback by
 * default (`--transport in-process` keeps one process).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  FailureError,
  parseIntArg,
  printJson,
  type ToolModule,
  type TourStop,
  UsageError,
} from '@floret/cli-kit';
import { Command, Option } from 'commander';
import { VECTOR_BLIND } from './blind.js';
import type { Ceremony } from './ceremony.js';
import type * as Lib from './cli-lib.js';
import { analyze, type DLapParams, searchParams } from './dlap.js';
import type { Srs } from './kzg.js';
import type { VddlmTamper } from './vddlm.js';
import type { VrrCheat, VrrSetup } from './vrr.js';

/**
 * The protocol modules, loaded on first use: they initialise mcl-wasm (~0.2 s), which `floret` commands
 * of other packages and `--help` should not pay for.
 */
let libP: Promise<typeof Lib> | undefined;
const lib = (): Promise<typeof Lib> => {
  libP ??= import('./cli-lib.js');
  return libP;
};

const TAMPER = [
  'noise-distribution',
  'reused-coin',
  'altered-share',
  'withheld-noise',
  'forged-opening',
  'client-share',
] as const;
type Tamper = (typeof TAMPER)[number];

const FLOAT = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseEpsilon(text: string): number {
  const t = text.trim();
  const v = Number(t);
  if (!FLOAT.test(t) || !(v > 0) || !Number.isFinite(v))
    throw new UsageError(`--epsilon must be a positive number, got '${text}'`);
  return v;
}

async function loadSrs(path: string): Promise<Srs> {
  const L = await lib();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(
      `--srs ${path}: cannot read the file; create one with 'floret vdp setup --out ${path}'`,
    );
  }
  let c: Ceremony;
  try {
    c = L.ceremonyFromJson(text);
  } catch (e) {
    throw new UsageError(`--srs ${path}: ${(e as Error).message}`);
  }
  const bad = L.verifyCeremony(c);
  if (bad !== null) throw new FailureError(`--srs ${path}: ceremony does not verify: ${bad}`);
  return L.srsFromCeremony(c);
}

/** Writes text to `path` through a temporary file in the same folder, then renames (no partial files). */
function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new FailureError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

function setupCommand(): Command {
  return new Command('setup')
    .description('powers-of-tau ceremony: sequential contributions, each checked with pairings')
    .option('--powers <n>', 'powers of τ on the g base (≥ the largest vector or Ω)', '1024')
    .option('--h-powers <m>', 'powers of τ on the h base (blinding)', String(VECTOR_BLIND))
    .option('--contributors <k>', 'contributions made in turn in this run (each with fresh randomness)', '2')
    .option('--extend <file>', 'add the contributions on top of an existing ceremony file')
    .option('--out <file>', 'where to write the ceremony file')
    .option('--verify <file>', 'only verify a ceremony file')
    .option('--json', 'machine-readable output on stdout')
    .action(
      async (o: {
        powers: string;
        hPowers: string;
        contributors: string;
        extend?: string;
        out?: string;
        verify?: string;
        json?: boolean;
      }) => {
        const L = await lib();
        if (o.verify !== undefined) {
          const t0 = performance.now();
          const srs = await loadSrs(o.verify);
          const out = {
            file: o.verify,
            verified: true,
            gPowers: srs.g.length,
            hPowers: srs.h.length,
            seconds: (performance.now() - t0) / 1000,
          };
          if (o.json) printJson(out);
          else process.stdout.write(`${o.verify}: verified (${srs.g.length} + ${srs.h.length} powers)\n`);
          return;
        }
        if (o.out === undefined) throw new UsageError('setup needs --out <file> (or --verify <file>)');
        const k = parseIntArg('--contributors', o.contributors, 1);
        let c: Ceremony;
        if (o.extend !== undefined) {
          try {
            c = L.ceremonyFromJson(readFileSync(o.extend, 'utf8'));
          } catch (e) {
            throw new UsageError(`--extend ${o.extend}: ${(e as Error).message}`);
          }
          const bad = c.contributions.length === 0 ? null : L.verifyCeremony(c);
          if (bad !== null) throw new FailureError(`--extend ${o.extend}: does not verify: ${bad}`);
        } else {
          c = L.initCeremony(parseIntArg('--powers', o.powers, 2), parseIntArg('--h-powers', o.hPowers, 2));
        }
        const t0 = performance.now();
        const log: string[] = [];
        for (let i = 0; i < k; i++) {
          const name = `contributor-${c.contributions.length + 1}`;
          const next = L.contribute(c, name);
          const bad = L.verifyContribution(c, next);
          if (bad !== null) throw new FailureError(`contribution ${name} failed its own check: ${bad}`);
          log.push(`${name}: contribution verified`);
          c = next;
        }
        writeAtomic(o.out, L.ceremonyToJson(c));
        const out = {
          file: o.out,
          contributions: c.contributions.length,
          gPowers: c.g.length,
          hPowers: c.h.length,
          seconds: (performance.now() - t0) / 1000,
        };
        if (o.json) printJson(out);
        else process.stdout.write(`${log.join('\n')}\nwrote ${o.out} (${out.contributions} contributions)\n`);
      },
    );
}

async function srsFor(path: string | undefined, g: number, h: number): Promise<{ srs: Srs; setup: string }> {
  const L = await lib();
  if (path === undefined)
    return { srs: L.verifierLocalSrs(g, h), setup: 'verifier-local (fresh τ, discarded)' };
  const srs = await loadSrs(path);
  if (srs.g.length < g || srs.h.length < h)
    throw new UsageError(
      `--srs ${path} has ${srs.g.length}/${srs.h.length} powers; this run needs ${g}/${h}`,
    );
  return { srs, setup: `ceremony file ${path}` };
}

function report(
  json: boolean | undefined,
  out: Record<string, unknown> & { verified: boolean; reason: string | null },
  lines: string[],
): void {
  if (json) printJson(out);
  else process.stdout.write(`${lines.join('\n')}\n`);
  if (!out.verified) throw new FailureError(`verifier rejected: ${out.reason ?? 'unknown reason'}`);
}

function vrrCommand(): Command {
  const run = new Command('run')
    .description('k-ary randomized response with a proof per client, batch-verified')
    .requiredOption('--clients <n>', 'number of clients')
    .requiredOption('--classes <k>', 'number of classes (a power of two)')
    .requiredOption('--epsilon <ε>', 'local DP parameter')
    .option('--log-omega <b>', 'table size Ω = 2^b', '10')
    .option('--srs <file>', 'ceremony file (default: a verifier-local setup)')
    .addOption(new Option('--tamper <kind>', 'make client 0 cheat').choices([...TAMPER]))
    .addOption(
      new Option(
        '--transport <t>',
        'http: verifier on loopback, one process per client; in-process: one process',
      )
        .choices(['http', 'in-process'])
        .default('http'),
    )
    .addOption(
      new Option(
        '--verify <mode>',
        'each: verify every proof on its own (as it arrives); batch: all proofs in one batch',
      )
        .choices(['each', 'batch'])
        .default('each'),
    )
    .option(
      '--workers <w>',
      'with --verify batch: worker threads of the batch verifier (0 = main thread)',
      '0',
    )
    .option('--json', 'machine-readable output on stdout')
    .action(
      async (o: {
        verify: 'each' | 'batch';
        workers: string;
        clients: string;
        classes: string;
        epsilon: string;
        logOmega: string;
        srs?: string;
        tamper?: Tamper;
        transport: string;
        json?: boolean;
      }) => {
        const L = await lib();
        const n = parseIntArg('--clients', o.clients, 1);
        const k = parseIntArg('--classes', o.classes, 2);
        if ((k & (k - 1)) !== 0) throw new UsageError(`--classes must be a power of two, got ${k}`);
        const eps = parseEpsilon(o.epsilon);
        const b = parseIntArg('--log-omega', o.logOmega, 1);
        const workers = parseIntArg('--workers', o.workers, 0);
        if (workers > 256) throw new UsageError(`--workers must be at most 256, got ${workers}`);
        if (workers > 0 && o.verify !== 'batch')
          throw new UsageError('--workers applies to --verify batch; add --verify batch or drop --workers');
        const mode = { mode: o.verify, workers };
        if (b > 16) throw new UsageError('--log-omega above 16 is too slow here; use ≤ 16');
        if (o.tamper === 'altered-share' || o.tamper === 'withheld-noise' || o.tamper === 'client-share')
          throw new UsageError(
            `--tamper ${o.tamper} applies to vddlm runs (VRR has no shares or server noise)`,
          );
        const { srs, setup: setupKind } = await srsFor(o.srs, 2 ** b, 2);
        let setup: VrrSetup;
        try {
          setup = L.vrrSetup(srs, k, b, eps);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const cheat: VrrCheat =
          o.tamper === 'noise-distribution'
            ? { misreport: true }
            : o.tamper === 'reused-coin'
              ? { staleCoin: true }
              : o.tamper === 'forged-opening'
                ? { forgeOpening: true }
                : {};
        // Built-in population: class c with weight ∝ 1/(c + 1).
        const w = Array.from({ length: k }, (_, c) => 1 / (c + 1));
        const total = w.reduce((a, x) => a + x, 0);
        const classes = Array.from({ length: n }, () => {
          let r = (L.randomIndex(1_000_000) / 1_000_000) * total;
          for (let c = 0; c < k; c++) {
            r -= w[c] as number;
            if (r < 0) return c;
          }
          return k - 1;
        });
        const r =
          o.transport === 'http'
            ? await L.runVrrOverHttp(setup, classes, o.tamper, 2, mode)
            : await L.runVrrInProcessVerified(setup, classes, cheat, mode);
        const proofsPerSecond = r.verifierSeconds > 0 ? n / r.verifierSeconds : null;
        const estimates = r.verified ? L.estimateFrequencies(setup, r.counts) : [];
        const out = {
          mechanism: 'vrr',
          transport: o.transport,
          setup: setupKind,
          verified: r.verified,
          reason: r.reason,
          clients: n,
          classes: k,
          omega: setup.omega,
          epsilon: eps,
          epsilonRealized: setup.epsilonRealized,
          released: { counts: r.counts, estimates },
          proofBytes: r.proofBytes,
          proverSeconds: r.proverSeconds,
          verifierSeconds: r.verifierSeconds,
          verify: o.verify,
          workers,
          proofsPerSecond: r.verified ? proofsPerSecond : null,
          tamper: o.tamper ?? null,
        };
        report(o.json, out, [
          `verified: ${r.verified}${r.reason === null ? '' : ` (${r.reason})`}`,
          `released counts: ${r.counts.join(' ')}`,
          `estimated frequencies: ${estimates.map((x) => x.toFixed(3)).join(' ')}`,
          `ε = ${eps} (realized ${setup.epsilonRealized.toFixed(4)}), Ω = ${setup.omega}, K = ${k}, setup: ${setupKind}`,
          `proof bytes per client: ${r.proofBytes}`,
          `prover seconds (all clients): ${r.proverSeconds.toFixed(3)}, verifier seconds: ${r.verifierSeconds.toFixed(3)} (${o.verify === 'each' ? 'one proof at a time' : `one batch, ${workers === 0 ? 'main thread' : `${workers} worker${workers === 1 ? '' : 's'}`}`}), transport: ${o.transport}`,
          `verifier throughput: ${r.verified && proofsPerSecond !== null ? `${proofsPerSecond.toFixed(0)} proofs/s` : '—'}`,
        ]);
      },
    );
  return new Command('vrr').description('verifiable randomized response (local DP)').addCommand(run);
}

/** Noise parameters from --epsilon and the optional --log-range/--precision overrides. */
function vddlmParams(epsilon: string, logRange?: string, precision?: string): DLapParams {
  const eps = parseEpsilon(epsilon);
  if (logRange !== undefined || precision !== undefined) {
    if (logRange === undefined || precision === undefined)
      throw new UsageError('--log-range and --precision go together');
    const a = analyze(eps, parseIntArg('--log-range', logRange, 1), parseIntArg('--precision', precision, 1));
    if (a === null)
      throw new UsageError('these --log-range/--precision give a zero probability; raise --precision');
    return a;
  }
  try {
    return searchParams(eps);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseUrl(flag: string, text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be a URL such as http://127.0.0.1:7000, got '${text}'`);
  }
  if (u.protocol !== 'http:') throw new UsageError(`${flag} must be an http:// URL, got '${text}'`);
  return text.replace(/\/+$/, '');
}

function vddlmClientCommand(): Command {
  return new Command('client')
    .description(
      'one VDDLM client: secret-share a vector to the servers, publish commitments to the verifier',
    )
    .requiredOption(
      '--verifier <url>',
      'URL of the VDDLM verifier (floret vdp serve --role verifier --mechanism vddlm)',
    )
    .requiredOption('--servers <urls>', 'comma-separated server URLs, in index order')
    .requiredOption('--values <v1,…,vd>', 'the histogram: d non-negative integers')
    .addOption(
      new Option('--tamper <kind>', 'cheat: send server 0 a share other than the committed one').choices([
        'client-share',
      ]),
    )
    .action(async (o: { verifier: string; servers: string; values: string; tamper?: 'client-share' }) => {
      const L = await lib();
      const verifier = parseUrl('--verifier', o.verifier);
      const servers = o.servers.split(',').map((u) => parseUrl('--servers', u.trim()));
      if (servers.length < 2) throw new UsageError('--servers needs at least two URLs (one per server)');
      const values = o.values.split(',').map((v) => {
        const t = v.trim();
        if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t)))
          throw new UsageError(`--values must be comma-separated non-negative integers, got '${v}'`);
        return Number(t);
      });
      try {
        await L.runVddlmClientParty(verifier, servers, values, o.tamper);
      } catch (e) {
        throw new FailureError(`client: ${(e as Error).message}`);
      }
      process.stdout.write(
        `client: commitments published to ${verifier}, shares sent to ${servers.length} servers (d = ${values.length})\n`,
      );
    });
}

function vddlmProveCommand(): Command {
  return new Command('prove')
    .description('tell a running VDDLM server to run its noise protocol with the verifier now')
    .requiredOption('--server <url>', 'URL of the server (printed by floret vdp serve --role server)')
    .option('--json', 'machine-readable output on stdout')
    .action(async (o: { server: string; json?: boolean }) => {
      const L = await lib();
      const url = parseUrl('--server', o.server);
      let r: Awaited<ReturnType<typeof L.triggerVddlmServer>>;
      try {
        r = await L.triggerVddlmServer(url);
      } catch (e) {
        throw new FailureError(`cannot reach the server: ${(e as Error).message}`);
      }
      const out = { server: url, verified: r.accepted, reason: r.reason, proverSeconds: r.proverSeconds };
      report(o.json, out, [
        `server ${url}: proof ${r.accepted ? 'accepted' : 'rejected'} by the verifier${r.reason === null ? '' : ` (${r.reason})`}`,
        `prover seconds: ${r.proverSeconds.toFixed(2)}`,
      ]);
    });
}

function vddlmCommand(): Command {
  const run = new Command('run')
    .description('distributed discrete Laplace: clients share, servers prove their noise, the verifier sums')
    .requiredOption('--servers <s>', 'number of servers (≥ 2)')
    .requiredOption('--clients <n>', 'number of clients')
    .requiredOption('--dim <d>', 'histogram length (a power of two)')
    .requiredOption('--epsilon <ε>', 'DP parameter of each server noise')
    .option('--log-range <L>', 'override the searched geometric digits (prints the resulting ε′, δ′)')
    .option('--precision <P>', 'override the searched probability precision (with --log-range)')
    .option('--srs <file>', 'ceremony file (default: a verifier-local setup)')
    .addOption(
      new Option(
        '--tamper <kind>',
        'make server 0 cheat (client-share: client 0 sends server 0 a wrong share; it is excluded)',
      ).choices([...TAMPER]),
    )
    .addOption(
      new Option(
        '--transport <t>',
        'http: verifier on loopback, one process per server and per client; in-process: one process',
      )
        .choices(['http', 'in-process'])
        .default('http'),
    )
    .option('--json', 'machine-readable output on stdout')
    .action(
      async (o: {
        servers: string;
        clients: string;
        dim: string;
        epsilon: string;
        logRange?: string;
        precision?: string;
        srs?: string;
        tamper?: Tamper;
        transport: string;
        json?: boolean;
      }) => {
        const L = await lib();
        const s = parseIntArg('--servers', o.servers, 2);
        const n = parseIntArg('--clients', o.clients, 1);
        const d = parseIntArg('--dim', o.dim, 2);
        if ((d & (d - 1)) !== 0) throw new UsageError(`--dim must be a power of two, got ${d}`);
        const eps = parseEpsilon(o.epsilon);
        const params = vddlmParams(o.epsilon, o.logRange, o.precision);
        const { srs, setup: setupKind } = await srsFor(o.srs, d, VECTOR_BLIND);
        const data = Array.from({ length: n }, () => Array.from({ length: d }, () => L.randomIndex(10)));
        const cheat = o.tamper as VddlmTamper | undefined;
        const r =
          o.transport === 'http'
            ? await L.runVddlmOverHttp(srs, params, data, s, cheat)
            : L.runVddlmInProcess(srs, params, data, s, cheat);
        // The true sum of the clients in the release (excluded clients are left out of both).
        const excluded = new Set(r.excludedClients);
        const trueSum = new Array<bigint>(d).fill(0n);
        for (const [c, v] of data.entries())
          if (!excluded.has(c))
            for (let i = 0; i < d; i++) trueSum[i] = (trueSum[i] as bigint) + BigInt(v[i] as number);
        const out = {
          mechanism: 'vddlm',
          transport: o.transport,
          setup: setupKind,
          verified: r.verified,
          reason: r.reason,
          servers: s,
          clients: n,
          dim: d,
          epsilon: eps,
          epsilonPrime: params.epsilonPrime,
          deltaPrime: params.deltaPrime,
          coins: params.coins,
          released: r.released,
          excludedClients: r.excludedClients,
          exclusions: r.exclusions,
          trueSum,
          proofBytes: r.proofBytes,
          proverSeconds: r.proverSeconds,
          verifierSeconds: r.verifierSeconds,
          tamper: o.tamper ?? null,
        };
        report(o.json, out, [
          `verified: ${r.verified}${r.reason === null ? '' : ` (${r.reason})`}`,
          `released: ${r.released.join(' ')}`,
          `excluded clients: ${r.excludedClients.length === 0 ? 'none' : r.excludedClients.join(' ')}`,
          ...r.exclusions.map((e) => `  ${e.reason}`),
          `true sum${excluded.size === 0 ? '' : ' (included clients)'}: ${trueSum.join(' ')}`,
          `ε = ${eps}: ε′ = ${params.epsilonPrime.toFixed(4)}, δ′ = ${params.deltaPrime.toExponential(2)}, ${params.coins} coin vectors per server; setup: ${setupKind}`,
          `proof bytes (all servers): ${r.proofBytes}`,
          `prover seconds: ${r.proverSeconds.toFixed(2)}, verifier seconds: ${r.verifierSeconds.toFixed(2)}, transport: ${o.transport}`,
        ]);
      },
    );
  return new Command('vddlm')
    .description('verifiable distributed discrete Laplace (several servers)')
    .addCommand(run)
    .addCommand(vddlmClientCommand())
    .addCommand(vddlmProveCommand());
}

interface ServeOptions {
  role: string;
  mechanism: string;
  classes?: string;
  epsilon?: string;
  logOmega: string;
  servers?: string;
  dim?: string;
  logRange?: string;
  precision?: string;
  port: string;
  srs?: string;
  verifier?: string;
  index?: string;
  workers: string;
  json?: boolean;
}

async function serveServer(o: ServeOptions): Promise<void> {
  const L = await lib();
  if (o.verifier === undefined || o.index === undefined)
    throw new UsageError('--role server needs --verifier <url> and --index <i>');
  const idx = parseIntArg('--index', o.index, 0);
  const verifier = parseUrl('--verifier', o.verifier);
  const port = parseIntArg('--port', o.port, 0);
  const workers = parseIntArg('--workers', o.workers, 0);
  try {
    await L.runVddlmServerParty(verifier, idx, undefined, port, workers);
  } catch (e) {
    throw new FailureError(`server ${idx}: ${(e as Error).message}`);
  }
}

/**
 * The VDDLM verifier as a service: serves the setup, collects client commitments, hands out public
 * coins, verifies each server's proof; once every server has reported (or one is rejected) it prints
 * the verdict and the released sum and exits (0 verified, 1 rejected). One aggregation per process.
 */
async function serveVddlmVerifier(o: ServeOptions): Promise<void> {
  const L = await lib();
  if (o.servers === undefined || o.dim === undefined || o.epsilon === undefined)
    throw new UsageError(
      '--role verifier --mechanism vddlm needs --servers <s>, --dim <d> and --epsilon <ε>',
    );
  const s = parseIntArg('--servers', o.servers, 2);
  const d = parseIntArg('--dim', o.dim, 2);
  if ((d & (d - 1)) !== 0) throw new UsageError(`--dim must be a power of two, got ${d}`);
  const params = vddlmParams(o.epsilon, o.logRange, o.precision);
  const { srs, setup: setupKind } = await srsFor(o.srs, d, VECTOR_BLIND);
  let v: Awaited<ReturnType<typeof L.startVddlmVerifier>>;
  try {
    v = await L.startVddlmVerifier(srs, params, d, s, parseIntArg('--port', o.port, 0));
  } catch (e) {
    throw new FailureError((e as Error).message);
  }
  // With --json, stdout carries only the verdict; the address goes to stderr.
  (o.json ? process.stderr : process.stdout).write(
    `VDDLM verifier listening on ${v.url} (protocol ${L.VDDLM_HTTP_VERSION}; ${s} servers, d = ${d}, ε′ = ${params.epsilonPrime.toFixed(4)}, ${params.coins} coin vectors; setup: ${setupKind})\n`,
  );
  const stopped = new Promise<null>((resolve) => {
    process.once('SIGINT', () => resolve(null));
    process.once('SIGTERM', () => resolve(null));
  });
  const verdict = await Promise.race([v.done, stopped]);
  const closing = v.close();
  if (verdict === null)
    throw new FailureError(
      `stopped before every server reported (${v.log.outputs.size} of ${s} proofs accepted, ${v.log.inputs.length} clients)`,
    );
  const out = {
    mechanism: 'vddlm',
    transport: 'http',
    setup: setupKind,
    verified: verdict.verified,
    reason: verdict.reason,
    servers: s,
    clients: verdict.clients,
    excludedClients: verdict.excludedClients,
    exclusionReasons: verdict.exclusionReasons,
    dim: d,
    epsilon: params.epsilon,
    epsilonPrime: params.epsilonPrime,
    deltaPrime: params.deltaPrime,
    coins: params.coins,
    released: verdict.released,
    proofBytes: verdict.proofBytes,
    verifierSeconds: verdict.verifierSeconds,
  };
  report(o.json, out, [
    `verified: ${verdict.verified}${verdict.reason === null ? '' : ` (${verdict.reason})`}`,
    `released: ${verdict.released.join(' ')}`,
    `excluded clients: ${verdict.excludedClients.length === 0 ? 'none' : verdict.excludedClients.join(' ')}`,
    ...verdict.exclusionReasons.map((e) => `  ${e}`),
    `clients: ${verdict.clients}, proof bytes (all servers): ${verdict.proofBytes}, verifier seconds: ${verdict.verifierSeconds.toFixed(2)}`,
  ]);
  await closing;
}

async function serveVerifier(o: ServeOptions): Promise<void> {
  if (o.mechanism === 'vddlm') return serveVddlmVerifier(o);
  const L = await lib();
  if (o.classes === undefined || o.epsilon === undefined)
    throw new UsageError('--role verifier needs --classes <k> and --epsilon <ε>');
  const k = parseIntArg('--classes', o.classes, 2);
  const b = parseIntArg('--log-omega', o.logOmega, 1);
  const eps = parseEpsilon(o.epsilon);
  const { srs } = await srsFor(o.srs, 2 ** b, 2);
  let setup: VrrSetup;
  try {
    setup = L.vrrSetup(srs, k, b, eps);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const server = await L.startVrrVerifier(setup, parseIntArg('--port', o.port, 0));
  process.stdout.write(`VRR verifier listening on ${server.url} (protocol floret-vdp/vrr/http/1)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      const acc = server.log.accepted.length;
      const rej = server.log.rejected.length;
      void server.close().then(() => {
        process.stdout.write(`accepted ${acc}, rejected ${rej}\n`);
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function serveCommand(): Command {
  return new Command('serve')
    .description('run a party as an HTTP service on 127.0.0.1: a VRR or VDDLM verifier, or a VDDLM server')
    .addOption(
      new Option('--role <role>', 'which party').choices(['verifier', 'server']).makeOptionMandatory(),
    )
    .addOption(
      new Option('--mechanism <m>', 'verifier: which protocol it verifies')
        .choices(['vrr', 'vddlm'])
        .default('vrr'),
    )
    .option('--classes <k>', 'VRR verifier: number of classes (a power of two)')
    .option('--epsilon <ε>', 'verifier: DP parameter (VRR: local; VDDLM: of each server noise)')
    .option('--log-omega <b>', 'VRR verifier: table size Ω = 2^b', '10')
    .option('--servers <s>', 'VDDLM verifier: number of servers (≥ 2)')
    .option('--dim <d>', 'VDDLM verifier: histogram length (a power of two)')
    .option('--log-range <L>', 'VDDLM verifier: override the searched geometric digits (with --precision)')
    .option('--precision <P>', 'VDDLM verifier: override the searched probability precision')
    .option('--port <p>', 'TCP port on 127.0.0.1 (0 = any free port)', '0')
    .option('--srs <file>', 'verifier: ceremony file (default: a verifier-local setup)')
    .option('--verifier <url>', 'server: URL of the VDDLM verifier it reports to')
    .option('--index <i>', "server: this server's index (0-based)")
    .option('--workers <n>', 'server: worker threads for the coin vectors (0 = none)', '0')
    .option('--json', 'VDDLM verifier: print the verdict as JSON')
    .action((o: ServeOptions) => (o.role === 'server' ? serveServer(o) : serveVerifier(o)));
}

function vdpCommand(): Command {
  return new Command('vdp')
    .description(
      'verifiable distributed differential privacy (arXiv:2504.21752): proofs that noise is honest',
    )
    .addCommand(setupCommand())
    .addCommand(serveCommand())
    .addCommand(vrrCommand())
    .addCommand(vddlmCommand());
}

/** What `floret tour` shows of this package, on built-in inputs. */
export const tour: TourStop = {
  title: '@floret/vdp — verifiable DP of arXiv:2504.21752',
  async run() {
    const L = await lib();
    const p = searchParams(1);
    const lines = [
      `truncated discrete Laplace at ε = 1: ε′ = ${p.epsilonPrime.toFixed(4)}, δ′ = ${p.deltaPrime.toExponential(2)}, ${p.coins} coin vectors (paper: 1.0069, 5.8e-15, 159)`,
    ];
    const setup = L.vrrSetup(L.verifierLocalSrs(64, 2), 4, 6, 1);
    const r = L.runVrrInProcess(setup, [0, 1, 2, 3]);
    lines.push(
      `VRR, 4 clients, K = 4, Ω = 64: verified ${r.verified}, ${r.proofBytes} B per client, batch verify ${(r.verifierSeconds * 1000).toFixed(0)} ms`,
    );
    const bad = L.runVrrInProcess(setup, [2], { misreport: true });
    lines.push(`a client that misreports its randomized class: verified ${bad.verified} (${bad.reason})`);
    return lines;
  },
};

/** This package's commands and tour stop. */
export const tool: ToolModule = { commands: [vdpCommand()], tour };
