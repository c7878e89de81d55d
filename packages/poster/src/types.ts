/**
 * @module types
 * The data model shared by the stages of the poster pipeline (arXiv:2505.21497 §3: Parser → asset
 * library, Planner → panel layout, Painter → .pptx, Commenter → checks). Every stage is a pure function
 * over these plain objects, so each can be tested and cached on its own.
 */

/** An axis-aligned box. In PDF space: points, origin at the page's top-left; on a poster: inches. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One sentence of the paper with its provenance (first page it appears on, union box of its lines there). */
export interface Sentence {
  text: string;
  page: number;
  box: Box;
  /** Index of the section (in {@link Paper.sections}) it belongs to; −1 for the abstract. */
  section: number;
}

/** A top-level section of the paper body, in reading order. */
export interface Section {
  /** The printed number ('3'), or '' for unnumbered headings. */
  number: string;
  title: string;
  sentences: Sentence[];
  /** Subsection titles in order (kept for structure; their text is in `sentences`). */
  subsections: string[];
  /** Ids of the figures/tables this section mentions, in order of first mention. */
  mentions: string[];
}

/** A captioned figure or table found in the paper. */
export interface Figure {
  /** 'fig3' or 'tab2'. */
  id: string;
  kind: 'figure' | 'table';
  number: number;
  caption: string;
  page: number;
  /** Content box (without the caption) in PDF points, top-left origin. */
  box: Box;
  /** Cropped PNG of `box` rendered at {@link Figure.dpi}, when rendering was requested. */
  png?: Uint8Array;
  pxW: number;
  pxH: number;
  dpi: number;
  /** Index of the section that first mentions it, or −1 when no section does. */
  firstMention: number;
}

/** The asset library: what the Parser extracts from a paper. */
export interface Paper {
  title: string;
  authors: string[];
  affiliations: string[];
  abstract: Sentence[];
  sections: Section[];
  /** Headings set aside (references, appendix, acknowledgements), in order. */
  setAside: string[];
  figures: Figure[];
  pages: number;
  /** Page sizes in points. */
  pageSizes: { w: number; h: number }[];
}
