;; Compile options the spec run uses: a prelude of invocations before the entry (inc
;; changes a global that get reads), dead code calling a foreign host function (noisy),
;; and a function whose popcnt needs the AND table (bits).
(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (global $g (mut i64) (i64.const 0))
  (func (export "inc") (param $d i64) (result i64)
    (global.set $g (i64.add (global.get $g) (local.get $d)))
    (global.get $g))
  (func (export "get") (result i64) (global.get $g))
  (func (export "noisy") (param i32) (call $print (local.get 0)))
  (func (export "bits") (param i64) (result i64) (i64.popcnt (local.get 0))))
