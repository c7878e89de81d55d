/**
 * @module cli
 * The `floret decode` commands: models, hardware, cost, afd, tables (arXiv:2507.19427 §4), plan (AFD
 * search, §3, §5–7) and simulate (AFD pipeline, Fig. 7), plus this package's tour stop. A thin layer:
 * it parses and validates arguments, calls the library, and prints.
 */
import { readFileSync } from 'node:fs';
import { printJson, type ToolModule, type TourStop, UsageError } from '@floret/cli-kit';
import { Command, Option } from 'commander';
import { deploymentEfficiency, table9Efficiency } from './calibration.js';
import { afdCost, decodeCost } from './cost.js';
import { findHardware, HARDWARE, type Hardware } from './hardware.js';
import { importHfConfig } from './hf.js';
import { kvCacheBytesPerToken, layerCount, type ModelSpec, moeSparsity, paramCounts } from './model.js';
import { BUILTIN_MODELS, findModel, STEP3 } from './models.js';
import { type Efficiency, type FfnParallel, PAPER_EFFICIENCY } from './perf.js';
import { planAfd } from './planner.js';
import { dsv3ProfileConfig, simulateAfd, simulateEp } from './simulate.js';
import { allTables } from './tables.js';

/** Resolves `--model`: a built-in id, or a path to a Hugging Face config.json. */
export function resolveModel(text: string): ModelSpec {
  const m = findModel(text);
  if (m) return m;
  if (!/\.json$/i.test(text) && !text.includes('/')) {
    throw new UsageError(
      `--model '${text}' is not a built-in model; use one of ${BUILTIN_MODELS.map((x) => x.id).join(', ')} or a path to a config.json`,
    );
  }
  let raw: string;
  try {
    raw = readFileSync(text, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--model ${text}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new UsageError(`--model ${text}: not valid JSON; give a Hugging Face config.json`);
  }
  try {
    const id = text.replace(/^.*[\\/]/, '').replace(/(\.config)?\.json$/i, '');
    return importHfConfig(json, { id });
  } catch (err) {
    throw new UsageError(`--model ${text}: ${(err as Error).message}`);
  }
}

/** Resolves `--hardware` by id. */
export function resolveHardware(text: string, flag = '--hardware'): Hardware {
  const h = findHardware(text);
  if (h) return h;
  throw new UsageError(`${flag} '${text}' is unknown; use one of ${HARDWARE.map((x) => x.id).join(', ')}`);
}

/** Parses a context such as 8192, 8K or 32k (K = 1024, the paper's convention). */
export function parseContext(text: string, flag = '--context'): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([kK])?\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag} must be a number of tokens such as 8192 or 8K, got '${text}'`);
  const v = Math.round(Number(m[1]) * (m[2] ? 1024 : 1));
  if (!(v > 0)) throw new UsageError(`${flag} must be greater than 0, got '${text}'`);
  return v;
}

function parsePositive(text: string, flag: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} must be a positive number, got '${text}'`);
  return v;
}

const fmt = (x: number, d = 3) => x.toFixed(d);
const sci = (x: number) => x.toExponential(2);
const pad = (s: string, n: number) => s.padEnd(n);

function modelsCommand(): Command {
  return new Command('models')
    .description('the built-in models: layers, attention, parameters, KV bytes per token')
    .option('--json', 'machine-readable output on stdout')
    .action((o: { json?: boolean }) => {
      const rows = BUILTIN_MODELS.map((m) => {
        const p = paramCounts(m);
        return {
          id: m.id,
          name: m.name,
          layers: layerCount(m),
          hidden: m.hidden,
          attention: [...new Set(m.layers.map((g) => g.attention.kind))].join('+'),
          totalParams: p.total,
          activatedParams: p.activated[m.card?.activatedConvention ?? 'with-head'],
          activatedConvention: m.card?.activatedConvention ?? 'with-head',
          kvBytesPerToken: kvCacheBytesPerToken(m),
          moeSparsity: moeSparsity(m),
          card: m.card ?? null,
        };
      });
      if (o.json) return printJson(rows);
      process.stdout.write(
        `${pad('id', 20)}${pad('attention', 12)}layers  total   activated  KV B/token  S\n`,
      );
      for (const r of rows)
        process.stdout.write(
          `${pad(r.id, 20)}${pad(r.attention, 12)}${String(r.layers).padStart(6)}  ${(r.totalParams / 1e9).toFixed(1).padStart(6)}B ${(r.activatedParams / 1e9).toFixed(1).padStart(7)}B  ${String(r.kvBytesPerToken).padStart(10)}  ${fmt(r.moeSparsity, 4)}\n`,
        );
    });
}

function hardwareCommand(): Command {
  return new Command('hardware')
    .description('the accelerator catalogue: peaks, bandwidth, price, each with its source')
    .option('--json', 'machine-readable output on stdout')
    .action((o: { json?: boolean }) => {
      if (o.json) return printJson(HARDWARE);
      process.stdout.write(
        `${pad('id', 8)}${pad('$/h', 6)}${pad('BF16', 10)}${pad('FP8', 10)}${pad('HBM B/s', 10)}memory  network\n`,
      );
      for (const h of HARDWARE)
        process.stdout.write(
          `${pad(h.id, 8)}${pad(h.usdPerHour === undefined ? '—' : String(h.usdPerHour), 6)}${pad(sci(h.bf16Flops), 10)}${pad(h.fp8Flops === undefined ? 'N/A' : sci(h.fp8Flops), 10)}${pad(sci(h.memBw), 10)}${pad(`${h.memBytes / 1e9} GB`, 8)}${h.nics}×${h.nicGbps} Gbps\n    source: ${h.source}\n`,
        );
    });
}

function costCommand(): Command {
  return new Command('cost')
    .description('per-token KV bytes, FLOPs and USD per 1M tokens on one accelerator (Tables 2, 3, 6)')
    .requiredOption('--model <id|config.json>', 'a built-in model id or a Hugging Face config.json')
    .requiredOption('--hardware <id>', 'accelerator id (see floret decode hardware)')
    .requiredOption('--context <tokens>', 'context length, e.g. 8192 or 8K (K = 1024)')
    .option('--usd-per-hour <usd>', 'price per card-hour (required for cards the paper does not price)')
    .option('--json', 'machine-readable output on stdout')
    .action(
      (o: { model: string; hardware: string; context: string; usdPerHour?: string; json?: boolean }) => {
        const m = resolveModel(o.model);
        const h = resolveHardware(o.hardware);
        const ctx = parseContext(o.context);
        const price =
          o.usdPerHour === undefined ? h.usdPerHour : parsePositive(o.usdPerHour, '--usd-per-hour');
        if (price === undefined)
          throw new UsageError(`--hardware ${h.id} has no price in the catalogue; add --usd-per-hour <usd>`);
        const c = decodeCost(m, h, ctx, price);
        if (o.json) return printJson(c);
        process.stdout.write(
          `${m.name} on ${h.name} at context ${ctx} (per decoded token, whole model)\n` +
            `  KV bytes        ${sci(c.kvBytes)}\n  attention FLOPs ${sci(c.attentionFlops)}  (${c.attentionMemoryBound ? 'memory' : 'compute'}-bound)\n` +
            `  linear FLOPs    ${sci(c.linearFlops)}\n  FFN FLOPs       ${sci(c.ffnFlops)}\n` +
            `  USD per 1M tokens: attention ${fmt(c.attentionUsdPerMTokens)}, FFN ${fmt(c.ffnUsdPerMTokens)}, total ${fmt(c.usdPerMTokens)}\n`,
        );
      },
    );
}

function afdCommand(): Command {
  return new Command('afd')
    .description('cheapest attention and FFN hardware, and the AFD total in USD per 1M tokens (§4.2)')
    .requiredOption('--model <id|config.json>', 'a built-in model id or a Hugging Face config.json')
    .requiredOption('--context <tokens>', 'context length, e.g. 8192 or 8K')
    .option('--json', 'machine-readable output on stdout')
    .action((o: { model: string; context: string; json?: boolean }) => {
      const m = resolveModel(o.model);
      const a = afdCost(m, parseContext(o.context));
      if (o.json) return printJson(a);
      process.stdout.write(
        `${m.name} at context ${a.context}: attention on ${a.attentionHardware} (${fmt(a.attentionUsdPerMTokens)}) + FFN on ${a.ffnHardware} (${fmt(a.ffnUsdPerMTokens)}) = ${fmt(a.usdPerMTokens)} USD per 1M tokens\n` +
          `  best single-hardware (EP) deployment: ${a.bestSingle.hardware} at ${fmt(a.bestSingle.usdPerMTokens)}\n`,
      );
    });
}

function tablesCommand(): Command {
  return new Command('tables')
    .description(
      "the paper's Tables 2, 3, 5, 6, 7, Fig. 4 and Observation 1, each cell beside the printed value",
    )
    .option('--json', 'machine-readable output on stdout')
    .action((o: { json?: boolean }) => {
      const cells = allTables();
      if (o.json) return printJson(cells);
      // Group by table (Tables 2 and 3 are generated model by model, interleaved), in first-seen order.
      const byTable = new Map<string, typeof cells>();
      for (const c of cells) {
        const group = byTable.get(c.table);
        if (group === undefined) byTable.set(c.table, [c]);
        else group.push(c);
      }
      for (const [table, group] of byTable) {
        process.stdout.write(`\n${table}\n`);
        for (const c of group) printCell(c);
      }
      function printCell(c: (typeof cells)[number]): void {
        const mark = c.match ? 'ok' : c.note !== undefined ? `differs: ${c.note}` : 'MISMATCH';
        process.stdout.write(
          `  ${pad(c.row, 20)}${pad(c.column, 24)}${pad(c.rounded, 10)} printed ${pad(c.printed, 9)}${mark}\n`,
        );
      }
      const ok = cells.filter((c) => c.match).length;
      process.stdout.write(
        `\n${ok} of ${cells.length} cells equal the printed value at the printed precision\n`,
      );
    });
}

/** `floret decode …` */
export function decodeCommand(): Command {
  const cmd = new Command('decode')
    .description('Step-3 decode cost model, AFD planner and pipeline simulator (arXiv:2507.19427)')
    .addHelpText(
      'after',
      `
Examples:
  floret decode models
  floret decode cost --model step3 --hardware h800 --context 8K --json
  floret decode cost --model ./config.json --hardware h200 --context 32768 --usd-per-hour 3
  floret decode afd --model deepseek-v3 --context 32K
  floret decode tables
  floret decode plan --model step3 --context 4K
  floret decode simulate --model step3 --attention 2 --ffn 2 --batch 6144 --context 4K --mode calibrated`,
    );
  cmd.addCommand(modelsCommand());
  cmd.addCommand(hardwareCommand());
  cmd.addCommand(costCommand());
  cmd.addCommand(afdCommand());
  cmd.addCommand(tablesCommand());
  cmd.addCommand(planCommand());
  cmd.addCommand(simulateCommand());
  return cmd;
}

const MODES = ['paper', 'calibrated', 'deployment'] as const;

/** The efficiency profile a `--mode` names. */
export function efficiencyFor(mode: string): Efficiency {
  if (mode === 'paper') return PAPER_EFFICIENCY;
  if (mode === 'calibrated') return table9Efficiency();
  if (mode === 'deployment') return deploymentEfficiency();
  throw new UsageError(`--mode '${mode}' is unknown; use one of ${MODES.join(', ')}`);
}

function parseIntIn(text: string, flag: string, min: number, max: number): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`${flag} must be an integer, got '${text}'`);
  const v = Number(text);
  if (v < min || v > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${v}`);
  return v;
}

function parseList(text: string, flag: string, min: number, max: number): number[] {
  return text.split(',').map((t) => parseIntIn(t, flag, min, max));
}

function planCommand(): Command {
  return new Command('plan')
    .description(
      'search AFD deployments (instances, GPUs, FFN parallelism, micro-batches, batch) under a TPOT SLA',
    )
    .requiredOption('--model <id|config.json>', 'a built-in model id or a Hugging Face config.json')
    .requiredOption('--context <tokens>', 'context length, e.g. 4K')
    .option('--tpot <ms>', 'TPOT SLA in milliseconds', '50')
    .option('--attention-hw <id>', 'attention accelerator', 'h800')
    .option('--ffn-hw <id>', 'FFN accelerator', 'h800')
    .addOption(
      new Option(
        '--mode <mode>',
        'efficiency: paper (ideal), calibrated (Table 9 fit), deployment (Table 8 2A2F fit)',
      )
        .choices([...MODES])
        .default('deployment'),
    )
    .option('--micro-batches <list>', 'micro-batch counts to try (2-4)', '2,3,4')
    .option('--gpus-per-instance <list>', 'GPUs per instance to try', '4,8')
    .option('--max-attention <n>', 'most attention instances', '32')
    .option('--max-ffn <n>', 'most FFN instances', '8')
    .option('--bf16-attention', 'BF16 KV cache on the attention side (Table 8 3A2F)')
    .option('--json', 'machine-readable output on stdout')
    .action(
      (o: {
        model: string;
        context: string;
        tpot: string;
        attentionHw: string;
        ffnHw: string;
        mode: string;
        microBatches: string;
        gpusPerInstance: string;
        maxAttention: string;
        maxFfn: string;
        bf16Attention?: boolean;
        json?: boolean;
      }) => {
        const model = resolveModel(o.model);
        const t0 = performance.now();
        const r = planAfd({
          model,
          context: parseContext(o.context),
          attentionHw: resolveHardware(o.attentionHw, '--attention-hw'),
          ffnHw: resolveHardware(o.ffnHw, '--ffn-hw'),
          efficiency: efficiencyFor(o.mode),
          tpotMs: parsePositive(o.tpot, '--tpot'),
          microBatches: parseList(o.microBatches, '--micro-batches', 2, 4),
          gpusPerInstance: parseList(o.gpusPerInstance, '--gpus-per-instance', 1, 64),
          maxAttentionInstances: parseIntIn(o.maxAttention, '--max-attention', 1, 1024),
          maxFfnInstances: parseIntIn(o.maxFfn, '--max-ffn', 1, 256),
          ...(o.bf16Attention ? { kvBytes: 2 as const } : {}),
        });
        const ms = performance.now() - t0;
        const b = r.best;
        const summary = {
          model: model.id,
          context: b.config.context,
          mode: o.mode,
          best: {
            label: b.label,
            attentionInstances: b.config.attentionInstances,
            attentionGpusPerInstance: b.config.attentionGpus,
            ffnInstances: b.config.ffnInstances,
            ffnGpusPerInstance: b.config.ffnGpus,
            ffnParallel: b.config.ffnParallel,
            microBatches: b.config.microBatches,
            batchPerGpu: b.config.batchPerGpu,
            totalBatch: b.perf.totalBatch,
            gpus: b.perf.gpus,
            tokensPerSecondPerGpu: b.perf.tokensPerSecondPerGpu,
            tpotMs: b.perf.tpotMs,
            stageUs: b.perf.groups[b.perf.groups.length - 1]?.stages,
          },
          binding: r.binding,
          ranking: r.ranking,
          pareto: r.pareto,
          candidates: r.candidates,
          evaluated: r.evaluated,
          feasible: r.feasible,
          sparsity: r.sparsity,
          searchMs: ms,
        };
        if (o.json) return printJson(summary);
        const s = summary.best;
        process.stdout.write(
          `${model.name} at context ${summary.context}, TPOT ≤ ${o.tpot} ms, ${o.attentionHw}/${o.ffnHw}, mode ${o.mode}\n` +
            `  best: ${s.label} (${s.attentionInstances}×${s.attentionGpusPerInstance} attention GPUs, ${s.ffnInstances}×${s.ffnGpusPerInstance} FFN GPUs, ${s.ffnParallel}), ` +
            `${s.microBatches} micro-batches × ${s.batchPerGpu} requests per attention GPU = batch ${s.totalBatch}\n` +
            `  ${s.tokensPerSecondPerGpu.toFixed(0)} tokens/s/GPU at TPOT ${s.tpotMs.toFixed(1)} ms; binding constraint: ${r.binding}\n` +
            `  runners-up: ${r.ranking
              .slice(1, 6)
              .map((x) => `${x.label} ${x.tokensPerSecondPerGpu.toFixed(0)}`)
              .join(', ')}\n` +
            `  Pareto front (tokens/s/user → tokens/s/GPU, fastest-serving end): ${r.pareto
              .slice(-6)
              .map(
                (p) =>
                  `${p.tokensPerSecondPerUser.toFixed(0)}→${p.tokensPerSecondPerGpu.toFixed(0)} (${p.label})`,
              )
              .join(', ')}\n` +
            `  searched ${r.candidates.toLocaleString('en-US')} candidates (${r.evaluated.toLocaleString('en-US')} evaluated, ${r.feasible.toLocaleString('en-US')} feasible) in ${ms.toFixed(0)} ms\n`,
        );
      },
    );
}

function simulateCommand(): Command {
  return new Command('simulate')
    .description(
      'discrete-event simulation of the AFD pipeline (attention → A2F → FFN → F2A per layer, micro-batch)',
    )
    .requiredOption('--model <id|config.json>', 'a built-in model id or a Hugging Face config.json')
    .requiredOption('--context <tokens>', 'context length, e.g. 4K')
    .option('--attention <n>', 'attention instances', '2')
    .option('--ffn <n>', 'FFN instances', '2')
    .option('--gpus-per-instance <n>', 'GPUs per instance', '8')
    .option('--batch <n>', 'total batch (requests), split over micro-batches and attention GPUs', '6144')
    .option('--micro-batches <n>', 'micro-batches (2-4)', '3')
    .addOption(
      new Option('--ffn-parallel <p>', 'FFN parallelism').choices(['hybrid', 'ep', 'tp']).default('hybrid'),
    )
    .option('--attention-hw <id>', 'attention accelerator', 'h800')
    .option('--ffn-hw <id>', 'FFN accelerator', 'h800')
    .addOption(
      new Option('--mode <mode>', 'paper (ideal) or calibrated (Table 9 fit); deployment = Table 8 fit')
        .choices([...MODES])
        .default('paper'),
    )
    .option('--bf16-attention', 'BF16 KV cache on the attention side')
    .option(
      '--baseline-dsv3',
      'also simulate the DeepSeek-V3 EP128 decode profile setting (128 requests/GPU, 4K)',
    )
    .option('--json', 'machine-readable output on stdout')
    .action(
      (o: {
        model: string;
        context: string;
        attention: string;
        ffn: string;
        gpusPerInstance: string;
        batch: string;
        microBatches: string;
        ffnParallel: string;
        attentionHw: string;
        ffnHw: string;
        mode: string;
        bf16Attention?: boolean;
        baselineDsv3?: boolean;
        json?: boolean;
      }) => {
        const model = resolveModel(o.model);
        const nA = parseIntIn(o.attention, '--attention', 1, 4096);
        const nF = parseIntIn(o.ffn, '--ffn', 1, 4096);
        const g = parseIntIn(o.gpusPerInstance, '--gpus-per-instance', 1, 64);
        const m = parseIntIn(o.microBatches, '--micro-batches', 2, 4);
        const batch = parseIntIn(o.batch, '--batch', 1, 1e9);
        const per = batch / (m * nA * g);
        if (!Number.isInteger(per))
          throw new UsageError(
            `--batch ${batch} does not split evenly over ${m} micro-batches × ${nA * g} attention GPUs; use a multiple of ${m * nA * g}`,
          );
        const e = efficiencyFor(o.mode);
        const r = simulateAfd(
          {
            model,
            context: parseContext(o.context),
            attentionHw: resolveHardware(o.attentionHw, '--attention-hw'),
            ffnHw: resolveHardware(o.ffnHw, '--ffn-hw'),
            attentionInstances: nA,
            attentionGpus: g,
            ffnInstances: nF,
            ffnGpus: g,
            ffnParallel: o.ffnParallel as FfnParallel,
            microBatches: m,
            batchPerGpu: per,
            ...(o.bf16Attention ? { kvBytes: 2 as const } : {}),
          },
          e,
        );
        const base = o.baselineDsv3
          ? simulateEp(dsv3ProfileConfig(findModel('deepseek-v3') ?? model), e)
          : undefined;
        if (o.json) return printJson(base === undefined ? r : { ...r, baselineDsv3: base });
        process.stdout.write(
          `${model.name} ${nA}A${nF}F, batch ${batch} (${m} × ${per} per attention GPU), mode ${r.mode} (${r.efficiency})\n` +
            `  per layer: attention ${r.stageUs.attention?.toFixed(0)} µs, A2F ${r.stageUs.a2f?.toFixed(0)} µs, FFN ${r.stageUs.ffn?.toFixed(0)} µs, F2A ${r.stageUs.f2a?.toFixed(0)} µs\n` +
            `  TPOT ${r.tpotMs.toFixed(2)} ms → ${r.tokensPerSecondPerGpu.toFixed(0)} tokens/s/GPU on ${r.gpus} GPUs; utilisation ${Object.entries(
              r.utilization,
            )
              .map(([k, v]) => `${k} ${(100 * v).toFixed(0)}%`)
              .join(', ')}\n`,
        );
        if (base)
          process.stdout.write(
            `  DeepSeek-V3 EP128 baseline (128 requests/GPU, 4K, 2 micro-batches): TPOT ${base.tpotMs.toFixed(2)} ms → ${base.tokensPerSecondPerGpu.toFixed(0)} tokens/s/GPU\n`,
          );
      },
    );
}

/** What `floret tour` shows of this package, on built-in inputs. */
export const tour: TourStop = {
  title: '@floret/decode — Step-3 decode cost model and AFD planner (arXiv:2507.19427)',
  run() {
    const t0 = performance.now();
    const cells = allTables();
    const ms = performance.now() - t0;
    const ok = cells.filter((c) => c.match).length;
    const s8 = afdCost(STEP3, 8192);
    const d8 = afdCost(findModel('deepseek-v3') ?? STEP3, 8192);
    const plan = planAfd({
      model: STEP3,
      context: 4096,
      attentionHw: findHardware('h800') as Hardware,
      ffnHw: findHardware('h800') as Hardware,
      efficiency: deploymentEfficiency(),
      microBatches: [3],
    });
    return [
      `Tables 2/3/5/6/7, Fig. 4, Observation 1: ${ok} of ${cells.length} printed cells regenerated exactly (${ms.toFixed(1)} ms)`,
      `AFD at 8K: Step-3 ${s8.usdPerMTokens.toFixed(3)} USD/1M tokens (attention ${s8.attentionHardware}, FFN ${s8.ffnHardware}); DeepSeek-V3 ${d8.usdPerMTokens.toFixed(3)}`,
      `planner, Step-3 at 4K, 50 ms TPOT: ${plan.best.label} with ${plan.best.config.batchPerGpu} requests per attention GPU, ${plan.best.perf.tokensPerSecondPerGpu.toFixed(0)} tokens/s/GPU (binding: ${plan.binding}); ${plan.candidates.toLocaleString('en-US')} candidates`,
    ];
  },
};

/** This package's contribution to the `floret` binary. */
export const tool: ToolModule = { commands: [decodeCommand()], tour };
