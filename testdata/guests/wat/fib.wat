;; fib: reads n (public) and outputs fib(n) mod 2^64, iteratively.
(module
  (import "env" "wasm_input" (func $wasm_input (param i32) (result i64)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (func $fib (export "fib") (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $a))
  (func (export "zkmain")
    (call $wasm_output (call $fib (call $wasm_input (i32.const 1))))))
