;; i32/i64 clz, ctz and popcnt for the circuit's cross-check with the interpreter. zkmain reads
;; one public i64 x.
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain")
    (local $x i64)
    (local.set $x (call $in (i32.const 1)))
    (call $out (i64.clz (local.get $x)))
    (call $out (i64.ctz (local.get $x)))
    (call $out (i64.extend_i32_u (i32.clz (i32.wrap_i64 (local.get $x)))))
    (call $out (i64.extend_i32_u (i32.ctz (i32.wrap_i64 (local.get $x)))))
    (call $out (i64.popcnt (local.get $x)))
    (call $out (i64.extend_i32_u (i32.popcnt (i32.wrap_i64 (local.get $x)))))))
