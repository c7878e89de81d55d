/**
 * @module load
 * Shared front half of every `floret dpq` command: read and parse the constraints file, open the data
 * source read-only, and check the constraints against the table. Every failure becomes one clear
 * `InputError` line (the CLI turns it into exit 2), never a stack trace.
 */
import { readFileSync } from 'node:fs';
import {
  ConstraintSyntaxError,
  type DenialConstraint,
  parseConstraints,
  UnknownColumnError,
  validateConstraints,
} from './constraints.js';
import { DataSourceError, type Engine } from './engines/engine.js';
import { openEngine } from './engines/open.js';

/** Bad input for a command: message is meant for the person at the terminal. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Reads and parses a constraints file.
 * @throws InputError for an unreadable file or a malformed constraint (message: place + caret line)
 */
export function readConstraints(path: string): DenialConstraint[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (e as Error).message;
    throw new InputError(`--constraints ${path}: cannot read it (${why})`);
  }
  try {
    return parseConstraints(text, path);
  } catch (e) {
    if (e instanceof ConstraintSyntaxError) throw new InputError(`${e.message}\n${e.caret}`);
    throw e;
  }
}

/**
 * Opens `data` (and `table`) and checks the constraints' columns against it.
 * @throws InputError for a source that cannot be opened or an unknown column
 */
export async function openChecked(
  data: string,
  table: string | undefined,
  constraints: readonly DenialConstraint[],
  constraintsPath: string,
): Promise<Engine> {
  let engine: Engine;
  try {
    engine = await openEngine(data, table === undefined ? {} : { table });
  } catch (e) {
    if (e instanceof DataSourceError) throw new InputError(e.message);
    throw e;
  }
  try {
    const columns = await engine.columns();
    validateConstraints(
      constraints,
      columns.map((c) => c.name),
      constraintsPath,
    );
  } catch (e) {
    await engine.close();
    if (e instanceof UnknownColumnError || e instanceof DataSourceError) throw new InputError(e.message);
    throw e;
  }
  return engine;
}
