// Package config is zkwasm's configuration: one flat typed Config with defaults and
// validation, loaded by viper from (lowest to highest precedence) the defaults,
// zkwasm.yaml, ZKWASM_* environment variables and command-line flags.
//
// Viper is used here and in cmd only; every other package takes plain values.
// Imports: viper and the standard library. Never imports proof or wasm packages.
package config
