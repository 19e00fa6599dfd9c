;; Imports a global: the circuit refuses it (its value is not in the image), naming the
;; function and offset. TestCompileRefusesUnsupported.
(module
  (import "env" "g" (global $g i64))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain")
    global.get $g
    call $out))
