package kzg

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	gkzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark-crypto/parallel"
)

// MaxLogSize is the largest k for which an SRS of 2^k points is supported:
// BN254's scalar field has 2-adicity 28, so no FFT domain is larger.
const MaxLogSize = 28

// MaxSize is the largest number of G1 points an SRS may hold.
const MaxSize = uint64(1) << MaxLogSize

// Type aliases to gnark-crypto's KZG types, so that gnark-crypto's kzg and
// shplonk packages accept what this package produces.
type (
	// Digest is a KZG commitment: a point of G1.
	Digest = bn254.G1Affine
	// OpeningProof is a single-point KZG opening: the quotient commitment and
	// the claimed value.
	OpeningProof = gkzg.OpeningProof
	// ProvingKey is gnark-crypto's view of the G1 powers.
	ProvingKey = gkzg.ProvingKey
	// VerifyingKey holds [1]₁, [1]₂, [τ]₂ and the precomputed pairing lines.
	VerifyingKey = gkzg.VerifyingKey
)

// SRS is a KZG structured reference string in the monomial basis:
// G1[i] = [τ^i]₁ for i < len(G1), G2[0] = [1]₂ and G2[1] = [τ]₂.
//
// Build one with NewTestSRS, CachedTestSRS, ImportPtau or ReadFrom; it is
// then safe for concurrent use. Do not modify G1 or G2 afterwards (the
// Lagrange bases and verifying key are cached from them).
type SRS struct {
	G1 []bn254.G1Affine
	G2 [2]bn254.G2Affine

	// Insecure is true when τ is publicly known (NewTestSRS, CachedTestSRS).
	// Proofs made with such an SRS can be forged by anyone who knows the
	// seed: never use one outside tests and benchmarks.
	Insecure bool

	// tau is set only for an insecure test SRS; it lets Lagrange bases be
	// computed by fixed-base multiplication instead of an FFT over G1.
	tau *fr.Element

	lag *lagrangeCache // shared with prefixes
	vk  *vkCache
}

type vkCache struct {
	once sync.Once
	vk   VerifyingKey
}

func newSRS(g1 []bn254.G1Affine, g2 [2]bn254.G2Affine) *SRS {
	return &SRS{G1: g1, G2: g2, lag: newLagrangeCache(), vk: new(vkCache)}
}

// Size is the number of G1 points, the largest number of coefficients a
// committed polynomial may have.
func (s *SRS) Size() uint64 { return uint64(len(s.G1)) }

// Prefix returns an SRS holding the first n G1 points of s, sharing memory
// (and the Lagrange basis cache) with s. An SRS of 2^k points serves every
// circuit of up to 2^k rows; Prefix trims it to what a circuit needs, e.g.
// before serializing it with a proving key.
func (s *SRS) Prefix(n uint64) (*SRS, error) {
	if n < 2 {
		return nil, fmt.Errorf("kzg: SRS prefix of %d points: need at least 2", n)
	}
	if n > s.Size() {
		return nil, fmt.Errorf("kzg: SRS prefix of %d points: SRS has only %d", n, s.Size())
	}
	s.lagCache() // a literal gets its cache now, so the prefix shares it
	p := *s
	p.G1 = s.G1[:n:n]
	p.vk = s.vk // the verifying key does not depend on n
	return &p, nil
}

// ProvingKey returns gnark-crypto's proving key view of s (shares memory).
func (s *SRS) ProvingKey() ProvingKey { return ProvingKey{G1: s.G1} }

// VerifyingKey returns [1]₁, [1]₂, [τ]₂ with their pairing lines
// precomputed (computed once per SRS).
func (s *SRS) VerifyingKey() VerifyingKey {
	if s.vk == nil {
		return computeVK(s)
	}
	s.vk.once.Do(func() { s.vk.vk = computeVK(s) })
	return s.vk.vk
}

func computeVK(s *SRS) VerifyingKey {
	var vk VerifyingKey
	if len(s.G1) > 0 {
		vk.G1 = s.G1[0]
	}
	vk.G2 = s.G2
	vk.Lines[0] = bn254.PrecomputeLines(s.G2[0])
	vk.Lines[1] = bn254.PrecomputeLines(s.G2[1])
	return vk
}

// testTauDomain separates the test-SRS τ derivation from any other use of
// SHA-256 over the same seed. Changing it changes every cached test SRS.
const testTauDomain = "zkwasm/kzg insecure test SRS tau v1"

// TestTau derives the secret of the test SRS from seed:
//
//	τ = SHA-256(domain ‖ counter ‖ seed) ‖ SHA-256(domain ‖ counter+1 ‖ seed)  mod r
//
// (512 bits reduced mod r, counter a big-endian uint32 starting at 0), retried
// with the next counter in the astronomically unlikely case that τ lies in the
// 2^28-th roots of unity (which would break Lagrange bases). It is exported
// so tests can check an SRS against its τ. INSECURE by construction.
func TestTau(seed []byte) fr.Element {
	var tau fr.Element
	var b big.Int
	var one fr.Element
	one.SetOne()
	maxOrder := new(big.Int).Lsh(big.NewInt(1), MaxLogSize)
	for counter := uint32(0); ; counter += 2 {
		var buf []byte
		for c := counter; c < counter+2; c++ {
			h := sha256.New()
			h.Write([]byte(testTauDomain))
			var ctr [4]byte
			binary.BigEndian.PutUint32(ctr[:], c)
			h.Write(ctr[:])
			h.Write(seed)
			buf = h.Sum(buf)
		}
		b.SetBytes(buf)
		tau.SetBigInt(&b)
		var t fr.Element
		t.Exp(tau, maxOrder)
		if !tau.IsZero() && !t.Equal(&one) {
			return tau
		}
	}
}

// NewTestSRS builds an SRS of size G1 points whose τ is derived from seed by
// TestTau.
//
// INSECURE: τ is a public function of the seed, so anyone can forge proofs
// against this SRS. It exists so tests and benchmarks get a reproducible SRS
// without a ceremony file. The result has Insecure set. Use ImportPtau for
// anything real.
func NewTestSRS(size uint64, seed []byte) (*SRS, error) {
	if size < 2 || size > MaxSize {
		return nil, fmt.Errorf("kzg: test SRS of %d points: size must be in [2, 2^%d]", size, MaxLogSize)
	}
	tau := TestTau(seed)
	powers := powersOf(tau, int(size))

	_, _, g1, g2 := bn254.Generators()
	g1s := make([]bn254.G1Affine, size)
	g1s[0] = g1
	copy(g1s[1:], fixedBaseMul(&g1, powers[1:]))

	var g2s [2]bn254.G2Affine
	g2s[0] = g2
	var tb big.Int
	tau.BigInt(&tb)
	g2s[1].ScalarMultiplication(&g2, &tb)

	s := newSRS(g1s, g2s)
	s.Insecure = true
	s.tau = &tau
	return s, nil
}

// powersOf returns x^0 .. x^(n-1), computed in parallel chunks.
func powersOf(x fr.Element, n int) []fr.Element {
	out := make([]fr.Element, n)
	parallel.Execute(n, func(start, end int) {
		var acc fr.Element
		acc.Exp(x, big.NewInt(int64(start)))
		for i := start; i < end; i++ {
			out[i] = acc
			acc.Mul(&acc, &x)
		}
	})
	return out
}

// ErrInconsistentSRS is returned (wrapped) when an SRS is not a list of
// consecutive powers of one τ.
var ErrInconsistentSRS = errors.New("SRS points are not consecutive powers of tau")

// Check verifies that s is well formed: every point is on the curve and in
// the prime-order subgroup, none is the point at infinity, G1[0] and G2[0]
// are the standard generators, τ^m ≠ 1 for 1 ≤ m ≤ n (checkDegenerateTau:
// τ is not 1 nor a root of unity of order ≤ n), and the points are
// consecutive powers of one τ:
//
//	e(Σ ρ_i [τ^i]₁, [τ]₂) = e(Σ ρ_i [τ^(i+1)]₁, [1]₂)   for random ρ_i,
//
// which, with G2[1] = [τ]₂ pinned by the same pairing, fails with
// overwhelming probability if any single point is off. Cost: two MSMs of
// size n-1 and one pairing product. Lagrange bases read from an SRS file
// (ReadFrom) and not yet verified are checked too, at two MSMs and an FFT
// each, except those larger than s (held by the parent of a prefix: they
// are verified when the parent uses or checks them).
func (s *SRS) Check() error {
	n := len(s.G1)
	if n < 2 {
		return fmt.Errorf("kzg: check SRS: %d G1 points, need at least 2", n)
	}
	_, _, g1, g2 := bn254.Generators()
	if !s.G1[0].Equal(&g1) {
		return fmt.Errorf("kzg: check SRS: G1[0] is not the BN254 generator")
	}
	if !s.G2[0].Equal(&g2) {
		return fmt.Errorf("kzg: check SRS: G2[0] is not the BN254 generator")
	}
	if err := checkG1Points(s.G1, 0); err != nil {
		return fmt.Errorf("kzg: check SRS: %w", err)
	}
	if err := checkG2Point(&s.G2[1]); err != nil {
		return fmt.Errorf("kzg: check SRS: G2[1]: %w", err)
	}
	if err := checkPowers(s.G1, s.G2); err != nil {
		return fmt.Errorf("kzg: check SRS: %w", err)
	}
	if err := checkDegenerateTau(s.G1, s.G2); err != nil {
		return fmt.Errorf("kzg: check SRS: %w", err)
	}
	if err := s.lagCache().checkUnchecked(s.G1); err != nil {
		return err // "kzg: Lagrange basis 2^k read from a file: ..."
	}
	return nil
}

// checkPowers runs the random-linear-combination pairing check on points
// already known to be valid group elements.
func checkPowers(g1 []bn254.G1Affine, g2 [2]bn254.G2Affine) error {
	n := len(g1)
	rho := make([]fr.Element, n-1)
	if err := randomScalars(rho); err != nil {
		return err
	}
	var a, b bn254.G1Affine
	cfg := ecc.MultiExpConfig{}
	if _, err := a.MultiExp(g1[:n-1], rho, cfg); err != nil {
		return err
	}
	if _, err := b.MultiExp(g1[1:], rho, cfg); err != nil {
		return err
	}
	// e(a, [τ]₂) · e(-b, [1]₂) == 1
	b.Neg(&b)
	ok, err := bn254.PairingCheck([]bn254.G1Affine{a, b}, []bn254.G2Affine{g2[1], g2[0]})
	if err != nil {
		return err
	}
	if !ok {
		return ErrInconsistentSRS
	}
	return nil
}

// checkDegenerateTau rejects consecutive powers (already checked by
// checkPowers) of a τ with τ^m = 1 for some 1 ≤ m ≤ n = len(g1): τ = 1, or
// a root of unity of small order. Such a τ is a root of the vanishing
// polynomial X^(2^k) − 1 of every domain of 2^k ≤ n points that τ's order
// divides, which makes the quotient check of a PLONKish proof vacuous. For
// m < n, τ^m = 1 shows as G1[m] = G1[0] (a scan of point equalities); for
// m = n one pairing product tests e([τ^(n−1)]₁, [τ]₂) = e([1]₁, [1]₂).
// Orders above n do not matter: no domain served by the SRS has them.
func checkDegenerateTau(g1 []bn254.G1Affine, g2 [2]bn254.G2Affine) error {
	n := len(g1)
	for m := 1; m < n; m++ {
		if g1[m].Equal(&g1[0]) {
			return fmt.Errorf("degenerate tau: G1[%d] = G1[0], so tau^%d = 1", m, m)
		}
	}
	var neg bn254.G1Affine
	neg.Neg(&g1[0])
	ok, err := bn254.PairingCheck([]bn254.G1Affine{g1[n-1], neg}, []bn254.G2Affine{g2[1], g2[0]})
	if err != nil {
		return err
	}
	if ok {
		return fmt.Errorf("degenerate tau: tau^%d = 1", n)
	}
	return nil
}

// randomScalars fills v with uniformly random field elements (crypto/rand).
// The check only needs 128-bit randomness; full elements are simpler.
func randomScalars(v []fr.Element) error { return randomScalarsBytes(v, 32) }

// randomScalarsBytes fills v with random integers of nb ≤ 32 bytes, reduced
// mod r (nb = 16: uniform 128-bit integers).
func randomScalarsBytes(v []fr.Element, nb int) error {
	// One seed from crypto/rand, expanded with SHA-256 in counter mode: as
	// unpredictable to the file's author as crypto/rand and much faster for
	// millions of elements.
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return fmt.Errorf("random scalars: %w", err)
	}
	parallel.Execute(len(v), func(start, end int) {
		var buf [8 + 32]byte
		copy(buf[8:], seed[:])
		for i := start; i < end; i++ {
			binary.BigEndian.PutUint64(buf[:8], uint64(i))
			h := sha256.Sum256(buf[:])
			v[i].SetBytes(h[:nb])
		}
	})
	return nil
}

// checkG1Points checks that every point is on the curve (BN254's G1 has
// cofactor 1, so that is subgroup membership) and not the point at infinity.
// offset is added to indices in error messages.
func checkG1Points(points []bn254.G1Affine, offset int) error {
	var bad = -1
	var mu sync.Mutex
	parallel.Execute(len(points), func(start, end int) {
		for i := start; i < end; i++ {
			if points[i].IsInfinity() || !points[i].IsInSubGroup() {
				mu.Lock()
				if bad < 0 || i < bad {
					bad = i
				}
				mu.Unlock()
				return
			}
		}
	})
	if bad >= 0 {
		if points[bad].IsInfinity() {
			return fmt.Errorf("G1 point %d is the point at infinity", bad+offset)
		}
		return fmt.Errorf("G1 point %d is not on the curve", bad+offset)
	}
	return nil
}

func checkG2Point(p *bn254.G2Affine) error {
	if p.IsInfinity() {
		return errors.New("point at infinity")
	}
	if !p.IsOnCurve() {
		return errors.New("not on the curve")
	}
	if !p.IsInSubGroup() {
		return errors.New("not in the prime-order subgroup")
	}
	return nil
}
