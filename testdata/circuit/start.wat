;; A start function (runs before the entry: sets a global, writes memory and reads a
;; public input) for the circuit's tests.
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (global $g (mut i64) (i64.const 1))
  (func $init
    (global.set $g (i64.add (global.get $g) (call $in (i32.const 1)))))
  (start $init)
  (func (export "zkmain")
    (call $out (global.get $g))
    (call $out (call $in (i32.const 1))))
  (func (export "twice") (param $x i64) (result i64)
    (i64.add (local.get $x) (global.get $g))))
