/**
 * @module index
 * Public API of @floret/vdp: verifiable distributed differential privacy (arXiv:2504.21752) —
 * BLS12-381 field/curve helpers, NTT, hiding KZG, sigma protocols, the powers-of-tau ceremony, exact
 * truncated discrete-Laplace samplers and parameter search, VRR, VDDLM, and VRR over HTTP.
 */
export const PACKAGE = '@floret/vdp';

export * from './ceremony.js';
export * from './codec.js';
export * from './curve.js';
export * from './dlap.js';
export * from './field.js';
export * from './http.js';
export * from './http-vddlm.js';
export * from './kzg.js';
export * from './legendre.js';
export * from './poly.js';
export * from './sigma.js';
export * from './transcript.js';
export * from './vddlm.js';
export * from './vddlm-pool.js';
export * from './vrr.js';
export * from './vrr-pool.js';
