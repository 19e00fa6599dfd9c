;; Conditional returns (br_if to the function body) for the circuit's tests: with and
;; without a result, taken and not taken, from inside a loop, with values under the result.
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (global $g (mut i32) (i32.const 0))
  ;; the first i < n with i*i > x, else n
  (func $bound (export "bound") (param $x i32) (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.get $i)
      (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (local.get $x))
      (br_if 1)
      (drop)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $n))
  ;; sets the global unless v is zero
  (func $maybe_set (param $v i32)
    (br_if 0 (i32.eqz (local.get $v)))
    (global.set $g (local.get $v)))
  ;; 99 if v is non-zero (a value left under the result), else 7
  (func $deep (export "deep") (param $v i32) (result i32)
    (i32.const 7)
    (i32.const 99)
    (local.get $v)
    (br_if 0)
    (drop))
  (func (export "zkmain")
    (call $maybe_set (i32.const 0))
    (call $maybe_set (i32.wrap_i64 (call $in (i32.const 1))))
    (call $out (i64.extend_i32_u (call $bound (i32.const 50) (i32.const 100))))
    (call $out (i64.extend_i32_u (call $bound (i32.const 50) (i32.const 3))))
    (call $out (i64.extend_i32_u (call $deep (i32.const 0))))
    (call $out (i64.extend_i32_u (call $deep (i32.const 5))))
    (call $out (i64.extend_i32_u (global.get $g)))))
