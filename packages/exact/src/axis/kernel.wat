;; @module axis/kernel.wat
;; Depth-2 kernels of src/axis/solver.ts in WebAssembly SIMD — the two-class difference kernel (its
;; `sweep2DI`) and a three-class kernel — four features in the four i32 lanes of a v128, so one pass
;; does the work of four.
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
    (v128.store offset=48 (local.get $out) (local.get $maxR)))
  ;; kern3(p, s, r, L0, L1, L2, R0, R1, R2, out): the three-class depth-2 kernel (unit weights,
  ;; misclassifications, min-leaf 1), branch-free over four features in the lanes. Rows as above but
  ;; in the many-class packing of solver.ts: f1 rank in bits 0–23, class in bits 24–29, bit 30 set
  ;; at a value's last row. Per row the left rows' class counts a0..a2 and all rows' c0..c2 advance;
  ;; at value boundaries each side's depth-1 cost — its rows minus the best class count before the
  ;; split minus the best after — is taken into minL / minR (non-boundaries pushed out of reach).
  ;; L0..L2, R0..R2: the sides' class totals. Writes minL, minR (four lanes each) to out .. out+31.
  (func (export "kern3") (param $p i32) (param $s i32) (param $r i32)
    (param $L0 i32) (param $L1 i32) (param $L2 i32) (param $R0 i32) (param $R1 i32) (param $R2 i32)
    (param $out i32)
    (local $end i32) (local $v v128) (local $rs v128) (local $isL v128) (local $cls v128)
    (local $h0 v128) (local $h1 v128) (local $h2 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $c0 v128) (local $c1 v128) (local $c2 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128)
    (local $tl0 v128) (local $tl1 v128) (local $tl2 v128) (local $tr0 v128) (local $tr1 v128) (local $tr2 v128)
    (local $tls v128) (local $trs v128) (local $pen v128) (local $minL v128) (local $minR v128)
    (local.set $rs (i32x4.splat (local.get $r)))
    (local.set $tl0 (i32x4.splat (local.get $L0)))
    (local.set $tl1 (i32x4.splat (local.get $L1)))
    (local.set $tl2 (i32x4.splat (local.get $L2)))
    (local.set $tr0 (i32x4.splat (local.get $R0)))
    (local.set $tr1 (i32x4.splat (local.get $R1)))
    (local.set $tr2 (i32x4.splat (local.get $R2)))
    (local.set $tls (i32x4.add (local.get $tl0) (i32x4.add (local.get $tl1) (local.get $tl2))))
    (local.set $trs (i32x4.add (local.get $tr0) (i32x4.add (local.get $tr1) (local.get $tr2))))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 4))))
    (local.set $minL (v128.const i32x4 0x20000000 0x20000000 0x20000000 0x20000000))
    (local.set $minR (local.get $minL))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $rows
        (local.set $v (v128.load (local.get $p)))
        (local.set $isL (i32x4.le_s
          (v128.and (local.get $v) (v128.const i32x4 0x00ffffff 0x00ffffff 0x00ffffff 0x00ffffff))
          (local.get $rs)))
        (local.set $cls (v128.and (i32x4.shr_u (local.get $v) (i32.const 24))
          (v128.const i32x4 63 63 63 63)))
        ;; One-hot class masks (−1 in the row's class).
        (local.set $h0 (i32x4.eq (local.get $cls) (v128.const i32x4 0 0 0 0)))
        (local.set $h1 (i32x4.eq (local.get $cls) (v128.const i32x4 1 1 1 1)))
        (local.set $h2 (i32x4.eq (local.get $cls) (v128.const i32x4 2 2 2 2)))
        ;; Counts advance by subtracting the −1 masks.
        (local.set $c0 (i32x4.sub (local.get $c0) (local.get $h0)))
        (local.set $c1 (i32x4.sub (local.get $c1) (local.get $h1)))
        (local.set $c2 (i32x4.sub (local.get $c2) (local.get $h2)))
        (local.set $a0 (i32x4.sub (local.get $a0) (v128.and (local.get $h0) (local.get $isL))))
        (local.set $a1 (i32x4.sub (local.get $a1) (v128.and (local.get $h1) (local.get $isL))))
        (local.set $a2 (i32x4.sub (local.get $a2) (v128.and (local.get $h2) (local.get $isL))))
        ;; PEN (2^29) where the row is not the last of its value.
        (local.set $pen (v128.andnot
          (v128.const i32x4 0x20000000 0x20000000 0x20000000 0x20000000)
          (i32x4.shr_s (i32x4.shl (local.get $v) (i32.const 1)) (i32.const 31))))
        (local.set $minL (i32x4.min_s (local.get $minL)
          (i32x4.add (local.get $pen)
            (i32x4.sub (local.get $tls)
              (i32x4.add
                (i32x4.max_s (local.get $a0) (i32x4.max_s (local.get $a1) (local.get $a2)))
                (i32x4.max_s (i32x4.sub (local.get $tl0) (local.get $a0))
                  (i32x4.max_s (i32x4.sub (local.get $tl1) (local.get $a1))
                    (i32x4.sub (local.get $tl2) (local.get $a2)))))))))
        (local.set $b0 (i32x4.sub (local.get $c0) (local.get $a0)))
        (local.set $b1 (i32x4.sub (local.get $c1) (local.get $a1)))
        (local.set $b2 (i32x4.sub (local.get $c2) (local.get $a2)))
        (local.set $minR (i32x4.min_s (local.get $minR)
          (i32x4.add (local.get $pen)
            (i32x4.sub (local.get $trs)
              (i32x4.add
                (i32x4.max_s (local.get $b0) (i32x4.max_s (local.get $b1) (local.get $b2)))
                (i32x4.max_s (i32x4.sub (local.get $tr0) (local.get $b0))
                  (i32x4.max_s (i32x4.sub (local.get $tr1) (local.get $b1))
                    (i32x4.sub (local.get $tr2) (local.get $b2)))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $rows (i32.lt_u (local.get $p) (local.get $end)))))
    (v128.store (local.get $out) (local.get $minL))
    (v128.store offset=16 (local.get $out) (local.get $minR))))
