// Package plonkish is the intermediate representation (IR) of zkwasm's Halo2-style
// PLONKish proving system: columns (fixed, advice, instance), polynomial expressions over
// column cells at relative rotations, named custom gates, lookups (many inputs may share
// one table), shuffles (multiset equalities), equality-enabled columns and copy
// constraints, and the values that fill them (FixedAssignment at setup, Witness at
// proving time).
//
// The IR knows nothing of WebAssembly and nothing of commitments: a circuit builds a
// ConstraintSystem and its assignments with this package alone; the MockProver
// (plonkish/mock) checks them row by row, and the prover and verifier (the sub-packages
// for each argument and the backend) turn them into proofs.
//
// Imports: the standard library and gnark-crypto's BN254 scalar field only.
package plonkish
