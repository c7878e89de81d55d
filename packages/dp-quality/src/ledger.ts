/**
 * @module ledger
 * The privacy ledger (issue 2, library item 6): every DP release records its mechanism, the query,
 * its sensitivity, noise scale and the ε it spends, in exact rationals. Under basic sequential
 * composition (Dwork–Roth, Theorem 3.16) the total privacy loss is the sum of the steps' ε; a step
 * that would take the total above the declared budget is refused with BudgetExceededError before
 * any noise is drawn, and Floret's estimators spend the budget exactly (total = declared ε).
 */
import { add, cmp, type Rational, ratToString, sub, toNumber } from './dp/rational.js';

/** One recorded release. */
export interface LedgerStep {
  /** Mechanism name, e.g. 'discrete-laplace' or 'exponential-mechanism'. */
  readonly mechanism: string;
  /** What was released (plain words). */
  readonly query: string;
  /** ε spent by this step. */
  readonly epsilon: Rational;
  /** Sensitivity of the released query (node-level, add/remove one tuple), when it applies. */
  readonly sensitivity?: Rational;
  /** Noise scale b of a Laplace release (Δ/ε), when it applies. */
  readonly scale?: Rational;
}

/** Thrown when a release would take the total ε above the budget. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  /** @param requested ε the refused step asked for @param remaining ε that was left */
  constructor(
    readonly requested: Rational,
    readonly remaining: Rational,
    readonly query: string,
  ) {
    super(
      `privacy budget exceeded: '${query}' asks for ε = ${ratToString(requested)} but only ${ratToString(remaining)} is left`,
    );
  }
}

/** A budget and the releases charged to it. */
export class PrivacyLedger {
  private readonly list: LedgerStep[] = [];
  private spent: Rational = { num: 0n, den: 1n };

  /** @param budget the declared ε (> 0) */
  constructor(readonly budget: Rational) {
    if (budget.num <= 0n) throw new RangeError('privacy budget must be > 0');
  }

  /** Records a release; throws BudgetExceededError (and records nothing) if it would exceed the budget. */
  charge(step: LedgerStep): void {
    if (step.epsilon.num <= 0n) throw new RangeError('a release must spend ε > 0');
    const next = add(this.spent, step.epsilon);
    if (cmp(next, this.budget) > 0) throw new BudgetExceededError(step.epsilon, this.remaining, step.query);
    this.spent = next;
    this.list.push(step);
  }

  /** Steps so far, in order. */
  get steps(): readonly LedgerStep[] {
    return this.list;
  }
  /** Exact total ε spent. */
  get total(): Rational {
    return this.spent;
  }
  /** Exact ε left. */
  get remaining(): Rational {
    return sub(this.budget, this.spent);
  }

  /** JSON form: numbers for reading, exact fractions as strings beside them. */
  toJSON(): LedgerJson {
    return {
      budget: toNumber(this.budget),
      budgetExact: ratToString(this.budget),
      steps: this.list.map((s) => ({
        mechanism: s.mechanism,
        query: s.query,
        epsilon: toNumber(s.epsilon),
        epsilonExact: ratToString(s.epsilon),
        ...(s.sensitivity ? { sensitivity: toNumber(s.sensitivity) } : {}),
        ...(s.scale ? { scale: toNumber(s.scale), scaleExact: ratToString(s.scale) } : {}),
      })),
      total: toNumber(this.spent),
      totalExact: ratToString(this.spent),
    };
  }
}

/** The ledger as JSON. */
export interface LedgerJson {
  budget: number;
  budgetExact: string;
  steps: {
    mechanism: string;
    query: string;
    epsilon: number;
    epsilonExact: string;
    sensitivity?: number;
    scale?: number;
    scaleExact?: string;
  }[];
  total: number;
  totalExact: string;
}
