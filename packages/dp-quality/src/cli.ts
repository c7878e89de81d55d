/**
 * @module cli
 * The `floret dpq` commands: exact inconsistency measures, DP estimates and the compliance report.
 * A thin layer: each subcommand lives in `cli/<name>.ts` and calls the library.
 */
import type { ToolModule } from '@floret/cli-kit';
import { Command } from 'commander';
import { estimateCommand } from './cli/estimate.js';
import { exactCommand } from './cli/exact.js';
import { reportCommand } from './cli/report.js';

function dpqCommand(): Command {
  return new Command('dpq')
    .description(
      'inconsistency of a private database under denial constraints, exact and with differential privacy',
    )
    .addCommand(exactCommand())
    .addCommand(estimateCommand())
    .addCommand(reportCommand());
}

/** This package's commands and tour stop. */
export const tool: ToolModule = { commands: [dpqCommand()] };
