// Package solidity generates the Solidity verifier of zkwasm proofs: a
// contract with
//
//	function verifyProof(bytes calldata proof, uint256[] calldata instances) external view returns (bool)
//
// specialised (unrolled, constants inlined) to one verifying key, written in
// Yul for gas and using only the EVM precompiles modexp (0x05), ecAdd (0x06),
// ecMul (0x07) and ecPairing (0x08).
//
// GenerateVerifier(vk) is the entry point for a backend.VerifyingKey (the
// `zkwasm solidity` command calls it): FromVerifyingKey builds the Spec —
// transcript schedule, openings and the circuit-specific quotient check —
// and Generate renders it. The generator is a set of text/template files
// (templates/) filled from a Spec:
//
//   - constants.sol.tmpl: field orders;
//   - functions.yul.tmpl: Yul helpers shared by every contract: G1 checks,
//     modular inverse, MSM accumulation, and the transcript of
//     plonkish/transcript (the same text is compiled into the transcript test
//     harness, which is checked against the Go golden vectors);
//   - verifier.sol.tmpl: the verifier skeleton, in five steps: (1) absorb the
//     public inputs, (2) read the commitment rounds and draw their
//     challenges, (3) draw x and absorb the evaluations, (4) the
//     circuit-specific quotient check (Spec.QuotientCheck, Yul text that
//     FromVerifyingKey generates from the key's constraints), (5) the SHPLONK
//     opening of plonkish/multiopen with one pairing check, generated from
//     Spec.Queries;
//   - transcript_harness.sol.tmpl: a test contract running transcript ops.
//
// compile.js drives the pinned npm solc (package.json, package-lock.json;
// `npm ci` in this directory). The EVM tests live in the nested module
// evmtest, so go-ethereum stays out of zkwasm's go.mod.
//
// The quotient check (fromvk.go, dag.go) evaluates, at the opening point x,
// exactly what backend.Verify evaluates: l_0, l_last, l_active and the
// instance columns by their Lagrange forms (one batch inversion), every
// constraint of vk.Constraints — gates, the logUp argument of lookups and
// buses, the permutation chunks, shuffles — with θ, β, γ read from the
// transcript, combined as Σ_k y^k·c_k and compared with
// (x^n − 1)·Σ_i x^{n·i}·h_i(x). The constraints are compiled as one DAG
// (common subexpressions merged, constants folded) into straight-line Yul
// whose intermediate values live in reused scratch words. YulExpression is
// the simple per-node form of the same translation.
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
// plonkish (the IR), plonkish/backend (the verifying key it reads),
// plonkish/poly (the domain), plonkish/permutation (the coset shifts δ^c),
// plonkish/multiopen (proof encoding). The backend never imports this
// package.
package solidity
