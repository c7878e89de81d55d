/**
 * @module write
 * Extractive bullet writing (the no-LLM path of research notes §1.8, replacing the Bullets call of
 * arXiv:2505.21497 §3.3): sentences are ranked by position, cue phrases ("we propose", "outperforms"),
 * numbers, named methods/datasets, figure references and centrality (TF cosine to the section), then
 * lightly compressed (citations and parentheticals of references removed). A section's conclusion sentence
 * and its best sentence are marked mandatory so fitting never drops them.
 */
import type { Paper, Sentence } from './types.js';

/** One candidate bullet of a section. */
export interface Bullet {
  text: string;
  /** Rank score: higher is kept first. */
  score: number;
  /** Order in the paper (bullets are shown in this order). */
  order: number;
  /** Never trimmed. */
  mandatory: boolean;
  /** Provenance of the source sentence. */
  source: Sentence;
}

/** The bullets written for each section, indexed like {@link Paper.sections}. */
export interface Draft {
  /** Panel titles (≤ 4 words, from the paper's headings). */
  titles: string[];
  bullets: Bullet[][];
}

const CUES =
  /\b(we (propose|present|introduce|show|find|demonstrate|observe)|outperform|improv|achiev|reduc|faster|state-of-the-art|novel|key|main|conclude|result)/i;
const STOP = new Set(
  'the a an of and or to in on for with by as at from is are was were be been this that these those it its we our their which who whom than then there here under over into via not no can may also such each every all both more most less'.split(
    ' ',
  ),
);

/** Content words of a text, lower-cased. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z0-9-]+/g) ?? []).filter((w) => !STOP.has(w) && w.length > 2);
}

/** Acronyms defined in the paper as "Long Name (ABC)" plus dataset-like names (CIFAR-100, ImageNet-1k). */
export function namedEntities(paper: Paper): string[] {
  const text = [...paper.abstract, ...paper.sections.flatMap((s) => s.sentences)]
    .map((s) => s.text)
    .join(' ');
  const out = new Set<string>();
  for (const m of text.matchAll(/\(([A-Z][A-Za-z]*[A-Z][A-Za-z0-9-]*)\)/g)) out.add(m[1] as string);
  for (const m of text.matchAll(/\b[A-Z][A-Za-z]*-\d+[a-z]?\b|\b[A-Z]{2,}[a-z]*\d*\b/g)) {
    const w = m[0];
    if (w.length >= 3) out.add(w);
  }
  return [...out].sort();
}

/** Removes citations and reference-only parentheticals; tidies spaces. */
export function compress(text: string): string {
  return text
    .replace(/\s*\[[\d,\s–-]+\]/g, '')
    .replace(/\s*\((?:[A-Z][A-Za-z-]+(?: et al\.)?,? \d{4}[a-z]?(?:; )?)+\)/g, '')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Short panel title from a heading (keeps the paper's words; at most 4). */
export function panelTitle(heading: string): string {
  const words = heading.split(/\s+/);
  return words.length <= 4 ? heading : words.slice(0, 4).join(' ');
}

/**
 * Ranks every sentence of every section into candidate bullets. The abstract's sentences join the first
 * section's candidates (it is the paper's own summary of the motivation and headline numbers).
 */
export function writeExtractive(paper: Paper): Draft {
  const entities = new Set(namedEntities(paper));
  const bullets: Bullet[][] = [];
  const nSec = paper.sections.length;
  paper.sections.forEach((sec, si) => {
    const sents = si === 0 ? [...paper.abstract, ...sec.sentences] : sec.sentences;
    // Section centroid of term frequencies.
    const tf = new Map<string, number>();
    for (const s of sents) for (const t of terms(s.text)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const isConclusion = si === nSec - 1 || /conclu|summary|discussion/i.test(sec.title);
    const list: Bullet[] = sents.map((s, i) => {
      const text = compress(s.text);
      const words = text.split(' ').length;
      const ts = terms(text);
      let central = 0;
      for (const t of ts) central += Math.log(1 + (tf.get(t) ?? 0));
      central /= Math.max(1, Math.sqrt(ts.length));
      let score = central * 0.5;
      if (i === 0) score += 1.5;
      if (i === sents.length - 1) score += 0.5;
      if (s.section === -1) score += 1.2;
      if (CUES.test(text)) score += 1;
      if (/\d/.test(text)) score += 0.8;
      if (/\d\s*(%|×|x\b|M\b|B\b|k\b)/.test(text)) score += 1;
      let ents = 0;
      for (const w of text.split(/[\s,;:()]+/)) if (entities.has(w)) ents++;
      score += Math.min(2, ents * 0.6);
      if (/\b(Figure|Fig\.|Table)\s*\d/.test(text)) score += 0.4;
      if (words < 6) score -= 2;
      if (words > 45) score -= 1.5;
      if (/[=∑∫≤≥∈]|\\|\$/.test(text)) score -= 2;
      return { text, score, order: i, mandatory: false, source: s };
    });
    // Table cells and axis ticks that leaked into the text flow are mostly numbers: not sentences.
    const numeric = (t: string) => {
      const ws = t.split(' ');
      return ws.filter((w) => /^[-−+]?[\d.,%]+$/.test(w)).length / ws.length;
    };
    const usable = list.filter(
      (b) =>
        b.text.split(' ').length >= 4 &&
        b.text.split(' ').length <= 70 &&
        /[a-z]/.test(b.text) &&
        numeric(b.text) < 0.25,
    );
    // Mandatory: the section's best sentence; in a concluding section also its first (the main claim).
    const best = [...usable].sort((a, b) => b.score - a.score || a.order - b.order)[0];
    if (best) best.mandatory = true;
    if (isConclusion && usable[0]) usable[0].mandatory = true;
    bullets.push(usable);
  });
  return { titles: paper.sections.map((s) => panelTitle(s.title)), bullets };
}

/** Bullets of a section in rank order (best first; ties by paper order). */
export function byRank(bullets: readonly Bullet[]): Bullet[] {
  return [...bullets].sort(
    (a, b) => Number(b.mandatory) - Number(a.mandatory) || b.score - a.score || a.order - b.order,
  );
}
