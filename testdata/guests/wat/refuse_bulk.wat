;; refuse_bulk: uses memory.copy (bulk memory); zkwasm must refuse it at load time.
(module
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (memory 1)
  (func (export "zkmain")
    (i64.store (i32.const 0) (i64.const 42))
    (memory.copy (i32.const 8) (i32.const 0) (i32.const 8))
    (call $wasm_output (i64.load (i32.const 8)))))
