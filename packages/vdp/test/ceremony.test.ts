/** Layer 3 checks: powers-of-tau ceremony contributions verify, corrupted ones are rejected. */
import { describe, expect, it } from 'vitest';
import {
  type Ceremony,
  ceremonyFromJson,
  ceremonyToJson,
  checkPowers,
  contribute,
  initCeremony,
  srsFromCeremony,
  verifyCeremony,
  verifyContribution,
} from '../src/ceremony.js';
import { G1, G2 } from '../src/curve.js';
import { randomScalar } from '../src/field.js';
import { commit, open, randomBlinding, verifyOpening } from '../src/kzg.js';

describe('powers-of-tau ceremony', () => {
  const c0 = initCeremony(8, 4);
  const c1 = contribute(c0, 'alice');
  const c2 = contribute(c1, 'bob', new TextEncoder().encode('dice rolls 3 1 4 1 5'));

  it('accepts honest sequential contributions and yields a working SRS', () => {
    expect(verifyContribution(c0, c1)).toBeNull();
    expect(verifyContribution(c1, c2)).toBeNull();
    expect(verifyCeremony(c2)).toBeNull();
    const srs = srsFromCeremony(c2);
    const f = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n];
    const r = randomBlinding(4);
    const x = randomScalar();
    expect(
      verifyOpening(srs, { commitment: commit(srs, f, r), point: x, opening: open(srs, f, r, x).opening }),
    ).toBe(true);
  });
  it('rejects the initial state as a setup', () => {
    expect(verifyCeremony(c0)).toMatch(/no contributions/);
  });
  it('rejects a corrupted power', () => {
    const g = [...c2.g];
    g[5] = (g[5] ?? G1.BASE).add(G1.BASE);
    const bad: Ceremony = { ...c2, g };
    expect(checkPowers(bad)).toMatch(/not consecutive powers/);
    expect(verifyContribution(c1, bad)).toMatch(/not consecutive powers/);
    const h = [...c2.h];
    h[3] = (h[3] ?? G1.BASE).double();
    expect(checkPowers({ ...c2, h })).toMatch(/not consecutive powers/);
  });
  it('rejects a contribution that does not build on the previous state', () => {
    // A fresh chain started from scratch by one party, presented as the next step after c1.
    const fresh = contribute(initCeremony(8, 4), 'mallory');
    const forged: Ceremony = { ...fresh, contributions: [...c1.contributions, ...fresh.contributions] };
    expect(verifyContribution(c1, forged)).toMatch(/does not build on the previous state|proof of knowledge/);
    expect(verifyCeremony(forged)).toMatch(/does not build on the previous state/);
  });
  it('rejects a forged proof of knowledge and a zero multiplier', () => {
    const recs = [...c2.contributions];
    const last = recs[1];
    if (last === undefined) throw new Error('missing contribution');
    recs[1] = { ...last, pokZ: last.pokZ + 1n };
    expect(verifyContribution(c1, { ...c2, contributions: recs })).toMatch(/proof of knowledge/);
    recs[1] = { ...last, sG2: G2.ZERO };
    expect(verifyContribution(c1, { ...c2, contributions: recs })).toMatch(/zero multiplier/);
  });
  it('round-trips the file format and detects corruption', () => {
    const text = ceremonyToJson(c2);
    const back = ceremonyFromJson(text);
    expect(verifyCeremony(back)).toBeNull();
    expect(back.g.map((p) => p.toHex())).toEqual(c2.g.map((p) => p.toHex()));
    const hex = (c2.g[3] ?? G1.BASE).toHex();
    const flipped = text.replace(hex, `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`);
    expect(() => ceremonyFromJson(flipped)).toThrow(/hash mismatch/);
    const obj = JSON.parse(text) as { body: { version: number } };
    obj.body.version = 99;
    expect(() => ceremonyFromJson(JSON.stringify(obj))).toThrow(/version 99/);
    expect(() => ceremonyFromJson('not json')).toThrow(/not JSON/);
  });
});
