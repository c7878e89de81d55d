/**
 * @module index
 * Public API of @floret/vdp (work in progress).
 */
export const PACKAGE = '@floret/vdp';
