/**
 * @module evaluate
 * Offline metrics (issue 4, "Evaluate"; research notes §5.3): word count, reading order (Kendall τ of the
 * panels' geometric reading order against the paper's section order), figure placement (share of placed
 * figures sitting in the panel of the section that first mentions them), and a PaperQuiz proxy — the
 * share of the paper's key facts (title terms, defined acronyms, numbers with units in the abstract and
 * conclusion) that appear in the poster text. The real PaperQuiz (arXiv:2505.21497 §4) asks VLM readers
 * 100 generated questions; this proxy needs no model and is only a stand-in.
 */
import type { Poster } from './compose.js';
import { kendallTau, readingOrder } from './layout.js';
import type { Paper } from './types.js';
import { terms } from './write.js';

/** Key facts of a paper (normalised strings) used by the quiz proxy. */
export function keyFacts(paper: Paper): string[] {
  const facts = new Set<string>();
  for (const t of terms(paper.title)) if (t.length >= 5) facts.add(t);
  const all = [...paper.abstract, ...paper.sections.flatMap((s) => s.sentences)].map((s) => s.text).join(' ');
  for (const m of all.matchAll(/\(([A-Z][A-Za-z]*[A-Z][A-Za-z0-9-]*)\)/g))
    facts.add((m[1] as string).toLowerCase());
  const last = paper.sections.at(-1);
  const ends = [...paper.abstract, ...(last?.sentences ?? [])].map((s) => s.text).join(' ');
  for (const m of ends.matchAll(/\d+(?:\.\d+)?\s?(?:%|×|x\b|M\b|B\b|k\b)/g))
    facts.add(m[0].replace(/\s/g, '').toLowerCase());
  return [...facts].sort();
}

/** Text of a composed poster (all text elements), one string. */
export function posterText(poster: Poster): string {
  return poster.elements
    .filter((e) => e.kind === 'text')
    .flatMap((e) => (e.paras ?? []).map((p) => p.text))
    .join('\n');
}

/** Metrics of a composed poster. */
export interface Metrics {
  panels: number;
  figures: number;
  words: number;
  readingOrderTau: number;
  figurePlacement: number;
  quizProxy: number;
  facts: number;
}

/** Computes the offline metrics of a poster against its paper. */
export function evaluatePoster(paper: Paper, poster: Poster): Metrics {
  const text = posterText(poster);
  const bodyWords = poster.elements
    .filter((e) => e.kind === 'text')
    .flatMap((e) => (e.paras ?? []).map((p) => p.text))
    .join(' ')
    .split(/\s+/)
    .filter((w) => w.length > 0).length;
  const order = readingOrder(poster.panels.map((p) => p.box));
  const tau = kendallTau(order.map((i) => poster.panels[i]?.sections[0] ?? 0));
  let placed = 0;
  let right = 0;
  for (const f of paper.figures) {
    const panel = poster.panels.find((p) => p.figures.includes(f.id));
    if (!panel) continue;
    placed++;
    if (panel.sections.includes(f.firstMention)) right++;
  }
  const facts = keyFacts(paper);
  const low = text.toLowerCase().replace(/\s+(?=[%×])/g, '');
  const hit = facts.filter((f) => low.includes(f)).length;
  return {
    panels: poster.panels.length,
    figures: placed,
    words: bodyWords,
    readingOrderTau: tau,
    figurePlacement: placed === 0 ? 1 : right / placed,
    quizProxy: facts.length === 0 ? 1 : hit / facts.length,
    facts: facts.length,
  };
}
