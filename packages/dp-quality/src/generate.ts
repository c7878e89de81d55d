/**
 * @module generate
 * Synthetic look-alikes of the Flight, Stock and Tax tables of arXiv:2502.11009 §6 (the originals are
 * not redistributable here), seeded, with a controlled violation rate. Each generator first builds a
 * clean table that satisfies the paper's constraints for that data set (the `*.dcs.txt` files of the
 * reference code, reproduced below), then corrupts `violationRate · rows` rows, each in one cell that
 * a constraint reads, so that row conflicts with others.
 */
import { type DenialConstraint, parseConstraints } from './constraints.js';
import { type Cell, type DataTable, Prng } from './table.js';

/** Denial constraints of the Flight data set (reference code, datasets/Flight/dcs.txt): 13 FDs. */
export const FLIGHT_DCS = `not(t1.DAY_OF_WEEK!=t2.DAY_OF_WEEK&t1.FL_DATE=t2.FL_DATE)
not(t1.ORIGIN_AIRPORT_ID=t2.ORIGIN_AIRPORT_ID&t1.ORIGIN!=t2.ORIGIN)
not(t1.ORIGIN_AIRPORT_ID!=t2.ORIGIN_AIRPORT_ID&t1.ORIGIN=t2.ORIGIN)
not(t1.ORIGIN=t2.ORIGIN&t1.ORIGIN_CITY_NAME!=t2.ORIGIN_CITY_NAME)
not(t1.ORIGIN=t2.ORIGIN&t1.ORIGIN_STATE_ABR!=t2.ORIGIN_STATE_ABR)
not(t1.ORIGIN=t2.ORIGIN&t1.ORIGIN_STATE_NM!=t2.ORIGIN_STATE_NM)
not(t1.DEST!=t2.DEST&t1.DEST_AIRPORT_ID=t2.DEST_AIRPORT_ID)
not(t1.DEST=t2.DEST&t1.DEST_AIRPORT_ID!=t2.DEST_AIRPORT_ID)
not(t1.DEST=t2.DEST&t1.DEST_CITY_NAME!=t2.DEST_CITY_NAME)
not(t1.DEST=t2.DEST&t1.DEST_STATE_ABR!=t2.DEST_STATE_ABR)
not(t1.DEST=t2.DEST&t1.DEST_STATE_NM!=t2.DEST_STATE_NM)
not(t1.DEST_STATE_ABR!=t2.DEST_STATE_ABR&t1.DEST_STATE_NM=t2.DEST_STATE_NM)
not(t1.DEST=t2.DEST&t1.ORIGIN=t2.ORIGIN&t1.DISTANCE!=t2.DISTANCE)
`;

/** Denial constraints of the Stock data set (reference code, datasets/Stock/dcs.txt): a key. */
export const STOCK_DCS = `not(t1.Date=t2.Date&t1.Ticker=t2.Ticker)
`;

/** Denial constraints of the Tax data set (reference code, datasets/Tax/dcs.txt): 7 FDs/keys, 2 order DCs. */
export const TAX_DCS = `not(t1.AreaCode=t2.AreaCode&t1.Phone=t2.Phone)
not(t1.City!=t2.City&t1.Zip=t2.Zip)
not(t1.AreaCode=t2.AreaCode&t1.State!=t2.State)
not(t1.State!=t2.State&t1.Zip=t2.Zip)
not(t1.State=t2.State&t1.HasChild=t2.HasChild&t1.ChildExemp!=t2.ChildExemp)
not(t1.State=t2.State&t1.MaritalStatus=t2.MaritalStatus&t1.SingleExemp!=t2.SingleExemp)
not(t1.State=t2.State&t1.Salary=t2.Salary&t1.Rate!=t2.Rate)
not(t1.State=t2.State&t1.Salary>t2.Salary&t1.Rate<t2.Rate)
not(t1.State=t2.State&t1.Salary<t2.Salary&t1.Rate>t2.Rate)
`;

/** Options of the generators. */
export interface GenerateOptions {
  /** Number of rows. */
  readonly rows: number;
  /** Fraction of rows with one corrupted cell, in [0, 1] (default 0). */
  readonly violationRate?: number;
  /** PRNG seed (default 1). */
  readonly seed?: number;
}

/** A generated table with the constraints it is meant to be checked against. */
export interface Generated {
  readonly table: DataTable;
  readonly constraintsText: string;
  readonly constraints: DenialConstraint[];
  /** Rows that were corrupted (0-based, ascending). */
  readonly corrupted: number[];
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const STATES: readonly (readonly [string, string])[] = Array.from({ length: 50 }, (_, i) => [
  `${LETTERS[Math.floor(i / 26)]}${LETTERS[i % 26]}`,
  `State ${i + 1}`,
]);

function checkOptions(o: GenerateOptions): { n: number; rate: number; rng: Prng } {
  if (!Number.isSafeInteger(o.rows) || o.rows < 0)
    throw new RangeError(`rows must be a non-negative integer, got ${o.rows}`);
  const rate = o.violationRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`violationRate must be in [0, 1], got ${rate}`);
  return { n: o.rows, rate, rng: new Prng(o.seed ?? 1) };
}

/** Distinct rows to corrupt, ascending. */
function chooseRows(n: number, rate: number, rng: Prng): number[] {
  const k = Math.round(n * rate);
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(rng.int(n));
  return [...chosen].sort((a, b) => a - b);
}

/** A different value for a cell: a typo for strings, ± max(1, 10%) for numbers. */
function perturb(v: Cell, rng: Prng): Cell {
  if (typeof v === 'number') {
    const step = Math.max(1, Math.round(Math.abs(v) * 0.1));
    return v + (rng.int(2) === 0 ? step : -step);
  }
  if (typeof v === 'string') return v + (LETTERS[rng.int(26)] ?? 'X').toLowerCase();
  return 'x';
}

function finish(
  columns: readonly string[],
  rows: Cell[][],
  dcs: string,
  corrupt: (row: Cell[], rng: Prng) => void,
  n: number,
  rate: number,
  rng: Prng,
): Generated {
  const corrupted = chooseRows(n, rate, rng);
  for (const r of corrupted) corrupt(rows[r] as Cell[], rng);
  return {
    table: { columns, rows },
    constraintsText: dcs,
    constraints: parseConstraints(dcs, 'generated'),
    corrupted,
  };
}

const FLIGHT_COLUMNS = [
  'FL_DATE',
  'DAY_OF_WEEK',
  'ORIGIN',
  'ORIGIN_AIRPORT_ID',
  'ORIGIN_CITY_NAME',
  'ORIGIN_STATE_ABR',
  'ORIGIN_STATE_NM',
  'DEST',
  'DEST_AIRPORT_ID',
  'DEST_CITY_NAME',
  'DEST_STATE_ABR',
  'DEST_STATE_NM',
  'DISTANCE',
] as const;

/**
 * A Flight-like table: dates of 2024 with their weekday, 300 airports each with one id, city and
 * state, and a distance fixed by the (origin, destination) pair; the 13 FDs of {@link FLIGHT_DCS}.
 */
export function generateFlight(options: GenerateOptions): Generated {
  const { n, rate, rng } = checkOptions(options);
  const airports = Array.from({ length: 300 }, (_, i) => {
    const code = `${LETTERS[i % 26]}${LETTERS[Math.floor(i / 26) % 26]}${LETTERS[(i * 11 + 5) % 26]}`;
    const st = STATES[i % STATES.length] as readonly [string, string];
    return {
      code,
      id: 10_000 + i * 7,
      city: `City ${i}`,
      abr: st[0],
      nm: st[1],
      x: rng.int(3000),
      y: rng.int(1500),
    };
  });
  const day0 = Date.UTC(2024, 0, 1);
  const rows: Cell[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const d = rng.int(366);
    const date = new Date(day0 + d * 86_400_000);
    const o = rng.pick(airports);
    let t = rng.pick(airports);
    if (t === o) t = airports[(airports.indexOf(o) + 1) % airports.length] ?? t;
    const dist = Math.round(Math.hypot(o.x - t.x, o.y - t.y)) + 50;
    rows[r] = [
      date.toISOString().slice(0, 10),
      date.getUTCDay() === 0 ? 7 : date.getUTCDay(),
      o.code,
      o.id,
      o.city,
      o.abr,
      o.nm,
      t.code,
      t.id,
      t.city,
      t.abr,
      t.nm,
      dist,
    ];
  }
  // Each corruption hits one FD's right-hand side (or the airport id / code pair), as typos do.
  const targets = [1, 3, 2, 4, 5, 6, 8, 7, 9, 10, 11, 12];
  return finish(
    FLIGHT_COLUMNS,
    rows,
    FLIGHT_DCS,
    (row, g) => {
      const c = g.pick(targets);
      row[c] = perturb(row[c] ?? null, g);
    },
    n,
    rate,
    rng,
  );
}

/**
 * A Stock-like table: one row per (trading day, ticker) with prices and volume; the key of
 * {@link STOCK_DCS}. A corrupted row copies the (Date, Ticker) of another row (a duplicate report).
 */
export function generateStock(options: GenerateOptions): Generated {
  const { n, rate, rng } = checkOptions(options);
  const tickers = Array.from(
    { length: 500 },
    (_, i) => `${LETTERS[i % 26]}${LETTERS[Math.floor(i / 26) % 26]}${LETTERS[(i * 3) % 26]}`,
  );
  const rows: Cell[][] = new Array(n);
  const day0 = Date.UTC(2015, 0, 1);
  for (let r = 0; r < n; r++) {
    const ticker = tickers[r % tickers.length] as string;
    const day = Math.floor(r / tickers.length);
    const open = 10 + rng.int(20_000) / 100;
    const close = Math.max(1, open + (rng.int(2_000) - 1_000) / 100);
    rows[r] = [
      new Date(day0 + day * 86_400_000).toISOString().slice(0, 10),
      ticker,
      open,
      Math.max(open, close) + rng.int(300) / 100,
      Math.max(0.5, Math.min(open, close) - rng.int(300) / 100),
      close,
      1_000 + rng.int(1_000_000),
    ];
  }
  return finish(
    ['Date', 'Ticker', 'Open', 'High', 'Low', 'Close', 'Volume'],
    rows,
    STOCK_DCS,
    (row, g) => {
      const other = rows[g.int(n)] as Cell[];
      if (other === row) return;
      row[0] = other[0] ?? null;
      row[1] = other[1] ?? null;
    },
    n,
    rate,
    rng,
  );
}

/**
 * A Tax-like table: people with a unique (AreaCode, Phone), a zip code fixing city and state, an area
 * code fixing the state, per-state exemptions, and a tax rate that is a non-decreasing function of the
 * salary within each state; the 9 constraints of {@link TAX_DCS}.
 */
export function generateTax(options: GenerateOptions): Generated {
  const { n, rate, rng } = checkOptions(options);
  const zips = Array.from({ length: 2_000 }, (_, i) => ({
    zip: 10_000 + i * 37,
    city: `Town ${i}`,
    st: i % STATES.length,
  }));
  const zipsByState = STATES.map((_, i) => zips.filter((z) => z.st === i));
  const areaCodes = Array.from({ length: 200 }, (_, i) => ({ code: 200 + i, st: i % STATES.length }));
  const stateRate = STATES.map((_, i) => 1 + (i % 5) * 0.5);
  const childEx = STATES.map((_, i) => 500 + 100 * (i % 7));
  const singleEx = STATES.map((_, i) => [1_000 + 50 * (i % 9), 2_000 + 50 * (i % 9)]);
  const rows: Cell[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const ac = rng.pick(areaCodes);
    const z = rng.pick(zipsByState[ac.st] as { zip: number; city: string; st: number }[]);
    const st = STATES[ac.st] as readonly [string, string];
    const marital = rng.int(2) === 0 ? 'S' : 'M';
    const hasChild = rng.int(2) === 0 ? 'Y' : 'N';
    const salary = 1_000 * (10 + rng.int(190));
    rows[r] = [
      `F${rng.int(5000)}`,
      `L${rng.int(20000)}`,
      rng.int(2) === 0 ? 'F' : 'M',
      ac.code,
      1_000_000 + r,
      z.city,
      st[0],
      z.zip,
      marital,
      hasChild,
      salary,
      Math.round(((stateRate[ac.st] as number) + salary / 40_000) * 100) / 100,
      marital === 'S'
        ? ((singleEx[ac.st] as number[])[0] as number)
        : ((singleEx[ac.st] as number[])[1] as number),
      hasChild === 'Y' ? (childEx[ac.st] as number) : 0,
    ];
  }
  const targets = [5, 6, 7, 10, 11, 12, 13];
  return finish(
    [
      'FName',
      'LName',
      'Gender',
      'AreaCode',
      'Phone',
      'City',
      'State',
      'Zip',
      'MaritalStatus',
      'HasChild',
      'Salary',
      'Rate',
      'SingleExemp',
      'ChildExemp',
    ],
    rows,
    TAX_DCS,
    (row, g) => {
      const c = g.pick(targets);
      row[c] = perturb(row[c] ?? null, g);
    },
    n,
    rate,
    rng,
  );
}
