/**
 * @module parse
 * The Parser of arXiv:2505.21497 §3.1 (the asset library), rebuilt on pdf.js text geometry instead of
 * docling/marker models: lines from positioned glyph runs, one/two-column reading order by page bands,
 * headings from numbering + size/weight, references and appendix set aside, figures and tables anchored
 * on their captions (`Figure N:` / `Table N.`), their content region bounded by the nearest body text in
 * the same column and cropped from the page rendered at ≥ 200 dpi, whitespace trimmed. Every sentence
 * keeps its page and box.
 */
import { readFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import type { Box, Figure, Paper, Section, Sentence } from './types.js';

/** Why a PDF could not be used; the CLI turns it into one line and exit 2. */
export class PdfInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfInputError';
  }
}

/** Options of {@link parsePaper}. */
export interface ParseOptions {
  /** Render and crop figures (PNG) and tighten their boxes to the drawn pixels (default true). */
  renderFigures?: boolean;
  /** Rendering resolution of crops (default 200; the issue asks for ≥ 200). */
  dpi?: number;
}

interface Item {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, top-left origin. */
  base: number;
  size: number;
  bold: boolean;
}

/** A text line (or a column segment of one) with its geometry. */
export interface Line {
  page: number;
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Dominant font size (by characters). */
  size: number;
  bold: boolean;
  /** Largest horizontal gap between consecutive runs, in units of the font size. */
  maxGap: number;
  /** 0 one column / left, 1 right column, 2 spanning both columns. */
  col: 0 | 1 | 2;
  /** The text cut at wide gaps (≥ 0.8 em) and at size changes such as superscript markers. */
  chunks: string[];
}

interface PageData {
  w: number;
  h: number;
  lines: Line[];
  twoCol: boolean;
  mid: number;
}

type PdfModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfModule> | undefined;
function pdfjs(): Promise<PdfModule> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

const BOLD = /bold|medi|black|heavy|semibold|demi|-bx|cmbx/i;

/** Groups the runs of one page into lines, split at the column gutter on two-column pages. */
function pageLines(items: Item[], page: number, w: number): { lines: Line[]; twoCol: boolean; mid: number } {
  items.sort((a, b) => a.base - b.base || a.x0 - b.x0);
  // Rows: runs whose baselines are within 40 % of the font size (superscripts stay in their row).
  const rows: Item[][] = [];
  for (const it of items) {
    const row = rows.at(-1);
    const ref = row?.find((r) => r.size >= it.size * 0.8) ?? row?.[0];
    if (row && ref && Math.abs(it.base - ref.base) < 0.45 * Math.max(ref.size, it.size)) row.push(it);
    else rows.push([it]);
  }
  const mid = w / 2;
  const segs: Item[][] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x0 - b.x0);
    let cur: Item[] = [];
    for (const it of row) {
      const prev = cur.at(-1);
      // A gap that straddles the page middle is a column gutter: start a new segment.
      if (prev && prev.x1 < mid && it.x0 > mid && it.x0 - prev.x1 > 0.6 * it.size) {
        segs.push(cur);
        cur = [];
      }
      cur.push(it);
    }
    if (cur.length > 0) segs.push(cur);
  }
  const lines: Line[] = segs.map((seg) => {
    let text = '';
    const chunks: string[] = [''];
    let maxGap = 0;
    let chars = 0;
    const bySize = new Map<number, number>();
    let boldChars = 0;
    let prev: Item | undefined;
    for (const it of seg) {
      if (prev) {
        const gap = it.x0 - prev.x1;
        const main = Math.max(prev.size, it.size);
        if (gap > 0.12 * main && !text.endsWith(' ')) text += ' ';
        maxGap = Math.max(maxGap, gap / main);
        if (gap > 0.8 * main || Math.abs(it.size - prev.size) > 0.15 * main) chunks.push('');
        else if (gap > 0.12 * main) chunks[chunks.length - 1] += ' ';
      }
      text += it.text;
      chunks[chunks.length - 1] += it.text;
      const n = it.text.trim().length;
      chars += n;
      const s = Math.round(it.size * 10) / 10;
      bySize.set(s, (bySize.get(s) ?? 0) + n);
      if (it.bold) boldChars += n;
      prev = it;
    }
    let size = 0;
    let best = -1;
    for (const [s, n] of bySize) if (n > best || (n === best && s > size)) [size, best] = [s, n];
    const x0 = Math.min(...seg.map((i) => i.x0));
    const x1 = Math.max(...seg.map((i) => i.x1));
    const base = Math.max(...seg.filter((i) => i.size >= size * 0.85).map((i) => i.base));
    return {
      page,
      text: text.replace(/\s+/g, ' ').trim(),
      x0,
      x1,
      top: base - size * 0.8,
      bottom: base + size * 0.22,
      size,
      bold: chars > 0 && boldChars / chars > 0.6,
      maxGap,
      col: 0 as 0 | 1 | 2,
      chunks: chunks.map((c) => c.replace(/\s+/g, ' ').trim()).filter((c) => c.length > 0),
    };
  });
  // Two columns when a good share of the segments start right of the middle and do not span it.
  const right = lines.filter((l) => l.x0 > mid).length;
  const spanning = lines.filter((l) => l.x0 < mid - 4 && l.x1 > mid + 4).length;
  const twoCol = right >= 5 && right > 0.25 * lines.length && spanning < 0.6 * lines.length;
  for (const l of lines) {
    if (!twoCol) l.col = 0;
    else if (l.x0 < mid - 4 && l.x1 > mid + 4) l.col = 2;
    else l.col = l.x0 >= mid - 4 ? 1 : 0;
  }
  return { lines: orderLines(lines, twoCol), twoCol, mid };
}

/** Reading order: top to bottom; on two-column pages, bands between spanning lines read left then right. */
function orderLines(lines: Line[], twoCol: boolean): Line[] {
  const byTop = [...lines].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  if (!twoCol) return byTop;
  const out: Line[] = [];
  let band: Line[] = [];
  const flush = () => {
    out.push(...band.filter((l) => l.col === 0), ...band.filter((l) => l.col === 1));
    band = [];
  };
  for (const l of byTop) {
    if (l.col === 2) {
      flush();
      out.push(l);
    } else band.push(l);
  }
  flush();
  return out;
}

/** Reads a PDF's pages into lines (exported for tests and the verifier). */
export async function loadPdf(data: Uint8Array): Promise<{
  doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
  pages: PageData[];
}> {
  const lib = await pdfjs();
  let doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
  try {
    doc = await lib.getDocument({ data, verbosity: 0, isEvalSupported: false, useSystemFonts: false })
      .promise;
  } catch (err) {
    const e = err as Error & { name?: string };
    if (e.name === 'PasswordException') throw new PdfInputError('the PDF is encrypted (password-protected)');
    throw new PdfInputError(`not a readable PDF (${e.message.replace(/\s+/g, ' ').slice(0, 120)})`);
  }
  const pages: PageData[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const vp = page.getViewport({ scale: 1 });
    const tc = await page.getTextContent();
    // Font names (for weight) are only known once the page's fonts are loaded.
    await page.getOperatorList();
    const boldOf = new Map<string, boolean>();
    const items: Item[] = [];
    for (const raw of tc.items) {
      if (!('str' in raw)) continue;
      const str = raw.str;
      if (str.trim() === '') continue;
      const [a, b, , d, e, f] = raw.transform as number[];
      // Rotated runs (axis labels) are figure content, not text flow.
      if (Math.abs(b ?? 0) > 0.01 || (a ?? 0) <= 0) continue;
      const size = Math.abs(d ?? a ?? 0) || Math.abs(a ?? 0);
      let bold = boldOf.get(raw.fontName);
      if (bold === undefined) {
        let name = '';
        try {
          name = (page.commonObjs.get(raw.fontName) as { name?: string } | undefined)?.name ?? '';
        } catch {
          name = '';
        }
        bold = BOLD.test(name);
        boldOf.set(raw.fontName, bold);
      }
      const [x, y] = vp.convertToViewportPoint(e ?? 0, f ?? 0) as [number, number];
      items.push({ text: str, x0: x, x1: x + raw.width, base: y, size, bold });
    }
    const { lines, twoCol, mid } = pageLines(items, p, vp.width);
    pages.push({ w: vp.width, h: vp.height, lines, twoCol, mid });
    page.cleanup();
  }
  return { doc, pages };
}

const CAPTION = /^(Figure|Fig\.|Table)\s*(\d+)\s*[:.]\s*/;
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(\S.{0,90})$/;
const APPENDIX_NUM = /^([A-H](?:\.\d{1,2})?)\.?\s+([A-Z].{0,90})$/;
const SET_ASIDE =
  /^(references|bibliography|acknowledge?ments?|appendix|appendices|supplementary material)\b/i;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor(s.length / 2)] as number);
}

/** Body font size: the size carrying the most characters. */
function bodySize(pages: PageData[]): number {
  const hist = new Map<number, number>();
  for (const p of pages) for (const l of p.lines) hist.set(l.size, (hist.get(l.size) ?? 0) + l.text.length);
  let best = 10;
  let n = -1;
  for (const [s, c] of hist) if (c > n) [best, n] = [s, c];
  return best;
}

interface Heading {
  kind: 'section' | 'subsection' | 'abstract' | 'aside';
  number: string;
  title: string;
}

function headingOf(l: Line, body: number, afterRefs: boolean): Heading | undefined {
  const t = l.text;
  if (t.length > 100 || l.maxGap > 3) return undefined;
  const big = l.size >= body * 1.1;
  const strong = big || l.bold;
  if (!strong) return undefined;
  if (/^abstract\.?$/i.test(t)) return { kind: 'abstract', number: '', title: 'Abstract' };
  const bare = t.replace(/^([\dA-Z](?:\.\d+)*)\.?\s+/, '');
  if (SET_ASIDE.test(t) || (SET_ASIDE.test(bare) && bare.length < 40))
    return { kind: 'aside', number: '', title: bare };
  if (/[.:;,]$/.test(t) && !/^\d+\.$/.test(t)) return undefined;
  const m = NUMBERED.exec(t);
  if (m && /^[A-Z]/.test(m[2] ?? '') && !/\d{3,}/.test(m[2] ?? '')) {
    const num = m[1] ?? '';
    return { kind: num.includes('.') ? 'subsection' : 'section', number: num, title: (m[2] ?? '').trim() };
  }
  if (afterRefs) {
    const a = APPENDIX_NUM.exec(t);
    if (a && big) return { kind: 'aside', number: a[1] ?? '', title: (a[2] ?? '').trim() };
  }
  return undefined;
}

/** Splits text into sentences, keeping abbreviations and decimals intact. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /(?<=[.!?])\s+(?=[A-Z(“"])/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index ?? 0;
    const before = text.slice(Math.max(start, end - 8), end);
    if (/\b(?:et al|e\.g|i\.e|Fig|Figs|Eq|Sec|vs|cf|resp|approx|No)\.$/.test(before)) continue;
    out.push(text.slice(start, end).trim());
    start = end + m[0].length;
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out.filter((s) => s.length > 0);
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

const lineBox = (l: Line): Box => ({ x: l.x0, y: l.top, w: l.x1 - l.x0, h: l.bottom - l.top });

/** Parses a PDF file (path or bytes) into the asset library. */
export async function parsePaper(input: string | Uint8Array, opts: ParseOptions = {}): Promise<Paper> {
  let data: Uint8Array;
  if (typeof input === 'string') {
    try {
      data = new Uint8Array(await readFile(input));
    } catch (err) {
      throw new PdfInputError(`cannot read ${input} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else data = input;
  if (data.length < 5 || String.fromCharCode(...data.subarray(0, 5)) !== '%PDF-') {
    // pdf.js would search the bytes for a header; a file that does not start like a PDF is refused early.
    const head = String.fromCharCode(...data.subarray(0, Math.min(data.length, 1024)));
    if (!head.includes('%PDF-')) throw new PdfInputError('not a PDF file (no %PDF- header)');
  }
  const { doc, pages } = await loadPdf(data);
  try {
    const chars = pages.reduce((s, p) => s + p.lines.reduce((t, l) => t + l.text.length, 0), 0);
    if (chars < 200 * Math.min(pages.length, 2))
      throw new PdfInputError(
        'the PDF has no usable text layer (scanned pages?); run OCR first, e.g. ocrmypdf in.pdf out.pdf',
      );
    const paper = analyse(pages);
    if (opts.renderFigures !== false) await cropFigures(doc, paper, opts.dpi ?? 200);
    return paper;
  } finally {
    await doc.destroy();
  }
}

interface Region {
  fig: Figure;
  page: number;
  captionLines: Line[];
}

/** The layout analysis proper, on lines already in reading order. */
function analyse(pages: PageData[]): Paper {
  const body = bodySize(pages);
  // --- captions and their figure regions (first, so their lines leave the text flow) ---
  const used = new Set<Line>();
  const regions: Region[] = [];
  const seen = new Set<string>();
  pages.forEach((pg, pi) => {
    const ls = pg.lines;
    for (let i = 0; i < ls.length; i++) {
      const l = ls[i] as Line;
      const m = CAPTION.exec(l.text);
      if (!m || used.has(l)) continue;
      const kind = (m[1] ?? '').startsWith('T') ? 'table' : 'figure';
      const number = Number(m[2]);
      const id = `${kind === 'table' ? 'tab' : 'fig'}${number}`;
      if (seen.has(id)) continue;
      // A caption is not an in-text mention: it follows a gap or is its own block (text starts the line).
      const capLines = [l];
      for (let j = i + 1; j < ls.length; j++) {
        const n = ls[j] as Line;
        const prev = capLines.at(-1) as Line;
        if (n.col !== l.col || n.top - prev.bottom > 0.6 * n.size || Math.abs(n.size - l.size) > 0.6) break;
        if (CAPTION.exec(n.text) || n.maxGap > 2) break;
        capLines.push(n);
      }
      seen.add(id);
      for (const c of capLines) used.add(c);
      const caption = capLines
        .map((c) => c.text)
        .join(' ')
        .replace(CAPTION, '')
        .replace(/-\s(?=[a-z])/g, '')
        .trim();
      const fig: Figure = {
        id,
        kind,
        number,
        caption,
        page: pi + 1,
        box: { x: 0, y: 0, w: 0, h: 0 },
        pxW: 0,
        pxH: 0,
        dpi: 0,
        firstMention: -1,
      };
      regions.push({ fig, page: pi, captionLines: capLines });
    }
  });
  // Content region: between the caption and the nearest body-like line in the same column.
  const blockTop = median(pages.map((p) => Math.min(...p.lines.map((l) => l.top))));
  const blockBottom = median(pages.map((p) => Math.max(...p.lines.map((l) => l.bottom))));
  for (const r of regions) {
    const pg = pages[r.page] as PageData;
    const cap = r.captionLines;
    const c0 = cap[0] as Line;
    const cN = cap.at(-1) as Line;
    const spans = c0.col === 2 || !pg.twoCol;
    const textLines = pg.lines;
    const colX0 = spans
      ? Math.min(...textLines.map((l) => l.x0))
      : c0.col === 1
        ? Math.min(...textLines.filter((l) => l.col === 1).map((l) => l.x0))
        : Math.min(...textLines.filter((l) => l.col === 0).map((l) => l.x0));
    const colX1 = spans
      ? Math.max(...textLines.map((l) => l.x1))
      : c0.col === 1
        ? Math.max(...textLines.filter((l) => l.col === 1).map((l) => l.x1))
        : Math.max(...textLines.filter((l) => l.col === 0).map((l) => l.x1));
    const colW = colX1 - colX0;
    const inCol = (l: Line) => (spans ? true : l.x1 > colX0 - 1 && l.x0 < colX1 + 1);
    // Lines that end a figure region: body text, headings, other captions, the title block, and (for a
    // one-column figure on a two-column page) anything in another column.
    const bodyLike = (l: Line) =>
      used.has(l) ||
      l.size > body * 1.25 ||
      (!spans && l.col !== c0.col) ||
      (Math.abs(l.size - body) < 0.8 &&
        l.maxGap < 1.3 &&
        (l.x1 - l.x0 > 0.7 * colW || (/[.!?:]$/.test(l.text) && l.text.split(' ').length >= 3))) ||
      headingOf(l, body, false) !== undefined;
    // A float at the very top (bottom) of a page has no text above (below) it: use the text block's edge.
    const pageTop = Math.min(blockTop, ...textLines.map((l) => l.top));
    const pageBottom = Math.max(blockBottom, ...textLines.map((l) => l.bottom));
    const inside: Line[] = [];
    let top: number;
    let bottom: number;
    if (r.fig.kind === 'figure') {
      // Scan upward from the caption.
      const above = textLines
        .filter((l) => inCol(l) && l.bottom <= c0.top + 0.5 && !cap.includes(l))
        .sort((a, b) => b.bottom - a.bottom);
      top = pageTop;
      for (const l of above) {
        if (bodyLike(l)) {
          top = l.bottom + 1;
          break;
        }
        inside.push(l);
      }
      bottom = c0.top - 1;
    } else {
      const below = textLines
        .filter((l) => inCol(l) && l.top >= cN.bottom - 0.5 && !cap.includes(l))
        .sort((a, b) => a.top - b.top);
      bottom = pageBottom;
      for (const l of below) {
        if (bodyLike(l)) {
          bottom = l.top - 1;
          break;
        }
        inside.push(l);
      }
      // Below the caption's descenders.
      top = cN.bottom + 0.15 * cN.size;
    }
    for (const l of inside) used.add(l);
    r.fig.box = { x: colX0, y: top, w: colW, h: Math.max(0, bottom - top) };
  }
  // --- title, authors, affiliations (page 1, before the abstract or the first section) ---
  const p1 = pages[0] as PageData;
  let k = 0;
  const firstLines = p1.lines.filter((l) => !used.has(l));
  const headIdx = firstLines.findIndex(
    (l) => headingOf(l, body, false) !== undefined || /^abstract\b/i.test(l.text),
  );
  const front = firstLines.slice(0, headIdx < 0 ? Math.min(12, firstLines.length) : headIdx);
  const maxSize = Math.max(...front.map((l) => l.size));
  const titleLines = front.filter((l) => l.size >= maxSize - 0.5);
  const title = titleLines
    .map((l) => l.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const lastTitle = titleLines.at(-1);
  const afterTitle = front.filter(
    (l) => lastTitle && l.top > lastTitle.bottom - 0.5 && !titleLines.includes(l),
  );
  const authors: string[] = [];
  const affiliations: string[] = [];
  const AFF =
    /universit|institut|college|school|department|dept\.|laborator|\blabs?\b|research|center|centre|inc\.|corp|eth |kth /i;
  for (const l of afterTitle) {
    const parts = l.chunks
      .flatMap((c) => c.split(/\s*(?:\d+|[*†‡§,;]|\band\b)\s*/))
      .map((s) => s.trim())
      .filter((s) => s.length > 1);
    // E-mail lines ({a, b}@x.org) are neither authors nor affiliations.
    if (/@/.test(l.text)) continue;
    if (AFF.test(l.text)) affiliations.push(...parts);
    else if (parts.every((s) => /^[A-Z][\p{L}'’.-]*(?:\s+[A-Z][\p{L}'’.-]*){0,3}$/u.test(s)))
      authors.push(...parts);
    k++;
  }
  void k;
  // --- sections, in reading order over all pages ---
  const sections: Section[] = [];
  const setAside: string[] = [];
  const abstractLines: Line[] = [];
  let mode: 'front' | 'abstract' | 'section' | 'aside' = 'front';
  let cur: { sec: Section; lines: Line[] } | undefined;
  const secLines: { sec: Section; lines: Line[] }[] = [];
  const titleSet = new Set(titleLines);
  const afterSet = new Set(afterTitle);
  for (const pg of pages) {
    for (const l of pg.lines) {
      if (used.has(l) || titleSet.has(l) || afterSet.has(l)) continue;
      const h = headingOf(l, body, mode === 'aside');
      if (h) {
        if (h.kind === 'abstract') {
          mode = 'abstract';
          continue;
        }
        if (h.kind === 'aside' || (mode === 'aside' && h.kind === 'section')) {
          mode = 'aside';
          setAside.push(h.number ? `${h.number} ${h.title}` : h.title);
          continue;
        }
        if (mode === 'aside') continue;
        if (h.kind === 'section') {
          mode = 'section';
          cur = {
            sec: { number: h.number, title: h.title, sentences: [], subsections: [], mentions: [] },
            lines: [],
          };
          secLines.push(cur);
          sections.push(cur.sec);
          continue;
        }
        if (h.kind === 'subsection' && cur) {
          cur.sec.subsections.push(h.title);
          continue;
        }
      }
      // Inline abstract ("Abstract—We …" or "Abstract. We …").
      if (mode === 'front' && /^abstract\s*[.:—–-]\s*\S/i.test(l.text)) {
        mode = 'abstract';
        abstractLines.push({ ...l, text: l.text.replace(/^abstract\s*[.:—–-]\s*/i, '') });
        continue;
      }
      if (mode === 'abstract') abstractLines.push(l);
      else if (mode === 'section' && cur) cur.lines.push(l);
    }
  }
  // Display maths and stray figure text: drop lines with wide internal gaps or tiny fonts.
  // Page numbers and running heads are dropped too.
  const isFlow = (l: Line) =>
    l.maxGap < 2.2 && l.size > body * 0.75 && !/^\(\d+\)$/.test(l.text) && !/^\d{1,4}$/.test(l.text);
  const toSentences = (lines: Line[], section: number): Sentence[] => {
    const flow = lines.filter(isFlow);
    let text = '';
    const marks: { at: number; line: Line }[] = [];
    for (const l of flow) {
      if (text.endsWith('-') && /^[a-z]/.test(l.text)) text = text.slice(0, -1);
      else if (text.length > 0) text += ' ';
      marks.push({ at: text.length, line: l });
      text += l.text;
    }
    const out: Sentence[] = [];
    let pos = 0;
    for (const s of splitSentences(text)) {
      const at = text.indexOf(s, pos);
      const end = at + s.length;
      pos = end;
      const ls = marks.filter((m, i) => m.at < end && (marks[i + 1]?.at ?? Number.POSITIVE_INFINITY) > at);
      const first = ls[0]?.line;
      if (!first) continue;
      let box = lineBox(first);
      for (const m of ls) if (m.line.page === first.page) box = union(box, lineBox(m.line));
      out.push({ text: s.replace(/\s+/g, ' '), page: first.page, box, section });
    }
    return out;
  };
  const abstract = toSentences(abstractLines, -1);
  secLines.forEach((s, i) => {
    s.sec.sentences = toSentences(s.lines, i);
  });
  // First mentions of figures and tables, in paper order.
  const figures = regions.map((r) => r.fig);
  sections.forEach((s, i) => {
    for (const sen of s.sentences) {
      for (const m of sen.text.matchAll(/\b(Figure|Fig\.|Table|Tab\.)\s*~?(\d+)/g)) {
        const id = `${(m[1] ?? '').startsWith('T') ? 'tab' : 'fig'}${m[2]}`;
        if (!s.mentions.includes(id)) s.mentions.push(id);
        const f = figures.find((g) => g.id === id);
        if (f && f.firstMention < 0) f.firstMention = i;
      }
    }
  });
  figures.sort((a, b) => (a.kind === b.kind ? a.number - b.number : a.kind === 'figure' ? -1 : 1));
  return {
    title,
    authors,
    affiliations,
    abstract,
    sections,
    setAside,
    figures,
    pages: pages.length,
    pageSizes: pages.map((p) => ({ w: p.w, h: p.h })),
  };
}

/** Renders each figure's page region at `dpi`, trims white margins, keeps the PNG and the tightened box. */
async function cropFigures(
  doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy,
  paper: Paper,
  dpi: number,
): Promise<void> {
  const byPage = new Map<number, Figure[]>();
  for (const f of paper.figures) {
    if (f.box.w < 4 || f.box.h < 4) continue;
    byPage.set(f.page, [...(byPage.get(f.page) ?? []), f]);
  }
  const scale = dpi / 72;
  for (const [pageNo, figs] of [...byPage].sort((a, b) => a[0] - b[0])) {
    const page = await doc.getPage(pageNo);
    const vp = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(vp.width), Math.ceil(vp.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({
      canvasContext: ctx as never,
      viewport: vp,
      canvas: canvas as never,
    }).promise;
    for (const f of figs) {
      const x0 = Math.max(0, Math.floor(f.box.x * scale));
      const y0 = Math.max(0, Math.floor(f.box.y * scale));
      const x1 = Math.min(canvas.width, Math.ceil((f.box.x + f.box.w) * scale));
      const y1 = Math.min(canvas.height, Math.ceil((f.box.y + f.box.h) * scale));
      if (x1 - x0 < 4 || y1 - y0 < 4) continue;
      const img = ctx.getImageData(x0, y0, x1 - x0, y1 - y0);
      const t = trimWhite(img.data, img.width, img.height);
      if (!t) continue;
      const pad = Math.round(dpi / 36); // 2 pt of white around the drawing
      const cx = Math.max(0, x0 + t.x - pad);
      const cy = Math.max(0, y0 + t.y - pad);
      const cw = Math.min(canvas.width - cx, t.w + 2 * pad);
      const ch = Math.min(canvas.height - cy, t.h + 2 * pad);
      const out = createCanvas(cw, ch);
      const octx = out.getContext('2d');
      octx.putImageData(ctx.getImageData(cx, cy, cw, ch), 0, 0);
      f.png = new Uint8Array(await out.encode('png'));
      f.pxW = cw;
      f.pxH = ch;
      f.dpi = dpi;
      f.box = { x: (x0 + t.x) / scale, y: (y0 + t.y) / scale, w: t.w / scale, h: t.h / scale };
    }
    page.cleanup();
  }
}

/** Bounding box of the non-white pixels (any channel below 245) of an RGBA image. */
export function trimWhite(
  px: Uint8ClampedArray | Uint8Array,
  w: number,
  h: number,
): { x: number; y: number; w: number; h: number } | undefined {
  let minX = w;
  let minY = h;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w * 4;
    for (let x = 0; x < w; x++) {
      const i = row + x * 4;
      if ((px[i] as number) < 245 || (px[i + 1] as number) < 245 || (px[i + 2] as number) < 245) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return undefined;
  return { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** Median of a list (exported for the evaluator). */
export { median };
