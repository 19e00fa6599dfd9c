package backend

import (
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// VerifyingKey is what the verifier needs: the constraint system, k, the degree bound,
// the commitments to the fixed and σ columns, and the SRS's verification points. Its
// Digest binds all of it and is the first thing absorbed in every transcript.
// Setup and the decoders give the key a constraint system of its own (no slice is
// shared with the caller's); treat the fields as read-only, since the digest and the
// layout are computed once.
type VerifyingKey struct {
	CS        *plonkish.ConstraintSystem
	K         int
	MaxDegree int
	Fixed     []bn254.G1Affine // circuit fixed columns, Lagrange-committed
	Sigma     []bn254.G1Affine // permutation σ columns
	// SRS verification points: [1]₁, [1]₂, [τ]₂.
	G1 bn254.G1Affine
	G2 [2]bn254.G2Affine

	digest fr.Element
	lay    *layout
	kzgVK  kzg.VerifyingKey
}

// ProvingKey is the verifying key plus the fixed and σ columns in every basis the
// prover needs, the selector polynomials on the extended domain, and the SRS.
type ProvingKey struct {
	VK *VerifyingKey

	// Lagrange values of the preprocessed columns (fixed, then σ).
	fixedValues []poly.Lagrange
	sigmaValues []poly.Lagrange
	fixedCoeffs []poly.Coeffs
	sigmaCoeffs []poly.Coeffs
	// extended-domain evaluations: fixed, σ, then l_0, l_last, l_active, X
	fixedExt []poly.Extended
	sigmaExt []poly.Extended
	selExt   [4]poly.Extended

	copies []plonkish.Copy

	srs    *kzg.SRS
	domain *poly.Domain
	ext    *poly.ExtDomain
}

// Digest is the verifying key's digest: Keccak-256 of its canonical serialization,
// reduced mod r.
func (vk *VerifyingKey) Digest() fr.Element { return vk.digest }

// ImageID returns the digest as 0x-prefixed hex (64 digits), the circuit's identity:
// two circuits (or two programs on one circuit) have the same image id only if their
// verifying keys are equal.
func (vk *VerifyingKey) ImageID() string {
	b := vk.digest.Bytes()
	const hex = "0123456789abcdef"
	out := make([]byte, 2+64)
	out[0], out[1] = '0', 'x'
	for i, c := range b {
		out[2+2*i], out[3+2*i] = hex[c>>4], hex[c&15]
	}
	return string(out)
}

// Rows returns n = 2^K.
func (vk *VerifyingKey) Rows() int { return 1 << vk.K }

// UsableRows returns the rows on which the circuit's constraints hold (and the most
// public values an instance column can hold).
func (vk *VerifyingKey) UsableRows() int { return vk.lay.usable }
