package solidity

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"golang.org/x/crypto/sha3"

	"github.com/zkwasm/zkwasm/plonkish/multiopen"
)

// VerifyProofSignature is the generated contract's entry point.
const VerifyProofSignature = "verifyProof(bytes,uint256[])"

// Selector returns the 4-byte ABI selector of a function signature.
func Selector(signature string) [4]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(signature))
	var s [4]byte
	copy(s[:], h.Sum(nil))
	return s
}

// Calldata ABI-encodes a call verifyProof(proof, instances): the selector,
// the two head offsets, the proof bytes (length, then zero-padded to a word)
// and the instances (length, then one canonical word each), the flat
// instances array in column order (see Spec.InstanceSplit).
func Calldata(proof []byte, instances []fr.Element) []byte {
	sel := Selector(VerifyProofSignature)
	padded := (len(proof) + 31) / 32 * 32
	out := make([]byte, 0, 4+32*4+padded+32*len(instances))
	out = append(out, sel[:]...)
	w := func(v uint64) { out = append(out, new(big.Int).SetUint64(v).FillBytes(make([]byte, 32))...) }
	w(0x40)
	w(uint64(0x40 + 32 + padded))
	w(uint64(len(proof)))
	out = append(out, proof...)
	out = append(out, make([]byte, padded-len(proof))...)
	w(uint64(len(instances)))
	for i := range instances {
		b := instances[i].Bytes()
		out = append(out, b[:]...)
	}
	return out
}

// EncodeProof lays out a proof as the generated verifier reads it: the
// round commitments in transcript order (x ‖ y, 32-byte big-endian words;
// infinity as (0, 0)), the evaluations (32-byte canonical words), then the
// opening's W and W'. Its length is Spec.ProofLen() when the counts match.
func EncodeProof(points []bn254.G1Affine, evals []fr.Element, opening *multiopen.Proof) ([]byte, error) {
	out := make([]byte, 0, 64*len(points)+32*len(evals)+multiopen.ProofSize)
	for i := range points {
		x, y := points[i].X.Bytes(), points[i].Y.Bytes()
		out = append(out, x[:]...)
		out = append(out, y[:]...)
	}
	for i := range evals {
		b := evals[i].Bytes()
		out = append(out, b[:]...)
	}
	if opening == nil {
		return nil, fmt.Errorf("solidity: encode proof: no opening proof")
	}
	ob, err := opening.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("solidity: encode proof: %w", err)
	}
	return append(out, ob...), nil
}
