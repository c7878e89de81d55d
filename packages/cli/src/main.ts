/**
 * @module main
 * The `floret` binary: composes every package's commands (each package's `src/cli.ts`) into one
 * program, adds `floret tour`, and applies the shared exit-code contract (0 ok, 1 failure, 2 usage).
 */
import { printJson, runProgram, type ToolModule } from '@floret/cli-kit';
import { tool as combinatorics } from '@floret/combinatorics/cli';
import { tool as decode } from '@floret/decode/cli';
import { tool as dpQuality } from '@floret/dp-quality/cli';
import { tool as exact } from '@floret/exact/cli';
import { tool as poster } from '@floret/poster/cli';
import { tool as vdp } from '@floret/vdp/cli';
import { Command } from 'commander';

/** Every package's CLI contribution, in tour order. */
export const TOOLS: readonly ToolModule[] = [combinatorics, exact, decode, dpQuality, vdp, poster];

const VERSION = '0.1.0';

/** Builds the `floret` program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('floret')
    .description('Floret: 2025 research papers as fast, tested tools.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  floret tour                          run every package on built-in inputs
  floret comb count 100 50             exact binomial C(100,50)
  floret comb list 6 3 --order revolving-door --json
  floret <command> --help              help and examples for one command

Exit codes: 0 success, 1 failure while working, 2 bad usage or input.`,
    );
  for (const t of TOOLS) for (const c of t.commands) program.addCommand(c);
  program
    .command('tour')
    .description('a short guided tour: runs each package on built-in inputs and prints what it found')
    .option('--json', 'machine-readable output on stdout')
    .action(async (o: { json?: boolean }) => {
      const stops: { title: string; lines: readonly string[] }[] = [];
      for (const t of TOOLS) {
        if (t.tour === undefined) continue;
        if (!o.json) process.stdout.write(`\n== ${t.tour.title}\n`);
        const lines = await t.tour.run();
        stops.push({ title: t.tour.title, lines });
        if (!o.json) for (const l of lines) process.stdout.write(`  ${l}\n`);
      }
      if (o.json) printJson({ stops });
      else process.stdout.write(`\nMore: floret --help, and each package's README under packages/.\n`);
    });
  return program;
}

/** Runs `floret` with the given arguments (without the node and script paths); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  return runProgram(program, argv);
}
