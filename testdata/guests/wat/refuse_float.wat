;; refuse_float: uses f64 arithmetic; zkwasm must refuse it at load time.
(module
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (func (export "zkmain")
    (call $wasm_output
      (i64.trunc_f64_s (f64.mul (f64.const 1.5) (f64.const 4.0))))))
