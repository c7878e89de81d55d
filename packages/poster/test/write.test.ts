/** Extractive writer: compression, ranking, mandatory bullets, named entities. */
import { describe, expect, it } from 'vitest';
import type { Paper, Sentence } from '../src/types.js';
import { byRank, compress, namedEntities, panelTitle, writeExtractive } from '../src/write.js';

const sen = (text: string, section: number): Sentence => ({
  text,
  page: 1,
  box: { x: 0, y: 0, w: 1, h: 1 },
  section,
});

function paper(): Paper {
  return {
    title: 'Gated Sparse Mixer',
    authors: [],
    affiliations: [],
    abstract: [sen('We present Gated Sparse Mixer (GSM), a method.', -1)],
    sections: [
      {
        number: '1',
        title: 'Introduction',
        subsections: [],
        mentions: [],
        sentences: [
          sen('Attention is expensive.', 0),
          sen('The weather was nice on the day the experiments were planned by the group.', 0),
          sen('GSM improves accuracy by 7.9% on CIFAR-100 while running 2.1× faster.', 0),
        ],
      },
      {
        number: '2',
        title: 'Conclusion and Outlook for Future Work',
        subsections: [],
        mentions: [],
        sentences: [
          sen('We introduced a new sparse mixer for long inputs.', 1),
          sen('It is good on many tasks too.', 1),
        ],
      },
    ],
    setAside: [],
    figures: [],
    pages: 1,
    pageSizes: [{ w: 612, h: 792 }],
  };
}

describe('writeExtractive', () => {
  it('ranks sentences with numbers and named methods first and never loses the conclusion claim', () => {
    const d = writeExtractive(paper());
    const intro = byRank(d.bullets[0] ?? []);
    expect(intro[0]?.text).toMatch(/7\.9%/);
    const concl = d.bullets[1] ?? [];
    expect(concl.find((b) => b.text.startsWith('We introduced'))?.mandatory).toBe(true);
    expect(d.titles).toEqual(['Introduction', 'Conclusion and Outlook for']);
  });
  it('finds defined acronyms and dataset names', () => {
    expect(namedEntities(paper())).toEqual(expect.arrayContaining(['GSM', 'CIFAR-100']));
  });
});

describe('compress', () => {
  it('removes citations and reference parentheticals', () => {
    expect(compress('Transformers [3, 4] scale well (Smith et al., 2020).')).toBe('Transformers scale well.');
  });
  it('panel titles keep at most four words', () => {
    expect(panelTitle('A B C D E')).toBe('A B C D');
  });
});
