;; memsort: reads n (public, n ≤ 64) and n private u64 words, stores them in linear
;; memory, insertion-sorts them (unsigned), outputs them in order, then a checksum that
;; also reads the data segment with narrow loads. Built with
;;   wat2wasm --debug-names memsort.wat -o memsort.wat.wasm
(module
  (import "env" "wasm_input" (func $wasm_input (param i32) (result i64)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (memory 1)
  (data (i32.const 1024) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (func $addr (param $i i32) (result i32) (i32.add (i32.const 2048) (i32.mul (local.get $i) (i32.const 8))))
  (func (export "zkmain") (local $n i32) (local $i i32) (local $j i32) (local $v i64) (local $sum i64)
    (local.set $n (i32.wrap_i64 (call $wasm_input (i32.const 1))))
    ;; read
    (block $done (loop $rd
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i64.store (call $addr (local.get $i)) (call $wasm_input (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rd)))
    ;; insertion sort
    (local.set $i (i32.const 1))
    (block $sorted (loop $outer
      (br_if $sorted (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $v (i64.load (call $addr (local.get $i))))
      (local.set $j (local.get $i))
      (block $placed (loop $inner
        (br_if $placed (i32.eqz (local.get $j)))
        (br_if $placed (i64.le_u (i64.load offset=0 (i32.sub (call $addr (local.get $j)) (i32.const 8))) (local.get $v)))
        (i64.store (call $addr (local.get $j)) (i64.load (i32.sub (call $addr (local.get $j)) (i32.const 8))))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (br $inner)))
      (i64.store (call $addr (local.get $j)) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outer)))
    ;; output
    (local.set $i (i32.const 0))
    (block $out (loop $wr
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (call $wasm_output (i64.load (call $addr (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $wr)))
    ;; checksum over the data segment with every unsigned load width, and narrow stores
    (i32.store8 (i32.const 1030) (i32.const 0x1ff))
    (i32.store16 (i32.const 1036) (i32.const 0xbeef))
    (i64.store32 (i32.const 1032) (i64.const 0x100000007))
    (local.set $sum (i64.load (i32.const 1024)))
    (local.set $sum (i64.add (local.get $sum) (i64.load8_u (i32.const 1030))))
    (local.set $sum (i64.add (local.get $sum) (i64.load16_u (i32.const 1036))))
    (local.set $sum (i64.add (local.get $sum) (i64.load32_u (i32.const 1032))))
    (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.load (i32.const 1028)))))
    (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.load8_u offset=3 (i32.const 1024)))))
    (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.load16_u offset=2 (i32.const 1036)))))
    (call $wasm_output (local.get $sum))))
