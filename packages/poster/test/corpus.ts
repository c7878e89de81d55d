/**
 * Test helper: the generated corpus (corpus/generate.mjs) — its PDFs and ground-truth files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Box } from '../src/types.js';

export const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');

export interface Truth {
  name: string;
  columns: number;
  pages: number;
  title: string;
  authors: string[];
  affiliations: string[];
  sections: { number: string; title: string }[];
  setAside: string[];
  figures: {
    id: string;
    kind: 'figure' | 'table';
    number: number;
    caption: string;
    page: number;
    box: Box;
    firstMentionSection: string;
  }[];
  facts: string[];
}

/** Names of the corpus papers, sorted. */
export function corpusNames(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.truth.json'))
    .map((f) => f.replace('.truth.json', ''))
    .sort();
}

export function truthOf(name: string): Truth {
  return JSON.parse(readFileSync(join(CORPUS, `${name}.truth.json`), 'utf8')) as Truth;
}

export const pdfPath = (name: string): string => join(CORPUS, `${name}.pdf`);

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const x = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const y = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const i = x * y;
  return i / (a.w * a.h + b.w * b.h - i);
}
