/**
 * @module cli/exact
 * `floret dpq exact`: the exact (non-private) inconsistency measures of a table under denial
 * constraints, for the data owner (Livshits et al. SIGMOD'21 definitions; arXiv:2502.11009 §3 graph).
 */
import { parseIntArg, printJson, UsageError } from '@floret/cli-kit';
import { Command } from 'commander';
import { exactMeasures } from '../exact.js';
import { buildConflictGraph, conflictDegrees } from '../graph.js';
import { InputError, openChecked, readConstraints } from '../load.js';

interface ExactOptions {
  data: string;
  table?: string;
  constraints: string;
  json?: boolean;
  countsOnly?: boolean;
  ilpMaxEdges?: string;
  timeLimit?: string;
}

/** Input errors become exit-2 usage errors; anything else is a failure (exit 1). */
export async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
}

async function runExact(o: ExactOptions): Promise<void> {
  const ilpMaxEdges = o.ilpMaxEdges === undefined ? 100_000 : parseIntArg('--ilp-max-edges', o.ilpMaxEdges);
  const ilpTimeLimit = o.timeLimit === undefined ? 30 : parseIntArg('--time-limit', o.timeLimit, 1);
  const constraints = await asUsage(async () => readConstraints(o.constraints));
  const engine = await asUsage(() => openChecked(o.data, o.table, constraints, o.constraints));
  const t0 = performance.now();
  let out: Record<string, unknown>;
  try {
    if (o.countsOnly) {
      const d = await conflictDegrees(engine, constraints);
      out = {
        tuples: d.n,
        edges: d.edges,
        selfLoops: d.selfLoops,
        minimalInconsistent: d.minimalInconsistent,
        problematic: d.problematic,
        maxDegree: d.maxDegree,
        fdFastPath: d.fdFastPath,
      };
    } else {
      const g = await buildConflictGraph(engine, constraints);
      const m = await exactMeasures(g, { ilpMaxEdges, ilpTimeLimit });
      out = { ...m };
    }
  } finally {
    await engine.close();
  }
  const seconds = Math.round((performance.now() - t0) / 10) / 100;
  const full: Record<string, unknown> = {
    engine: engine.kind,
    constraints: constraints.length,
    ...out,
    seconds,
  };
  if (o.json) {
    printJson(full);
    return;
  }
  const lines: [string, unknown][] = Object.entries(full);
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, v] of lines) process.stdout.write(`${k.padEnd(width)}  ${v === null ? '—' : String(v)}\n`);
  if (!o.countsOnly && full.repair === undefined)
    process.stdout.write(
      `(I_R not solved exactly: ${String(full.repairStatus)}; it lies in [repairLower, repairUpper], near repairLp)\n`,
    );
}

/** Builds the `exact` subcommand. */
export function exactCommand(): Command {
  return new Command('exact')
    .description(
      'exact inconsistency measures of a table under denial constraints (not private: for the data owner)',
    )
    .requiredOption('--data <source>', 'file.csv, file.parquet, sqlite:<path> or postgres://user@host/db')
    .option('--table <name>', 'table to read (PostgreSQL; SQLite files with several tables)')
    .requiredOption('--constraints <file>', 'denial constraints, one not(t1.A=t2.A&t1.B!=t2.B) per line')
    .option(
      '--counts-only',
      'only tuples, edges and problematic (FD fast path: no edge list, for huge tables)',
    )
    .option('--ilp-max-edges <m>', 'solve I_R exactly only up to m edges (default 100000)')
    .option('--time-limit <s>', 'time limit of the exact I_R solve, seconds (default 30)')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText(
      'after',
      `
Fields: tuples, edges (= I_MI when no tuple violates a unary constraint), selfLoops, minimalInconsistent
(I_MI), problematic (I_P), repairLp (LP relaxation of I_R), repairLower/repairUpper (greedy matching:
|M| <= I_R <= 2|M|), repair (I_R, when solved exactly), repairStatus.

Examples:
  floret dpq exact --data hospital.csv --constraints Hospital.dcs.txt
  floret dpq exact --data sqlite:data.db --table adult --constraints Adult.dcs.txt --json
  floret dpq exact --data postgres://me@localhost/db --table flights --constraints Flight.dcs.txt --counts-only`,
    )
    .action((o: ExactOptions) => runExact(o));
}
