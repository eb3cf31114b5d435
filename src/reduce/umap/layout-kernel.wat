;; The UMAP layout's inner loop: one epoch of umap-learn's SGD over all edges (see layout.ts and
;; layout-kernel.ts, which lays out the memory and imports the run's constants).
;;
;; Why WebAssembly: this loop is most of a UMAP run, and in JavaScript Math.pow and integer
;; modulo dominate it; here x^b is computed from the float's exponent bits, small tables and
;; short polynomials (relative error below 1e-9, far under the float32 rounding of the
;; coordinates it updates), from IEEE basic operations only, so the result is bit-identical on
;; every machine. WebAssembly has no fused multiply-add and rounds every operation, so the
;; order of operations below is the order of rounding: changing it changes every seeded layout
;; (test/reduce/golden.test.ts, test/util/wasm-kernels.test.ts).
;;
;; Parts (see layout-threads.ts): the points can be split into contiguous ranges ("parts"),
;; each with the edges whose head lies in it, so that several threads can run one epoch at
;; once without touching each other's memory. Each part has its own copy of the whole
;; embedding (its "view"): its own rows are live, every other row is as it was at the start of
;; the epoch. A step never moves another part's point directly: it adds the step to the part's
;; "delta" rows instead, and between epochs `merge` adds every other part's deltas to a part's
;; own rows (parts in ascending order) and publishes them, then `refresh` copies the other
;; parts' published rows into the view and clears the deltas. With one part (the default below
;; 4,096 points) its view is the embedding, nothing is deferred, and the loop is exactly
;; umap-learn's sequential SGD.
;;
;; The build also makes a copy of this kernel for each dimension listed below, with the row's
;; coordinate loops unrolled and the head's coordinates kept in locals (scripts/specialise-wat.ts):
;; the same operations in the same order, so the same bits, and faster (12,000 points in 5-D,
;; one part: the layout 5.5 s against 6.1 s, medians of 4 interleaved runs); layout-kernel.ts
;; loads the copy for the run's dimension where there is one.
;; build: specialise rowBytes for dimensions 1 2 3 4 5 6 7 8 9 10
;;
;; Memory (byte addresses, all set by layout-kernel.ts):
;;   0 .. 10239        the power function's tables, f64: log2(c_i) at 0 + 8i and 1/c_i at
;;                     4096 + 8i for c_i = 1 + (i + 0.5)/512 (i < 512), then 2^(j/256) at 8192 + 8j
;; then, where layout-kernel.ts puts them (imported globals below):
;;   $next, $per, $nextNegative, $perNegative
;;                     f64 per edge: the epoch an edge is next due, its period, and the same for
;;                     its negative samples
;;   $head, $tail      i32 per edge: the rows an edge joins
;;   $view             this part's embedding, float32 rows of $rowBytes bytes
;;   $deltas + q·$viewBytes
;;                     part q's deferred steps for other parts' rows, float32 rows
;;   $published        every part's own rows after `merge`, float32 rows
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; The run's constants, given when the module is instantiated.
  (import "env" "edgeFrom" (global $edgeFrom i32)) ;; this part's edges: edgeFrom..edgeTo-1
  (import "env" "edgeTo" (global $edgeTo i32))
  (import "env" "ownFrom" (global $ownFrom i32)) ;; this part's rows: ownFrom..ownTo-1
  (import "env" "ownTo" (global $ownTo i32))
  (import "env" "rowBytes" (global $rowBytes i32)) ;; 4 * dimension
  (import "env" "vertices" (global $vertices i32)) ;; negative samples are drawn from rows 0..vertices-1
  (import "env" "moveOther" (global $moveOther i32)) ;; 1: an attractive step also moves the tail
  (import "env" "next" (global $next i32))
  (import "env" "per" (global $per i32))
  (import "env" "nextNegative" (global $nextNegative i32))
  (import "env" "perNegative" (global $perNegative i32))
  (import "env" "head" (global $head i32))
  (import "env" "tail" (global $tail i32))
  (import "env" "view" (global $view i32))
  (import "env" "part" (global $part i32)) ;; this part's number
  (import "env" "parts" (global $parts i32))
  (import "env" "viewBytes" (global $viewBytes i32)) ;; rows · rowBytes
  (import "env" "deltas" (global $deltas i32))
  (import "env" "published" (global $published i32))
  ;; From a, b and γ (computed in layout-kernel.ts, so each is one rounding of the same expression):
  (import "env" "minusTwoB" (global $minusTwoB f64)) ;; -2b
  (import "env" "twoGammaB" (global $twoGammaB f64)) ;; 2γb
  (import "env" "scaledB" (global $scaledB f64)) ;; 256·b
  (import "env" "scaledLog2A" (global $scaledLog2A f64)) ;; 256·log2 a
  (import "env" "scaledLog2eB" (global $scaledLog2eB f64)) ;; 256·log2(e)·b

  ;; One function, no calls: V8 (Node 20) does not inline WebAssembly calls, and a call on
  ;; every SGD step would cost a frame and the zeroing of its locals. The two kinds of step
  ;; share one loop (sample -1 is the edge itself, then its negative samples), so each piece of
  ;; arithmetic is written once. The coordinates are loops over the row, which the per-dimension
  ;; copies unroll (see the top).
  ;; epoch(epoch, alpha, state) -> state: runs epoch `epoch` with learning rate `alpha`; `state`
  ;; is the negative-sample stream's xorshift32 state, returned advanced.
  (func (export "epoch") (param $epoch f64) (param $alpha f64) (param $state i32) (result i32)
    (local $edge i32)
    (local $e8 i32) ;; edge · 8, the offset of the edge's f64 entries
    (local $e4 i32) ;; edge · 4, the offset of its i32 entries
    (local $j i32) ;; address of the head's row
    (local $k i32) ;; address of the other point's row
    (local $moveOther i32) ;; 0: this step moves only the head; 1: the other point too; 2: its delta
    (local $otherRow i32) ;; byte offset of the other point's row in a view
    (local $delta i32) ;; address of the other point's delta row (when $moveOther is 2)
    (local $negatives i32)
    (local $p i32) ;; the sample: -1 the edge's tail (attraction), 0..negatives-1 random rows (repulsion)
    (local $c i32) ;; byte offset of a coordinate in a float32 row
    (local $head f64)
    (local $other f64)
    (local $difference f64)
    (local $d2 f64) ;; squared distance
    (local $power f64) ;; a·d^(2b)
    (local $coefficient f64)
    (local $step f64)
    (local $rounded f32)
    ;; for the power function
    (local $bits i64)
    (local $e f64)
    (local $index i32)
    (local $r f64)
    (local $base f64)
    (local $scaled f64)
    (local $nearest f64)
    (local $whole i32)
    (local $g f64)

    (local.set $edge (global.get $edgeFrom))
    (block $done
      (loop $edges
        (br_if $done (i32.eqz (i32.lt_s (local.get $edge) (global.get $edgeTo))))
        (local.set $e8 (i32.mul (local.get $edge) (i32.const 8)))
        (local.set $e4 (i32.mul (local.get $edge) (i32.const 4)))
        (block $notDue
          ;; skip edges not yet due
          (br_if $notDue (f64.gt (f64.load (i32.add (global.get $next) (local.get $e8))) (local.get $epoch)))
          (local.set $j
            (i32.add
              (i32.mul (i32.load (i32.add (global.get $head) (local.get $e4))) (global.get $rowBytes))
              (global.get $view)))
          ;; next += per
          (f64.store (i32.add (global.get $next) (local.get $e8))
            (f64.add
              (f64.load (i32.add (global.get $next) (local.get $e8)))
              (f64.load (i32.add (global.get $per) (local.get $e8)))))
          ;; negatives = trunc((epoch - nextNegative) / perNegative)
          (local.set $negatives
            (i32.trunc_sat_f64_s
              (f64.div
                (f64.sub (local.get $epoch) (f64.load (i32.add (global.get $nextNegative) (local.get $e8))))
                (f64.load (i32.add (global.get $perNegative) (local.get $e8))))))
          (local.set $p (i32.const -1))
          (loop $samples
            (if (i32.lt_s (local.get $p) (i32.const 0))
              (then
                (local.set $otherRow
                  (i32.mul (i32.load (i32.add (global.get $tail) (local.get $e4))) (global.get $rowBytes)))
                (local.set $k (i32.add (local.get $otherRow) (global.get $view)))
                (local.set $delta
                  (i32.add (local.get $otherRow)
                    (i32.add (global.get $deltas) (i32.mul (global.get $part) (global.get $viewBytes)))))
                ;; a tail in another part is moved through this part's delta row
                (local.set $moveOther
                  (if (result i32) (global.get $moveOther)
                    (then
                      (select (i32.const 1) (i32.const 2)
                        (i32.and
                          (i32.ge_s (local.get $otherRow) (i32.mul (global.get $ownFrom) (global.get $rowBytes)))
                          (i32.lt_s (local.get $otherRow) (i32.mul (global.get $ownTo) (global.get $rowBytes))))))
                    (else (i32.const 0)))))
              (else
                ;; state = xorshift32(state): x ^= x << 13; x ^= x >>> 17; x ^= x << 5
                (local.set $state (i32.xor (local.get $state) (i32.shl (local.get $state) (i32.const 13))))
                (local.set $state (i32.xor (local.get $state) (i32.shr_u (local.get $state) (i32.const 17))))
                (local.set $state (i32.xor (local.get $state) (i32.shl (local.get $state) (i32.const 5))))
                ;; k = (state · vertices) >> 32, an unbiased-enough uniform row without division
                (local.set $k
                  (i32.add
                    (i32.mul
                      (i32.wrap_i64
                        (i64.shr_u
                          (i64.mul (i64.extend_i32_u (local.get $state)) (i64.extend_i32_u (global.get $vertices)))
                          (i64.const 32)))
                      (global.get $rowBytes))
                    (global.get $view)))
                (local.set $moveOther (i32.const 0))))
            ;; d² = Σ (y_j - y_k)², summed from the first coordinate
            (local.set $d2 (f64.const 0))
            (local.set $c (i32.const 0))
            (loop $coordinates
              (local.set $difference
                (f64.sub
                  (f64.promote_f32 (f32.load (i32.add (local.get $j) (local.get $c))))
                  (f64.promote_f32 (f32.load (i32.add (local.get $k) (local.get $c))))))
              (local.set $d2 (f64.add (local.get $d2) (f64.mul (local.get $difference) (local.get $difference))))
              (br_if $coordinates (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 4))) (global.get $rowBytes))))
            (if (f64.gt (local.get $d2) (f64.const 0))
              (then
                ;; power = a·x^b for x = d² (> 0, normal), as 2^(b·log2 x + log2 a) with
                ;; table-driven log2 and 2^z:
                ;;   log2 x = e + log2 c_i + log2(1 + r), r = m/c_i - 1, |r| < 1/1024 (two series terms);
                ;;   2^z = 2^(N >> 8) · 2^((N & 255)/256) · e^g, N = round(256z), |g| <= ln2/512 (quadratic).
                ;; Relative error below 1e-9. Each SGD step waits for this result, so the chain of
                ;; dependent operations is kept short: big tables, short polynomials, log2 a folded
                ;; into a constant. No clamping is needed: for finite d² (a sum of float32 squares,
                ;; in [1e-90, 1e77]) and b < 2, 256·z stays far inside the range of normal floats.
                (local.set $bits (i64.reinterpret_f64 (local.get $d2)))
                (local.set $e
                  (f64.convert_i32_s (i32.sub (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 52))) (i32.const 1023))))
                ;; index = top 9 mantissa bits, as a byte offset into the f64 tables
                (local.set $index
                  (i32.mul (i32.and (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 43))) (i32.const 511)) (i32.const 8)))
                ;; r = m · (1/c) - 1, m the mantissa in [1, 2)
                (local.set $r
                  (f64.sub
                    (f64.mul
                      (f64.reinterpret_i64
                        (i64.or (i64.and (local.get $bits) (i64.const 0x000fffffffffffff)) (i64.const 0x3ff0000000000000)))
                      (f64.load offset=4096 (local.get $index))) ;; 1/c_i
                    (f64.const 1)))
                ;; base = (e + log2 c)·256b + 256·log2 a, off the critical path
                (local.set $base
                  (f64.add
                    (f64.mul (f64.add (local.get $e) (f64.load (local.get $index))) (global.get $scaledB)) ;; log2 c_i
                    (global.get $scaledLog2A)))
                ;; ln(1 + r) ≈ r + r·(-r/2); scaled = 256·(b·log2 x + log2 a)
                (local.set $scaled
                  (f64.add
                    (f64.mul
                      (f64.add (local.get $r) (f64.mul (f64.mul (local.get $r) (f64.const -0.5)) (local.get $r)))
                      (global.get $scaledLog2eB))
                    (local.get $base)))
                ;; N = round(scaled), g = (scaled - N)·ln2/256
                (local.set $whole (i32.trunc_sat_f64_s (local.tee $nearest (f64.nearest (local.get $scaled)))))
                (local.set $g
                  (f64.mul (f64.sub (local.get $scaled) (local.get $nearest)) (f64.const 0x1.62e42fefa39efp-9))) ;; ln2/256
                ;; 2^((N & 255)/256) · 2^(N >> 8), from the table and the exponent bits; · e^g ≈ (1 + g) + g·(g/2)
                (local.set $power
                  (f64.mul
                    (f64.mul
                      (f64.load offset=8192 (i32.mul (i32.and (local.get $whole) (i32.const 255)) (i32.const 8))) ;; 2^(j/256)
                      (f64.reinterpret_i64
                        (i64.shl
                          (i64.extend_i32_s (i32.add (i32.shr_s (local.get $whole) (i32.const 8)) (i32.const 1023)))
                          (i64.const 52))))
                    (f64.add
                      (f64.add (local.get $g) (f64.const 1))
                      (f64.mul (f64.mul (local.get $g) (f64.const 0.5)) (local.get $g)))))
                (local.set $coefficient
                  (if (result f64) (i32.lt_s (local.get $p) (i32.const 0))
                    ;; attraction: -2ab·d^(2(b-1)) / (a·d^(2b) + 1) = -2b·(a·d^(2b)/d²) / (a·d^(2b) + 1)
                    (then
                      (f64.div
                        (f64.mul (global.get $minusTwoB) (f64.div (local.get $power) (local.get $d2)))
                        (f64.add (local.get $power) (f64.const 1))))
                    ;; repulsion: 2γb / ((0.001 + d²)·(a·d^(2b) + 1))
                    (else
                      (f64.div
                        (global.get $twoGammaB)
                        (f64.mul
                          (f64.add (f64.const 0.001) (local.get $d2))
                          (f64.add (local.get $power) (f64.const 1)))))))
                ;; Per coordinate: step = clip(coefficient·(y_j - y_k))·alpha; y_j += step, and
                ;; y_k -= step if moveOther, each rounded to float32 as it is stored (as
                ;; umap-learn's float32 arrays do). Coordinates are read from the rows (c is a
                ;; byte offset in a float32 row) every time: a sample that hits the head itself
                ;; sees d² = 0 and moves nothing, so j ≠ k here, and y_j - y_k is recomputed
                ;; from the same operands d² was summed from: the same value.
                (local.set $c (i32.const 0))
                (loop $coordinates
                  (local.set $head (f64.promote_f32 (f32.load (i32.add (local.get $j) (local.get $c)))))
                  (local.set $other (f64.promote_f32 (f32.load (i32.add (local.get $k) (local.get $c)))))
                  (local.set $step (f64.mul (f64.sub (local.get $head) (local.get $other)) (local.get $coefficient)))
                  ;; clamped to [-4, 4] by compare-and-select (WebAssembly's f64.min and f64.max
                  ;; must order NaN and -0, which costs several machine instructions each); NaN
                  ;; passes through, as in umap-learn's clip.
                  (local.set $step (select (f64.const 4) (local.get $step) (f64.gt (local.get $step) (f64.const 4))))
                  (local.set $step (select (f64.const -4) (local.get $step) (f64.lt (local.get $step) (f64.const -4))))
                  (local.set $step (f64.mul (local.get $step) (local.get $alpha)))
                  (local.set $rounded (f32.demote_f64 (f64.add (local.get $head) (local.get $step))))
                  (f32.store (i32.add (local.get $j) (local.get $c)) (local.get $rounded))
                  (if (local.get $moveOther)
                    (then
                      (if (i32.eq (local.get $moveOther) (i32.const 1))
                        (then
                          (f32.store (i32.add (local.get $k) (local.get $c))
                            (f32.demote_f64 (f64.sub (local.get $other) (local.get $step)))))
                        (else
                          (f32.store (i32.add (local.get $delta) (local.get $c))
                            (f32.demote_f64
                              (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $delta) (local.get $c)))) (local.get $step))))))))
                  (br_if $coordinates
                    (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 4))) (global.get $rowBytes))))))
            (br_if $samples (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $negatives))))
          ;; nextNegative += negatives · perNegative
          (f64.store (i32.add (global.get $nextNegative) (local.get $e8))
            (f64.add
              (f64.load (i32.add (global.get $nextNegative) (local.get $e8)))
              (f64.mul
                (f64.convert_i32_s (local.get $negatives))
                (f64.load (i32.add (global.get $perNegative) (local.get $e8)))))))
        (local.set $edge (i32.add (local.get $edge) (i32.const 1)))
        (br $edges)))
    (local.get $state))
;; merge(): this part's own rows += every other part's deltas for them (parts in ascending
  ;; order, each sum rounded to float32), stored in the view and in the published rows. Run by
  ;; every part after all parts have finished an epoch.
  (func (export "merge")
    (local $x i32) ;; byte offset in a view
    (local $end i32)
    (local $q i32)
    (local $value f32)
    (local.set $x (i32.mul (global.get $ownFrom) (global.get $rowBytes)))
    (local.set $end (i32.mul (global.get $ownTo) (global.get $rowBytes)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $value (f32.load (i32.add (global.get $view) (local.get $x))))
        (local.set $q (i32.const 0))
        (block $summed
          (loop $parts
            (br_if $summed (i32.ge_u (local.get $q) (global.get $parts)))
            (if (i32.ne (local.get $q) (global.get $part))
              (then
                (local.set $value
                  (f32.add (local.get $value)
                    (f32.load
                      (i32.add (local.get $x)
                        (i32.add (global.get $deltas) (i32.mul (local.get $q) (global.get $viewBytes)))))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $parts)))
        (f32.store (i32.add (global.get $view) (local.get $x)) (local.get $value))
        (f32.store (i32.add (global.get $published) (local.get $x)) (local.get $value))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $rows))))

  ;; refresh(): the other parts' published rows into this part's view, and this part's deltas
  ;; cleared. Run by every part after all parts have merged.
  (func (export "refresh")
    (local $from i32)
    (local $to i32)
    (local.set $from (i32.mul (global.get $ownFrom) (global.get $rowBytes)))
    (local.set $to (i32.mul (global.get $ownTo) (global.get $rowBytes)))
    (memory.copy (global.get $view) (global.get $published) (local.get $from))
    (memory.copy
      (i32.add (global.get $view) (local.get $to))
      (i32.add (global.get $published) (local.get $to))
      (i32.sub (global.get $viewBytes) (local.get $to)))
    (memory.fill
      (i32.add (global.get $deltas) (i32.mul (global.get $part) (global.get $viewBytes)))
      (i32.const 0)
      (global.get $viewBytes)))
)
