/**
 * @module cli/estimate
 * The `floret dpq estimate` command (placeholder until implemented).
 */
import { Command } from 'commander';

/** Builds the `estimate` subcommand. */
export function estimateCommand(): Command {
  return new Command('estimate').description('(not implemented yet)');
}
