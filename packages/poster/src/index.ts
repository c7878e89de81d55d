/**
 * @module index
 * Public API of @floret/poster: a scientific paper PDF in, an editable .pptx poster out — offline,
 * deterministic, fitted with real font metrics and verified by a LibreOffice render (arXiv:2505.21497,
 * Paper2Poster/PosterAgent, re-engineered without models).
 */
export {
  captionText,
  composePoster,
  type Element,
  groupSections,
  type Poster,
  THEMES,
  type Theme,
} from './compose.js';
export { evaluatePoster, keyFacts, type Metrics, posterText } from './evaluate.js';
export {
  inside,
  kendallTau,
  overlaps,
  type PosterSize,
  parseSize,
  priors,
  readingOrder,
  SIZE_PRESETS,
  splitLayout,
} from './layout.js';
export { type LlmOptions, type LlmReport, rewriteWithLlm, validateAnswer } from './llm.js';
export { lineHeightEm, measureParas, textWidth, wrap } from './measure.js';
export { PdfInputError, parsePaper, splitSentences } from './parse.js';
export { type MakeOptions, type MakeReport, makePoster, predictedProblems } from './poster.js';
export { deterministic, renderPptx } from './render.js';
export type { Box, Figure, Paper, Section, Sentence } from './types.js';
export { type CheckReport, findSoffice, pdfToPng, pptxToPdf, readPptxShapes, verifyPptx } from './verify.js';
export { type Bullet, type Draft, writeExtractive } from './write.js';
export { readZip, writeZip } from './zip.js';
