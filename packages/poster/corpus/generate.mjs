/**
 * Corpus generator: writes synthetic arXiv-style LaTeX papers whose truth is known (title, authors,
 * affiliations, sections in order, figures/tables with captions, page and box, key facts), compiles
 * them with pdflatex and keeps the PDF and a `<name>.truth.json` beside it. The test corpus of
 * arXiv:2505.21497-style parsing/placement checks (issue 4, "Test corpus"); deterministic per seed.
 *
 * Figure boxes come from pdfTeX itself: each float body is boxed and `\pdfsavepos` records its lower-left
 * corner at shipout, written with the box's width/height to `<name>.pos` (units: sp, origin bottom-left).
 *
 * Usage: node packages/poster/corpus/generate.mjs [--seed 7] [--keep-tex]   (needs pdflatex; CI does not)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const SEED = Number(args[args.indexOf('--seed') + 1] ?? 7) || 7;
const KEEP = args.includes('--keep-tex');

/** mulberry32: small seeded PRNG so every run of the generator emits the same papers. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  'encoder',
  'decoder',
  'representation',
  'objective',
  'gradient',
  'memory',
  'schedule',
  'kernel',
  'attention map',
  'latent space',
  'benchmark',
  'baseline',
  'regulariser',
  'sampler',
  'tokenizer',
  'pipeline',
  'estimator',
  'classifier',
  'loss surface',
  'feature map',
  'retrieval index',
  'graph',
  'policy',
  'prior',
];
const ADJ = [
  'sparse',
  'robust',
  'stable',
  'efficient',
  'shallow',
  'deep',
  'noisy',
  'calibrated',
  'adaptive',
  'compact',
  'hierarchical',
  'local',
  'global',
  'lightweight',
  'consistent',
  'expressive',
];
const VERBS = [
  'improves',
  'stabilises',
  'reduces',
  'constrains',
  'accelerates',
  'regularises',
  'preserves',
  'approximates',
  'decouples',
  'simplifies',
  'dominates',
  'complements',
];
const CONDS = [
  'distribution shift',
  'limited supervision',
  'long contexts',
  'small batches',
  'label noise',
  'low precision',
  'heavy occlusion',
  'sparse rewards',
  'class imbalance',
  'domain transfer',
];
const METHODS = [
  ['Gated Sparse Mixer', 'GSM'],
  ['Residual Token Pruning', 'RTP'],
  ['Contrastive Layout Planner', 'CLP'],
  ['Hierarchical Memory Router', 'HMR'],
  ['Spectral Attention Cache', 'SAC'],
  ['Adaptive Kernel Distillation', 'AKD'],
  ['Monotone Flow Prior', 'MFP'],
  ['Latent Curriculum Sampler', 'LCS'],
];
const DATASETS = [
  'CIFAR-100',
  'ImageNet-1k',
  'WikiText-103',
  'COCO',
  'SQuAD',
  'Cityscapes',
  'LibriSpeech',
  'MS MARCO',
  'ADE20K',
  'GLUE',
  'Kinetics-400',
  'OGB-Arxiv',
];
const FIRST = [
  'Ana',
  'Bo',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Luca',
  'Mei',
  'Nadia',
  'Omar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tala',
];
const LAST = [
  'Almeida',
  'Brandt',
  'Castell',
  'Dimitrov',
  'Eriksen',
  'Fontaine',
  'Garibaldi',
  'Haddad',
  'Ivanova',
  'Jaskolski',
  'Kowalczyk',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quispe',
  'Rahman',
];
const AFFILS = [
  'University of Lisbon',
  'ETH Zurich',
  'University of Toronto',
  'Max Planck Institute for Informatics',
  'National University of Singapore',
  'University of Cape Town',
  'KTH Royal Institute of Technology',
  'Institute of Science Tokyo',
];
const SECTION_SETS = [
  ['Introduction', 'Related Work', 'Method', 'Experiments', 'Results', 'Conclusion'],
  ['Introduction', 'Background', 'Approach', 'Experimental Setup', 'Results', 'Discussion', 'Conclusion'],
  [
    'Introduction',
    'Related Work',
    'Problem Formulation',
    'Method',
    'Experiments',
    'Analysis',
    'Limitations',
    'Conclusion',
  ],
  ['Introduction', 'Method', 'Experiments', 'Conclusion'],
  [
    'Introduction',
    'Related Work',
    'Preliminaries',
    'Method',
    'Theory',
    'Experiments',
    'Ablations',
    'Discussion',
    'Conclusion',
  ],
];

/** Paper plan: pages are approximate (controlled through the paragraph count). */
const PAPERS = [
  { name: 'p01-onecol-6p', cols: 1, paras: 40, set: 3, figs: 3, tabs: 1 },
  { name: 'p02-twocol-6p', cols: 2, paras: 52, set: 0, figs: 4, tabs: 1 },
  { name: 'p03-onecol-9p', cols: 1, paras: 48, set: 1, figs: 4, tabs: 2 },
  { name: 'p04-twocol-10p', cols: 2, paras: 100, set: 2, figs: 5, tabs: 2 },
  { name: 'p05-onecol-13p', cols: 1, paras: 80, set: 4, figs: 5, tabs: 2 },
  { name: 'p06-twocol-14p', cols: 2, paras: 150, set: 4, figs: 6, tabs: 2 },
  { name: 'p07-onecol-20p', cols: 1, paras: 200, set: 2, figs: 6, tabs: 3 },
];

function makePaper(spec, r) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const [method, acro] = pick(METHODS);
  const ds = [...DATASETS].sort(() => r() - 0.5).slice(0, 3);
  const nAuth = int(2, 4);
  const affs = [...AFFILS].sort(() => r() - 0.5).slice(0, Math.min(nAuth, int(1, 3)));
  const authors = [];
  for (let i = 0; i < nAuth; i++) {
    authors.push({
      name: `${FIRST[(int(0, 99) + i * 7) % FIRST.length]} ${LAST[(int(0, 99) + i * 5) % LAST.length]}`,
      aff: i % affs.length,
    });
  }
  const gain = (int(20, 95) / 10).toFixed(1);
  const speed = (int(15, 60) / 10).toFixed(1);
  const params = int(12, 340);
  const acc = (int(700, 960) / 10).toFixed(1);
  const title = `${method}: ${pick(['Scaling', 'Rethinking', 'Learning', 'Towards'])} ${pick(ADJ).replace(/^./, (c) => c.toUpperCase())} ${pick(['Representations', 'Inference', 'Training', 'Retrieval', 'Planning'])} under ${pick(CONDS).replace(/\b\w/g, (c) => c.toUpperCase())}`;
  const sections = SECTION_SETS[spec.set];
  const sentence = () => {
    const k = r();
    if (k < 0.25)
      return `The ${pick(ADJ)} ${pick(NOUNS)} ${pick(VERBS)} the ${pick(NOUNS)} under ${pick(CONDS)}.`;
    if (k < 0.45)
      return `In practice, ${acro} ${pick(VERBS)} the ${pick(ADJ)} ${pick(NOUNS)} without changing the ${pick(NOUNS)}.`;
    if (k < 0.6)
      return `We find that a ${pick(ADJ)} ${pick(NOUNS)} is sufficient when the ${pick(NOUNS)} is ${pick(ADJ)}.`;
    if (k < 0.72)
      return `On ${pick(ds)}, the ${pick(NOUNS)} ${pick(VERBS)} the ${pick(ADJ)} ${pick(NOUNS)} by ${int(2, 40)}\\% relative to the ${pick(NOUNS)}.`;
    if (k < 0.85)
      return `This ${pick(NOUNS)} is ${pick(ADJ)} because the ${pick(NOUNS)} ${pick(VERBS)} every ${pick(ADJ)} ${pick(NOUNS)} we tested.`;
    return `Prior work treats the ${pick(NOUNS)} as ${pick(ADJ)}, whereas we show it ${pick(VERBS)} the ${pick(NOUNS)} under ${pick(CONDS)}.`;
  };
  const para = (n = int(4, 7)) => Array.from({ length: n }, sentence).join(' ');
  const abstract = `We present ${method} (${acro}), a ${pick(ADJ)} method for ${pick(NOUNS)}s under ${pick(CONDS)}. ${para(2)} On ${ds[0]}, ${acro} improves accuracy by ${gain}\\% over the strongest baseline while running ${speed}$\\times$ faster with ${params}M parameters. ${para(1)} It reaches ${acc}\\% accuracy on ${ds[1]}.`;
  const conclusion = `We introduced ${method} (${acro}). ${para(2)} Across ${ds.join(', ')}, ${acro} improves accuracy by ${gain}\\% and runs ${speed}$\\times$ faster than prior methods. ${para(1)}`;
  // Distribute paragraphs over the middle sections; figures go to the sections that first mention them.
  const middle = sections.slice(1, -1);
  const nFig = spec.figs;
  const nTab = spec.tabs;
  const floats = [];
  for (let i = 0; i < nFig; i++) floats.push({ kind: 'figure', number: i + 1, vector: i % 2 === 0 });
  for (let i = 0; i < nTab; i++) floats.push({ kind: 'table', number: i + 1 });
  // Assign each float to a mentioning section (Introduction may hold figure 1).
  floats.forEach((f, i) => {
    f.section = i === 0 ? sections[0] : middle[(i * 3 + int(0, 1)) % middle.length];
  });
  floats.sort((a, b) => sections.indexOf(a.section) - sections.indexOf(b.section));
  // Number floats in the order they will appear.
  let fn = 0;
  let tn = 0;
  for (const f of floats) f.number = f.kind === 'figure' ? ++fn : ++tn;
  const perSec = Math.max(2, Math.round(spec.paras / sections.length));
  return {
    method,
    acro,
    ds,
    authors,
    affs,
    title,
    sections,
    abstract,
    conclusion,
    floats,
    para,
    perSec,
    sentence,
    pick,
    int,
    gain,
    speed,
    params,
    acc,
  };
}

/** Raster figure: a small deterministic chart drawn with @napi-rs/canvas. */
function rasterPng(r, kind) {
  const c = createCanvas(900, 560);
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, 900, 560);
  if (kind % 2 === 0) {
    // heat map
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 20; j++) {
        const v = Math.floor(255 * (0.5 + 0.5 * Math.sin(i * 0.7 + j * 0.4 + r() * 0.6)));
        g.fillStyle = `rgb(${v},${Math.floor(v * 0.6)},${255 - v})`;
        g.fillRect(30 + j * 42, 30 + i * 42, 40, 40);
      }
  } else {
    // bar chart with axes
    g.strokeStyle = '#222';
    g.lineWidth = 4;
    g.beginPath();
    g.moveTo(60, 20);
    g.lineTo(60, 520);
    g.lineTo(880, 520);
    g.stroke();
    const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
    for (let i = 0; i < 8; i++) {
      const h = 80 + Math.floor(r() * 400);
      g.fillStyle = colors[i % 4];
      g.fillRect(90 + i * 98, 520 - h, 70, h);
    }
  }
  return c.toBuffer('image/png');
}

const POS_MACROS = String.raw`
\newwrite\posout
\immediate\openout\posout=\jobname.pos
\newsavebox\floretbox
\newcommand\floretpos[2]{\sbox\floretbox{#2}%
\edef\floretx{\noexpand\write\posout{#1 \noexpand\thepage\space\noexpand\the\noexpand\pdflastxpos\space\noexpand\the\noexpand\pdflastypos\space\the\wd\floretbox\space\the\ht\floretbox\space\the\dp\floretbox}}%
\leavevmode\pdfsavepos\floretx\usebox\floretbox}
`;

function tikzFigure(p, _f) {
  const pts = Array.from(
    { length: 8 },
    (_, i) => `(${i + 1},${(40 + i * p.int(2, 7) + p.int(0, 9)).toFixed(0)})`,
  ).join(' ');
  const pts2 = Array.from(
    { length: 8 },
    (_, i) => `(${i + 1},${(35 + i * p.int(1, 5) + p.int(0, 9)).toFixed(0)})`,
  ).join(' ');
  return String.raw`\begin{tikzpicture}
\begin{axis}[width=0.9\linewidth,height=5.2cm,xlabel={Training epochs (x10)},ylabel={Accuracy (\%)},legend pos=south east,grid=major]
\addplot[blue,mark=*] coordinates {${pts}};
\addplot[red,mark=square*] coordinates {${pts2}};
\legend{${p.acro},Baseline}
\end{axis}
\end{tikzpicture}`;
}

function table(p, _f) {
  const rows = [p.acro, 'Baseline A', 'Baseline B', 'Ablation'].map(
    (m) =>
      `${m} & ${(p.int(600, 950) / 10).toFixed(1)} & ${(p.int(600, 950) / 10).toFixed(1)} & ${p.int(10, 300)} \\\\`,
  );
  return String.raw`\begin{tabular}{lccc}
\toprule
Method & ${p.ds[0]} & ${p.ds[1]} & Params (M) \\
\midrule
${rows.join('\n')}
\bottomrule
\end{tabular}`;
}

function build(spec, seed) {
  const r = rng(seed);
  const p = makePaper(spec, r);
  const dir = join(HERE, 'build', spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const captions = {};
  const bodyFor = {};
  let rasterIdx = 0;
  for (const f of p.floats) {
    const id = `${f.kind === 'figure' ? 'fig' : 'tab'}${f.number}`;
    const cap =
      f.kind === 'figure'
        ? `${f.vector ? 'Accuracy of' : 'Visualisation of'} ${p.acro} ${p.pick(['across training', 'on held-out data', 'per layer', 'versus model size'])}: the ${p.pick(ADJ)} ${p.pick(NOUNS)} ${p.pick(VERBS)} the ${p.pick(NOUNS)}.`
        : `Comparison on ${p.ds[0]} and ${p.ds[1]}; ${p.acro} uses a ${p.pick(ADJ)} ${p.pick(NOUNS)}.`;
    captions[id] = cap;
    let content;
    if (f.kind === 'table') content = table(p, f);
    else if (f.vector) content = tikzFigure(p, f);
    else {
      const png = `raster${rasterIdx++}.png`;
      writeFileSync(join(dir, png), rasterPng(r, rasterIdx));
      content = `\\includegraphics[width=0.8\\linewidth]{${png}}`;
    }
    const boxed = `\\floretpos{${id}}{${content}}`;
    bodyFor[id] =
      f.kind === 'table'
        ? `\\begin{table}[tb]\n\\centering\n\\caption{${cap}}\\label{${id}}\n${boxed}\n\\end{table}`
        : `\\begin{figure}[tb]\n\\centering\n${boxed}\n\\caption{${cap}}\\label{${id}}\n\\end{figure}`;
  }
  const lines = [];
  lines.push(`\\documentclass[10pt${spec.cols === 2 ? ',twocolumn' : ''}]{article}`);
  lines.push('\\usepackage[letterpaper,margin=0.9in]{geometry}');
  lines.push(
    '\\usepackage[T1]{fontenc}\\usepackage{mathptmx}\\usepackage{graphicx}\\usepackage{amsmath}\\usepackage{booktabs}',
  );
  lines.push('\\usepackage{pgfplots}\\pgfplotsset{compat=1.17}');
  lines.push('\\pdfinfoomitdate=1 \\pdftrailerid{} \\pdfsuppressptexinfo=-1');
  lines.push(POS_MACROS);
  lines.push(`\\title{${p.title}}`);
  const authLine = p.authors.map((a) => `${a.name}$^{${a.aff + 1}}$`).join(' \\quad ');
  const affLine = p.affs.map((a, i) => `$^{${i + 1}}$${a}`).join(' \\quad ');
  lines.push(`\\author{${authLine} \\\\ ${affLine}}`);
  lines.push('\\date{}');
  lines.push('\\begin{document}\\maketitle');
  lines.push(`\\begin{abstract}\n${p.abstract}\n\\end{abstract}`);
  const secTruth = [];
  p.sections.forEach((s, si) => {
    lines.push(`\\section{${s}}`);
    secTruth.push({ number: String(si + 1), title: s });
    const isLast = si === p.sections.length - 1;
    const mine = p.floats.filter((f) => f.section === s);
    const n = isLast ? 1 : p.perSec;
    for (let k = 0; k < n; k++) {
      if (isLast) {
        lines.push(p.conclusion);
      } else {
        let text = p.para();
        const f = mine[k];
        if (f) {
          const id = `${f.kind === 'figure' ? 'fig' : 'tab'}${f.number}`;
          const ref = f.kind === 'figure' ? `Figure~\\ref{${id}}` : `Table~\\ref{${id}}`;
          text = `As ${ref} shows, the ${p.pick(ADJ)} ${p.pick(NOUNS)} ${p.pick(VERBS)} the ${p.pick(NOUNS)}. ${text}`;
          lines.push(text);
          lines.push(bodyFor[id]);
          continue;
        }
        if (
          k === 1 &&
          (s === 'Method' || s === 'Approach' || s === 'Theory' || s === 'Problem Formulation')
        ) {
          lines.push(
            `${text}\n\\begin{equation}\n\\mathcal{L}(\\theta) = \\sum_{i=1}^{N} \\log p_\\theta(y_i \\mid x_i) + \\lambda \\lVert \\theta \\rVert_2^2\n\\end{equation}\nwhere $\\lambda$ weights the regulariser.`,
          );
          continue;
        }
        if (k === 2 && p.perSec > 4) {
          lines.push(`\\subsection{${p.pick(ADJ).replace(/^./, (c) => c.toUpperCase())} ${p.pick(NOUNS)}}`);
        }
        lines.push(text);
      }
    }
  });
  lines.push('\\begin{thebibliography}{9}');
  for (let i = 0; i < 8; i++) {
    lines.push(
      `\\bibitem{r${i}} ${p.pick(LAST)}, ${p.pick(FIRST)[0]}. ${p.pick(ADJ)} ${p.pick(NOUNS)}s for ${p.pick(CONDS)}. In \\emph{Proc. ${p.pick(['NeurIPS', 'ICML', 'ICLR', 'CVPR'])}}, ${2015 + i}.`,
    );
  }
  lines.push('\\end{thebibliography}');
  lines.push('\\appendix\\section{Additional Results}');
  lines.push(p.para(6));
  lines.push(p.para(6));
  lines.push('\\end{document}');
  const tex = `${lines.join('\n\n')}\n`;
  writeFileSync(join(dir, `${spec.name}.tex`), tex);
  for (let pass = 0; pass < 2; pass++) {
    execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', `${spec.name}.tex`], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, SOURCE_DATE_EPOCH: '0', FORCE_SOURCE_DATE: '1' },
    });
  }
  // Page count and figure boxes from the .pos file (sp, origin bottom-left) → PDF points, origin top-left.
  const log = readFileSync(join(dir, `${spec.name}.log`), 'utf8');
  const pages = Number(/Output written on .*?\((\d+) page/.exec(log)?.[1] ?? 0);
  const SP = 65536;
  const BP = 72 / 72.27;
  const PAGE_H = 792;
  const pos = readFileSync(join(dir, `${spec.name}.pos`), 'utf8')
    .trim()
    .split('\n');
  const figures = [];
  for (const line of pos) {
    const [id, page, x, y, wd, ht, dp] = line.split(' ');
    const toPt = (v) => (Number.parseFloat(v) / (v.endsWith('pt') ? 1 : SP)) * BP;
    const w = toPt(wd);
    const h = toPt(ht) + toPt(dp);
    const left = toPt(x);
    const top = PAGE_H - (toPt(y) + toPt(ht));
    const f = p.floats.find((q) => `${q.kind === 'figure' ? 'fig' : 'tab'}${q.number}` === id);
    figures.push({
      id,
      kind: f.kind,
      number: f.number,
      vector: f.kind === 'figure' ? f.vector : true,
      caption: captions[id],
      page: Number(page),
      box: { x: +left.toFixed(1), y: +top.toFixed(1), w: +w.toFixed(1), h: +h.toFixed(1) },
      firstMentionSection: f.section,
    });
  }
  const truth = {
    name: spec.name,
    columns: spec.cols,
    pages,
    title: p.title,
    authors: p.authors.map((a) => a.name),
    affiliations: p.affs,
    sections: secTruth,
    setAside: ['References', 'Additional Results'],
    figures,
    facts: [p.method, p.acro, ...p.ds, `${p.gain}%`, `${p.speed}×`, `${p.params}M`, `${p.acc}%`],
  };
  return { dir, truth };
}

const outDir = HERE;
let seed = SEED;
for (const spec of PAPERS) {
  const { dir, truth } = build(spec, seed++);
  const pdf = readFileSync(join(dir, `${spec.name}.pdf`));
  writeFileSync(join(outDir, `${spec.name}.pdf`), pdf);
  writeFileSync(join(outDir, `${spec.name}.truth.json`), `${JSON.stringify(truth, null, 2)}\n`);
  console.log(
    `${spec.name}: ${truth.pages} pages, ${truth.figures.length} floats, ${(pdf.length / 1024).toFixed(0)} KB`,
  );
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}
if (!KEEP) rmSync(join(HERE, 'build'), { recursive: true, force: true });
