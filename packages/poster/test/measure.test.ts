/**
 * Text measurement: advance widths of Liberation Sans equal Arial/Helvetica's (Adobe Helvetica AFM:
 * H 722, e 556, l 222, o 556 per 1000 em), wrapping invariants, box heights.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineHeightEm, measureParas, textWidth, wrap } from '../src/measure.js';

describe('textWidth', () => {
  it('matches the Helvetica/Arial metrics Liberation Sans is compatible with', () => {
    expect(textWidth('Hello', 1000)).toBeCloseTo(722 + 556 + 222 + 222 + 556, -1);
    expect(textWidth('Hello', 10)).toBeCloseTo(22.78, 1);
    // Bold H = 722, o = 611 (Helvetica-Bold AFM).
    expect(textWidth('Ho', 1000, 'bold')).toBeCloseTo(722 + 611, -1);
  });
  it('line height is at least 1.2 em (LibreOffice pitch)', () => {
    expect(lineHeightEm()).toBeGreaterThanOrEqual(1.2);
  });
});

describe('wrap', () => {
  it('keeps every word, in order, and lines within the width', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9,.%-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 60, max: 600 }),
        (ws, width) => {
          const lines = wrap(ws.join(' '), width, 12);
          expect(lines.join(' ').replace(/\s+/g, '')).toBe(ws.join(''));
          for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(width + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('breaks a word longer than the line', () => {
    const lines = wrap('Supercalifragilisticexpialidocious', 50, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('Supercalifragilisticexpialidocious');
  });
});

describe('measureParas', () => {
  it('adds insets, line pitch and paragraph spacing', () => {
    const st = {
      size: 20,
      face: 'regular' as const,
      spacing: 1,
      paraSpace: 0.5,
      bulletIndent: 18,
      insetX: 14,
      insetY: 8,
    };
    const m = measureParas(
      [
        { text: 'one line', bullet: true },
        { text: 'another', bullet: true },
      ],
      500,
      st,
    );
    expect(m.lines).toEqual([1, 1]);
    expect(m.height).toBeCloseTo(8 + 2 * 20 * lineHeightEm() + 0.5 * 20, 9);
  });
});
