/**
 * @module index
 * Public API of @floret/exact (work in progress).
 */
export const PACKAGE = '@floret/exact';
