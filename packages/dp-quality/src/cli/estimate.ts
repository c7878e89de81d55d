/**
 * @module cli/estimate
 * `floret dpq estimate`: one DP estimate of I_MI, I_P or I_R (arXiv:2502.11009) of a table under
 * denial constraints, with the ledger of the ε it spent. The conflict graph is built inside the
 * engine by the package's graph builder; only DP outputs are printed (no true count, no row count).
 */
import { parseIntArg, printJson, UsageError } from '@floret/cli-kit';
import { Command, Option } from 'commander';
import { type DpEstimate, dpDegreeBound, dpEstimate, type Measure } from '../dp/mechanisms.js';
import { div, mul, parseRational, type Rational, rat } from '../dp/rational.js';
import { type RandomSource, randomSource } from '../dp/rng.js';
import type { Engine } from '../engines/engine.js';
import { buildConflictGraph, fdMaxGroupSizes } from '../graph.js';
import { BudgetExceededError, PrivacyLedger } from '../ledger.js';
import { InputError, openChecked, readConstraints } from '../load.js';
import { type ReleaseRecord, releaseRecord } from '../report.js';

/** Options shared by `estimate` and `report`. */
export interface DpRunOptions {
  data: string;
  table?: string;
  constraints: string;
  epsilon: string;
  seed?: string;
  hierarchical?: boolean;
}

/** Parses `--epsilon` exactly; ε must be a finite number > 0. */
export function parseEpsilon(text: string): Rational {
  const e = parseRational(text);
  if (e === null || e.num <= 0n)
    throw new UsageError(`--epsilon must be a number greater than 0 (e.g. 1 or 0.5), got '${text}'`);
  if (e.num > 1000n * e.den)
    throw new UsageError(`--epsilon ${text} is far too large to protect anything; use a value ≤ 1000`);
  return e;
}

/** The random source for `--seed` (deterministic ChaCha20) or the OS CSPRNG. */
export function rngFor(seed: string | undefined): RandomSource {
  return seed === undefined ? randomSource() : randomSource(parseIntArg('--seed', seed));
}

/**
 * Builds the conflict graph of `o.data` and releases each measure, all charged to one ledger whose
 * budget is the declared ε: with one measure it gets all of ε; with several, a shared degree bound
 * takes ε/10 (when I_MI or I_P are among them) and the measures split the rest evenly.
 */
export async function runReleases(
  o: DpRunOptions,
  measures: readonly Measure[],
): Promise<{ estimates: DpEstimate[]; ledger: PrivacyLedger }> {
  const epsilon = parseEpsilon(o.epsilon);
  const rng = rngFor(o.seed);
  let engine: Engine | undefined;
  try {
    const dcs = readConstraints(o.constraints);
    engine = await openChecked(o.data, o.table, dcs, o.constraints);
    const graph = await buildConflictGraph(engine, dcs);
    const fdGroupMaxima = (await fdMaxGroupSizes(engine, dcs)).filter((x): x is number => x !== undefined);
    const ledger = new PrivacyLedger(epsilon);
    // Several measures share one degree bound (1/10 of ε); the rest is split evenly.
    const needsBound = measures.filter((m) => m !== 'r').length > 1;
    const degreeBound = needsBound
      ? dpDegreeBound(graph, { epsilon: mul(epsilon, rat(1n, 10n)), rng, ledger, fdGroupMaxima })
      : undefined;
    const rest = needsBound ? mul(epsilon, rat(9n, 10n)) : epsilon;
    const each = div(rest, rat(BigInt(measures.length)));
    const estimates = measures.map((measure) =>
      dpEstimate(graph, {
        measure,
        epsilon: each,
        rng,
        fdGroupMaxima,
        ledger,
        ...(degreeBound === undefined ? {} : { degreeBound }),
        ...(o.hierarchical ? { hierarchical: true } : {}),
      }),
    );
    return { estimates, ledger };
  } catch (e) {
    if (e instanceof InputError || e instanceof BudgetExceededError) throw new UsageError(e.message);
    throw e;
  } finally {
    await engine?.close();
  }
}

const MEASURE_NAME: Record<Measure, string> = { mi: 'I_MI', p: 'I_P', r: 'I_R (upper estimate 2|M|)' };

/** The JSON of one estimate: measure, epsilon, estimate, ledger {steps, total}, plus the noise facts. */
export function estimateJson(rec: ReleaseRecord, ledger: PrivacyLedger, seeded: boolean) {
  return { ...rec, seeded, ledger: ledger.toJSON() };
}

/** Builds the `estimate` subcommand. */
export function estimateCommand(): Command {
  return new Command('estimate')
    .description('release a differentially private estimate of I_MI, I_P or I_R, with its privacy ledger')
    .requiredOption('--data <source>', 'file.csv | file.parquet | sqlite:path | postgres://…')
    .option('--table <t>', 'table name (SQLite, PostgreSQL)')
    .requiredOption('--constraints <file>', 'denial constraints, one per line: not(t1.A=t2.A&t1.B!=t2.B)')
    .addOption(new Option('--measure <m>', 'which measure').choices(['mi', 'p', 'r']).makeOptionMandatory())
    .requiredOption('--epsilon <ε>', 'privacy budget ε > 0 (exact decimal or fraction, e.g. 1, 0.5, 1/3)')
    .option('--seed <n>', 'reproducible noise (deterministic ChaCha20); NOT private if the seed is known')
    .option('--hierarchical', 'choose θ in two rounds instead of one')
    .option('--json', 'machine-readable output on stdout')
    .action(async (o: DpRunOptions & { measure: Measure; json?: boolean }) => {
      const { estimates, ledger } = await runReleases(o, [o.measure]);
      const e = estimates[0] as DpEstimate;
      const rec = releaseRecord(e);
      const seeded = o.seed !== undefined;
      if (seeded)
        process.stderr.write('warning: --seed makes the noise reproducible; do not publish seeded figures\n');
      if (o.json) {
        printJson(estimateJson(rec, ledger, seeded));
        return;
      }
      const lines = [
        `${MEASURE_NAME[e.measure]} ≈ ${rec.estimate}   (ε = ${rec.epsilonExact}, node-level DP: one row added or removed)`,
        `noise: discrete Laplace, scale ${rec.noiseScale.toFixed(3)} (sensitivity ${rec.sensitivity}); expected |error| ${rec.expectedAbsError}, 95% within ±${rec.error95}`,
        e.measure === 'r'
          ? 'matching-based count (θ = 1)'
          : `projection bound θ = ${rec.theta} (DP degree bound ${rec.degreeBound})`,
        'ledger:',
        ...ledger.toJSON().steps.map((s, i) => `  ${i + 1}. ${s.mechanism}  ε ${s.epsilonExact}  ${s.query}`),
        `  total ε = ${ledger.toJSON().totalExact}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
