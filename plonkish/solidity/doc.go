// Package solidity generates the Solidity verifier of zkwasm proofs: a
// contract with
//
//	function verifyProof(bytes calldata proof, uint256[] calldata instances) external view returns (bool)
//
// specialised (unrolled, constants inlined) to one verifying key, written in
// Yul for gas and using only the EVM precompiles modexp (0x05), ecAdd (0x06),
// ecMul (0x07) and ecPairing (0x08).
//
// The generator is a set of text/template files (templates/) filled from a
// Spec, which the proving backend derives from its VerifyingKey:
//
//   - constants.sol.tmpl: field orders;
//   - functions.yul.tmpl: Yul helpers shared by every contract: G1 checks,
//     modular inverse, MSM accumulation, and the transcript of
//     plonkish/transcript (the same text is compiled into the transcript test
//     harness, which is checked against the Go golden vectors);
//   - verifier.sol.tmpl: the verifier skeleton, in five steps: (1) absorb the
//     public inputs, (2) read the commitment rounds and draw their
//     challenges, (3) draw x and absorb the evaluations, (4) the
//     circuit-specific quotient check (Spec.QuotientCheck, Yul text filled in
//     by the backend), (5) the SHPLONK opening of plonkish/multiopen with one
//     pairing check, generated from Spec.Queries;
//   - transcript_harness.sol.tmpl: a test contract running transcript ops.
//
// compile.js drives the pinned npm solc (package.json, package-lock.json;
// `npm ci` in this directory). The EVM tests live in the nested module
// evmtest, so go-ethereum stays out of zkwasm's go.mod.
//
// YulExpression turns an IR expression (a gate, a lookup input) into Yul
// statements for the quotient check, one scratch word per interior node so
// that arbitrarily long sums and products compile.
//
// Calldata, Selector and EncodeProof build what a caller sends to
// verifyProof. With the backend's transcript schedule (advice; θ;
// multiplicities; β, γ; arguments; y; quotient chunks; x; evaluations;
// SHPLONK) the Spec is
//
//	Rounds: {len(Advice), [theta]}, {len(Multiplicities), [beta, gamma]},
//	        {len(Arguments), [y]}, {len(Quotient), []}
//
// and EncodeProof(Advice ‖ Multiplicities ‖ Arguments ‖ Quotient, Evals,
// &Opening) is the proof the contract reads.
//
// Dependencies: the standard library, gnark-crypto, golang.org/x/crypto/sha3,
// plonkish (the IR, for YulExpression), plonkish/multiopen (proof encoding). It never imports the backend: the
// backend builds a Spec and calls Generate.
package solidity
