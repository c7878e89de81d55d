/**
 * The `floret poster` commands through the real binary: make (--no-check --json, fields of the public
 * contract), bad inputs (not a PDF, encrypted, no text layer, bad size) → exit 2, one line, no output
 * file left; check on a made poster when LibreOffice is present; the tour stop.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tool } from '../src/cli.js';
import { findSoffice } from '../src/verify.js';
import { pdfPath } from './corpus.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'packages', 'cli', 'bin', 'floret.js');
const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const floret = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('floret poster make', () => {
  it('writes a .pptx and a JSON report with the contract fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floret-cli-'));
    const out = join(dir, 'poster.pptx');
    const r = floret(
      'poster',
      'make',
      pdfPath('p01-onecol-6p'),
      '-o',
      out,
      '--no-check',
      '--json',
      '--size',
      'A1',
    );
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of [
      'panels',
      'figures',
      'overflowBoxes',
      'overlaps',
      'readingOrderTau',
      'words',
      'quizProxy',
      'seconds',
    ])
      expect(j).toHaveProperty(k);
    expect(j.panels).toBe(4);
    expect(j.overflowBoxes).toBe(0);
    expect(j.checked).toBe(false);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(dir)).toEqual(['poster.pptx']);
  });
  it.each([
    ['not a PDF', 'notpdf', /not a PDF/],
    ['encrypted', 'encrypted.pdf', /encrypted/],
    ['no text layer', 'scanned.pdf', /no usable text layer/],
  ])('%s → exit 2, one line, no output file', (_what, file, msg) => {
    const dir = mkdtempSync(join(tmpdir(), 'floret-cli-'));
    let input = join(FIX, file);
    if (file === 'notpdf') {
      input = join(dir, 'paper.pdf');
      writeFileSync(input, 'just some text, not a PDF');
    }
    const out = join(dir, 'poster.pptx');
    const r = floret('poster', 'make', input, '-o', out, '--no-check');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f !== 'paper.pdf')).toEqual([]);
  });
  it('bad size, missing model → exit 2', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'floret-cli-')), 'p.pptx');
    expect(
      floret('poster', 'make', pdfPath('p01-onecol-6p'), '-o', out, '--size', '1950x935mm', '--no-check')
        .status,
    ).toBe(2);
    expect(
      floret('poster', 'make', pdfPath('p01-onecol-6p'), '-o', out, '--llm', 'http://x/v1', '--no-check')
        .status,
    ).toBe(2);
    expect(floret('poster', 'make', '/nonexistent.pdf', '-o', out, '--no-check').status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe.skipIf(!findSoffice())('floret poster check', () => {
  it('makes a checked poster with a preview, then checks it clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floret-cli-'));
    const out = join(dir, 'poster.pptx');
    const png = join(dir, 'poster.png');
    const r = floret('poster', 'make', pdfPath('p01-onecol-6p'), '-o', out, '--png', png, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      overflowBoxes: 0,
      overlaps: 0,
      checked: true,
      readingOrderTau: 1,
    });
    expect(existsSync(png)).toBe(true);
    const c = floret('poster', 'check', out, '--json');
    expect(c.status, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ clean: true, overflowBoxes: 0, overlaps: 0 });
    const bad = floret('poster', 'check', pdfPath('p01-onecol-6p'));
    expect(bad.status).toBe(2);
  }, 120_000);
});

describe('tour', () => {
  it('parses and plans the built-in paper', async () => {
    const lines = (await tool.tour?.run()) ?? [];
    expect(lines.join('\n')).toMatch(/4 sections/);
    expect(lines.join('\n')).toMatch(/τ = 1\.00/);
  });
});
