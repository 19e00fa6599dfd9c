;; memory.grow, memory.size after a grow, a failing grow (-1), the new pages in use, and
;; loads that cross an 8-byte word at every offset, for the circuit's tests.
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (memory 0 4)
  ;; grows by n pages: the old size, or -1
  (func $grow (export "grow") (param $n i32) (result i32)
    (memory.grow (local.get $n)))
  ;; grows by n, then reads the size
  (func (export "grow_size") (param $n i32) (result i32)
    (drop (memory.grow (local.get $n)))
    (memory.size))
  ;; writes bytes 7*i + 1 at base + i, i < 24 (byte stores never cross a word)
  (func $fill (param $base i32)
    (local $i i32)
    (loop $l
      (i32.store8 (i32.add (local.get $base) (local.get $i))
        (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 24)))))
  ;; a hash of the unsigned loads of every width at base + o, o < 9
  (func $loads (param $base i32) (result i64)
    (local $o i32) (local $a i32) (local $acc i64)
    (loop $l
      (local.set $a (i32.add (local.get $base) (local.get $o)))
      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
        (i64.extend_i32_u (i32.load16_u (local.get $a)))))
      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
        (i64.extend_i32_u (i32.load (local.get $a)))))
      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
        (i64.load16_u offset=1 (local.get $a))))
      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
        (i64.load32_u offset=2 (local.get $a))))
      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
        (i64.load (local.get $a))))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $o) (i32.const 9))))
    (local.get $acc))
  ;; n = public input: grow by n, output the old size, the size, a grow past the maximum
  ;; (-1), then fill the last 24 bytes before the end of the new memory and output the
  ;; hash of the loads there; then grow by one more page and read it (zero) across words.
  (func (export "zkmain")
    (local $n i32) (local $base i32)
    (local.set $n (i32.wrap_i64 (call $in (i32.const 1))))
    (call $out (i64.extend_i32_u (memory.grow (local.get $n))))
    (call $out (i64.extend_i32_u (memory.size)))
    (call $out (i64.extend_i32_u (memory.grow (i32.const 100))))
    (local.set $base (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 24)))
    (call $fill (local.get $base))
    (call $out (call $loads (i32.sub (local.get $base) (i32.const 0))))
    (call $out (call $loads (i32.add (local.get $base) (i32.const 8))))
    (call $out (i64.extend_i32_u (memory.grow (i32.const 1))))
    (call $out (i64.load offset=65531 (local.get $base)))))
