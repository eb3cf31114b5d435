;; The QL iteration's Givens rotation of two eigenvector rows (symmetric-eigen.ts), two doubles
;; per instruction (f64x2). No fused multiply-add, so the result is the same on every machine.
(module
  (import "env" "memory" (memory 1))

  ;; rotate(lower, rowBytes, c, s): the rows x at byte offset `lower` and y right after it
  ;; (rowBytes later, a multiple of 16) become c·x - s·y and s·x + c·y.
  (func (export "rotate") (param $lower i32) (param $rowBytes i32) (param $c f64) (param $s f64)
    (local $p i32) ;; address in x
    (local $end i32) ;; of x
    (local $cc v128) ;; c in both lanes
    (local $ss v128) ;; s in both lanes
    (local $x v128)
    (local $y v128)
    (local.set $cc (f64x2.splat (local.get $c)))
    (local.set $ss (f64x2.splat (local.get $s)))
    (local.set $p (local.get $lower))
    (local.set $end (i32.add (local.get $lower) (local.get $rowBytes)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (v128.load (local.get $p)))
        (local.set $y (v128.load (i32.add (local.get $p) (local.get $rowBytes))))
        ;; upper = s·x + c·y; lower = c·x - s·y (from the old values)
        (v128.store (i32.add (local.get $p) (local.get $rowBytes))
          (f64x2.add (f64x2.mul (local.get $ss) (local.get $x)) (f64x2.mul (local.get $cc) (local.get $y))))
        (v128.store (local.get $p)
          (f64x2.sub (f64x2.mul (local.get $cc) (local.get $x)) (f64x2.mul (local.get $ss) (local.get $y))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pairs))))
)
