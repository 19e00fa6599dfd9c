package kzg

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/parallel"
)

// Commit returns the KZG commitment Σ coeffs[i]·[τ^i]₁ to the polynomial
// with the given coefficients (monomial basis). len(coeffs) may be anything
// up to s.Size(); missing high coefficients are zero.
func (s *SRS) Commit(coeffs []fr.Element) (Digest, error) {
	if len(coeffs) > len(s.G1) {
		return Digest{}, fmt.Errorf("kzg: commit: %d coefficients, SRS has only %d points", len(coeffs), len(s.G1))
	}
	return msm(s.G1[:len(coeffs)], coeffs)
}

// CommitLagrange returns the KZG commitment to the polynomial of degree
// < 2^k whose value at ω^i is evals[i] (ω = fr.Generator(2^k), missing
// trailing evaluations are zero): Σ evals[i]·[L_i(τ)]₁. Committing in the
// Lagrange basis spares the prover an inverse FFT per column.
func (s *SRS) CommitLagrange(k int, evals []fr.Element) (Digest, error) {
	if k >= 0 && k <= MaxLogSize && len(evals) > 1<<k {
		return Digest{}, fmt.Errorf("kzg: commit Lagrange: %d evaluations for a domain of 2^%d", len(evals), k)
	}
	basis, err := s.LagrangeBasis(k)
	if err != nil {
		return Digest{}, err
	}
	return msm(basis[:len(evals)], evals)
}

// Commit is s.Commit(coeffs).
func Commit(s *SRS, coeffs []fr.Element) (Digest, error) { return s.Commit(coeffs) }

// CommitLagrange is s.CommitLagrange(k, evals).
func CommitLagrange(s *SRS, k int, evals []fr.Element) (Digest, error) {
	return s.CommitLagrange(k, evals)
}

// ScalarWidth reports the number of bits of the widest scalar in v, read as
// an integer in [0, r): 0 when all are zero, 1 when all are 0 or 1, ... and
// 255 when some scalar needs more than 64 bits (the scan stops there).
// Commit uses it to pick a path; it is exported so callers can report how
// many of their committed cells are "wide".
func ScalarWidth(v []fr.Element) int {
	var one fr.Element
	one.SetOne()
	var width atomic.Int32
	parallel.Execute(len(v), func(start, end int) {
		local := 0
		for i := start; i < end; i++ {
			if i&1023 == 0 && width.Load() > 64 {
				return // someone found a wide scalar
			}
			e := &v[i]
			if e.IsZero() {
				continue
			}
			if e.Equal(&one) {
				if local < 1 {
					local = 1
				}
				continue
			}
			b := e.Bits() // leaves Montgomery form
			if b[1]|b[2]|b[3] != 0 {
				local = 255
				break
			}
			if l := bits.Len64(b[0]); l > local {
				local = l
			}
		}
		for {
			cur := width.Load()
			if int32(local) <= cur || width.CompareAndSwap(cur, int32(local)) {
				return
			}
		}
	})
	return int(width.Load())
}

// smallMSMMaxWidth is the widest scalar msmSmall is used for; wider columns
// go to gnark-crypto's MSM. Measured with BenchmarkCommitVsGnark (CPU time):
// msmSmall is 1.4–1.9× faster at 8 and 16 bits, 1.1–1.2× at 32 and no
// better at 64 (see RATIONALE.md, "Why our own MSM for 0/1 and small
// values?").
const smallMSMMaxWidth = 32

// msmConfig is the configuration used for gnark-crypto's MultiExp: all
// CPUs (NbTasks 0 means runtime.NumCPU()*2 inside gnark-crypto).
var msmConfig = ecc.MultiExpConfig{}

// msm computes Σ scalars[i]·points[i], choosing the path by scalar width
// (one pass over the scalars, ScalarWidth): all-zero gives the point at
// infinity, 0/1 scalars sum the selected points with batched affine
// additions, 2..32-bit scalars use msmSmall, anything wider goes to
// gnark-crypto's bucket MSM.
func msm(points []bn254.G1Affine, scalars []fr.Element) (Digest, error) {
	if len(points) != len(scalars) {
		return Digest{}, errors.New("kzg: msm: points and scalars differ in length")
	}
	var res Digest
	switch w := ScalarWidth(scalars); {
	case w == 0:
		return res, nil // point at infinity
	case w == 1:
		var j bn254.G1Jac
		sumSelected(&j, points, scalars)
		res.FromJacobian(&j)
		return res, nil
	case w <= smallMSMMaxWidth:
		var j bn254.G1Jac
		msmSmall(&j, points, scalars, w)
		res.FromJacobian(&j)
		return res, nil
	default:
		if _, err := res.MultiExp(points, scalars, msmConfig); err != nil {
			return Digest{}, fmt.Errorf("kzg: msm: %w", err)
		}
		return res, nil
	}
}

// sumSelected sets res = Σ_{scalars[i] = 1} points[i]; scalars must all be 0
// or 1. Work is split in one contiguous range per CPU; each range's selected
// points are summed as a single bucket by sumBuckets (batched affine
// additions, one inversion per tree level).
func sumSelected(res *bn254.G1Jac, points []bn254.G1Affine, scalars []fr.Element) {
	var one fr.Element
	one.SetOne()
	nTasks := runtime.NumCPU()
	if len(points) < 1<<12 {
		nTasks = 1
	}
	partial := make([]bn254.G1Jac, nTasks)
	var wg sync.WaitGroup
	chunk := (len(points) + nTasks - 1) / nTasks
	for t := range nTasks {
		start, end := t*chunk, min((t+1)*chunk, len(points))
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]bn254.G1Affine, 0, (end-start)/2+16)
			for i := start; i < end; i++ {
				if scalars[i].Equal(&one) && !points[i].IsInfinity() {
					buf = append(buf, points[i])
				}
			}
			partial[t] = sumBuckets(buf, []int{0, len(buf)})[0]
		}()
	}
	wg.Wait()
	res.Set(&partial[0])
	for t := 1; t < nTasks; t++ {
		res.AddAssign(&partial[t])
	}
}

// Open computes the KZG opening proof of the polynomial with coefficients
// coeffs at z: the claimed value f(z) and a commitment to
// (f(X) − f(z)) / (X − z).
func (s *SRS) Open(coeffs []fr.Element, z fr.Element) (OpeningProof, error) {
	if len(coeffs) > len(s.G1) {
		return OpeningProof{}, fmt.Errorf("kzg: open: %d coefficients, SRS has only %d points", len(coeffs), len(s.G1))
	}
	if len(coeffs) == 0 {
		return OpeningProof{}, errors.New("kzg: open: empty polynomial")
	}
	// synthetic division by (X − z), high to low; q has len−1 coefficients
	q := make([]fr.Element, len(coeffs)-1)
	var acc fr.Element
	for i := len(coeffs) - 1; i >= 1; i-- {
		acc.Mul(&acc, &z).Add(&acc, &coeffs[i])
		q[i-1] = acc
	}
	var val fr.Element
	val.Mul(&acc, &z).Add(&val, &coeffs[0])
	h, err := s.Commit(q)
	if err != nil {
		return OpeningProof{}, err
	}
	return OpeningProof{H: h, ClaimedValue: val}, nil
}

// ErrVerifyOpening is returned (wrapped) when an opening proof is rejected.
var ErrVerifyOpening = errors.New("kzg: opening proof rejected")

// Verify checks a single-point opening: that commitment opens to
// proof.ClaimedValue at z. It checks that vk holds the standard generators
// [1]₁, [1]₂ and a [τ]₂ other than [1]₂ or the point at infinity, that both
// proof points are in G1, then
//
//	e(C − [v]₁ + z·H, [1]₂) · e(−H, [τ]₂) = 1
//
// with the Miller loop lines computed from vk.G2. vk.Lines is ignored: a
// caller-built key may carry no lines, or lines that disagree with vk.G2,
// and trusting them would let a forged proof through.
func Verify(commitment *Digest, proof *OpeningProof, z fr.Element, vk *VerifyingKey) error {
	_, _, g1, g2 := bn254.Generators()
	if !vk.G1.Equal(&g1) {
		return fmt.Errorf("%w: verifying key [1]₁ is not the BN254 generator", ErrVerifyOpening)
	}
	if !vk.G2[0].Equal(&g2) {
		return fmt.Errorf("%w: verifying key [1]₂ is not the BN254 generator", ErrVerifyOpening)
	}
	if vk.G2[1].IsInfinity() || vk.G2[1].Equal(&g2) {
		return fmt.Errorf("%w: verifying key [τ]₂ is degenerate", ErrVerifyOpening)
	}
	if !commitment.IsInSubGroup() {
		return fmt.Errorf("%w: commitment not on the curve", ErrVerifyOpening)
	}
	if !proof.H.IsInSubGroup() {
		return fmt.Errorf("%w: quotient not on the curve", ErrVerifyOpening)
	}
	var negV, zb big.Int
	var nv fr.Element
	nv.Neg(&proof.ClaimedValue).BigInt(&negV)
	z.BigInt(&zb)
	var t, c bn254.G1Jac
	t.JointScalarMultiplication(&g1, &proof.H, &negV, &zb) // −[v]₁ + z·H
	c.FromAffine(commitment)
	t.AddAssign(&c)
	var a, h bn254.G1Affine
	a.FromJacobian(&t)
	h.Neg(&proof.H)
	ok, err := bn254.PairingCheck([]bn254.G1Affine{a, h}, []bn254.G2Affine{vk.G2[0], vk.G2[1]})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrVerifyOpening, err)
	}
	if !ok {
		return ErrVerifyOpening
	}
	return nil
}
