/**
 * @module cost
 * The paper's decode cost engine (arXiv:2507.19427 §4.2, Tables 5–7, Fig. 4):
 * - unit costs: $/FLOP = price/3600/peak and $/byte = price/3600/bandwidth (Table 5);
 * - attention cost per token = max(core FLOPs·U_FLOP, KV bytes·U_byte) + linear FLOPs·U_FLOP;
 * - FFN cost per token = FFN FLOPs·U_FLOP (compute-bound under AFD, weight reads ignored);
 * - AFD = cheapest attention hardware + cheapest FFN hardware; EP / single hardware = both on one card;
 * - minimum MoE sparsity S ≥ H·FLOPs·L / (Net·BW·11.1 ms) (§5.4, Table 7);
 * - training cost = 3 × (core + linear + FFN) FLOPs·U_FLOP at "100% MFU" (Fig. 4, footnote 4).
 */
import { type Hardware, PAPER_HARDWARE, peakFlops, serverNetBw } from './hardware.js';
import { layerCount, type ModelSpec, tokenCost } from './model.js';

/** Unit costs of one accelerator (Table 5). */
export interface UnitCosts {
  readonly usdPerFlop: number;
  readonly usdPerByte: number;
  /** Peak FLOP/s over bandwidth: the roofline's ridge point in FLOP/byte. */
  readonly roofline: number;
  readonly peakFlops: number;
}

/** Unit costs of `h` for GEMMs of precision `p`; throws when the card has no price. */
export function unitCosts(h: Hardware, p: 'fp8' | 'bf16' = 'fp8', usdPerHour = h.usdPerHour): UnitCosts {
  if (usdPerHour === undefined)
    throw new RangeError(`hardware '${h.id}' has no price in the catalogue; give one (USD per card-hour)`);
  const peak = peakFlops(h, p);
  const perSecond = usdPerHour / 3600;
  return {
    usdPerFlop: perSecond / peak,
    usdPerByte: perSecond / h.memBw,
    roofline: peak / h.memBw,
    peakFlops: peak,
  };
}

/** Per-token decode quantities and their cost on one accelerator. */
export interface DecodeCost {
  readonly model: string;
  readonly hardware: string;
  readonly context: number;
  readonly kvBytes: number;
  readonly attentionFlops: number;
  readonly linearFlops: number;
  readonly ffnFlops: number;
  /** Whether the attention core is memory-bound on this card (KV bytes cost > core FLOPs cost). */
  readonly attentionMemoryBound: boolean;
  readonly attentionUsdPerMTokens: number;
  readonly ffnUsdPerMTokens: number;
  /** Attention + FFN on this one card type (the EP / single-hardware deployment, Fig. 2). */
  readonly usdPerMTokens: number;
}

/** Cost of decoding one million tokens of `m` at context `ctx` on `h` (Table 6). */
export function decodeCost(m: ModelSpec, h: Hardware, ctx: number, usdPerHour = h.usdPerHour): DecodeCost {
  const t = tokenCost(m, ctx);
  const u = unitCosts(h, m.compute, usdPerHour);
  const compute = t.attentionFlops * u.usdPerFlop;
  const memory = t.kvBytes * u.usdPerByte;
  const attention = (Math.max(compute, memory) + t.linearFlops * u.usdPerFlop) * 1e6;
  const ffn = t.ffnFlops * u.usdPerFlop * 1e6;
  return {
    model: m.id,
    hardware: h.id,
    context: ctx,
    kvBytes: t.kvBytes,
    attentionFlops: t.attentionFlops,
    linearFlops: t.linearFlops,
    ffnFlops: t.ffnFlops,
    attentionMemoryBound: memory > compute,
    attentionUsdPerMTokens: attention,
    ffnUsdPerMTokens: ffn,
    usdPerMTokens: attention + ffn,
  };
}

/** The AFD answer: cheapest attention card plus cheapest FFN card (§4.2). */
export interface AfdCost {
  readonly model: string;
  readonly context: number;
  readonly attentionHardware: string;
  readonly ffnHardware: string;
  readonly attentionUsdPerMTokens: number;
  readonly ffnUsdPerMTokens: number;
  readonly usdPerMTokens: number;
  /** Every card's costs, for comparison. */
  readonly perHardware: readonly DecodeCost[];
  /** The cheapest single-card (EP) deployment, attention and FFN on the same accelerator. */
  readonly bestSingle: { readonly hardware: string; readonly usdPerMTokens: number };
}

/** AFD cost over `hardware` (default: the paper's four cards); cards without a price are skipped. */
export function afdCost(m: ModelSpec, ctx: number, hardware: readonly Hardware[] = PAPER_HARDWARE): AfdCost {
  const per = hardware.filter((h) => h.usdPerHour !== undefined).map((h) => decodeCost(m, h, ctx));
  const first = per[0];
  if (first === undefined) throw new RangeError('no priced hardware to choose from');
  let a = first;
  let f = first;
  let s = first;
  for (const c of per) {
    if (c.attentionUsdPerMTokens < a.attentionUsdPerMTokens) a = c;
    if (c.ffnUsdPerMTokens < f.ffnUsdPerMTokens) f = c;
    if (c.usdPerMTokens < s.usdPerMTokens) s = c;
  }
  return {
    model: m.id,
    context: ctx,
    attentionHardware: a.hardware,
    ffnHardware: f.hardware,
    attentionUsdPerMTokens: a.attentionUsdPerMTokens,
    ffnUsdPerMTokens: f.ffnUsdPerMTokens,
    usdPerMTokens: a.attentionUsdPerMTokens + f.ffnUsdPerMTokens,
    perHardware: per,
    bestSingle: { hardware: s.hardware, usdPerMTokens: s.usdPerMTokens },
  };
}

/** Options of the minimum-sparsity bound. */
export interface SparsityOptions {
  /** Hidden size H (default 7168, as Table 7). */
  readonly hidden?: number;
  /** Layers L (default 61). */
  readonly layers?: number;
  /** Network time per token budget over all layers in seconds: the paper prints 11.1 ms (= 16.6·2/3). */
  readonly windowSeconds?: number;
  /** Network bytes/s per server; default NICs × line rate. DeepEP measured 40 of 50 GB/s (§5.4). */
  readonly netBw?: number;
  readonly precision?: 'fp8' | 'bf16';
}

/** Minimum MoE sparsity S for FFN hardware `h` (§5.4, Table 7): H·FLOPs·L / (Net·BW·11.1 ms). */
export function minSparsity(h: Hardware, o: SparsityOptions = {}): number {
  const hidden = o.hidden ?? 7168;
  const layers = o.layers ?? 61;
  const window = o.windowSeconds ?? 0.0111;
  const net = o.netBw ?? serverNetBw(h);
  return (hidden * peakFlops(h, o.precision ?? 'fp8') * layers) / (net * h.memBw * window);
}

/** Minimum sparsity for a given model's H and L. */
export function minSparsityFor(m: ModelSpec, h: Hardware, o: SparsityOptions = {}): number {
  return minSparsity(h, { hidden: m.hidden, layers: layerCount(m), ...o });
}

/** Compute-bound MoE batch B_MoE ≥ FLOPs / (2·S·BW) (§5.3). */
export function minMoeBatch(h: Hardware, sparsity: number, p: 'fp8' | 'bf16' = 'fp8'): number {
  return peakFlops(h, p) / (2 * sparsity * h.memBw);
}

/** Training cost per million tokens at context `ctx` (Fig. 4): 3 × forward FLOPs at 100% MFU. */
export function trainingCost(m: ModelSpec, h: Hardware, ctx: number): number {
  const t = tokenCost(m, ctx);
  const u = unitCosts(h, m.compute);
  return 3 * (t.attentionFlops + t.linearFlops + t.ffnFlops) * u.usdPerFlop * 1e6;
}
