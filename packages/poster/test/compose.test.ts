/**
 * Plan + fit + render on corpus papers, without LibreOffice: layout invariants (inside the slide, content
 * shapes disjoint, reading order), fitted text within its boxes, readable font sizes, figures in the panel
 * of their first mention, conclusion kept; every size preset; byte-identical .pptx; named shapes, bullets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { composePoster, type Element, THEMES, type Theme } from '../src/compose.js';
import { evaluatePoster } from '../src/evaluate.js';
import { inside, overlaps, parseSize } from '../src/layout.js';
import { parsePaper } from '../src/parse.js';
import { makePoster, predictedProblems } from '../src/poster.js';
import { renderPptx } from '../src/render.js';
import type { Paper } from '../src/types.js';
import { writeExtractive } from '../src/write.js';
import { readZip } from '../src/zip.js';
import { pdfPath } from './corpus.js';

const papers = new Map<string, Paper>();
const NAMES = ['p02-twocol-6p', 'p05-onecol-13p', 'p06-twocol-14p'];
beforeAll(async () => {
  for (const n of NAMES) papers.set(n, await parsePaper(pdfPath(n)));
});

const SIZES = ['48x36in', '36x24in', 'A0', 'A0-landscape', 'A1', 'A1-landscape', '100x70cm'];

describe.each(NAMES)('compose %s', (name) => {
  it.each(SIZES)('size %s: invariants hold', (size) => {
    const paper = papers.get(name) as Paper;
    const draft = writeExtractive(paper);
    const poster = composePoster(paper, draft, { size: parseSize(size) });
    const slide = { x: 0, y: 0, w: poster.size.w, h: poster.size.h };
    const content = poster.elements.filter((e) => e.kind !== 'rect');
    for (const e of poster.elements) expect(inside(e.box, slide, 1e-9), e.name).toBe(true);
    for (let i = 0; i < content.length; i++)
      for (let j = i + 1; j < content.length; j++)
        expect(
          overlaps((content[i] as Element).box, (content[j] as Element).box),
          `${content[i]?.name} × ${content[j]?.name}`,
        ).toBe(false);
    // Each panel's children lie inside the panel.
    for (const p of poster.panels)
      for (const e of poster.elements.filter((x) => x.name.startsWith(`panel-${p.index + 1}-`)))
        expect(inside(e.box, p.box, 1e-6), e.name).toBe(true);
    expect(predictedProblems(poster)).toEqual({ overflow: 0, overlaps: 0, offSlide: 0 });
    const m = evaluatePoster(paper, poster);
    expect(m.readingOrderTau).toBe(1);
    expect(m.figurePlacement).toBe(1);
    // Readable: body ≥ 28 pt scaled by √(area / 48×36 in²), with one step of slack for re-fit rounds.
    const s = Math.sqrt((poster.size.w * poster.size.h) / (48 * 36));
    expect(poster.fonts.body).toBeGreaterThanOrEqual(Math.round(28 * s) - 1);
    expect(poster.fonts.title).toBeGreaterThanOrEqual(Math.round(60 * s));
    // Every panel has text; the last section's first sentence (its main claim) is on the poster.
    for (const p of poster.panels) expect(p.bullets).toBeGreaterThan(0);
    const last = paper.sections.at(-1) as Paper['sections'][number];
    const body = poster.elements.find((e) => e.name === `panel-${poster.panels.length}-body`);
    expect(body?.paras?.map((x) => x.text)).toContain(last.sentences[0]?.text);
    expect(m.quizProxy).toBeGreaterThanOrEqual(0.6);
  });
});

describe('end to end', () => {
  it('the same PDF gives a byte-identical .pptx (parse, crops, plan, render all deterministic)', async () => {
    const a = await makePoster(pdfPath('p02-twocol-6p'), { check: false });
    const b = await makePoster(pdfPath('p02-twocol-6p'), { check: false });
    expect(Buffer.from(a.pptx).equals(Buffer.from(b.pptx))).toBe(true);
    expect(a.report.checked).toBe(false);
    expect(a.report.overflowBoxes).toBe(0);
  });
});

describe('render', () => {
  it('is byte-identical for the same input, with fixed timestamps, named shapes and real bullets', async () => {
    const paper = papers.get('p02-twocol-6p') as Paper;
    const mk = async () => {
      const poster = composePoster(paper, writeExtractive(paper), {
        size: parseSize('A0'),
        theme: THEMES.forest as Theme,
      });
      return renderPptx(poster, { title: paper.title, author: paper.authors.join(', ') });
    };
    const a = await mk();
    const b = await mk();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const entries = readZip(a);
    const core = new TextDecoder().decode(entries.find((e) => e.name === 'docProps/core.xml')?.data);
    expect(core).toContain('2025-01-01T00:00:00Z');
    const slide = new TextDecoder().decode(entries.find((e) => e.name === 'ppt/slides/slide1.xml')?.data);
    expect(slide).toContain('name="panel-1-body"');
    expect(slide).toContain('name="panel-1-fig1"');
    expect(slide).toContain('name="panel-1-fig1-caption"');
    expect(slide).toContain('<a:buChar');
    expect(slide).not.toContain('normAutofit');
    expect(slide).toContain('Figure 1. ');
    // A0 portrait: 841 × 1189 mm in EMU (914400 per inch), rounded to 1/1000 in by the renderer.
    const pres = new TextDecoder().decode(entries.find((e) => e.name === 'ppt/presentation.xml')?.data);
    expect(pres).toMatch(/<p:sldSz cx="3027\d{4}" cy="4280\d{4}"/);
  });
});
