/**
 * @module report
 * What a DP release means, for people: the machine-readable record of an estimate (the JSON of
 * `floret dpq estimate`) and a one-page compliance report (`floret dpq report`) stating what was
 * released, at what ε, with what expected error — computed from the mechanism's noise scale b:
 * E|DLap(b)| = 2q/(1 − q²) and P(|noise| > k) = 2q^{k+1}/(1 + q), q = e^{−1/b} — and what it
 * means in plain words. Values in the report are DP outputs only: no true count, no row count.
 */
import {
  type DpEstimate,
  dpDegreeBound,
  dpEstimate,
  expectedAbsNoise,
  type Measure,
  noiseQuantile,
} from './dp/mechanisms.js';
import { rat, ratToString, toNumber } from './dp/rational.js';
import { SeededRandom } from './dp/rng.js';
import type { ConflictGraph } from './graph-types.js';
import type { LedgerJson } from './ledger.js';
import { PrivacyLedger } from './ledger.js';

/** One released measure, as recorded in JSON. */
export interface ReleaseRecord {
  /** 'mi', 'p' or 'r'. */
  measure: Measure;
  /** The released value (≥ 0). */
  estimate: number;
  /** ε of this measure (all its steps). */
  epsilon: number;
  /** Exact ε as a fraction. */
  epsilonExact: string;
  /** Node-level sensitivity of the final release. */
  sensitivity: number;
  /** Scale b of the discrete Laplace noise on the final release. */
  noiseScale: number;
  /** Expected |noise| of the final release. */
  expectedAbsError: number;
  /** |noise| stays within ± this in 95% of releases. */
  error95: number;
  /** Projection bound θ (chosen privately; 1 for I_R's matching). */
  theta: number;
  /** DP degree bound used to cap θ (I_MI, I_P). */
  degreeBound?: number;
  /** Estimator family. */
  method: string;
}

/** The JSON record of one release. */
export function releaseRecord(e: DpEstimate): ReleaseRecord {
  return {
    measure: e.measure,
    estimate: e.estimate,
    epsilon: toNumber(e.epsilon),
    epsilonExact: ratToString(e.epsilon),
    sensitivity: e.sensitivity,
    noiseScale: toNumber(e.scale),
    expectedAbsError: round2(expectedAbsNoise(e.scale)),
    error95: noiseQuantile(e.scale, 0.95),
    theta: e.theta,
    ...(e.degreeBound === undefined ? {} : { degreeBound: e.degreeBound }),
    method: e.method,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Everything a report shows. */
export interface ReportInput {
  /** The releases. */
  releases: ReleaseRecord[];
  /** The ledger they were charged to. */
  ledger: LedgerJson;
  /** Where the data came from (as typed; passwords are the caller's to redact). */
  source?: string;
  /** Constraints file. */
  constraints?: string;
  /** True when a public seed made the run reproducible. */
  seeded?: boolean;
  /** When (ISO time). */
  date?: string;
}

const NAMES: Record<Measure, { title: string; plain: string }> = {
  mi: {
    title: 'I_MI — minimal inconsistent subsets',
    plain:
      'the number of pairs of rows that contradict each other under the constraints (plus rows that break a constraint on their own)',
  },
  p: {
    title: 'I_P — problematic rows',
    plain: 'the number of rows involved in at least one contradiction',
  },
  r: {
    title: 'I_R — repair size (upper estimate)',
    plain:
      'an upper estimate of how many rows would have to be deleted to make the table consistent: the rows that break a constraint on their own plus twice a greedy maximal matching M of the other conflicts (the true minimum lies between that count minus |M| and the count itself)',
  },
};

const fmt = (x: number) =>
  Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** The one-page report, in Markdown (`markdown`) or plain text (`text`). */
export function renderReport(r: ReportInput, format: 'markdown' | 'text' = 'markdown'): string {
  const md = format === 'markdown';
  const h1 = (s: string) => (md ? `# ${s}` : `${s}\n${'='.repeat(s.length)}`);
  const h2 = (s: string) => (md ? `## ${s}` : `${s}\n${'-'.repeat(s.length)}`);
  const b = (s: string) => (md ? `**${s}**` : s);
  const L: string[] = [];
  const total = r.ledger.total;
  L.push(h1('Data-quality release under differential privacy'), '');
  if (r.source)
    L.push(
      `Data: ${md ? `\`${r.source}\`` : r.source}${r.constraints ? ` — constraints: ${md ? `\`${r.constraints}\`` : r.constraints}` : ''}`,
    );
  if (r.date) L.push(`Date: ${r.date}`);
  L.push(
    `Privacy budget: ${b(`ε = ${fmt(total)}`)} in total (declared ${fmt(r.ledger.budget)}; exact total ${r.ledger.totalExact}). Unit of privacy: one row (a row added or removed).`,
    '',
  );
  L.push(h2('What was released'), '');
  if (md) {
    L.push(
      '| measure | released value | ε | expected error (±) | 95% of releases within (±) |',
      '|---|---|---|---|---|',
    );
    for (const x of r.releases)
      L.push(
        `| ${NAMES[x.measure].title} | ${fmt(x.estimate)} | ${fmt(x.epsilon)} | ${fmt(x.expectedAbsError)} | ${fmt(x.error95)} |`,
      );
  } else {
    for (const x of r.releases)
      L.push(
        `- ${NAMES[x.measure].title}: ${fmt(x.estimate)}  (ε ${fmt(x.epsilon)}; expected error ±${fmt(x.expectedAbsError)}; 95% within ±${fmt(x.error95)})`,
      );
  }
  L.push('', h2('What it means'), '');
  for (const x of r.releases) {
    const cap =
      x.measure === 'r'
        ? 'No row can change the matching-based count by more than 2.'
        : `To bound what any one row can do, each row's conflicts were capped at θ = ${fmt(x.theta)} (a cap chosen with part of the budget), so one row can change the capped count by at most ${fmt(x.sensitivity)}. Rows with more than θ conflicts are only partly counted, so the released value tends to be LOW when a few rows conflict with very many others; the error figures above cover the random noise, not this cap.`;
    L.push(
      `- ${b(NAMES[x.measure].title)}: ${NAMES[x.measure].plain}. Released: ${fmt(x.estimate)}. Random noise of typical size ±${fmt(x.expectedAbsError)} was added on purpose (discrete Laplace, scale ${fmt(x.noiseScale)}); in 95% of releases the noise is within ±${fmt(x.error95)}. ${cap}`,
    );
  }
  L.push(
    '',
    `${b('The privacy promise.')} Whatever any single row contains — and whether it is in the table at all — the probability of every possible published result changes by at most a factor e^ε = ${fmt(Math.round(Math.exp(total) * 1000) / 1000)}. An observer of these figures therefore learns almost nothing about any one person or record; the promise covers all the figures together (their ε add up to the total above) and still holds whatever else the observer knows. It does not hide facts about the table as a whole, such as its overall quality, which is the purpose of the release.`,
    '',
  );
  if (r.seeded)
    L.push(
      `${b('Warning: reproducible run.')} These figures were computed with a fixed random seed. Anyone who knows the seed can recompute the noise and remove it; the promise above holds only while the seed stays secret. Publish only figures made without a seed (or with a secret one).`,
      '',
    );
  L.push(h2('Privacy ledger'), '');
  if (md) {
    L.push('| step | mechanism | what | ε |', '|---|---|---|---|');
    r.ledger.steps.forEach((s, i) => {
      L.push(`| ${i + 1} | ${s.mechanism} | ${s.query.replaceAll('|', '\\|')} | ${s.epsilonExact} |`);
    });
    L.push(`| | | ${b('total')} | ${b(r.ledger.totalExact)} |`);
  } else {
    r.ledger.steps.forEach((s, i) => {
      L.push(`${i + 1}. ${s.mechanism}: ${s.query} — ε ${s.epsilonExact}`);
    });
    L.push(`total ε = ${r.ledger.totalExact}`);
  }
  L.push(
    '',
    'Intermediate steps (the tuple count, the degree bound, the choice of θ) are differentially private too and are charged above; their values are not needed to read the result. Method: arXiv:2502.11009 (SIGMOD 2025) with exact integer noise samplers (no floating-point noise) and an exact privacy split; see the @floret/dp-quality README.',
  );
  return `${L.join('\n')}\n`;
}

/**
 * Tour lines (for `floret tour`): a seeded demo release of I_MI, I_P and I_R on `g` as `dpq report`
 * makes it (shared degree bound ε = 1/10, then 3/10 per measure; one ledger of ε = 1), with the
 * expected noise of each release. Pass `fdGroupMaxima` (graph.ts fdMaxGroupSizes) for a tighter bound. Seeded, so NOT private:
 * a demonstration on built-in data only.
 */
export function dpTourLines(g: ConflictGraph, fdGroupMaxima: readonly number[] = []): string[] {
  const ledger = new PrivacyLedger(rat(1n));
  const rng = new SeededRandom('floret-tour');
  const lines = ['  differentially private releases (ε = 1 in all; seeded demo, not private):'];
  const degreeBound = dpDegreeBound(g, { epsilon: rat(1n, 10n), rng, ledger, fdGroupMaxima });
  for (const measure of ['mi', 'p', 'r'] as const) {
    const r = releaseRecord(
      dpEstimate(g, { measure, epsilon: rat(3n, 10n), rng, ledger, fdGroupMaxima, degreeBound }),
    );
    const name = measure === 'mi' ? 'I_MI' : measure === 'p' ? 'I_P ' : 'I_R ';
    lines.push(`    ${name} ≈ ${r.estimate}  (expected noise ±${r.expectedAbsError}, θ = ${r.theta})`);
  }
  lines.push(
    `    ledger total ε = ${ratToString(ledger.total)}; try: floret dpq estimate … --measure p --epsilon 1`,
  );
  return lines;
}
