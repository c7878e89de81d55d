/**
 * Known answers on voicepath (the Deep-ICE authors' file, test/net-voicepath.csv: 707 rows, 704 unique,
 * D = 2; research note exact-learning.md §3.2–3.4): the exact linear classifier makes 19 errors (E01Loss
 * README; the research note's own evaluator: defining points 4 and 131 of the deduplicated, sorted rows),
 * and the rank-2 maxout over the hyperplanes through the first 132 points in the authors' order — their
 * np.unique order, i.e. rows deduplicated and sorted — makes 16 (Deep-ICE README; research note §3.4).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsv, makeDataset } from '../src/data.js';
import { fitNet } from '../src/net/fit.js';
import { netProblem } from '../src/net/problem.js';
import { errorsOf, predictNet } from '../src/net/realise.js';
import { rangesOf, reduceRanges, searchRange } from '../src/net/search.js';

const text = readFileSync(new URL('./net-voicepath.csv', import.meta.url), 'utf8');
const raw = loadCsv(text, { target: 'label' });

/** The authors' preprocessing order: np.unique over (x1, x2, label) rows — deduplicated, sorted. */
function authorsOrder() {
  const seen = new Map<string, number[]>();
  for (let i = 0; i < raw.n; i++) {
    const r = [raw.x[2 * i] as number, raw.x[2 * i + 1] as number, Number(raw.classes[raw.y[i] as number])];
    seen.set(r.join(','), r);
  }
  const rows = [...seen.values()].sort(
    (a, b) =>
      (a[0] as number) - (b[0] as number) ||
      (a[1] as number) - (b[1] as number) ||
      (a[2] as number) - (b[2] as number),
  );
  return makeDataset(
    rows.map((r) => [r[0] as number, r[1] as number]),
    rows.map((r) => String(r[2])),
    { classes: raw.classes, featureNames: raw.featureNames, target: 'label' },
  );
}

describe('voicepath known answers', () => {
  const data = authorsOrder();

  it('has 704 unique rows of 707, 651 positive', () => {
    expect(raw.n).toBe(707);
    expect(data.n).toBe(704);
    expect(Array.from(data.y).filter((c) => data.classes[c] === '1').length).toBe(651);
  });

  it('K = 1 over all 247,456 lines: 19 errors (also on the 707 raw rows)', async () => {
    const r = await fitNet(data, { hidden: 1 });
    expect(r.trainErrors).toBe(19);
    expect(r.optimal).toBe(true);
    expect(r.searchSpace.hyperplanes).toBe('247456');
    expect(r.definingRows).toEqual([[4, 131]]);
    expect(errorsOf(netProblem(data, { hidden: 1 }), predictNet(r.weights, data.x, data.n, 2))).toBe(19);
    const r2 = await fitNet(raw, { hidden: 1 });
    expect(r2.trainErrors).toBe(19);
    expect(r2.generalPosition.duplicates).toBe(3);
  });

  it('K = 2 over the lines through the first 132 points: 16 errors; ranges reduce to the same', async () => {
    const r = await fitNet(data, { hidden: 2, pool: 132 });
    expect(r.trainErrors).toBe(16);
    expect(r.optimal).toBe(true);
    expect(r.searchSpace.configurations).toBe('37372335');
    // The range API (what threads and queue workers run) gives the same network.
    const problem = netProblem(data, { hidden: 2, pool: 132 });
    const parts = rangesOf(problem, 3).map(([a, b]) => searchRange(problem, a, b, 19));
    const red = reduceRanges(problem, parts);
    expect(red.objective).toBe(16);
    expect(r.definingRows).toHaveLength(2);
  });
});
