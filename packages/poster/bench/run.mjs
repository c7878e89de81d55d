/**
 * Benchmark and corpus evaluation: for every corpus paper, time `makePoster` without the LibreOffice
 * check and with it (check + re-fit + PNG preview), and print the metric table (overflow, overlaps,
 * reading-order τ, figure recall/placement, words, quiz proxy). Medians over `--runs` (default 3) runs.
 * PosterAgent's 124 s per poster (arXiv:2505.21497 Table 3, Qwen-2.5 via an API) is quoted, not re-run:
 * it needs GPUs/LLM endpoints this machine does not have.
 *
 * Usage: npm run bench -w packages/poster [-- --runs 3 --previews]   (needs a build: npx tsc -b packages/poster)
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePaper } from '../dist/parse.js';
import { makePoster } from '../dist/poster.js';
import { findSoffice } from '../dist/verify.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '..', 'corpus');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const PREVIEWS = args.includes('--previews');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const names = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => f.replace('.truth.json', ''))
  .sort();
const soffice = findSoffice();
console.log(
  `node ${process.version}, ${RUNS} runs each, LibreOffice: ${soffice ?? 'missing (check skipped)'}`,
);
console.log(
  '| paper | pages | cols | panels | figures found | placed | words | quiz proxy | overflow | overlaps | τ | no check (s) | with check (s) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const truth = JSON.parse(readFileSync(join(CORPUS, `${name}.truth.json`), 'utf8'));
  const pdf = join(CORPUS, `${name}.pdf`);
  const fast = [];
  let last;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    last = await makePoster(pdf, { check: false });
    fast.push((performance.now() - t0) / 1000);
  }
  const slow = [];
  let checked;
  if (soffice) {
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      checked = await makePoster(pdf, { check: true, previewWidth: 1600 });
      slow.push((performance.now() - t0) / 1000);
    }
  }
  const paper = await parsePaper(pdf, { renderFigures: false });
  const found = truth.figures.filter((f) => paper.figures.some((g) => g.id === f.id)).length;
  const rep = (checked ?? last).report;
  console.log(
    `| ${name} | ${truth.pages} | ${truth.columns} | ${rep.panels} | ${found}/${truth.figures.length} | ${rep.figures} (${(rep.figurePlacement * 100).toFixed(0)} % right) | ${rep.words} | ${(rep.quizProxy * 100).toFixed(0)} % | ${rep.overflowBoxes} | ${rep.overlaps} | ${rep.readingOrderTau.toFixed(2)} | ${median(fast).toFixed(1)} | ${soffice ? median(slow).toFixed(1) : '–'} |`,
  );
  if (PREVIEWS && checked?.png) {
    const out = join(HERE, '..', 'docs');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${name}.poster.png`), checked.png);
  }
}
