/**
 * Planner: size parsing (presets, units, limits), the binary split's invariants (inside the area, no
 * overlaps, paper reading order, area shares follow sp), memoisation on many panels, Kendall τ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  inside,
  kendallTau,
  overlaps,
  type PanelSpec,
  parseSize,
  priors,
  readingOrder,
  splitLayout,
} from '../src/layout.js';
import type { Box } from '../src/types.js';

describe('parseSize', () => {
  it('reads presets and units', () => {
    expect(parseSize('48x36in')).toMatchObject({ w: 48, h: 36 });
    expect(parseSize('36x24in')).toMatchObject({ w: 36, h: 24 });
    // ISO 216: A0 = 841 × 1189 mm, A1 = 594 × 841 mm.
    expect(parseSize('A0').w).toBeCloseTo(841 / 25.4, 9);
    expect(parseSize('A0-landscape').w).toBeCloseTo(1189 / 25.4, 9);
    expect(parseSize('a1').h).toBeCloseTo(841 / 25.4, 9);
    expect(parseSize('A1-landscape').h).toBeCloseTo(594 / 25.4, 9);
    expect(parseSize('120x90cm').w).toBeCloseTo(120 / 2.54, 9);
    expect(parseSize('1200x900mm').h).toBeCloseTo(900 / 25.4, 9);
  });
  it('refuses sizes PowerPoint cannot hold and malformed text', () => {
    expect(() => parseSize('1950x935mm')).toThrow(/at most 56 in/);
    expect(() => parseSize('48x36')).toThrow(/WxH/);
    expect(() => parseSize('big')).toThrow(RangeError);
    expect(() => parseSize('5x5in')).toThrow(/smaller/);
  });
});

describe('priors (refit of Qiang et al. 2016, research notes §1.4)', () => {
  it('match the published coefficients', () => {
    const p = priors({ tp: 0.2, gp: 0.1 });
    expect(p.sp).toBeCloseTo(0.3094 * 0.2 + 0.3204 * 0.1 + 0.0231, 12);
    expect(p.rp).toBeCloseTo(2.849 - 2.594 * 0.2 - 2.654 * 0.1, 12);
    expect(priors({ tp: 1, gp: 1 }).rp).toBe(0.05);
  });
});

const panelsArb = fc.array(
  fc.record({
    tp: fc.double({ min: 0.01, max: 1, noNaN: true }),
    gp: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  { minLength: 1, maxLength: 9 },
);

describe('splitLayout', () => {
  it('tiles the area: inside, disjoint, areas sum up, read in paper order', () => {
    fc.assert(
      fc.property(
        panelsArb,
        fc.double({ min: 20, max: 56, noNaN: true }),
        fc.double({ min: 20, max: 56, noNaN: true }),
        (ps, w, h) => {
          const area = { x: 0.5, y: 3, w, h };
          const boxes = splitLayout(ps, area, { minW: 8, minH: 5 });
          expect(boxes.length).toBe(ps.length);
          let sum = 0;
          for (const b of boxes) {
            expect(inside(b, area, 1e-9)).toBe(true);
            sum += b.w * b.h;
          }
          expect(sum).toBeCloseTo(w * h, 6);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++)
              expect(overlaps(boxes[i] as Box, boxes[j] as Box, 1e-9)).toBe(false);
          expect(kendallTau(readingOrder(boxes))).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
  });
  it('reads in paper order where rows or columns line up (cases the property test once found)', () => {
    const cases: [PanelSpec[], number, number][] = [
      // Two rows split 0.001 in apart: within readingOrder's tolerance, a grid read by columns.
      [
        [
          { tp: 0.7331223691289983, gp: 0 },
          { tp: 0.7332839418867972, gp: 0 },
          { tp: 0.01, gp: 0 },
          { tp: 0.01, gp: 0 },
        ],
        20,
        20,
      ],
      // Two rows split at the same x (equal shares): an exact grid.
      [
        [
          { tp: 0.20999831562823024, gp: 7.519949391613189e-60 },
          { tp: 0.6201890378006047, gp: 7.255752505787507e-169 },
          { tp: 0.010000000000000007, gp: 9.088497231892304e-18 },
          { tp: 0.9999999999999986, gp: 4.277883150411424e-62 },
          { tp: 0.9999999999999986, gp: 1.5109848313942746e-141 },
          { tp: 0.01000000000000002, gp: 5.618088063614262e-193 },
          { tp: 0.010000000000000004, gp: 1.607777985187796e-300 },
          { tp: 0.33945362863926026, gp: 0 },
          { tp: 0.02314368997811789, gp: 2.8501156052426424e-15 },
        ],
        28.512535726829732,
        42.95393844012192,
      ],
      // Two columns split 0.0006 in apart: the offset row gutter must not win over the column gutter.
      [
        [
          { tp: 0.044773093791372516, gp: 5.3773844155298314e-49 },
          { tp: 0.10058049115881226, gp: 1.0000721383483127e-7 },
          { tp: 0.026323290189222682, gp: 2.435445877815428e-246 },
          { tp: 0.07347947956009085, gp: 1.3297269178288803e-202 },
          { tp: 0.9752456526595951, gp: 3.3222395770918007e-237 },
        ],
        20.42062306141252,
        39.01055537007858,
      ],
      // A panel above two aligned rows: the reader cuts below the panel first, then sees the grid.
      [
        [
          { tp: 0.5999758414624677, gp: 5.782426440159306e-14 },
          { tp: 0.010000000000000004, gp: 1.40143886961436e-18 },
          { tp: 0.010000000000000007, gp: 7.4e-323 },
          { tp: 0.9999999999999994, gp: 2.6420761547254207e-239 },
          { tp: 0.9999999999999996, gp: 2.049609960839067e-87 },
          { tp: 0.7767793660381025, gp: 5.668666315941959e-287 },
          { tp: 0.17245231154067936, gp: 5.194868076867797e-276 },
        ],
        30.809394071904613,
        24.762082765402514,
      ],
    ];
    for (const [ps, w, h] of cases) {
      const boxes = splitLayout(ps, { x: 0.5, y: 3, w, h }, { minW: 8, minH: 5 });
      expect(kendallTau(readingOrder(boxes))).toBe(1);
    }
  });
  it('gives each panel an area share equal to its sp share', () => {
    const ps = [
      { tp: 0.5, gp: 0 },
      { tp: 0.3, gp: 0.5 },
      { tp: 0.2, gp: 0.5 },
    ];
    const boxes = splitLayout(ps, { x: 0, y: 0, w: 48, h: 32 }, { minW: 1, minH: 1 });
    const sp = ps.map((p) => priors(p).sp);
    const tot = sp.reduce((a, b) => a + b, 0);
    boxes.forEach((b, i) => expect((b.w * b.h) / (48 * 32)).toBeCloseTo((sp[i] as number) / tot, 9));
  });
  it('is fast on many sections thanks to memoisation', () => {
    const ps = Array.from({ length: 16 }, (_, i) => ({ tp: 1 / 16, gp: i % 3 === 0 ? 0.1 : 0 }));
    const boxes = splitLayout(ps, { x: 0, y: 0, w: 48, h: 36 }, { minW: 6, minH: 4 });
    expect(boxes.length).toBe(16);
    expect(kendallTau(readingOrder(boxes))).toBe(1);
  });
  it('is deterministic', () => {
    const ps = [
      { tp: 0.3, gp: 0.2 },
      { tp: 0.4, gp: 0 },
      { tp: 0.3, gp: 0.8 },
    ];
    expect(splitLayout(ps, { x: 0, y: 0, w: 48, h: 36 }, { minW: 9, minH: 5 })).toEqual(
      splitLayout(ps, { x: 0, y: 0, w: 48, h: 36 }, { minW: 9, minH: 5 }),
    );
  });
});

describe('kendallTau and readingOrder', () => {
  it('known values', () => {
    expect(kendallTau([0, 1, 2, 3])).toBe(1);
    expect(kendallTau([3, 2, 1, 0])).toBe(-1);
    // One discordant pair of 3: (3 − 2·1)/3.
    expect(kendallTau([1, 0, 2])).toBeCloseTo(1 / 3, 12);
  });
  it('reads columns left to right, each top to bottom', () => {
    const boxes = [
      { x: 0, y: 0, w: 1, h: 1 },
      { x: 0, y: 1, w: 1, h: 1 },
      { x: 1, y: 0, w: 1, h: 2 },
    ];
    expect(readingOrder(boxes)).toEqual([0, 1, 2]);
    expect(readingOrder([boxes[2], boxes[0], boxes[1]] as Box[])).toEqual([1, 2, 0]);
  });
});
