/**
 * @module cli/exact
 * The `floret dpq exact` command (placeholder until implemented).
 */
import { Command } from 'commander';

/** Builds the `exact` subcommand. */
export function exactCommand(): Command {
  return new Command('exact').description('(not implemented yet)');
}
