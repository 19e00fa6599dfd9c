;; Sign-extending loads that cross an 8-byte word (the sign bit in the second word), in
;; grown memory, for the circuit's tests.
(module
  (memory 0 1)
  ;; signed loads across words (the sign bit in the second word)
  (func (export "signed") (param $o i32) (result i64)
    (local $acc i64)
    (drop (memory.grow (i32.const 1)))
    (i64.store (i32.const 8) (i64.const 0x8180ff7f06050403))
    (i64.store (i32.const 16) (i64.const 0x1122334455667788))
    (local.set $acc (i64.extend_i32_u (i32.load16_s (local.get $o))))
    (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31)) (i64.extend_i32_u (i32.load (local.get $o)))))
    (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31)) (i64.load16_s (local.get $o))))
    (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31)) (i64.load32_s (local.get $o))))
    (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31)) (i64.load8_s offset=7 (local.get $o))))
    (i64.add (i64.mul (local.get $acc) (i64.const 31)) (i64.load (local.get $o)))))
