;; i64 div_s / rem_s for the circuit's cross-check with the interpreter. zkmain reads two
;; public i64 words a, b and outputs a div_s b, a rem_s b, b rem_s a (unless a = 0); the
;; exports div and rem take them as arguments.
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain")
    (local $a i64) (local $b i64)
    (local.set $a (call $in (i32.const 1)))
    (local.set $b (call $in (i32.const 1)))
    (call $out (i64.div_s (local.get $a) (local.get $b)))
    (call $out (i64.rem_s (local.get $a) (local.get $b)))
    (if (i64.ne (local.get $a) (i64.const 0))
      (then (call $out (i64.rem_s (local.get $b) (local.get $a))))))
  (func (export "div") (param $a i64) (param $b i64) (result i64)
    (i64.div_s (local.get $a) (local.get $b)))
  (func (export "rem") (param $a i64) (param $b i64) (result i64)
    (i64.rem_s (local.get $a) (local.get $b))))
