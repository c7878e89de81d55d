;; @module axis/kernel.wat
;; Depth-2 kernels of src/axis/solver.ts in WebAssembly SIMD, four features in the four i32 lanes of
;; a v128, so one pass does the work of four: the two-class difference kernel (its `sweep2DI`) here,
;; and the many-class kernels kern3 … kern8, which scripts/build-kernel.mjs generates (`kernK`) and
;; adds to this module.
;;
;; A node's rows are stored per group of four features, interleaved: row q of the group is the
;; 16 bytes at p + 16·q, lane l holding feature 4g + l's packed word for its q-th row in that
;; feature's order — f1 rank in bits 0–27, bit 28 set for class 0, bit 29 (PEN32) set when the row
;; is not the last of its value (lanes past the last feature hold PEN32 alone and never count).
;;
;; Per row, as in sweep2DI: a row goes left when its f1 rank ≤ r; sw = +1 for class 0, −1 for
;; class 1; dl and dt accumulate sw over the left rows and over all rows, dr = dt − dl; at value
;; boundaries (PEN32 clear) min/max of dl and dr are taken, non-boundaries pushed out of reach by
;; ±PEN32. The caller turns the four lanes' extremes into each side's best depth-1 split.
(module
  (memory (export "memory") 1)
  ;; diff4(p, s, r, out): one group of s interleaved rows at byte p; writes minL, maxL, minR, maxR
  ;; (four lanes each) to the 64 bytes at out.
  (func (export "diff4") (param $p i32) (param $s i32) (param $r i32) (param $out i32)
    (local $end i32) (local $v v128) (local $rs v128) (local $mask v128) (local $sw v128)
    (local $dl v128) (local $dt v128) (local $dr v128) (local $pen v128)
    (local $minL v128) (local $maxL v128) (local $minR v128) (local $maxR v128)
    (local.set $rs (i32x4.splat (local.get $r)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 4))))
    (local.set $minL (v128.const i32x4 0x20000000 0x20000000 0x20000000 0x20000000))
    (local.set $minR (local.get $minL))
    (local.set $maxL (v128.const i32x4 -0x20000000 -0x20000000 -0x20000000 -0x20000000))
    (local.set $maxR (local.get $maxL))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $rows
        (local.set $v (v128.load (local.get $p)))
        ;; −1 (all bits) in a lane whose row goes left: rank ≤ r.
        (local.set $mask (i32x4.le_s
          (v128.and (local.get $v) (v128.const i32x4 0x0fffffff 0x0fffffff 0x0fffffff 0x0fffffff))
          (local.get $rs)))
        ;; ((v >> 27) & 2) − 1: +1 for class 0, −1 for class 1.
        (local.set $sw (i32x4.sub
          (v128.and (i32x4.shr_s (local.get $v) (i32.const 27)) (v128.const i32x4 2 2 2 2))
          (v128.const i32x4 1 1 1 1)))
        (local.set $dl (i32x4.add (local.get $dl) (v128.and (local.get $mask) (local.get $sw))))
        (local.set $dt (i32x4.add (local.get $dt) (local.get $sw)))
        (local.set $dr (i32x4.sub (local.get $dt) (local.get $dl)))
        (local.set $pen (v128.and (local.get $v)
          (v128.const i32x4 0x20000000 0x20000000 0x20000000 0x20000000)))
        (local.set $minL (i32x4.min_s (local.get $minL) (i32x4.add (local.get $dl) (local.get $pen))))
        (local.set $maxL (i32x4.max_s (local.get $maxL) (i32x4.sub (local.get $dl) (local.get $pen))))
        (local.set $minR (i32x4.min_s (local.get $minR) (i32x4.add (local.get $dr) (local.get $pen))))
        (local.set $maxR (i32x4.max_s (local.get $maxR) (i32x4.sub (local.get $dr) (local.get $pen))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $rows (i32.lt_u (local.get $p) (local.get $end)))))
    (v128.store (local.get $out) (local.get $minL))
    (v128.store offset=16 (local.get $out) (local.get $maxL))
    (v128.store offset=32 (local.get $out) (local.get $minR))
    (v128.store offset=48 (local.get $out) (local.get $maxR))))
