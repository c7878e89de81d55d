import { describe, expect, it } from 'vitest';
import { DataError, describeDataset, loadCsv, loadJson, makeDataset, parseCsv } from '../src/data.js';

describe('parseCsv (RFC 4180)', () => {
  it('handles quotes, escaped quotes, embedded commas and newlines, CRLF', () => {
    const t = parseCsv('a,"b c",d\r\n1,"x,""y""\nz",3\r\n\r\n4,,6\n');
    expect(t.header).toEqual(['a', 'b c', 'd']);
    expect(t.rows).toEqual([
      ['1', 'x,"y"\nz', '3'],
      ['4', '', '6'],
    ]);
  });
  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a\n"oops\n')).toThrow(DataError);
  });
});

describe('loadCsv', () => {
  const csv = 'f1,f2,label,w\n1,2,b,1\n3,4,a,2\n1,2,a,0.5\n';
  it('loads features, labels in sorted order, weights', () => {
    const d = loadCsv(csv, { target: 'label', weights: 'w' });
    expect(d.n).toBe(3);
    expect(d.d).toBe(2);
    expect(d.featureNames).toEqual(['f1', 'f2']);
    expect(d.classes).toEqual(['a', 'b']);
    expect([...d.y]).toEqual([1, 0, 0]);
    expect([...d.x]).toEqual([1, 2, 3, 4, 1, 2]);
    expect([...(d.weights ?? [])]).toEqual([1, 2, 0.5]);
  });
  it('sorts numeric labels numerically', () => {
    const d = loadCsv('x,y\n1,10\n2,-1\n3,9\n', { target: 'y' });
    expect(d.classes).toEqual(['-1', '9', '10']);
  });
  it('names the column and row of a non-numeric feature', () => {
    expect(() => loadCsv('x,z,y\n1,2,a\n3,abc,b\n', { target: 'y' })).toThrow(/'z'.*'abc'.*row 2/);
  });
  it('lists the available columns when the target is missing', () => {
    expect(() => loadCsv('x,z,y\n1,2,a\n', { target: 'class' })).toThrow(/'class'.*x, z, y/);
  });
  it('rejects empty data and bad weights', () => {
    expect(() => loadCsv('x,y\n', { target: 'y' })).toThrow(/no data rows/);
    expect(() => loadCsv('', { target: 'y' })).toThrow(DataError);
    expect(() => loadCsv('x,y,w\n1,a,0\n', { target: 'y', weights: 'w' })).toThrow(/weight/);
  });
});

describe('loadJson', () => {
  it('loads an array of objects', () => {
    const d = loadJson('[{"a":1,"b":2,"c":"u"},{"a":3,"b":4,"c":"v"}]', { target: 'c' });
    expect(d.featureNames).toEqual(['a', 'b']);
    expect([...d.y]).toEqual([0, 1]);
  });
  it('rejects non-arrays', () => {
    expect(() => loadJson('{"a":1}', { target: 'a' })).toThrow(DataError);
  });
});

describe('describeDataset', () => {
  it('counts duplicates, conflicts and distinct values', () => {
    const d = makeDataset(
      [
        [1, 1],
        [1, 1],
        [1, 1],
        [2, 1],
        [2, 1],
        [3, 5],
      ],
      [0, 1, 1, 0, 0, 1],
    );
    const r = describeDataset(d);
    expect(r.duplicateGroups).toBe(2);
    expect(r.duplicateRows).toBe(3);
    expect(r.conflictingGroups).toBe(1);
    expect(r.conflictingRows).toBe(3);
    expect(r.conflictErrors).toBe(1);
    expect(r.distinctValues).toEqual([3, 2]);
    expect(r.classCounts).toEqual([3, 3]);
  });
});
