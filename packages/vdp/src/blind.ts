/**
 * @module blind
 * The number of blinding coefficients of committed vectors in VDDLM (privacy.md §1.3: each committed
 * vector is opened at no more than three points, so a blinding polynomial of 4 coefficients keeps
 * every opening hiding). Its own module so the CLI can read it without loading the curve backend.
 */

/** Blinding coefficients of committed vectors: each is opened at a few points, so a few suffice. */
export const VECTOR_BLIND = 4;
