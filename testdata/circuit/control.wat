;; control: the control-flow and integer subset the circuit constrains, with I/O.
;; Reads n (public) and k (private); outputs several words. Built with
;;   wat2wasm --debug-names control.wat -o control.wat.wasm
(module
  (import "env" "wasm_input" (func $wasm_input (param i32) (result i64)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (import "env" "require" (func $require (param i32)))
  (type $unop (func (param i32) (result i32)))
  (type $binop (func (param i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $inc $dbl $sub)
  (global $g (mut i64) (i64.const 1000))

  (func $inc (type $unop) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $unop) (i32.add (local.get 0) (local.get 0)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))

  ;; classify(x): br_table over blocks with a result, default for x >= 3
  (func $classify (export "classify") (param $x i32) (result i32)
    (block $d (result i32)
      (block $b2 (result i32)
        (block $b1 (result i32)
          (block $b0 (result i32)
            (i32.const 100)
            (local.get $x)
            (br_table $b0 $b1 $b2 $d))
          (i32.add (i32.const 1)) (br $d))
        (i32.add (i32.const 2)) (br $d))
      (i32.add (i32.const 3))))

  ;; sum of classify(i) for i < n, using a loop with br_table to a loop label
  (func $loopy (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $out
      (loop $top
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $classify (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (block $skip
          (br_table $top $skip $top (i32.const 0)))))
    (local.get $acc))

  ;; fact(n) recursively with if/else results
  (func $fact (export "fact") (param $n i64) (result i64)
    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get $n) (call $fact (i64.sub (local.get $n) (i64.const 1)))))))

  (func (export "zkmain") (local $n i32) (local $k i32) (local $t i64)
    (local.set $n (i32.wrap_i64 (call $wasm_input (i32.const 1))))
    (local.set $k (i32.wrap_i64 (call $wasm_input (i32.const 0))))
    (call $require (i32.lt_u (local.get $k) (i32.const 3)))
    ;; indirect calls
    (call $wasm_output (i64.extend_i32_u (call_indirect (type $unop) (local.get $n) (local.get $k))))
    (call $wasm_output (i64.extend_i32_u (call_indirect (type $binop) (local.get $n) (i32.const 5) (i32.const 2))))
    ;; loops and br_table
    (call $wasm_output (i64.extend_i32_u (call $loopy (local.get $n))))
    ;; recursion
    (call $wasm_output (call $fact (i64.extend_i32_u (local.get $n))))
    ;; select, tee, globals, br_if keeping a value
    (local.set $t (select (i64.const 7) (i64.const 8) (local.get $k)))
    (global.set $g (i64.add (global.get $g) (local.tee $t (i64.mul (local.get $t) (local.get $t)))))
    (call $wasm_output (global.get $g))
    (call $wasm_output
      (block $bk (result i64)
        (drop (br_if $bk (i64.const 11) (i32.eqz (local.get $k))))
        (i64.const 22)))
    (call $wasm_output (i64.extend_i32_u (i64.ne (local.get $t) (i64.const 49))))))
