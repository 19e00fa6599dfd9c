;; Benchmark and test program for wasm/interp.
;; Built with: wat2wasm --debug-names bench.wat -o bench.wasm   (wabt 1.0.32)
(module
  (import "env" "input" (func $input (param i32) (result i64)))
  (import "env" "fail" (func $fail (param i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 7))
  (table 2 funcref)
  (elem (i32.const 0) $sq $fib)
  (type $i2i (func (param i32) (result i32)))
  ;; A loop that mixes arithmetic, locals, memory and branches.
  (func $loop (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)) (local.get $acc))
        (local.set $acc (i32.xor (local.get $acc) (i32.load offset=4 (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  ;; Recursive calls.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $sq (param $x i32) (result i32) (i32.mul (local.get $x) (local.get $x)))
  ;; call_indirect through the table; traps on a bad index.
  (func (export "indirect") (param $i i32) (param $x i32) (result i32)
    (call_indirect (type $i2i) (local.get $x) (local.get $i)))
  ;; globals
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g))
  ;; host calls
  (func (export "sum_inputs") (param $n i32) (result i64)
    (local $s i64)
    (block $done
      (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i64.add (local.get $s) (call $input (i32.const 1))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
    (local.get $s))
  (func (export "require") (param $c i32) (call $fail (local.get $c)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i64) (i64.load8_s (local.get 0)))
  (func (export "store") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
  (func $forever (export "forever") (loop $l (br $l)))
  (func $deep (export "deep") (param i32) (result i32) (call $deep (local.get 0)))
  (func (export "sel") (param i32) (result i64) (select (i64.const 10) (i64.const 20) (local.get 0)))
  ;; br_table without and with a carried value
  (func (export "switch") (param $i i32) (result i32)
    (block $d (result i32)
      (block $c
        (block $b
          (block $a
            (br_table $a $b $c (local.get $i)))
          (br $d (i32.const 100)))
        (br $d (i32.const 200)))
      (i32.const 300)))
  (func (export "pick") (param $i i32) (result i32)
    (block $x (result i32)
      (block $y (result i32)
        (br_table $x $y $x (i32.const 7) (local.get $i)))
      (i32.const 1)
      (i32.add)))
)
