// Package examples holds small PLONKish circuits with their honest witnesses, used to test
// the MockProver (plonkish/mock) and the real prover end to end: Fibonacci with rotations
// and public values, a range check through a static lookup table, a copy-heavy circuit
// with long copy cycles, lookups into a dynamic (advice) table shared by two lookups, a
// shuffle, a mixed circuit that uses every kind of constraint at once, and a multiset bus
// (kept out of All until the prover supports buses).
//
// Every example comes as a constructor returning the constraint system, the preprocessed
// assignment (fixed columns and copy constraints) and the honest witness, and a list of
// Tampers: changes to advice or instance cells that break one named constraint, so that
// soundness tests (MockProver and real verifier) can check that a bad witness is rejected.
// Tampers are pure data (the cell, the new value, what must fail), so each test decides
// how to apply them; Tamper.Apply does it on a copy of the witness.
//
// Imports: plonkish and gnark-crypto's BN254 scalar field only. It must never import the
// MockProver or any prover package, so that both can test against it.
package examples
