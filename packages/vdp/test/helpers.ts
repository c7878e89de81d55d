/**
 * Test fixtures: a small SRS from a random τ (insecure by design; the ceremony tests cover real setup).
 */
import { hashToG1 } from '../src/curve.js';
import { randomScalar } from '../src/field.js';
import { insecureSrsFromTau, type Srs } from '../src/kzg.js';

let cached: Srs | undefined;
/** A 64-power SRS shared across a test file. */
export function testSrs(): Srs {
  cached ??= insecureSrsFromTau(randomScalar(), 64, 64, hashToG1('floret-vdp/srs/h'));
  return cached;
}
