;; badimport: imports a WASI function zkwasm's host does not provide. It decodes, but
;; instantiation must fail with a link error on both engines (zkwasm run: exit 2).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (func (export "zkmain")
    (call $wasm_output (i64.const 1))
    (call $exit (i32.const 0))))
