/**
 * @module poster
 * The whole pipeline of arXiv:2505.21497 (Parser → Planner → Painter → Commenter) as one call: parse the
 * PDF, write bullets (extractive, optionally rewritten by an LLM), plan and fit, render the .pptx, then
 * verify with LibreOffice and re-fit (tightening the size ceilings) until the render is clean or three
 * rounds have passed; remaining problems are reported, never hidden.
 */
import { type ComposeOptions, composePoster, type Poster, THEMES, type Theme } from './compose.js';
import { evaluatePoster, type Metrics } from './evaluate.js';
import { inside, overlaps, parseSize } from './layout.js';
import { type LlmOptions, type LlmReport, rewriteWithLlm } from './llm.js';
import { parsePaper } from './parse.js';
import { renderPptx } from './render.js';
import type { Paper } from './types.js';
import { type CheckReport, pdfToPng, verifyPptx } from './verify.js';
import { writeExtractive } from './write.js';

/** Options of {@link makePoster}. */
export interface MakeOptions {
  /** Size preset or WxH with unit (default 48x36in). */
  size?: string;
  theme?: string;
  /** Run the LibreOffice check and re-fit (default true). */
  check?: boolean;
  /** Also return a PNG preview of this width (needs the check's PDF). */
  previewWidth?: number;
  llm?: LlmOptions;
  /** Parsed paper to reuse (skips parsing). */
  paper?: Paper;
}

/** The report of one `make`: the public fields plus details. */
export interface MakeReport extends Metrics {
  overflowBoxes: number;
  overlaps: number;
  offSlide: number;
  /** Whether the LibreOffice check ran (false: overflow/overlaps are the fitter's own prediction). */
  checked: boolean;
  rounds: number;
  seconds: number;
  size: { w: number; h: number };
  fonts: Poster['fonts'];
  truncated: number;
  figuresLeftOut: string[];
  llm?: LlmReport;
  check?: Omit<CheckReport, 'pdf'>;
}

/** Overflow and overlaps predicted from the composed geometry (used with --no-check, and in tests). */
export function predictedProblems(poster: Poster): { overflow: number; overlaps: number; offSlide: number } {
  const slide = { x: 0, y: 0, w: poster.size.w, h: poster.size.h };
  const content = poster.elements.filter((e) => e.kind !== 'rect');
  let ov = 0;
  for (let i = 0; i < content.length; i++)
    for (let j = i + 1; j < content.length; j++) {
      const a = content[i];
      const b = content[j];
      if (a && b && overlaps(a.box, b.box)) ov++;
    }
  return {
    overflow: content.filter((e) => e.kind === 'text' && (e.neededH ?? 0) > e.box.h + 1e-6).length,
    overlaps: ov,
    offSlide: poster.elements.filter((e) => !inside(e.box, slide)).length,
  };
}

/** Makes a poster from a PDF (path or bytes). */
export async function makePoster(
  input: string | Uint8Array,
  opts: MakeOptions = {},
): Promise<{ pptx: Uint8Array; report: MakeReport; paper: Paper; poster: Poster; png?: Uint8Array }> {
  const t0 = performance.now();
  const size = parseSize(opts.size ?? '48x36in');
  const theme = THEMES[opts.theme ?? 'classic'];
  if (!theme)
    throw new RangeError(`--theme '${opts.theme}' is unknown; use one of ${Object.keys(THEMES).join(', ')}`);
  const paper = opts.paper ?? (await parsePaper(input));
  let draft = writeExtractive(paper);
  let llm: LlmReport | undefined;
  if (opts.llm) {
    const r = await rewriteWithLlm(paper, draft, opts.llm);
    draft = r.draft;
    llm = r.report;
  }
  const meta = { title: paper.title, author: paper.authors.join(', ') };
  const co: ComposeOptions = { size, theme: theme as Theme };
  let poster = composePoster(paper, draft, co);
  let pptx = await renderPptx(poster, meta);
  let check: (CheckReport & { pdf: Uint8Array }) | undefined;
  let rounds = 1;
  if (opts.check !== false) {
    check = await verifyPptx(pptx);
    // Re-fit: tighten until LibreOffice's render is clean (at most three more rounds).
    while ((check.overflowBoxes > 0 || check.overlaps > 0) && rounds < 4) {
      poster = composePoster(paper, draft, { ...co, tighten: rounds });
      pptx = await renderPptx(poster, meta);
      check = await verifyPptx(pptx);
      rounds++;
    }
  }
  const metrics = evaluatePoster(paper, poster);
  const pred = predictedProblems(poster);
  let png: Uint8Array | undefined;
  if (opts.previewWidth && check) png = await pdfToPng(check.pdf, opts.previewWidth);
  const { pdf: _pdf, ...checkReport } = check ?? { pdf: undefined };
  const report: MakeReport = {
    ...metrics,
    ...(check ? { readingOrderTau: check.readingOrderTau ?? metrics.readingOrderTau } : {}),
    overflowBoxes: check ? check.overflowBoxes : pred.overflow,
    overlaps: check ? check.overlaps : pred.overlaps,
    offSlide: check ? check.offSlide.length : pred.offSlide,
    checked: check !== undefined,
    rounds,
    seconds: Math.round((performance.now() - t0) / 10) / 100,
    size: { w: Math.round(size.w * 100) / 100, h: Math.round(size.h * 100) / 100 },
    fonts: poster.fonts,
    truncated: poster.truncated,
    figuresLeftOut: poster.figuresLeftOut,
    ...(llm ? { llm } : {}),
    ...(check ? { check: checkReport as Omit<CheckReport, 'pdf'> } : {}),
  };
  return { pptx, report, paper, poster, ...(png ? { png } : {}) };
}
