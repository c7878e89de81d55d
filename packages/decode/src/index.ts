/**
 * @module index
 * Public API of @floret/decode (work in progress).
 */
export const PACKAGE = '@floret/decode';
