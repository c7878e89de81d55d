/**
 * @module @floret/cli-kit
 * The command-line conventions every Floret tool shares, so that `floret <tool>` behaves the same
 * whichever package implements it:
 * - exit code 2 for bad usage (malformed or impossible arguments), 1 for a failure while working;
 * - one clear line on stderr naming the input and the fix, never a stack trace;
 * - `--json` prints machine output on stdout, nothing else.
 */
import { type Command, CommanderError, Option } from 'commander';

/** Exit code for bad input or usage (malformed, missing or impossible arguments). */
export const EXIT_USAGE = 2;
/** Exit code for a failure while doing the work (I/O, resources, an internal error). */
export const EXIT_FAILURE = 1;

/**
 * An error whose message is meant for the person at the terminal: it is printed as one line and the
 * process exits with {@link UsageError.exitCode}.
 */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

/** A failure during the work itself (exit 1), reported as one line. */
export class FailureError extends UsageError {
  constructor(message: string) {
    super(message, EXIT_FAILURE);
    this.name = 'FailureError';
  }
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Parses a decimal integer argument strictly: no fractions, exponents, hex or trailing text.
 * @param what the argument's name, used in the error message (e.g. `<n>`)
 * @param text the text as typed
 * @param min the smallest value allowed (default 0)
 * @throws UsageError when the text is not an integer, is below `min`, or exceeds 2^53 − 1
 * @example parseIntArg('<n>', '12') //=> 12
 */
export function parseIntArg(what: string, text: string, min = 0): number {
  const t = text.trim();
  if (!INTEGER.test(t)) throw new UsageError(`${what} must be an integer, got '${text}'`);
  const v = Number(t);
  if (!Number.isSafeInteger(v))
    throw new UsageError(`${what} is too large (${text}); use a value below 2^53`);
  if (v < min) throw new UsageError(`${what} must be at least ${min}, got ${text}`);
  return v;
}

/**
 * Parses a non-negative integer of any size (for ranks beyond 2^53).
 * @throws UsageError when the text is not a non-negative decimal integer
 * @example parseBigIntArg('<r>', '123456789012345678901') //=> 123456789012345678901n
 */
export function parseBigIntArg(what: string, text: string): bigint {
  const t = text.trim();
  if (!INTEGER.test(t)) throw new UsageError(`${what} must be an integer, got '${text}'`);
  const v = BigInt(t);
  if (v < 0n) throw new UsageError(`${what} must be non-negative, got ${text}`);
  return v;
}

/**
 * Parses a comma- or space-separated list of integers such as `0,3,5`.
 * @throws UsageError naming the offending entry
 * @example parseIntListArg('<items>', '0,3,5') //=> [0, 3, 5]
 */
export function parseIntListArg(what: string, text: string): number[] {
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  return parts.map((p, i) => {
    if (!INTEGER.test(p)) throw new UsageError(`${what}: entry ${i + 1} ('${p}') is not an integer`);
    const v = Number(p);
    if (!Number.isSafeInteger(v)) throw new UsageError(`${what}: entry ${i + 1} ('${p}') is too large`);
    return v;
  });
}

/**
 * Builds a commander option restricted to `choices`, with a helpful error on anything else.
 * @example choiceOption('--order <order>', 'enumeration order', ['lex', 'colex'], 'lex')
 */
export function choiceOption(flags: string, description: string, choices: readonly string[], def?: string) {
  const o = new Option(flags, description).choices(choices as string[]);
  return def === undefined ? o : o.default(def);
}

/** Writes `value` as JSON on stdout, followed by a newline; bigints are written as JSON numbers. */
export function printJson(value: unknown): void {
  process.stdout.write(`${toJson(value)}\n`);
}

/** JSON text for `value`, where bigints become exact JSON numbers (not strings). */
export function toJson(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') {
      marks.push(v.toString());
      return `\u0000big${marks.length - 1}\u0000`;
    }
    return v;
  });
  if (marks.length === 0) return text;
  return text.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)] ?? '0');
}

/**
 * What a package contributes to `floret tour`: a title and a function that runs the package on
 * built-in inputs and returns printable lines.
 */
export interface TourStop {
  readonly title: string;
  run(): Promise<readonly string[]> | readonly string[];
}

/** What each package's `src/cli.ts` exports: its commands and its stop on the tour. */
export interface ToolModule {
  readonly commands: readonly Command[];
  readonly tour?: TourStop;
}

/**
 * Makes every commander error in `program` and its sub-commands throw instead of exiting, and
 * routes commander's own messages to stderr, so {@link runProgram} owns the exit code.
 */
export function configureErrors(program: Command): Command {
  program.exitOverride();
  program.configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: () => {
      /* printed once by runProgram */
    },
  });
  for (const c of program.commands) configureErrors(c);
  return program;
}

/**
 * Runs a commander program with Floret's exit-code contract: usage errors exit 2, work failures
 * exit 1, each with one line on stderr; help and version exit 0.
 * @returns the exit code (the caller sets `process.exitCode`)
 */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  configureErrors(program);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, program.name());
  }
}

/** Prints one line for `err` on stderr and returns the exit code it calls for. */
export function reportError(err: unknown, prog: string): number {
  if (err instanceof CommanderError) {
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.help' ||
      err.code === 'commander.version'
    ) {
      return 0;
    }
    const msg = err.message.replace(/^error:\s*/i, '');
    process.stderr.write(`${prog}: ${msg} (see '${prog} --help')\n`);
    return EXIT_USAGE;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${prog}: ${err.message}\n`);
    return err.exitCode;
  }
  // Domain code reports impossible parameters as RangeError with a clear message.
  if (err instanceof RangeError) {
    process.stderr.write(`${prog}: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${prog}: ${msg}\n`);
  return EXIT_FAILURE;
}

export { createProgress, type Progress, type ProgressOptions } from './progress.js';
