;; Every row of A dotted with every row of B, two doubles per instruction (f64x2): PCA's
;; projection onto its components. See row-products.ts, which copies A in chunks of rows (and
;; centres them) and B once, each row zero-padded to a multiple of 8 doubles.
;;
;; Determinism: no fused multiply-add, and a dot product is summed in a fixed order (four
;; accumulators over 8 doubles per step, then ((acc0 + acc1) + (acc2 + acc3)), then
;; lane 0 + lane 1), so the result is the same on every machine. Changing that order changes
;; every seeded PCA projection (test/util/wasm-kernels.test.ts).
;;
;; Memory: B's k rows at 0, then A's rows at $a, then the results (rows × k doubles) at $out;
;; every row is $rowBytes bytes.
(module
  (import "env" "memory" (memory 1))
  ;; Given when the module is instantiated:
  (import "env" "k" (global $k i32)) ;; rows of B
  (import "env" "rowBytes" (global $rowBytes i32)) ;; 8 · (d rounded up to a multiple of 8)
  (import "env" "a" (global $a i32)) ;; byte offset of A's rows
  (import "env" "out" (global $out i32)) ;; byte offset of the results

  ;; product(rows): out[i][c] = a_i · b_c for i < rows, c < k.
  (func (export "product") (param $rows i32)
    (local $i i32)
    (local $c i32)
    (local $aRow i32) ;; address of a_i
    (local $aEnd i32) ;; and of its end
    (local $bRow i32) ;; address of b_c
    (local $x i32) ;; the step's address in a_i
    (local $y i32) ;; and in b_c
    (local $outAddress i32)
    ;; four independent accumulators, so additions do not wait on each other
    (local $acc0 v128)
    (local $acc1 v128)
    (local $acc2 v128)
    (local $acc3 v128)
    (local.set $i (i32.const 0))
    (local.set $aRow (global.get $a))
    (local.set $outAddress (global.get $out))
    (block $rowsDone
      (loop $rowsOfA
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $aEnd (i32.add (local.get $aRow) (global.get $rowBytes)))
        (local.set $c (i32.const 0))
        (local.set $bRow (i32.const 0))
        (block $columnsDone
          (loop $rowsOfB
            (br_if $columnsDone (i32.ge_u (local.get $c) (global.get $k)))
            (local.set $acc0 (f64x2.splat (f64.const 0)))
            (local.set $acc1 (f64x2.splat (f64.const 0)))
            (local.set $acc2 (f64x2.splat (f64.const 0)))
            (local.set $acc3 (f64x2.splat (f64.const 0)))
            (local.set $x (local.get $aRow))
            (local.set $y (local.get $bRow))
            (block $stepsDone
              (loop $steps
                (br_if $stepsDone (i32.ge_u (local.get $x) (local.get $aEnd)))
                (local.set $acc0
                  (f64x2.add (local.get $acc0) (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
                (local.set $acc1
                  (f64x2.add (local.get $acc1)
                    (f64x2.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
                (local.set $acc2
                  (f64x2.add (local.get $acc2)
                    (f64x2.mul (v128.load offset=32 (local.get $x)) (v128.load offset=32 (local.get $y)))))
                (local.set $acc3
                  (f64x2.add (local.get $acc3)
                    (f64x2.mul (v128.load offset=48 (local.get $x)) (v128.load offset=48 (local.get $y)))))
                (local.set $x (i32.add (local.get $x) (i32.const 64)))
                (local.set $y (i32.add (local.get $y) (i32.const 64)))
                (br $steps)))
            (local.set $acc0
              (f64x2.add (f64x2.add (local.get $acc0) (local.get $acc1)) (f64x2.add (local.get $acc2) (local.get $acc3))))
            (f64.store (local.get $outAddress)
              (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))
            (local.set $outAddress (i32.add (local.get $outAddress) (i32.const 8)))
            (local.set $bRow (i32.add (local.get $bRow) (global.get $rowBytes)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $rowsOfB)))
        (local.set $aRow (local.get $aEnd))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowsOfA))))
)
