// Package pipeline is zkwasm's orchestration: module → trace → circuit → keys → proof,
// and back for verification. It wires package wasm (decoding, the tracing interpreter,
// the host ABI), circuit (image, witness, cost report), plonkish/backend (setup, prove,
// verify) and kzg (SRS), and owns the per-program key cache and the proof.json format.
//
// Every error it returns that a user can cause is an *Error with a Kind, so that the
// command line maps it to an exit status and prints it on one line with what to do.
//
// Imports: wasm, wasm/host, wasm/interp, circuit, plonkish, plonkish/backend, kzg and the
// standard library. It never imports viper or cobra: the caller passes plain values.
package pipeline
