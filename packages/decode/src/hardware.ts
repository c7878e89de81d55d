/**
 * @module hardware
 * Accelerator catalogue. The four accelerators of arXiv:2507.19427 Tables 4–5 (H800, H20, A800,
 * Ascend 910B) carry the paper's numbers and prices exactly; the others carry vendor datasheet values
 * (dense tensor-core peaks, i.e. half the "with sparsity" figures) and no price unless one is given.
 * Every value names its source.
 */

/** One accelerator. Rates are per card; `nics × nicGbps` is the per-server scale-out network (§5.4). */
export interface Hardware {
  readonly id: string;
  readonly name: string;
  /** Rental price, USD per card-hour (paper Table 4); undefined when the paper gives none. */
  readonly usdPerHour?: number;
  /** Dense BF16 tensor peak, FLOP/s. */
  readonly bf16Flops: number;
  /** Dense FP8 tensor peak, FLOP/s; undefined when the card has no FP8 (A800, 910B: INT8 storage, BF16 rate). */
  readonly fp8Flops?: number;
  /** HBM (or GDDR) bandwidth, bytes/s. */
  readonly memBw: number;
  /** Memory capacity, bytes. */
  readonly memBytes: number;
  /** NICs per 8-card server and their line rate (Gbit/s). */
  readonly nics: number;
  readonly nicGbps: number;
  /** Intra-server (NVLink/HCCS/xGMI) bandwidth per card, one direction, bytes/s. */
  readonly scaleUpBw: number;
  readonly source: string;
}

const GB = 1e9;

/** The paper's four accelerators (Tables 4, 5; NICs from §5.4). */
export const PAPER_HARDWARE: readonly Hardware[] = [
  {
    id: 'h800',
    name: 'NVIDIA H800',
    usdPerHour: 2,
    bf16Flops: 9.89e14,
    fp8Flops: 1.98e15,
    memBw: 3.35e12,
    memBytes: 80 * GB,
    nics: 8,
    nicGbps: 400,
    scaleUpBw: 200 * GB,
    source:
      'arXiv:2507.19427 Table 4 (price, FLOPs, bandwidth), §5.4 (8×400 Gbps); H800 SXM: 80 GB, NVLink 400 GB/s',
  },
  {
    id: 'h20',
    name: 'NVIDIA H20',
    usdPerHour: 0.8,
    bf16Flops: 1.48e14,
    fp8Flops: 2.96e14,
    memBw: 4.0e12,
    memBytes: 96 * GB,
    nics: 8,
    nicGbps: 400,
    scaleUpBw: 450 * GB,
    source: 'arXiv:2507.19427 Table 4, §5.4 (8×400 Gbps); H20: 96 GB HBM3, NVLink 900 GB/s',
  },
  {
    id: 'a800',
    name: 'NVIDIA A800',
    usdPerHour: 0.75,
    bf16Flops: 3.12e14,
    memBw: 2.0e12,
    memBytes: 80 * GB,
    nics: 8,
    nicGbps: 200,
    scaleUpBw: 200 * GB,
    source: 'arXiv:2507.19427 Table 4, §5.4 (8×200 Gbps); A800 SXM 80 GB, NVLink 400 GB/s',
  },
  {
    id: '910b',
    name: 'Huawei Ascend 910B',
    usdPerHour: 0.67,
    bf16Flops: 2.8e14,
    memBw: 1.6e12,
    memBytes: 64 * GB,
    nics: 8,
    nicGbps: 200,
    scaleUpBw: 196 * GB,
    source:
      "arXiv:2507.19427 Table 4 (price is the paper's estimate: A800 price scaled by FLOPs; weakest 910B variant), §5.4 (8×200 Gbps); 64 GB HBM2e",
  },
];

/** Further accelerators (datasheet values; no prices). */
export const OTHER_HARDWARE: readonly Hardware[] = [
  {
    id: 'h100',
    name: 'NVIDIA H100 SXM',
    bf16Flops: 9.89e14,
    fp8Flops: 1.979e15,
    memBw: 3.35e12,
    memBytes: 80 * GB,
    nics: 8,
    nicGbps: 400,
    scaleUpBw: 450 * GB,
    source: 'NVIDIA H100 Tensor Core GPU datasheet (SXM; sparse peaks halved)',
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM',
    bf16Flops: 9.89e14,
    fp8Flops: 1.979e15,
    memBw: 4.8e12,
    memBytes: 141 * GB,
    nics: 8,
    nicGbps: 400,
    scaleUpBw: 450 * GB,
    source: 'NVIDIA H200 Tensor Core GPU datasheet (SXM: 141 GB HBM3e, 4.8 TB/s; sparse peaks halved)',
  },
  {
    id: 'b200',
    name: 'NVIDIA B200',
    bf16Flops: 2.25e15,
    fp8Flops: 4.5e15,
    memBw: 8e12,
    memBytes: 180 * GB,
    nics: 8,
    nicGbps: 400,
    scaleUpBw: 900 * GB,
    source:
      'NVIDIA DGX/HGX B200 datasheet (72 PF FP8 sparse per 8 GPUs, 64 TB/s per 8 GPUs; per-card = /8, halved)',
  },
  {
    id: 'l20',
    name: 'NVIDIA L20',
    bf16Flops: 1.195e14,
    fp8Flops: 2.39e14,
    memBw: 8.64e11,
    memBytes: 48 * GB,
    nics: 8,
    nicGbps: 200,
    scaleUpBw: 32 * GB,
    source: 'arXiv:2507.19427 §6 (864 GB/s); NVIDIA L20 datasheet (48 GB GDDR6, FP16 119.5 TF, FP8 239 TF)',
  },
  {
    id: 'l4',
    name: 'NVIDIA L4',
    bf16Flops: 1.21e14,
    fp8Flops: 2.425e14,
    memBw: 3.0e11,
    memBytes: 24 * GB,
    nics: 8,
    nicGbps: 100,
    scaleUpBw: 32 * GB,
    source:
      'arXiv:2507.19427 §6 (300 GB/s); NVIDIA L4 datasheet (24 GB, 485 TF FP8 / 242 TF BF16 sparse, halved)',
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X',
    bf16Flops: 1.3074e15,
    fp8Flops: 2.6149e15,
    memBw: 5.3e12,
    memBytes: 192 * GB,
    nics: 8,
    nicGbps: 400,
    scaleUpBw: 448 * GB,
    source: 'AMD Instinct MI300X datasheet (192 GB HBM3, 5.3 TB/s, dense BF16 1307.4 TF, FP8 2614.9 TF)',
  },
];

/** Every catalogued accelerator. */
export const HARDWARE: readonly Hardware[] = [...PAPER_HARDWARE, ...OTHER_HARDWARE];

/** Looks an accelerator up by id (case-insensitive); undefined when unknown. */
export function findHardware(id: string): Hardware | undefined {
  const k = id.toLowerCase();
  return HARDWARE.find((h) => h.id === k);
}

/** Peak rate used for a GEMM of precision `p`: FP8 where the card has it, else BF16 (§4.1, Table 5). */
export function peakFlops(h: Hardware, p: 'fp8' | 'bf16'): number {
  return p === 'fp8' && h.fp8Flops !== undefined ? h.fp8Flops : h.bf16Flops;
}

/** Scale-out network bandwidth of one 8-card server in bytes/s (e.g. 8×400 Gbps = 400 GB/s). */
export function serverNetBw(h: Hardware): number {
  return (h.nics * h.nicGbps * 1e9) / 8;
}
