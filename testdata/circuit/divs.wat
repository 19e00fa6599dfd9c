;; i32 div_s / rem_s for the circuit's cross-check with the interpreter. zkmain reads two
;; public i32 words a, b and outputs a div_s b, a rem_s b, b rem_s a (unless a = 0).
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain")
    (local $a i32) (local $b i32)
    (local.set $a (i32.wrap_i64 (call $in (i32.const 1))))
    (local.set $b (i32.wrap_i64 (call $in (i32.const 1))))
    (call $out (i64.extend_i32_u (i32.div_s (local.get $a) (local.get $b))))
    (call $out (i64.extend_i32_u (i32.rem_s (local.get $a) (local.get $b))))
    (if (local.get $a)
      (then (call $out (i64.extend_i32_u (i32.rem_s (local.get $b) (local.get $a))))))))
