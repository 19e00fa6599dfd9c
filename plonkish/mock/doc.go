// Package mock is the MockProver: it checks a PLONKish circuit's assignment directly,
// row by row, without any cryptography, and explains every violated constraint in terms a
// circuit writer can act on (the gate, lookup, shuffle or copy; the row; the cells it read
// and their values).
//
// Verify checks, on the usable rows [0, cs.UsableRows(n)) of a table of n = 2^k rows:
// every gate polynomial vanishes; every lookup input tuple is a row of its table; the
// input and shuffled tuples of every shuffle are equal as multisets; for every bus, each
// tuple's multiplicities sum to zero over all rows and interactions; the two cells of every
// copy constraint hold equal values. A constraint system with a kind of constraint that
// this package does not know (a non-empty ConstraintSystem field added later) is refused
// rather than half-checked. It also checks the shapes (plonkish.CheckShapes) and
// two rules that the real prover relies on: an expression evaluated on a usable row must
// not read an advice cell in the rows the prover fills with random values, and a gate must
// vanish, whatever the advice values, on the rows past the usable ones (where the prover
// still enforces it).
//
// Imports: plonkish, gnark-crypto's BN254 scalar field and the standard library; never a
// commitment scheme or a prover package.
package mock
