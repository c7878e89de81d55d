#!/usr/bin/env python3
"""Measures decode-attention layers and MoE expert GEMMs on one NVIDIA GPU (written for an H200).

What it times (CUDA events, warm-up, then the median of repeated runs):
- achieved HBM bandwidth (device-to-device copy) and dense BF16 / FP8 GEMM throughput;
- one decode attention layer per family, with the projections of the model it mimics and a BF16 KV
  cache, at several batch sizes (requests per GPU) and contexts:
    * GQA  - Qwen3-235B-A22B attention as one GPU of TP4 sees it: 16 query heads, 1 KV head, dim 128;
    * MLA  - DeepSeek-V3 absorbed MLA: 128 heads attend a 576-wide latent (512 for values);
    * MFA  - Step-3: 64 query heads of dim 256 over one shared K and one shared V head;
  core attention is written as batched GEMMs (QK^T, softmax, PV) with the query heads of a KV head
  folded into the GEMM rows, so the cache is read once per step as a decode kernel does;
- one SwiGLU expert (gate/up, SiLU*mul, down) at several token counts, for Step-3 (7168 x 5120) and
  DeepSeek-V3 (7168 x 2048) experts, in BF16 and, where torch._scaled_mm runs, FP8 e4m3.

Output: one JSON document on stdout (date, GPU name, torch/CUDA versions, every measurement with its
shape, so the TypeScript model can predict the same case). Usage:
    python3 measure_h200.py [--quick] > h200.json
This is the calibration input of arXiv:2507.19427-style cost models (packages/decode, calibration.ts).
"""

import argparse
import datetime
import json
import statistics
import sys

import torch


def timed(fn, reps, warm=3):
    """Median and spread of fn() in microseconds, measured with CUDA events."""
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        times.append(a.elapsed_time(b) * 1000.0)
    times.sort()
    return {
        "medianUs": statistics.median(times),
        "minUs": times[0],
        "p90Us": times[int(0.9 * (len(times) - 1))],
        "reps": reps,
    }


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def measure_peaks(reps):
    dev = "cuda"
    n = 1 << 30  # 1 GiB copy: read 1 GiB + write 1 GiB
    src = torch.empty(n, dtype=torch.uint8, device=dev)
    dst = torch.empty_like(src)
    t = timed(lambda: dst.copy_(src), reps)
    bw = 2 * n / (t["medianUs"] * 1e-6)
    del src, dst
    m = 8192
    a = torch.randn(m, m, dtype=torch.bfloat16, device=dev)
    b = torch.randn(m, m, dtype=torch.bfloat16, device=dev)
    tb = timed(lambda: a @ b, reps)
    bf16 = 2 * m**3 / (tb["medianUs"] * 1e-6)
    fp8 = None
    try:
        a8 = a.to(torch.float8_e4m3fn)
        b8 = b.to(torch.float8_e4m3fn).t()  # column-major operand
        one = torch.ones((), dtype=torch.float32, device=dev)
        tf = timed(lambda: torch._scaled_mm(a8, b8, scale_a=one, scale_b=one, out_dtype=torch.bfloat16), reps)
        fp8 = 2 * m**3 / (tf["medianUs"] * 1e-6)
    except Exception as err:  # FP8 GEMM unsupported in this build
        log(f"fp8 gemm skipped: {err}")
    return {"copyBytesPerS": bw, "bf16GemmFlops": bf16, "fp8GemmFlops": fp8, "gemmSize": m}


def linear(x, w):
    return x @ w


def attention_layer(family, batch, ctx, dev):
    """Builds the tensors of one decode attention layer and returns (fn_core, fn_layer, shape)."""
    H = {"gqa": 4096, "mla": 7168, "mfa": 7168}[family]
    bf = torch.bfloat16
    x = torch.randn(batch, H, dtype=bf, device=dev)
    if family == "gqa":
        hq, hkv, d = 16, 1, 128
        wq = torch.randn(H, hq * d, dtype=bf, device=dev) * 0.01
        wk = torch.randn(H, hkv * d, dtype=bf, device=dev) * 0.01
        wv = torch.randn(H, hkv * d, dtype=bf, device=dev) * 0.01
        wo = torch.randn(hq * d, H, dtype=bf, device=dev) * 0.01
        k = torch.randn(batch, hkv, ctx, d, dtype=bf, device=dev)
        v = torch.randn(batch, hkv, ctx, d, dtype=bf, device=dev)
        g = hq // hkv
        scale = d**-0.5

        def core(q):
            q = q.view(batch, hkv, g, d)
            s = torch.matmul(q, k.transpose(-1, -2)) * scale
            p = torch.softmax(s.float(), dim=-1).to(bf)
            return torch.matmul(p, v).reshape(batch, hq * d)

        q0 = torch.randn(batch, hq * d, dtype=bf, device=dev)

        def layer():
            q = linear(x, wq)
            linear(x, wk)
            linear(x, wv)
            return linear(core(q), wo)

        shape = {"qHeads": hq, "kvHeads": hkv, "headDim": d, "hidden": H, "tp": 4}
        return (lambda: core(q0)), layer, shape
    if family == "mfa":
        hq, d, r = 64, 256, 2048
        wqa = torch.randn(H, r, dtype=bf, device=dev) * 0.01
        wqb = torch.randn(r, hq * d, dtype=bf, device=dev) * 0.01
        wk = torch.randn(H, d, dtype=bf, device=dev) * 0.01
        wv = torch.randn(H, d, dtype=bf, device=dev) * 0.01
        wo = torch.randn(hq * d, H, dtype=bf, device=dev) * 0.01
        k = torch.randn(batch, 1, ctx, d, dtype=bf, device=dev)
        v = torch.randn(batch, 1, ctx, d, dtype=bf, device=dev)
        scale = d**-0.5

        def core(q):
            q = q.view(batch, 1, hq, d)
            s = torch.matmul(q, k.transpose(-1, -2)) * scale
            p = torch.softmax(s.float(), dim=-1).to(bf)
            return torch.matmul(p, v).reshape(batch, hq * d)

        q0 = torch.randn(batch, hq * d, dtype=bf, device=dev)

        def layer():
            q = linear(linear(x, wqa), wqb)
            linear(x, wk)
            linear(x, wv)
            return linear(core(q), wo)

        shape = {"qHeads": hq, "kvHeads": 1, "headDim": d, "qLoraRank": r, "hidden": H, "tp": 1}
        return (lambda: core(q0)), layer, shape
    # MLA, absorbed: queries in latent space (512 + 64 rope), values = first 512 latent dims.
    hq, dc, dr, dn, dv, rq = 128, 512, 64, 128, 128, 1536
    wqa = torch.randn(H, rq, dtype=bf, device=dev) * 0.01
    wqb = torch.randn(rq, hq * (dn + dr), dtype=bf, device=dev) * 0.01
    wkva = torch.randn(H, dc + dr, dtype=bf, device=dev) * 0.01
    wuk = torch.randn(hq, dn, dc, dtype=bf, device=dev) * 0.01  # absorbed into q
    wuv = torch.randn(hq, dc, dv, dtype=bf, device=dev) * 0.01  # absorbed into o
    wo = torch.randn(hq * dv, H, dtype=bf, device=dev) * 0.01
    kv = torch.randn(batch, 1, ctx, dc + dr, dtype=bf, device=dev)
    scale = (dn + dr) ** -0.5

    def core(ql):
        q = ql.view(batch, 1, hq, dc + dr)
        s = torch.matmul(q, kv.transpose(-1, -2)) * scale
        p = torch.softmax(s.float(), dim=-1).to(bf)
        return torch.matmul(p, kv[..., :dc]).view(batch, hq, dc)

    q0 = torch.randn(batch, hq * (dc + dr), dtype=bf, device=dev)

    def layer():
        q = linear(linear(x, wqa), wqb).view(batch, hq, dn + dr)
        linear(x, wkva)
        qn = torch.bmm(q[..., :dn].transpose(0, 1), wuk).transpose(0, 1)  # [B, hq, dc]
        ql = torch.cat([qn, q[..., dn:]], dim=-1)
        o = core(ql.reshape(batch, hq * (dc + dr)))
        ov = torch.bmm(o.transpose(0, 1), wuv).transpose(0, 1).reshape(batch, hq * dv)
        return linear(ov, wo)

    shape = {"qHeads": hq, "kvLoraRank": dc, "ropeDim": dr, "qkNopeDim": dn, "vHeadDim": dv, "qLoraRank": rq, "hidden": H, "tp": 1}
    return (lambda: core(q0)), layer, shape


def measure_attention(batches, contexts, reps):
    out = []
    for family in ("gqa", "mla", "mfa"):
        for ctx in contexts:
            for b in batches:
                # GQA under TP4 sees every request of the 4-GPU group (Table 9's setting): 4x the requests.
                batch = 4 * b if family == "gqa" else b
                core, layer, shape = attention_layer(family, batch, ctx, "cuda")
                tc = timed(core, reps)
                tl = timed(layer, reps)
                out.append({
                    "family": family,
                    "requestsPerGpu": batch,
                    "context": ctx,
                    "kvDtype": "bf16",
                    "weightDtype": "bf16",
                    "shape": shape,
                    "coreUs": tc["medianUs"],
                    "layerUs": tl["medianUs"],
                    "layerMinUs": tl["minUs"],
                    "layerP90Us": tl["p90Us"],
                })
                log(f"attention {family} batch={batch} ctx={ctx}: core {tc['medianUs']:.1f} us, layer {tl['medianUs']:.1f} us")
                del core, layer
                torch.cuda.empty_cache()
    return out


def measure_ffn(tokens_list, reps):
    out = []
    dev = "cuda"
    one = torch.ones((), dtype=torch.float32, device=dev)
    for name, H, inter in (("step3", 7168, 5120), ("deepseek-v3", 7168, 2048)):
        w13 = torch.randn(H, 2 * inter, dtype=torch.bfloat16, device=dev) * 0.01
        w2 = torch.randn(inter, H, dtype=torch.bfloat16, device=dev) * 0.01
        w13_8 = w13.t().contiguous().to(torch.float8_e4m3fn).t()  # column-major
        w2_8 = w2.t().contiguous().to(torch.float8_e4m3fn).t()
        for m in tokens_list:
            x = torch.randn(m, H, dtype=torch.bfloat16, device=dev)
            x8 = x.to(torch.float8_e4m3fn)

            def bf16():
                h = x @ w13
                a = torch.nn.functional.silu(h[:, :inter]) * h[:, inter:]
                return a @ w2

            def fp8():
                h = torch._scaled_mm(x8, w13_8, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
                a = (torch.nn.functional.silu(h[:, :inter]) * h[:, inter:]).to(torch.float8_e4m3fn)
                return torch._scaled_mm(a, w2_8, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)

            flops = 2 * m * 3 * H * inter
            for dtype, fn, wbytes in (("bf16", bf16, 2), ("fp8", fp8, 1)):
                try:
                    t = timed(fn, reps)
                except Exception as err:
                    log(f"ffn {dtype} skipped: {err}")
                    continue
                out.append({
                    "expert": name,
                    "hidden": H,
                    "intermediate": inter,
                    "tokens": m,
                    "dtype": dtype,
                    "us": t["medianUs"],
                    "minUs": t["minUs"],
                    "flops": flops,
                    "weightBytes": 3 * H * inter * wbytes,
                })
                log(f"ffn {name} {dtype} m={m}: {t['medianUs']:.1f} us")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="a few shapes only (smoke test)")
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("no CUDA device", file=sys.stderr)
        sys.exit(1)
    torch.manual_seed(0)
    props = torch.cuda.get_device_properties(0)
    reps = 5 if args.quick else 30
    batches = [64] if args.quick else [16, 64, 128]
    contexts = [4096] if args.quick else [4096, 8192, 32768]
    tokens = [128] if args.quick else [16, 64, 128, 256, 512, 1024, 2048, 4096]
    with torch.inference_mode():
        peaks = measure_peaks(reps)
        log(f"peaks: {peaks}")
        attention = measure_attention(batches, contexts, reps)
        ffn = measure_ffn(tokens, reps)
    doc = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "gpu": torch.cuda.get_device_name(0),
        "gpuMemoryBytes": props.total_memory,
        "smCount": props.multi_processor_count,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "method": "CUDA events around each call; 3 warm-up runs; median of the repeats",
        "quick": args.quick,
        "peaks": peaks,
        "attention": attention,
        "ffn": ffn,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
