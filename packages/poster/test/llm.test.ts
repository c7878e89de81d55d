/**
 * LLM rewrite against a local fake OpenAI-compatible server: success, invalid JSON with retries, HTTP
 * failure → clean fallback to the extractive text, numbers protected, cache reuse.
 */

import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posterText } from '../src/evaluate.js';
import { rewriteWithLlm, validateAnswer } from '../src/llm.js';
import { makePoster } from '../src/poster.js';
import type { Paper, Sentence } from '../src/types.js';
import { writeExtractive } from '../src/write.js';
import { pdfPath } from './corpus.js';

const sen = (text: string, section: number): Sentence => ({
  text,
  page: 1,
  box: { x: 0, y: 0, w: 1, h: 1 },
  section,
});
const paper: Paper = {
  title: 'T',
  authors: [],
  affiliations: [],
  abstract: [],
  sections: [
    {
      number: '1',
      title: 'Intro',
      subsections: [],
      mentions: [],
      sentences: [
        sen('Our method improves accuracy by 7.9% on the benchmark.', 0),
        sen('It also runs faster than the baselines we tried.', 0),
      ],
    },
    {
      number: '2',
      title: 'Results',
      subsections: [],
      mentions: [],
      sentences: [sen('The results hold across all the settings we tested.', 1)],
    },
  ],
  setAside: [],
  figures: [],
  pages: 1,
  pageSizes: [{ w: 612, h: 792 }],
};

let mode: 'ok' | 'bad-json' | 'http500' | 'drop-number' = 'ok';
let calls = 0;
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      if (mode === 'http500') {
        res.writeHead(500).end('boom');
        return;
      }
      const prompt = JSON.parse(body).messages[1].content as string;
      const items = prompt
        .split('\n')
        .filter((l) => /^\d+\. /.test(l))
        .map((l) => l.replace(/^\d+\. /, ''));
      const bullets = items.map((b) => (mode === 'drop-number' ? 'Short and vague.' : `REWRITTEN ${b}`));
      const content = mode === 'bad-json' ? '{"bullets": [oops' : JSON.stringify({ bullets });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ choices: [{ message: { content } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('rewriteWithLlm', () => {
  it('rewrites every section when the endpoint answers valid JSON, and caches', async () => {
    mode = 'ok';
    calls = 0;
    const cacheDir = mkdtempSync(join(tmpdir(), 'floret-llm-'));
    const d = writeExtractive(paper);
    const r = await rewriteWithLlm(paper, d, { url, model: 'fake', cacheDir });
    expect(r.report).toMatchObject({ rewritten: 2, fallbacks: 0, cached: 0 });
    expect(r.draft.bullets.flat().every((b) => b.text.startsWith('REWRITTEN '))).toBe(true);
    expect(calls).toBe(2);
    // The draft passed in is untouched.
    expect(d.bullets.flat().some((b) => b.text.startsWith('REWRITTEN'))).toBe(false);
    mode = 'http500';
    const again = await rewriteWithLlm(paper, d, { url, model: 'fake', cacheDir });
    expect(again.report).toMatchObject({ rewritten: 2, cached: 2, fallbacks: 0 });
  });
  it('falls back to the extractive text after retries on invalid JSON or HTTP errors', async () => {
    for (const m of ['bad-json', 'http500'] as const) {
      mode = m;
      calls = 0;
      const d = writeExtractive(paper);
      const r = await rewriteWithLlm(paper, d, { url, model: 'fake', retries: 2 });
      expect(r.report.fallbacks).toBe(2);
      expect(r.report.rewritten).toBe(0);
      expect(calls).toBe(6);
      expect(r.draft.bullets.map((bs) => bs.map((b) => b.text))).toEqual(
        d.bullets.map((bs) => bs.map((b) => b.text)),
      );
    }
  });
  it('keeps the extractive bullet when a rewrite loses a number', async () => {
    mode = 'drop-number';
    const r = await rewriteWithLlm(paper, writeExtractive(paper), { url, model: 'fake' });
    const texts = r.draft.bullets[0]?.map((b) => b.text);
    expect(texts).toContain('Our method improves accuracy by 7.9% on the benchmark.');
    expect(texts).toContain('Short and vague.');
  });
  it('falls back when nothing listens at the URL', async () => {
    const r = await rewriteWithLlm(paper, writeExtractive(paper), {
      url: 'http://127.0.0.1:9/v1',
      model: 'x',
      retries: 0,
      timeoutMs: 2000,
    });
    expect(r.report.fallbacks).toBe(2);
  });
});

describe('makePoster with --llm', () => {
  it('uses the rewritten bullets on the poster and reports it', async () => {
    mode = 'ok';
    const r = await makePoster(pdfPath('p01-onecol-6p'), { check: false, llm: { url, model: 'fake' } });
    expect(r.report.llm).toMatchObject({ rewritten: 4, fallbacks: 0 });
    expect(posterText(r.poster)).toContain('REWRITTEN ');
    expect(r.report.overflowBoxes).toBe(0);
  });
});

describe('validateAnswer', () => {
  it('accepts only the expected shape', () => {
    expect(validateAnswer('{"bullets":["a","b"]}', 2)).toEqual({ bullets: ['a', 'b'] });
    expect(validateAnswer('Sure! {"bullets":["a"]} done', 1)).toEqual({ bullets: ['a'] });
    expect(validateAnswer('{"bullets":["a"]}', 2)).toBeUndefined();
    expect(validateAnswer('{"bullets":[1,2]}', 2)).toBeUndefined();
    expect(validateAnswer('no json', 1)).toBeUndefined();
  });
});
