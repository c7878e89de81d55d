/**
 * The LibreOffice check (the deterministic Commenter). Needs soffice: under CI=true a missing soffice
 * fails these tests; locally they are skipped. Corpus posters must come out clean; a deliberately broken
 * .pptx (text far too large for its box, overlapping and off-slide shapes) must be caught.
 */
import { describe, expect, it } from 'vitest';
import type { Poster } from '../src/compose.js';
import { THEMES, type Theme } from '../src/compose.js';
import { parseSize } from '../src/layout.js';
import { makePoster } from '../src/poster.js';
import { renderPptx } from '../src/render.js';
import { findSoffice, readPptxShapes, verifyPptx } from '../src/verify.js';
import { pdfPath } from './corpus.js';

const soffice = findSoffice();
const ci = process.env.CI === 'true' || process.env.CI === '1';

describe('LibreOffice available', () => {
  it.runIf(ci)('soffice is installed under CI (libreoffice-impress)', () => {
    expect(soffice, 'CI must install libreoffice-impress').toBeDefined();
  });
});

describe.skipIf(!soffice && !ci)('verify with LibreOffice', () => {
  it.each(['p01-onecol-6p', 'p04-twocol-10p'])(
    '%s: clean poster, preview PNG, τ = 1',
    async (name) => {
      const r = await makePoster(pdfPath(name), { previewWidth: 800 });
      expect(r.report.checked).toBe(true);
      expect(r.report.overflowBoxes).toBe(0);
      expect(r.report.overlaps).toBe(0);
      expect(r.report.offSlide).toBe(0);
      expect(r.report.readingOrderTau).toBe(1);
      expect(r.report.check?.textRuns ?? 0).toBeGreaterThan(50);
      // PNG signature and width.
      const png = r.png as Uint8Array;
      expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
      expect(Buffer.from(png).readUInt32BE(16)).toBe(800);
    },
    120_000,
  );
  it('catches overflowing text, overlapping shapes and shapes off the slide', async () => {
    const size = parseSize('36x24in');
    const style = {
      size: 40,
      face: 'regular' as const,
      spacing: 1,
      paraSpace: 0,
      bulletIndent: 30,
      insetX: 14.4,
      insetY: 7.2,
      valign: 'top' as const,
    };
    const long = 'This sentence is far too long for the small box it has been given on this poster. '.repeat(
      6,
    );
    const poster: Poster = {
      size,
      theme: THEMES.classic as Theme,
      elements: [
        {
          name: 'tiny',
          kind: 'text',
          box: { x: 1, y: 1, w: 4, h: 1 },
          paras: [{ text: long, bullet: false, bold: false, size: 40, color: '000000', align: 'left' }],
          style,
        },
        {
          name: 'ok',
          kind: 'text',
          box: { x: 10, y: 10, w: 10, h: 2 },
          paras: [{ text: 'fine', bullet: false, bold: false, size: 40, color: '000000', align: 'left' }],
          style,
        },
        {
          name: 'on-top',
          kind: 'text',
          box: { x: 15, y: 10.5, w: 10, h: 2 },
          paras: [{ text: 'overlap', bullet: false, bold: false, size: 40, color: '000000', align: 'left' }],
          style,
        },
        { name: 'edge', kind: 'rect', box: { x: 30, y: 20, w: 10, h: 2 }, fill: 'FF0000' },
      ],
      panels: [],
      fonts: { title: 60, authors: 30, header: 40, body: 40, caption: 20 },
      truncated: 0,
      figuresLeftOut: [],
    };
    const bytes = await renderPptx(poster, { title: 't', author: 'a' });
    expect(readPptxShapes(bytes).shapes.map((s) => s.name)).toEqual(['tiny', 'ok', 'on-top', 'edge']);
    const r = await verifyPptx(bytes);
    expect(r.overflowShapes).toEqual(['tiny']);
    expect(r.overlapPairs).toEqual([['ok', 'on-top']]);
    expect(r.offSlide).toEqual(['edge']);
  }, 120_000);
});
