;; badsig: imports env.wasm_output with the wrong signature (i32 instead of i64):
;; instantiation must fail with a link error on both engines.
(module
  (import "env" "wasm_output" (func $wasm_output (param i32)))
  (func (export "zkmain") (call $wasm_output (i32.const 1))))
