/**
 * @module verify
 * The deterministic Commenter (replacing the VLM overflow judge of arXiv:2505.21497 §3.3; research notes
 * §1.9 step 7): LibreOffice renders the .pptx to PDF, pdf.js reads every text run back with its box, and
 * each run must lie inside the shape whose text contains it; shapes holding text or pictures must not
 * overlap each other, and no shape may leave the slide. Also renders the PNG preview.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { kendallTau, readingOrder } from './layout.js';
import type { Box } from './types.js';
import { readZip } from './zip.js';

/** A shape read back from the .pptx (inches). */
export interface ShapeInfo {
  name: string;
  kind: 'shape' | 'picture';
  box: Box;
  text: string;
  slide: number;
}

/** Result of {@link verifyPptx}. */
export interface CheckReport {
  slides: number;
  shapes: number;
  textRuns: number;
  /** Text shapes with at least one run (glyph box) outside them. */
  overflowBoxes: number;
  overflowShapes: string[];
  /** Pairs of content shapes (text or picture) that intersect. */
  overlaps: number;
  overlapPairs: [string, string][];
  /** Shapes extending past the slide edge. */
  offSlide: string[];
  /** Kendall τ of the panels' geometric reading order vs their numbering (null without `panel-N` shapes). */
  readingOrderTau: number | null;
  /** Seconds spent in LibreOffice. */
  renderSeconds: number;
}

const EMU = 914_400;

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** Reads slide size (inches) and the shapes of every slide from .pptx bytes. */
export function readPptxShapes(bytes: Uint8Array): {
  w: number;
  h: number;
  shapes: ShapeInfo[];
  slides: number;
} {
  let entries: ReturnType<typeof readZip>;
  try {
    entries = readZip(bytes);
  } catch {
    throw new RangeError('not a .pptx file (it is not a ZIP archive)');
  }
  const dec = new TextDecoder();
  const get = (n: string) => entries.find((e) => e.name === n);
  const pres = get('ppt/presentation.xml');
  if (!pres) throw new RangeError('not a .pptx file (no ppt/presentation.xml)');
  const sz = /<p:sldSz[^>]*\bcx="(\d+)"[^>]*\bcy="(\d+)"/.exec(dec.decode(pres.data));
  const w = Number(sz?.[1] ?? 0) / EMU;
  const h = Number(sz?.[2] ?? 0) / EMU;
  const slideNames = entries
    .map((e) => e.name)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
  const shapes: ShapeInfo[] = [];
  slideNames.forEach((sn, si) => {
    const xml = dec.decode((get(sn) as { data: Uint8Array }).data);
    for (const m of xml.matchAll(/<p:(sp|pic)>([\s\S]*?)<\/p:\1>/g)) {
      const body = m[2] as string;
      const name = decodeXml(/<p:cNvPr[^>]*\bname="([^"]*)"/.exec(body)?.[1] ?? '');
      const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>/.exec(body);
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(body);
      if (!off || !ext) continue;
      const text = [...body.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => decodeXml(t[1] as string)).join(' ');
      shapes.push({
        name,
        kind: m[1] === 'pic' ? 'picture' : 'shape',
        box: {
          x: Number(off[1]) / EMU,
          y: Number(off[2]) / EMU,
          w: Number(ext[1]) / EMU,
          h: Number(ext[2]) / EMU,
        },
        text,
        slide: si + 1,
      });
    }
  });
  return { w, h, shapes, slides: slideNames.length };
}

/** Where the LibreOffice binary is (SOFFICE env var, else `soffice` on PATH), or undefined. */
export function findSoffice(): string | undefined {
  const env = process.env.SOFFICE;
  if (env && existsSync(env)) return env;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const n of ['soffice', 'libreoffice']) {
      const p = join(dir, n);
      if (dir && existsSync(p)) return p;
    }
  }
  return undefined;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, _o, stderr) => {
      if (err) reject(new Error(`${basename(cmd)} failed: ${(stderr || err.message).trim().split('\n')[0]}`));
      else resolve();
    });
  });
}

/** Converts .pptx bytes to PDF bytes with LibreOffice headless (private profile, so runs can overlap). */
export async function pptxToPdf(bytes: Uint8Array): Promise<Uint8Array> {
  const soffice = findSoffice();
  if (!soffice)
    throw new Error(
      'LibreOffice (soffice) not found; install libreoffice-impress (Debian) or set SOFFICE, or use --no-check',
    );
  const dir = await mkdtemp(join(tmpdir(), 'floret-poster-'));
  try {
    const src = join(dir, 'poster.pptx');
    await writeFile(src, bytes);
    await run(
      soffice,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        src,
      ],
      180_000,
    );
    const out = join(dir, 'poster.pdf');
    if (!existsSync(out)) throw new Error('LibreOffice produced no PDF');
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Run {
  text: string;
  box: Box;
  page: number;
}

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Text runs of a PDF with their boxes in inches (top-left origin). */
async function pdfRuns(pdf: Uint8Array): Promise<{ runs: Run[]; pages: number }> {
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await lib.getDocument({ data: pdf.slice(), verbosity: 0, isEvalSupported: false }).promise;
  const runs: Run[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      const tc = await page.getTextContent();
      for (const it of tc.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const t = it.transform as number[];
        const size = Math.hypot(t[2] ?? 0, t[3] ?? 0);
        const [x, y] = vp.convertToViewportPoint(t[4] ?? 0, t[5] ?? 0) as [number, number];
        // Glyph box: ascender 0.905 em above the baseline, descender 0.212 em below (Arial/Liberation Sans).
        runs.push({
          text: it.str,
          page: p,
          box: { x: x / 72, y: (y - 0.905 * size) / 72, w: it.width / 72, h: (1.117 * size) / 72 },
        });
      }
    }
    return { runs, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

const within = (a: Box, b: Box, tol: number) =>
  a.x >= b.x - tol && a.y >= b.y - tol && a.x + a.w <= b.x + b.w + tol && a.y + a.h <= b.y + b.h + tol;
const intersect = (a: Box, b: Box, eps: number) =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > eps &&
  Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > eps;

/**
 * Checks a .pptx: renders it with LibreOffice and compares every text run with its shape.
 * @param tolIn tolerance in inches (default 0.02 in)
 */
export async function verifyPptx(
  bytes: Uint8Array,
  opts: { tolIn?: number; pdf?: Uint8Array } = {},
): Promise<CheckReport & { pdf: Uint8Array }> {
  const tol = opts.tolIn ?? 0.02;
  const { w, h, shapes, slides } = readPptxShapes(bytes);
  const t0 = performance.now();
  const pdf = opts.pdf ?? (await pptxToPdf(bytes));
  const renderSeconds = (performance.now() - t0) / 1000;
  const { runs } = await pdfRuns(pdf);
  const textShapes = shapes.filter((s) => s.kind === 'shape' && s.text.trim() !== '');
  const bad = new Set<string>();
  for (const r of runs) {
    const n = norm(r.text);
    const onSlide = textShapes.filter((s) => s.slide === r.page);
    const bulletOnly = /^[•◦▪‣∙·–-]+$/.test(n);
    const cands = bulletOnly ? onSlide : onSlide.filter((s) => norm(s.text).includes(n));
    const cx = r.box.x + r.box.w / 2;
    const cy = r.box.y + r.box.h / 2;
    const home =
      cands.find(
        (s) => cx >= s.box.x && cx <= s.box.x + s.box.w && cy >= s.box.y && cy <= s.box.y + s.box.h,
      ) ?? cands[0];
    if (!home) {
      bad.add(`(unmatched text '${r.text.slice(0, 30)}')`);
      continue;
    }
    if (!within(r.box, home.box, tol)) bad.add(home.name);
  }
  const content = shapes.filter((s) => s.kind === 'picture' || s.text.trim() !== '');
  const pairs: [string, string][] = [];
  for (let i = 0; i < content.length; i++)
    for (let j = i + 1; j < content.length; j++) {
      const a = content[i] as ShapeInfo;
      const b = content[j] as ShapeInfo;
      if (a.slide === b.slide && intersect(a.box, b.box, 1e-3)) pairs.push([a.name, b.name]);
    }
  const slideBox = { x: 0, y: 0, w, h };
  const offSlide = shapes.filter((s) => !within(s.box, slideBox, 1e-3)).map((s) => s.name);
  const panels = shapes
    .filter((s) => /^panel-\d+$/.test(s.name))
    .sort((a, b) => Number(a.name.slice(6)) - Number(b.name.slice(6)));
  const tau = panels.length > 0 ? kendallTau(readingOrder(panels.map((p) => p.box))) : null;
  return {
    slides,
    shapes: shapes.length,
    textRuns: runs.length,
    overflowBoxes: bad.size,
    overflowShapes: [...bad].sort(),
    overlaps: pairs.length,
    overlapPairs: pairs,
    offSlide,
    readingOrderTau: tau,
    renderSeconds,
    pdf,
  };
}

/** Renders page 1 of a PDF to PNG bytes, `widthPx` wide (pdf.js + @napi-rs/canvas). */
export async function pdfToPng(pdf: Uint8Array, widthPx = 1600): Promise<Uint8Array> {
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await lib.getDocument({ data: pdf.slice(), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const page = await doc.getPage(1);
    const vp0 = page.getViewport({ scale: 1 });
    const vp = page.getViewport({ scale: widthPx / vp0.width });
    const canvas = createCanvas(Math.round(vp.width), Math.round(vp.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx as never, viewport: vp, canvas: canvas as never }).promise;
    return new Uint8Array(await canvas.encode('png'));
  } finally {
    await doc.destroy();
  }
}
