/**
 * @module llm
 * Optional rewrite of the extractive bullets through any OpenAI-compatible `/chat/completions` endpoint
 * (the Bullets step of arXiv:2505.21497 §3.3; users asked for base-URL + key freedom, research notes §3.2).
 * Every answer is validated as JSON of the expected shape; failures are retried, then the section keeps its
 * extractive bullets — a failing endpoint degrades quality, never availability. Answers are cached on disk
 * by a hash of (url, model, prompt), so reruns are fast and reproducible.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Paper } from './types.js';
import type { Draft } from './write.js';

/** Options of {@link rewriteWithLlm}. */
export interface LlmOptions {
  /** Base URL, e.g. http://localhost:8000/v1 (the path /chat/completions is appended). */
  url: string;
  model: string;
  /** API key; defaults to OPENAI_API_KEY from the environment. */
  apiKey?: string;
  retries?: number;
  timeoutMs?: number;
  /** Cache directory (no cache when undefined). */
  cacheDir?: string;
}

/** What happened per section. */
export interface LlmReport {
  rewritten: number;
  fallbacks: number;
  cached: number;
  errors: string[];
}

interface Answer {
  bullets: string[];
}

/** Validates a model answer: `{"bullets": [string, …]}` with as many bullets as asked, each non-empty. */
export function validateAnswer(text: string, expected: number): Answer | undefined {
  const m = /\{[\s\S]*\}/.exec(text);
  if (!m) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(m[0]);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const b = (v as { bullets?: unknown }).bullets;
  if (!Array.isArray(b) || b.length !== expected) return undefined;
  if (!b.every((x) => typeof x === 'string' && x.trim().length > 0 && x.length < 400)) return undefined;
  return { bullets: b.map((x: string) => x.trim()) };
}

function prompt(title: string, section: string, bullets: string[]): string {
  return [
    `Paper: ${title}`,
    `Section: ${section}`,
    'Rewrite each bullet below for a conference poster: concise, self-contained, same meaning.',
    'Keep every number, method name and dataset name exactly. Do not add facts.',
    `Return only JSON: {"bullets": [${bullets.length} strings, in the same order]}.`,
    ...bullets.map((b, i) => `${i + 1}. ${b}`),
  ].join('\n');
}

async function call(opts: LlmOptions, content: string): Promise<string> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 60_000);
  try {
    const key = opts.apiKey ?? process.env.OPENAI_API_KEY;
    const res = await fetch(`${opts.url.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({
        model: opts.model,
        temperature: 0,
        seed: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: 'You edit scientific posters. Answer with JSON only.' },
          { role: 'user', content },
        ],
      }),
      signal: ctrl.signal,
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const j = (await res.json()) as { choices?: { message?: { content?: string } }[] };
    const text = j.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new Error('no choices[0].message.content');
    return text;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Rewrites the top candidate bullets of each section (the ones fitting will most likely keep), in place
 * on a copy of the draft. Numbers lost in a rewrite make that bullet fall back to its extractive text.
 */
export async function rewriteWithLlm(
  paper: Paper,
  draft: Draft,
  opts: LlmOptions,
  perSection = 8,
): Promise<{ draft: Draft; report: LlmReport }> {
  const report: LlmReport = { rewritten: 0, fallbacks: 0, cached: 0, errors: [] };
  const out: Draft = {
    titles: [...draft.titles],
    bullets: draft.bullets.map((bs) => bs.map((b) => ({ ...b }))),
  };
  if (opts.cacheDir) await mkdir(opts.cacheDir, { recursive: true });
  for (let si = 0; si < out.bullets.length; si++) {
    const bs = out.bullets[si] ?? [];
    const top = [...bs]
      .sort((a, b) => Number(b.mandatory) - Number(a.mandatory) || b.score - a.score)
      .slice(0, perSection);
    if (top.length === 0) continue;
    const p = prompt(
      paper.title,
      out.titles[si] ?? '',
      top.map((b) => b.text),
    );
    const key = createHash('sha256').update(`${opts.url}\n${opts.model}\n${p}`).digest('hex').slice(0, 32);
    const cacheFile = opts.cacheDir ? join(opts.cacheDir, `${key}.json`) : undefined;
    let ans: Answer | undefined;
    if (cacheFile) {
      try {
        ans = validateAnswer(await readFile(cacheFile, 'utf8'), top.length);
        if (ans) report.cached++;
      } catch {
        /* not cached */
      }
    }
    for (let attempt = 0; !ans && attempt <= (opts.retries ?? 2); attempt++) {
      try {
        const text = await call(opts, p);
        ans = validateAnswer(text, top.length);
        if (!ans) report.errors.push(`section ${si + 1}: invalid JSON answer (attempt ${attempt + 1})`);
      } catch (err) {
        report.errors.push(`section ${si + 1}: ${(err as Error).message} (attempt ${attempt + 1})`);
      }
    }
    if (!ans) {
      report.fallbacks++;
      continue;
    }
    if (cacheFile) await writeFile(cacheFile, JSON.stringify(ans));
    top.forEach((b, i) => {
      const nb = ans.bullets[i] as string;
      // Keep the extractive text when the rewrite drops a number of the original.
      const nums = b.text.match(/\d+(?:\.\d+)?/g) ?? [];
      if (nums.every((n) => nb.includes(n))) b.text = nb;
    });
    report.rewritten++;
  }
  return { draft: out, report };
}
