/**
 * @module cli/report
 * The `floret dpq report` command (placeholder until implemented).
 */
import { Command } from 'commander';

/** Builds the `report` subcommand. */
export function reportCommand(): Command {
  return new Command('report').description('(not implemented yet)');
}
