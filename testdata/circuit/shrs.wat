;; shr_s by constant counts and by dynamic counts (i32, i64) (i32 and i64, negative and non-negative operands) for the
;; circuit's cross-check with the interpreter. zkmain reads one public i64 x.
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain")
    (local $x i64)
    (local.set $x (call $in (i32.const 1)))
    (call $out (i64.shr_s (local.get $x) (i64.const 0)))
    (call $out (i64.shr_s (local.get $x) (i64.const 3)))
    (call $out (i64.shr_s (local.get $x) (i64.const 63)))
    (call $out (i64.shr_s (local.get $x) (i64.const 100)))
    (call $out (i64.extend_i32_u (i32.shr_s (i32.wrap_i64 (local.get $x)) (i32.const 31))))
    (call $out (i64.extend_i32_u (i32.shr_s (i32.wrap_i64 (local.get $x)) (i32.const 4))))
    (call $out (i64.extend_i32_u (i32.shr_s (i32.wrap_i64 (local.get $x)) (i32.const 32))))
    ;; dynamic: the count is the top five bits of x (plus 32 when bit 58 is set)
    (call $out (i64.extend_i32_u (i32.shr_s (i32.wrap_i64 (local.get $x))
      (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 58))))))
    (call $out (i64.shr_s (local.get $x) (i64.shr_u (local.get $x) (i64.const 57))))))
