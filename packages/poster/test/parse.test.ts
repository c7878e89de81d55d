/**
 * Parser against the generated corpus's ground truth: title, authors, affiliations, sections in order,
 * references/appendix set aside, figure/table recall (≥ 95 %), box overlap, first mentions, provenance.
 */
import { describe, expect, it } from 'vitest';
import { parsePaper, splitSentences } from '../src/parse.js';
import type { Paper } from '../src/types.js';
import { corpusNames, iou, pdfPath, truthOf } from './corpus.js';

const names = corpusNames();
const parsed = new Map<string, Promise<Paper>>();
const parse = (n: string) => {
  let p = parsed.get(n);
  if (!p) {
    p = parsePaper(pdfPath(n));
    parsed.set(n, p);
  }
  return p;
};

describe('corpus', () => {
  it('has one- and two-column papers of 6–20 pages', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
    const t = names.map(truthOf);
    expect(t.some((x) => x.columns === 1)).toBe(true);
    expect(t.some((x) => x.columns === 2)).toBe(true);
    for (const x of t) {
      expect(x.pages).toBeGreaterThanOrEqual(6);
      expect(x.pages).toBeLessThanOrEqual(20);
    }
  });
});

describe.each(names)('parse %s', (name) => {
  const truth = truthOf(name);
  it('title, authors, affiliations', async () => {
    const p = await parse(name);
    expect(p.title).toBe(truth.title);
    expect(p.authors).toEqual(truth.authors);
    expect(p.affiliations).toEqual(truth.affiliations);
    expect(p.pages).toBe(truth.pages);
  });
  it('sections in order; references and appendix set aside', async () => {
    const p = await parse(name);
    expect(p.sections.map((s) => `${s.number} ${s.title}`)).toEqual(
      truth.sections.map((s) => `${s.number} ${s.title}`),
    );
    expect(p.setAside[0]).toBe('References');
    expect(p.setAside.some((s) => s.includes('Additional Results'))).toBe(true);
    for (const s of p.sections) {
      expect(s.sentences.length).toBeGreaterThan(0);
      // No reference-list or appendix text leaks into the body.
      for (const sen of s.sentences) expect(sen.text).not.toMatch(/^In Proc\./);
    }
    expect(p.abstract.length).toBeGreaterThan(2);
  });
  it('figures and tables: recall, caption, page, box overlap, first mention, crops', async () => {
    const p = await parse(name);
    let found = 0;
    for (const tf of truth.figures) {
      const f = p.figures.find((g) => g.id === tf.id);
      if (!f) continue;
      found++;
      expect(f.page).toBe(tf.page);
      expect(f.caption).toBe(tf.caption.replace(/\\%/g, '%').replace(/\$\\times\$/g, '×'));
      expect(iou(f.box, tf.box)).toBeGreaterThan(0.6);
      expect(p.sections[f.firstMention]?.title).toBe(tf.firstMentionSection);
      expect(f.dpi).toBeGreaterThanOrEqual(200);
      expect(f.png?.length ?? 0).toBeGreaterThan(500);
      // The crop's pixel size matches its box at the rendering resolution (within the 2 pt padding).
      expect(Math.abs(f.pxW - (f.box.w * f.dpi) / 72)).toBeLessThan((6 * f.dpi) / 72);
    }
    expect(found / truth.figures.length).toBeGreaterThanOrEqual(0.95);
    // No invented figures.
    expect(p.figures.length).toBe(truth.figures.length);
  });
  it('every sentence keeps its page and a box on that page', async () => {
    const p = await parse(name);
    for (const s of p.sections.flatMap((x) => x.sentences)) {
      const size = p.pageSizes[s.page - 1];
      expect(size).toBeDefined();
      expect(s.box.x).toBeGreaterThanOrEqual(0);
      expect(s.box.y + s.box.h).toBeLessThanOrEqual((size?.h ?? 0) + 1);
      expect(s.box.w).toBeGreaterThan(0);
    }
  });
});

describe('splitSentences', () => {
  it('keeps abbreviations and decimals inside sentences', () => {
    expect(
      splitSentences('We use 3.5 GB, e.g. Fig. 2 and Smith et al. In short it works. Next one.'),
    ).toEqual(['We use 3.5 GB, e.g. Fig. 2 and Smith et al. In short it works.', 'Next one.']);
  });
});

describe('bad input', () => {
  it('refuses a file that is not a PDF with PdfInputError', async () => {
    await expect(parsePaper(new TextEncoder().encode('hello, not a pdf at all'))).rejects.toThrow(
      /not a PDF/,
    );
  });
  it('refuses a truncated PDF', async () => {
    await expect(parsePaper(new TextEncoder().encode('%PDF-1.5\n1 0 obj\n<<>>\nendobj\n'))).rejects.toThrow(
      /PDF/,
    );
  });
});
