;; The Krylov basis' Gram-Schmidt for thick-restart Lanczos (lanczos.ts), two doubles per
;; instruction (f64x2): the coefficients of a vector against a bank of basis vectors, and a
;; linear combination of the bank added to a vector (which with negated coefficients removes
;; the projections, and with a Ritz vector's coefficients builds it).
;;
;; Determinism: no fused multiply-add and fixed summation orders (below), so the result is the
;; same on every machine. Changing an order changes every seeded spectral initialisation of
;; UMAP (test/reduce/golden.test.ts, test/util/wasm-kernels.test.ts).
;;
;; Vectors are `bytes` bytes long, a multiple of 32 (lanczos.ts pads them with zeros), and the
;; bank's vectors follow one another from `first`. All arguments are byte offsets.
(module
  (import "env" "memory" (memory 1))

  ;; dots(first, count, bytes, work, coefficients): coefficients[i] = v_i · work for i < count.
  ;; Two accumulators (even and odd pairs of doubles), then (acc0 + acc1), then lane 0 + lane 1.
  (func (export "dots") (param $first i32) (param $count i32) (param $bytes i32) (param $work i32) (param $coefficients i32)
    (local $i i32)
    (local $vector i32) ;; address of v_i
    (local $p i32) ;; byte offset in the vectors
    (local $acc0 v128)
    (local $acc1 v128)
    (local.set $i (i32.const 0))
    (local.set $vector (local.get $first))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $acc0 (f64x2.splat (f64.const 0)))
        (local.set $acc1 (f64x2.splat (f64.const 0)))
        (local.set $p (i32.const 0))
        (block $stepsDone
          (loop $steps
            (br_if $stepsDone (i32.ge_u (local.get $p) (local.get $bytes)))
            (local.set $acc0
              (f64x2.add (local.get $acc0)
                (f64x2.mul
                  (v128.load (i32.add (local.get $vector) (local.get $p)))
                  (v128.load (i32.add (local.get $work) (local.get $p))))))
            (local.set $acc1
              (f64x2.add (local.get $acc1)
                (f64x2.mul
                  (v128.load offset=16 (i32.add (local.get $vector) (local.get $p)))
                  (v128.load offset=16 (i32.add (local.get $work) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br $steps)))
        ;; coefficients[i] = lanes of (acc0 + acc1), summed
        (i32.add (local.get $coefficients) (i32.mul (local.get $i) (i32.const 8)))
        (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
        (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0)))
        f64.store
        (local.set $vector (i32.add (local.get $vector) (local.get $bytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $vectors))))

  ;; accumulate(first, count, bytes, target, coefficients): target += Σ coefficients[i]·v_i for
  ;; i < count, one vector after another (i ascending).
  (func (export "accumulate") (param $first i32) (param $count i32) (param $bytes i32) (param $target i32) (param $coefficients i32)
    (local $i i32)
    (local $vector i32)
    (local $p i32)
    (local $factor v128) ;; coefficients[i] in both lanes
    (local.set $i (i32.const 0))
    (local.set $vector (local.get $first))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $factor
          (f64x2.splat (f64.load (i32.add (local.get $coefficients) (i32.mul (local.get $i) (i32.const 8))))))
        (local.set $p (i32.const 0))
        (block $stepsDone
          (loop $steps
            (br_if $stepsDone (i32.ge_u (local.get $p) (local.get $bytes)))
            (v128.store (i32.add (local.get $target) (local.get $p))
              (f64x2.add
                (v128.load (i32.add (local.get $target) (local.get $p)))
                (f64x2.mul (local.get $factor) (v128.load (i32.add (local.get $vector) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $steps)))
        (local.set $vector (i32.add (local.get $vector) (local.get $bytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $vectors))))
)
