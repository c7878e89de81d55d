/**
 * @module index
 * Public API of @floret/dp-quality (work in progress).
 */
export const PACKAGE = '@floret/dp-quality';
