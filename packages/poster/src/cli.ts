/**
 * @module cli
 * The `floret poster` commands — `make` (paper PDF → editable .pptx poster, with the LibreOffice check,
 * a PNG preview and a metrics report) and `check` (render verification of any .pptx) — and this package's
 * stop on `floret tour`. A thin layer over the library: argument checks, atomic file writes, printing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FailureError, printJson, type ToolModule, type TourStop, UsageError } from '@floret/cli-kit';
import { Command, Option } from 'commander';
import { composePoster, THEMES } from './compose.js';
import { evaluatePoster } from './evaluate.js';
import { parseSize, SIZE_PRESETS } from './layout.js';
import { PdfInputError, parsePaper } from './parse.js';
import { type MakeReport, makePoster } from './poster.js';
import { findSoffice, pdfToPng, pptxToPdf, verifyPptx } from './verify.js';
import { writeExtractive } from './write.js';

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new FailureError(
      `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function checkOutDir(flag: string, path: string): void {
  if (!existsSync(dirname(resolve(path))))
    throw new UsageError(`${flag} ${path}: folder ${dirname(path)} does not exist; create it first`);
}

function printReport(r: MakeReport, out: string): void {
  const lines = [
    `poster: ${out} (${r.size.w}×${r.size.h} in, ${r.panels} panels, ${r.figures} figures, ${r.words} words)`,
    `fonts: title ${r.fonts.title} pt, headers ${r.fonts.header} pt, body ${r.fonts.body} pt, captions ${r.fonts.caption} pt`,
    `${r.checked ? 'LibreOffice check' : 'predicted (no check)'}: ${r.overflowBoxes} overflowing boxes, ${r.overlaps} overlaps, ${r.offSlide} off-slide${r.checked ? ` (${r.rounds} round${r.rounds > 1 ? 's' : ''})` : ''}`,
    `reading order τ = ${r.readingOrderTau.toFixed(2)}, figure placement ${(r.figurePlacement * 100).toFixed(0)} %, quiz proxy ${(r.quizProxy * 100).toFixed(0)} % of ${r.facts} key facts`,
  ];
  if (r.figuresLeftOut.length > 0)
    lines.push(`figures left out (≤ 2 per panel): ${r.figuresLeftOut.join(', ')}`);
  if (r.llm)
    lines.push(
      `llm: ${r.llm.rewritten} sections rewritten, ${r.llm.cached} cached, ${r.llm.fallbacks} kept extractive`,
    );
  lines.push(`${r.seconds.toFixed(1)} s`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface MakeOpts {
  output: string;
  size: string;
  png?: string;
  theme: string;
  llm?: string;
  model?: string;
  check: boolean;
  json?: boolean;
}

async function make(pdfPath: string, o: MakeOpts): Promise<void> {
  if (!existsSync(pdfPath))
    throw new UsageError(`<paper.pdf> ${pdfPath} does not exist; give the path of a PDF`);
  if (!o.output.toLowerCase().endsWith('.pptx'))
    throw new UsageError(`-o ${o.output}: the output must end in .pptx`);
  checkOutDir('-o', o.output);
  if (o.png) checkOutDir('--png', o.png);
  try {
    parseSize(o.size);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (o.llm && !o.model) throw new UsageError('--llm needs --model <name> (the model the endpoint serves)');
  if (o.llm && !/^https?:\/\//.test(o.llm))
    throw new UsageError(`--llm ${o.llm}: give an http(s) URL, e.g. http://localhost:8000/v1`);
  if ((o.check || o.png) && !findSoffice())
    throw new FailureError(
      'LibreOffice (soffice) not found: install libreoffice-impress, set SOFFICE=/path/to/soffice, or pass --no-check',
    );
  let res: Awaited<ReturnType<typeof makePoster>>;
  try {
    res = await makePoster(pdfPath, {
      size: o.size,
      theme: o.theme,
      check: o.check,
      ...(o.png && o.check ? { previewWidth: 1600 } : {}),
      ...(o.llm && o.model
        ? {
            llm: {
              url: o.llm,
              model: o.model,
              cacheDir: join(dirname(resolve(o.output)), '.floret-llm-cache'),
            },
          }
        : {}),
    });
  } catch (err) {
    if (err instanceof PdfInputError) throw new UsageError(`<paper.pdf> ${pdfPath}: ${err.message}`);
    throw err;
  }
  let png = res.png;
  if (o.png && !png) png = await pdfToPng(await pptxToPdf(res.pptx), 1600);
  await writeAtomic(o.output, res.pptx);
  if (o.png && png) await writeAtomic(o.png, png);
  if (o.json) printJson({ output: o.output, ...(o.png ? { png: o.png } : {}), ...res.report });
  else printReport(res.report, o.output);
  if (res.report.overflowBoxes > 0 || res.report.overlaps > 0)
    process.stderr.write(
      `floret poster: warning: ${res.report.overflowBoxes} overflowing boxes and ${res.report.overlaps} overlaps remain\n`,
    );
}

async function check(pptxPath: string, o: { json?: boolean }): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(pptxPath));
  } catch (err) {
    throw new UsageError(
      `<poster.pptx> ${pptxPath}: cannot read it (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  if (!findSoffice())
    throw new FailureError(
      'LibreOffice (soffice) not found: install libreoffice-impress or set SOFFICE=/path/to/soffice',
    );
  let r: Awaited<ReturnType<typeof verifyPptx>>;
  try {
    r = await verifyPptx(bytes);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`<poster.pptx> ${pptxPath}: ${err.message}`);
    throw err;
  }
  const { pdf: _pdf, ...rep } = r;
  const clean = rep.overflowBoxes === 0 && rep.overlaps === 0 && rep.offSlide.length === 0;
  if (o.json) printJson({ file: pptxPath, clean, ...rep });
  else {
    process.stdout.write(
      `${pptxPath}: ${rep.shapes} shapes, ${rep.textRuns} text runs; ${rep.overflowBoxes} overflowing boxes, ${rep.overlaps} overlaps, ${rep.offSlide.length} off-slide${rep.readingOrderTau === null ? '' : `, reading order τ = ${rep.readingOrderTau.toFixed(2)}`} → ${clean ? 'clean' : 'NOT clean'}\n`,
    );
    for (const s of rep.overflowShapes) process.stdout.write(`  overflow: ${s}\n`);
    for (const [a, b] of rep.overlapPairs) process.stdout.write(`  overlap: ${a} × ${b}\n`);
    for (const s of rep.offSlide) process.stdout.write(`  off-slide: ${s}\n`);
  }
  if (!clean) process.exitCode = 1;
}

/** `floret poster …` */
export function posterCommand(): Command {
  const poster = new Command('poster')
    .description('paper PDF → editable .pptx poster, offline and deterministic (arXiv:2505.21497)')
    .addHelpText(
      'after',
      `
Examples:
  floret poster make paper.pdf -o poster.pptx --png poster.png
  floret poster make paper.pdf -o poster.pptx --size A0 --theme forest
  floret poster make paper.pdf -o poster.pptx --size 1950x935mm --no-check --json
  floret poster make paper.pdf -o poster.pptx --llm http://localhost:8000/v1 --model qwen2.5-7b
  floret poster check poster.pptx`,
    );
  poster
    .command('make')
    .argument('<paper.pdf>', 'the paper (a PDF with a text layer)')
    .description(
      'make a poster; prints panels, figures, overflowBoxes, overlaps, readingOrderTau, words, quizProxy, seconds',
    )
    .requiredOption('-o, --output <poster.pptx>', 'output .pptx (written atomically)')
    .option('--size <size>', `WxH with in/cm/mm, or ${SIZE_PRESETS.join(', ')}`, '48x36in')
    .option('--png <preview.png>', 'also write a PNG preview (LibreOffice render)')
    .addOption(new Option('--theme <theme>', 'colour theme').choices(Object.keys(THEMES)).default('classic'))
    .option('--llm <url>', 'rewrite bullets via an OpenAI-compatible endpoint (key: OPENAI_API_KEY)')
    .option('--model <name>', 'model name for --llm')
    .option('--no-check', 'skip the LibreOffice render check (overflow/overlaps are then predicted)')
    .option('--json', 'machine-readable report on stdout')
    .action((pdf: string, o: MakeOpts) => make(pdf, o));
  poster
    .command('check')
    .argument('<poster.pptx>', 'any .pptx')
    .description(
      'render with LibreOffice; check every text run lies in its shape, no overlaps, nothing off-slide (exit 1 if not clean)',
    )
    .option('--json', 'machine-readable report on stdout')
    .action((p: string, o: { json?: boolean }) => check(p, o));
  return poster;
}

/** The smallest corpus paper, shipped with the package. */
export const TOUR_PAPER = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'p01-onecol-6p.pdf');

/** What `floret tour` shows: parse and plan a built-in paper (no figure crops, no LibreOffice). */
export const tour: TourStop = {
  title: '@floret/poster — paper PDF to editable poster (arXiv:2505.21497)',
  async run() {
    const t0 = performance.now();
    const paper = await parsePaper(TOUR_PAPER, { renderFigures: false });
    const t1 = performance.now();
    // Without crops, stand in a blank 4:3 picture for each figure so the plan still places them.
    for (const f of paper.figures) {
      f.png = new Uint8Array(1);
      f.pxW = 400;
      f.pxH = 300;
    }
    const poster = composePoster(paper, writeExtractive(paper), { size: parseSize('48x36in') });
    const m = evaluatePoster(paper, poster);
    const t2 = performance.now();
    return [
      `parsed '${paper.title.slice(0, 60)}…' (${paper.pages} pages) in ${(t1 - t0).toFixed(0)} ms: ${paper.sections.length} sections, ${paper.figures.length} figures/tables, ${paper.authors.length} authors`,
      `planned a 48×36 in poster in ${(t2 - t1).toFixed(0)} ms: ${m.panels} panels (${poster.panels.map((p) => p.title).join(' → ')}), body ${poster.fonts.body} pt`,
      `${m.words} words, reading order τ = ${m.readingOrderTau.toFixed(2)}, quiz proxy ${(m.quizProxy * 100).toFixed(0)} % of ${m.facts} key facts`,
      'make one: floret poster make paper.pdf -o poster.pptx --png poster.png',
    ];
  },
};

/** This package's contribution to the `floret` binary. */
export const tool: ToolModule = { commands: [posterCommand()], tour };
