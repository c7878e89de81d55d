/**
 * @module progress
 * Progress on stderr for long work, following the Floret convention: shown only when stderr is a
 * terminal (never mixed into pipes, logs or `--json` output), throttled, and cleared when done.
 */
import { SingleBar } from 'cli-progress';

/** A progress reporter; every method is a no-op when progress is not shown. */
export interface Progress {
  /** Sets the amount of work done (same unit as `total`). */
  update(done: number): void;
  /** Finishes and clears the bar. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Total amount of work, e.g. items to enumerate. */
  readonly total: number;
  /** What is being done, shown before the bar. */
  readonly label: string;
  /** Unit shown after the counts. @default 'items' */
  readonly unit?: string;
  /** Force showing (true) or hiding (false); default: only when stderr is a TTY. */
  readonly show?: boolean;
  /** Stream to draw on. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
}

const SILENT: Progress = {
  update() {},
  stop() {},
};

/**
 * A progress bar on stderr, or a silent reporter where a bar would get in the way.
 * @example
 * const p = createProgress({ total: 1e9, label: 'listing' });
 * p.update(5e8);
 * p.stop();
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const show = options.show ?? stream.isTTY === true;
  if (!show || !(options.total > 0)) return SILENT;
  const bar = new SingleBar({
    stream,
    format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit ?? 'items'} | eta {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
    noTTYOutput: options.show === true && stream.isTTY !== true,
    notTTYSchedule: 2000,
  });
  bar.start(options.total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
