// Shared helpers of the peer runners: temp files, process spawning with a time limit, medians.
// Peers are built OUTSIDE the repository (see ../README or `node bench/run.mjs --help`); nothing of
// theirs is committed here, only these scripts that call their binaries.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `text` to a fresh temp file and returns its path and a cleanup function. */
export function tempFile(name, text) {
  const dir = mkdtempSync(join(tmpdir(), 'floret-peer-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a binary with a wall-clock limit; returns { stdout, wall, timedOut, status }. */
export function runBinary(bin, args, limitSeconds) {
  const t0 = performance.now();
  const r = spawnSync(bin, args, {
    encoding: 'utf8',
    timeout: Math.ceil(limitSeconds * 1000),
    maxBuffer: 64 << 20,
  });
  const wall = (performance.now() - t0) / 1000;
  const timedOut = r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM';
  return { stdout: `${r.stdout ?? ''}${r.stderr ?? ''}`, wall, timedOut, status: r.status };
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
