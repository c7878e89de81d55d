/**
 * @module cli
 * The `floret dpq` commands: exact inconsistency measures, DP estimates and the compliance report.
 * A thin layer: each subcommand lives in `cli/<name>.ts` and calls the library.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolModule, TourStop } from '@floret/cli-kit';
import { Command } from 'commander';
import { estimateCommand } from './cli/estimate.js';
import { exactCommand } from './cli/exact.js';
import { reportCommand } from './cli/report.js';
import { openEngine } from './engines/open.js';
import { exactMeasures } from './exact.js';
import { generateFlight } from './generate.js';
import { buildConflictGraph, fdMaxGroupSizes } from './graph.js';
import { dpTourLines } from './report.js';
import { writeCsvFile } from './table.js';

/** Builds the `dpq` command tree (fresh each call: commander keeps option values between parses). */
export function dpqCommand(): Command {
  return new Command('dpq')
    .description(
      'inconsistency of a private database under denial constraints, exact and with differential privacy',
    )
    .addCommand(exactCommand())
    .addCommand(estimateCommand())
    .addCommand(reportCommand());
}

/** Tour: a generated Flight-like table with 1% corrupted rows, measured exactly in embedded DuckDB. */
const tour: TourStop = {
  title: 'dp-quality: how inconsistent is a table? (arXiv:2502.11009)',
  async run() {
    const gen = generateFlight({ rows: 2_000, violationRate: 0.01, seed: 7 });
    const dir = mkdtempSync(join(tmpdir(), 'floret-dpq-tour-'));
    try {
      const csv = join(dir, 'flights.csv');
      writeCsvFile(gen.table, csv);
      const engine = await openEngine(csv);
      try {
        const g = await buildConflictGraph(engine, gen.constraints);
        const m = await exactMeasures(g);
        return [
          `2,000 Flight-like rows, 13 functional dependencies, 20 rows corrupted (seed 7), DuckDB:`,
          `  conflicting pairs (I_MI)  ${m.minimalInconsistent}`,
          `  problematic tuples (I_P)  ${m.problematic}`,
          `  minimum repair (I_R)      ${m.repair ?? '?'}  (LP ${m.repairLp}, matching bounds ${m.repairLower}..${m.repairUpper})`,
          ...dpTourLines(
            g,
            (await fdMaxGroupSizes(engine, gen.constraints)).filter((x) => x !== undefined),
          ),
          `  try: floret dpq exact --data <file.csv|sqlite:path|postgres://…> --constraints <dcs.txt>`,
        ];
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** This package's commands and tour stop. */
export const tool: ToolModule = { commands: [dpqCommand()], tour };
