;; PCA's covariance: four centred rows at a time are added to the upper triangle of Σ x xᵀ as
;; four rank-one updates, two doubles per instruction (f64x2). See covariance.ts, which centres
;; the rows into the block, calls update() per block and mirrors the triangle.
;;
;; Determinism: no fused multiply-add, and each entry adds the block's four products left to
;; right, (((b0·a0 + b1·a1) + b2·a2) + b3·a3), to its sum, blocks in row order: the result is
;; the same on every machine. Changing that order changes every seeded PCA
;; (test/util/wasm-kernels.test.ts).
;;
;; Memory: the sums, d rows of `stride` doubles (stride = d rounded up to even, so pairs never
;; straddle rows) at 0, then the block at $block: four rows b_0..b_3 of `stride` doubles,
;; interleaved by column pairs, so that what one step of the inner loop reads is 64 contiguous
;; bytes at fixed offsets: b_r[2m] and b_r[2m+1] at $block + 64m + 16r (+ 8 for the odd one).
(module
  (import "env" "memory" (memory 1))
  ;; Given when the module is instantiated:
  (import "env" "dimensions" (global $d i32)) ;; d
  (import "env" "rowBytes" (global $rowBytes i32)) ;; 8 · stride
  (import "env" "block" (global $block i32)) ;; byte offset of the block

  ;; update(): for j < d and each pair k, k+1 from (j & ~1) to the end of the row,
  ;; C[j][k..k+1] += Σ_r b_r[j]·b_r[k..k+1]. Entries left of the diagonal that this touches are
  ;; never read.
  (func (export "update")
    (local $j i32)
    (local $k i32) ;; byte offset of the pair in a row of the sums
    (local $rowAddress i32) ;; of row j of the sums
    (local $column i32) ;; address of b_0[j] in the block
    (local $pair i32) ;; address of b_0[k..k+1] in the block
    (local $a0 v128) ;; b_r[j] in both lanes, r = 0..3
    (local $a1 v128)
    (local $a2 v128)
    (local $a3 v128)
    (local.set $j (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $j) (global.get $d)))
        ;; b_0[j] at $block + 32·(j & ~1) + 8·(j & 1); b_r[j] 16r further
        (local.set $column
          (i32.add
            (global.get $block)
            (i32.add
              (i32.mul (i32.and (local.get $j) (i32.const -2)) (i32.const 32))
              (i32.mul (i32.and (local.get $j) (i32.const 1)) (i32.const 8)))))
        (local.set $a0 (f64x2.splat (f64.load (local.get $column))))
        (local.set $a1 (f64x2.splat (f64.load offset=16 (local.get $column))))
        (local.set $a2 (f64x2.splat (f64.load offset=32 (local.get $column))))
        (local.set $a3 (f64x2.splat (f64.load offset=48 (local.get $column))))
        (local.set $rowAddress (i32.mul (local.get $j) (global.get $rowBytes)))
        ;; k = (j & ~1) · 8, a byte offset; the block's pair for it at $block + 4k
        (local.set $k (i32.mul (i32.and (local.get $j) (i32.const -2)) (i32.const 8)))
        (local.set $pair (i32.add (global.get $block) (i32.mul (local.get $k) (i32.const 4))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $k) (global.get $rowBytes)))
            (v128.store (i32.add (local.get $rowAddress) (local.get $k))
              (f64x2.add
                (v128.load (i32.add (local.get $rowAddress) (local.get $k)))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (local.get $a0) (v128.load (local.get $pair)))
                      (f64x2.mul (local.get $a1) (v128.load offset=16 (local.get $pair))))
                    (f64x2.mul (local.get $a2) (v128.load offset=32 (local.get $pair))))
                  (f64x2.mul (local.get $a3) (v128.load offset=48 (local.get $pair))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (local.set $pair (i32.add (local.get $pair) (i32.const 64)))
            (br $pairs)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))
)
