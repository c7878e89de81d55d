/**
 * @module index
 * Public API of @floret/poster (work in progress).
 */
export const PACKAGE = '@floret/poster';
