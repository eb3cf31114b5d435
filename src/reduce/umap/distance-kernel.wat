;; Dot products and squared distances of float32 vectors, four lanes at a time (128-bit SIMD):
;; the neighbour search spends nearly all its time here, and this is about five times faster
;; than scalar JavaScript on 384-dimensional embeddings. See distance-kernel.ts for the memory
;; layout and how the functions are called.
;;
;; Determinism: WebAssembly float arithmetic is IEEE 754 single precision with no fused
;; multiply-add, and the lanes are summed in a fixed order, so a result is the same bit pattern
;; on every machine. Accumulation is in float32, as in pynndescent (which works on float32
;; data). Changing the order of any addition changes every seeded neighbour graph
;; (test/reduce/golden.test.ts, test/util/wasm-kernels.test.ts).
;;
;; The memory is shared: worker threads instantiate this same module on it and evaluate other
;; pairs of the same batch at the same time (pair-distances.ts). Rows are `stride` floats, a
;; multiple of 16 (zero padding changes neither dot products nor distances), so a row is whole
;; steps of 64 bytes.
(module
  ;; Shared memory of any size up to 4 GiB (the kernel makes it with a fixed size).
  (import "env" "memory" (memory 1 65536 shared))
  ;; Bytes per row (4 · stride), given when the module is instantiated.
  (import "env" "rowBytes" (global $rowBytes i32))

  ;; dot(a, b, end) -> a · b for rows at byte offsets a and b, a's row ending at `end`.
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $end i32) (result f64)
    ;; four accumulators of four lanes, 64 bytes per step, so additions do not wait on each other
    (local $acc0 v128)
    (local $acc1 v128)
    (local $acc2 v128)
    (local $acc3 v128)
    (local $sum v128)
    (loop $steps
      (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
      (local.set $acc1
        (f32x4.add (local.get $acc1) (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
      (local.set $acc2
        (f32x4.add (local.get $acc2) (f32x4.mul (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b)))))
      (local.set $acc3
        (f32x4.add (local.get $acc3) (f32x4.mul (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (i32.const 64)))
      (local.set $b (i32.add (local.get $b) (i32.const 64)))
      (br_if $steps (i32.lt_u (local.get $a) (local.get $end))))
    ;; ((acc0 + acc1) + (acc2 + acc3)), then lanes ((l0 + l1) + (l2 + l3)): a fixed order
    (local.set $sum
      (f32x4.add (f32x4.add (local.get $acc0) (local.get $acc1)) (f32x4.add (local.get $acc2) (local.get $acc3))))
    (f64.promote_f32
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
        (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum))))))

  ;; squaredDistance(a, b, end) -> |a - b|², as dot with (a - b)² per lane.
  (func $squaredDistance (export "squaredDistance") (param $a i32) (param $b i32) (param $end i32) (result f64)
    (local $acc0 v128)
    (local $acc1 v128)
    (local $acc2 v128)
    (local $acc3 v128)
    (local $difference v128) ;; then the sum of the accumulators
    (loop $steps
      (local.set $acc0
        (f32x4.add (local.get $acc0)
          (f32x4.mul
            (local.tee $difference (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
            (local.get $difference))))
      (local.set $acc1
        (f32x4.add (local.get $acc1)
          (f32x4.mul
            (local.tee $difference (f32x4.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
            (local.get $difference))))
      (local.set $acc2
        (f32x4.add (local.get $acc2)
          (f32x4.mul
            (local.tee $difference (f32x4.sub (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
            (local.get $difference))))
      (local.set $acc3
        (f32x4.add (local.get $acc3)
          (f32x4.mul
            (local.tee $difference (f32x4.sub (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
            (local.get $difference))))
      (local.set $a (i32.add (local.get $a) (i32.const 64)))
      (local.set $b (i32.add (local.get $b) (i32.const 64)))
      (br_if $steps (i32.lt_u (local.get $a) (local.get $end))))
    (local.set $difference
      (f32x4.add (f32x4.add (local.get $acc0) (local.get $acc1)) (f32x4.add (local.get $acc2) (local.get $acc3))))
    (f64.promote_f32
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $difference)) (f32x4.extract_lane 1 (local.get $difference)))
        (f32.add (f32x4.extract_lane 2 (local.get $difference)) (f32x4.extract_lane 3 (local.get $difference))))))

  ;; dotPairs(pairs, count, results): for t < count, results[t] = dot(row p_t, row q_t), where
  ;; the pairs are i32 row indices (p at pairs + 8t, q at pairs + 8t + 4) and results f64.
  (func (export "dotPairs") (param $pairs i32) (param $count i32) (param $results i32)
    (local $end i32)
    (local $address i32)
    (local.set $end (i32.add (local.get $pairs) (i32.mul (local.get $count) (i32.const 8))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $pairs) (local.get $end)))
        (f64.store (local.get $results)
          (call $dot
            (local.tee $address (i32.mul (i32.load (local.get $pairs)) (global.get $rowBytes)))
            (i32.mul (i32.load offset=4 (local.get $pairs)) (global.get $rowBytes))
            (i32.add (local.get $address) (global.get $rowBytes))))
        (local.set $pairs (i32.add (local.get $pairs) (i32.const 8)))
        (local.set $results (i32.add (local.get $results) (i32.const 8)))
        (br $each))))

  ;; squaredDistancePairs(pairs, count, results): the same with squaredDistance.
  (func (export "squaredDistancePairs") (param $pairs i32) (param $count i32) (param $results i32)
    (local $end i32)
    (local $address i32)
    (local.set $end (i32.add (local.get $pairs) (i32.mul (local.get $count) (i32.const 8))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $pairs) (local.get $end)))
        (f64.store (local.get $results)
          (call $squaredDistance
            (local.tee $address (i32.mul (i32.load (local.get $pairs)) (global.get $rowBytes)))
            (i32.mul (i32.load offset=4 (local.get $pairs)) (global.get $rowBytes))
            (i32.add (local.get $address) (global.get $rowBytes))))
        (local.set $pairs (i32.add (local.get $pairs) (i32.const 8)))
        (local.set $results (i32.add (local.get $results) (i32.const 8)))
        (br $each))))
)
