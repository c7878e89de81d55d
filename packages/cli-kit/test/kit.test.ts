import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseBigIntArg, parseIntArg, parseIntListArg, toJson, UsageError } from '../src/index.js';
import { createProgress } from '../src/progress.js';

describe('@floret/cli-kit argument parsing', () => {
  it('parseIntArg accepts plain decimal integers only', () => {
    expect(parseIntArg('<n>', '12')).toBe(12);
    expect(parseIntArg('<n>', ' 7 ')).toBe(7);
    for (const bad of ['1e3', '0x10', '2.5', '', 'twelve', '12abc']) {
      expect(() => parseIntArg('<n>', bad)).toThrow(UsageError);
    }
    expect(() => parseIntArg('<n>', '-1')).toThrow(/<n> must be at least 0, got -1/);
    expect(() => parseIntArg('<n>', '9007199254740993')).toThrow(/too large/);
  });

  it('parseBigIntArg keeps every digit and rejects negatives', () => {
    expect(parseBigIntArg('<r>', '123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    expect(() => parseBigIntArg('<r>', '-5')).toThrow(/non-negative/);
    expect(() => parseBigIntArg('<r>', '5.0')).toThrow(/integer/);
  });

  it('parseIntListArg splits on commas and spaces and names the bad entry', () => {
    expect(parseIntListArg('<items>', '0,3, 5 7')).toEqual([0, 3, 5, 7]);
    expect(() => parseIntListArg('<items>', '1,x,3')).toThrow(/entry 2 \('x'\)/);
  });

  it('toJson writes bigints as exact JSON numbers', () => {
    expect(toJson({ count: 100891344545564193334812497256n, n: 3, s: 'a"b' })).toBe(
      '{"count":100891344545564193334812497256,"n":3,"s":"a\\"b"}',
    );
    expect(toJson([1n, [2n]])).toBe('[1,[2]]');
  });

  it('UsageError carries exit code 2 unless told otherwise', () => {
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new UsageError('x', 1).exitCode).toBe(1);
  });
});

describe('@floret/cli-kit progress', () => {
  it('is silent when stderr is not a terminal, and draws on the stream when asked to', () => {
    const quiet = new PassThrough() as unknown as NodeJS.WriteStream;
    let wrote = '';
    (quiet as unknown as PassThrough).on('data', (d: Buffer) => {
      wrote += d.toString();
    });
    const p = createProgress({ total: 100, label: 'quiet', stream: quiet });
    p.update(50);
    p.stop();
    expect(wrote).toBe('');
    const loud = new PassThrough() as unknown as NodeJS.WriteStream;
    let drawn = '';
    (loud as unknown as PassThrough).on('data', (d: Buffer) => {
      drawn += d.toString();
    });
    const q = createProgress({ total: 100, label: 'work', stream: loud, show: true });
    q.update(40);
    q.stop();
    expect(drawn).toMatch(/work \[/);
    expect(drawn).toMatch(/\/100 items/);
  });
});
