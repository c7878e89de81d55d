/**
 * @module cli-common
 * CLI pieces the `floret tree` (./cli.ts) and `floret net` (./net/cli-net.ts) commands share: atomic
 * model writes, number formatting, and printing predictions with their accuracy against the target
 * column (issues 6 and 7, "CLI"). Kept apart so that cli.ts can list the net commands without an
 * import cycle.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { printJson, UsageError } from '@floret/cli-kit';
import type { readTableFile } from './data.js';

/** Writes `text` to `path` atomically: a temporary file in the same folder, then a rename. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR')
      throw new UsageError(`cannot write --out '${path}' (${code}); choose a writable path`);
    throw e;
  }
}

/** A number as the certificate lines print it: integers as they are, others to 6 significant digits. */
export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/**
 * Prints one predicted label per row (stdout), or `{predictions, rows, target?, errors?, accuracy?}`
 * with --json; when the table carries the model's target column, also the errors against it.
 */
export function reportPredictions(
  table: Awaited<ReturnType<typeof readTableFile>>,
  target: string,
  predictions: readonly string[],
  json: boolean | undefined,
): void {
  const n = table.rows.length;
  const t = table.header.indexOf(target);
  let errors: number | undefined;
  if (t >= 0) {
    errors = 0;
    for (let i = 0; i < n; i++)
      if (((table.rows[i] as readonly string[])[t] ?? '').trim() !== predictions[i]) errors++;
  }
  const accuracy = errors === undefined || n === 0 ? undefined : (n - errors) / n;
  if (json) {
    printJson({
      predictions,
      rows: n,
      ...(errors !== undefined ? { target, errors, accuracy } : {}),
    });
    return;
  }
  process.stdout.write(predictions.length > 0 ? `${predictions.join('\n')}\n` : '');
  if (accuracy !== undefined)
    process.stderr.write(
      `accuracy ${(100 * accuracy).toFixed(2)}% (${errors} errors in ${n} rows) against column '${target}'\n`,
    );
}
