package kzg

import (
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	gkzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
)

var testSeed = []byte("zkwasm kzg unit tests")

func mustTestSRS(t testing.TB, n uint64) *SRS {
	t.Helper()
	s, err := NewTestSRS(n, testSeed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewTestSRSMatchesTau(t *testing.T) {
	s := mustTestSRS(t, 64)
	if !s.Insecure {
		t.Fatal("test SRS not marked Insecure")
	}
	tau := TestTau(testSeed)
	_, _, g1, g2 := bn254.Generators()
	var p fr.Element
	p.SetOne()
	for i := range 64 {
		var b big.Int
		var want bn254.G1Affine
		want.ScalarMultiplication(&g1, p.BigInt(&b))
		if !want.Equal(&s.G1[i]) {
			t.Fatalf("G1[%d] != τ^%d·G1", i, i)
		}
		p.Mul(&p, &tau)
	}
	var b big.Int
	var want bn254.G2Affine
	want.ScalarMultiplication(&g2, tau.BigInt(&b))
	if !want.Equal(&s.G2[1]) || !s.G2[0].Equal(&g2) {
		t.Fatal("G2 points are not [1]₂, [τ]₂")
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	// determinism and seed separation
	s2 := mustTestSRS(t, 64)
	if !s2.G1[63].Equal(&s.G1[63]) {
		t.Fatal("same seed gave different SRS")
	}
	s3, _ := NewTestSRS(64, []byte("another seed"))
	if s3.G1[1].Equal(&s.G1[1]) {
		t.Fatal("different seeds gave the same τ")
	}
}

func TestNewTestSRSBadSize(t *testing.T) {
	for _, n := range []uint64{0, 1, MaxSize + 1} {
		if _, err := NewTestSRS(n, testSeed); err == nil {
			t.Errorf("size %d accepted", n)
		}
	}
}

func TestCheckRejectsTamperedSRS(t *testing.T) {
	base := mustTestSRS(t, 32)
	_, _, g1, _ := bn254.Generators()
	cases := map[string]func(s *SRS){
		"swapped powers": func(s *SRS) { s.G1[5], s.G1[6] = s.G1[6], s.G1[5] },
		"doubled point":  func(s *SRS) { s.G1[17].Add(&s.G1[17], &s.G1[17]) },
		"last point":     func(s *SRS) { s.G1[31].Add(&s.G1[31], &g1) },
		"wrong tau G2":   func(s *SRS) { s.G2[1].Add(&s.G2[1], &s.G2[0]) },
		"off curve":      func(s *SRS) { s.G1[3].Y.SetOne() },
		"infinity":       func(s *SRS) { s.G1[9].X.SetZero(); s.G1[9].Y.SetZero() },
		"not generator":  func(s *SRS) { s.G1[0] = s.G1[1] },
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			s := &SRS{G1: append([]bn254.G1Affine(nil), base.G1...), G2: base.G2}
			tamper(s)
			if err := s.Check(); err == nil {
				t.Fatal("tampered SRS passed Check")
			}
		})
	}
}

func TestPrefix(t *testing.T) {
	s := mustTestSRS(t, 32)
	p, err := s.Prefix(16)
	if err != nil {
		t.Fatal(err)
	}
	if p.Size() != 16 || !p.G1[15].Equal(&s.G1[15]) || !p.Insecure {
		t.Fatal("bad prefix")
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prefix(33); err == nil || !strings.Contains(err.Error(), "only 32") {
		t.Fatalf("oversized prefix: %v", err)
	}
	if _, err := s.Prefix(1); err == nil {
		t.Fatal("prefix of 1 accepted")
	}
}

// naiveMSM is the reference: one scalar multiplication per point.
func naiveMSM(points []bn254.G1Affine, scalars []fr.Element) bn254.G1Affine {
	var acc bn254.G1Jac
	for i := range points {
		var b big.Int
		var t bn254.G1Jac
		t.FromAffine(&points[i])
		t.ScalarMultiplication(&t, scalars[i].BigInt(&b))
		acc.AddAssign(&t)
	}
	var r bn254.G1Affine
	r.FromJacobian(&acc)
	return r
}

func randomElements(n int, bitsWidth int, seed uint64) []fr.Element {
	v := make([]fr.Element, n)
	x := seed*0x9E3779B97F4A7C15 + 1
	for i := range v {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		switch {
		case bitsWidth >= 254:
			v[i].SetRandom()
		case bitsWidth == 64:
			v[i].SetUint64(x)
		default:
			v[i].SetUint64(x & (1<<bitsWidth - 1))
		}
	}
	return v
}

func TestScalarWidth(t *testing.T) {
	mk := func(vals ...uint64) []fr.Element {
		v := make([]fr.Element, len(vals))
		for i, x := range vals {
			v[i].SetUint64(x)
		}
		return v
	}
	cases := []struct {
		v    []fr.Element
		want int
	}{
		{nil, 0},
		{mk(0, 0, 0), 0},
		{mk(0, 1, 0, 1), 1},
		{mk(0, 1, 2), 2},
		{mk(255, 3), 8},
		{mk(1 << 16), 17},
		{mk(^uint64(0)), 64},
	}
	for _, c := range cases {
		if got := ScalarWidth(c.v); got != c.want {
			t.Errorf("ScalarWidth(%v) = %d, want %d", c.v, got, c.want)
		}
	}
	var minusOne fr.Element
	minusOne.SetInt64(-1)
	if got := ScalarWidth(append(mk(1, 0), minusOne)); got != 255 {
		t.Errorf("ScalarWidth(-1) = %d, want 255", got)
	}
	big := make([]fr.Element, 1<<14) // exercises the parallel early exit
	big[7000] = minusOne
	if got := ScalarWidth(big); got != 255 {
		t.Errorf("ScalarWidth(large) = %d, want 255", got)
	}
}

func TestCommitMatchesNaive(t *testing.T) {
	s := mustTestSRS(t, 300)
	for _, w := range []int{1, 2, 8, 16, 32, 64, 254} {
		for _, n := range []int{0, 1, 17, 300} {
			c := randomElements(n, w, uint64(w*1000+n))
			got, err := s.Commit(c)
			if err != nil {
				t.Fatal(err)
			}
			want := naiveMSM(s.G1[:n], c)
			if !got.Equal(&want) {
				t.Fatalf("width %d, n %d: commitment differs from naive MSM", w, n)
			}
		}
	}
	if _, err := s.Commit(make([]fr.Element, 301)); err == nil {
		t.Fatal("commit longer than SRS accepted")
	}
}

// TestSumSelectedLarge exercises the parallel batch-affine path against
// gnark-crypto's MSM on a size where every level of the tree is used.
func TestSumSelectedLarge(t *testing.T) {
	n := 1 << 13
	if testing.Short() {
		n = 1 << 12
	}
	s := mustTestSRS(t, uint64(n))
	bitsv := randomElements(n, 1, 99)
	got, err := s.Commit(bitsv)
	if err != nil {
		t.Fatal(err)
	}
	var want bn254.G1Affine
	if _, err := want.MultiExp(s.G1, bitsv, ecc.MultiExpConfig{}); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(&want) {
		t.Fatal("0/1 path differs from gnark-crypto MultiExp")
	}
}

// TestSumPointsDegenerate feeds the batch-affine summation pairs with equal
// x (P+P and P+(−P)), which the affine formula cannot add.
func TestSumPointsDegenerate(t *testing.T) {
	s := mustTestSRS(t, 8)
	var neg, inf bn254.G1Affine
	neg.Neg(&s.G1[2])
	inf.SetInfinity()
	pts := []bn254.G1Affine{}
	for range 10 {
		pts = append(pts, s.G1[1], s.G1[1], s.G1[2], neg, s.G1[3], s.G1[4], s.G1[3], inf)
	}
	ones := make([]fr.Element, len(pts))
	for i := range ones {
		ones[i].SetOne()
	}
	want := naiveMSM(pts, ones)
	var j bn254.G1Jac
	sumSelected(&j, append([]bn254.G1Affine(nil), pts...), ones)
	var got bn254.G1Affine
	got.FromJacobian(&j)
	if !got.Equal(&want) {
		t.Fatal("degenerate pairs summed wrongly")
	}
}

func TestLagrangeBasis(t *testing.T) {
	s := mustTestSRS(t, 64)
	// the same points without τ force the FFT path
	noTau := &SRS{G1: s.G1, G2: s.G2}
	for k := 1; k <= 6; k++ {
		a, err := s.LagrangeBasis(k)
		if err != nil {
			t.Fatal(err)
		}
		b, err := noTau.LagrangeBasis(k)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if !a[i].Equal(&b[i]) {
				t.Fatalf("k=%d: direct and FFT Lagrange bases differ at %d", k, i)
			}
		}
		// commitment in Lagrange basis == commitment to the iFFT
		n := 1 << k
		evals := randomElements(n, 254, uint64(k))
		cl, err := s.CommitLagrange(k, evals)
		if err != nil {
			t.Fatal(err)
		}
		coeffs := append([]fr.Element(nil), evals...)
		d := fft.NewDomain(uint64(n))
		d.FFTInverse(coeffs, fft.DIF)
		fft.BitReverse(coeffs)
		cm, err := s.Commit(coeffs)
		if err != nil {
			t.Fatal(err)
		}
		if !cl.Equal(&cm) {
			t.Fatalf("k=%d: CommitLagrange != Commit(iFFT(evals))", k)
		}
	}
	if _, err := s.LagrangeBasis(7); err == nil {
		t.Fatal("Lagrange basis larger than SRS accepted")
	}
	if _, err := s.CommitLagrange(3, make([]fr.Element, 9)); err == nil {
		t.Fatal("too many evaluations accepted")
	}
}

func TestOpenVerify(t *testing.T) {
	s := mustTestSRS(t, 64)
	vk := s.VerifyingKey()
	coeffs := randomElements(50, 254, 7)
	c, err := s.Commit(coeffs)
	if err != nil {
		t.Fatal(err)
	}
	var z fr.Element
	z.SetUint64(123456789)
	proof, err := s.Open(coeffs, z)
	if err != nil {
		t.Fatal(err)
	}
	// claimed value is f(z)
	var want fr.Element
	for i := len(coeffs) - 1; i >= 0; i-- {
		want.Mul(&want, &z).Add(&want, &coeffs[i])
	}
	if !want.Equal(&proof.ClaimedValue) {
		t.Fatal("claimed value is not f(z)")
	}
	if err := Verify(&c, &proof, z, &vk); err != nil {
		t.Fatal(err)
	}
	// tampering with any part is rejected
	bad := proof
	bad.ClaimedValue.Add(&bad.ClaimedValue, &want)
	if Verify(&c, &bad, z, &vk) == nil {
		t.Error("wrong claimed value accepted")
	}
	var z2 fr.Element
	z2.SetUint64(5)
	if Verify(&c, &proof, z2, &vk) == nil {
		t.Error("wrong point accepted")
	}
	bad = proof
	bad.H.Add(&bad.H, &s.G1[0])
	if Verify(&c, &bad, z, &vk) == nil {
		t.Error("wrong quotient accepted")
	}
	c2 := c
	c2.Add(&c2, &s.G1[1])
	if Verify(&c2, &proof, z, &vk) == nil {
		t.Error("wrong commitment accepted")
	}
	// interoperates with gnark-crypto's verifier
	// the key survives many verifications (gnark-crypto's fixed-Q pairing
	// mutates its lines argument)
	for range 3 {
		if err := Verify(&c, &proof, z, &vk); err != nil {
			t.Fatalf("valid proof rejected after earlier verifications: %v", err)
		}
	}
	if err := gkzg.Verify(&c, &proof, z, vk); err != nil {
		t.Fatalf("gnark-crypto rejects our opening: %v", err)
	}
}

func TestFixedBaseMul(t *testing.T) {
	_, _, g1, _ := bn254.Generators()
	var minusOne, half fr.Element
	minusOne.SetInt64(-1)
	half.SetUint64(2)
	half.Inverse(&half)
	special := []fr.Element{{}, minusOne, half}
	for _, n := range []int{1, 5, 300, 5000} {
		scalars := append(randomElements(n, 254, uint64(n)), special...)
		// all-ones windows force the digit-2^c carry case
		var allOnes fr.Element
		allOnes.SetString("0xffffffffffffffffffffffffffffffffffffffffffffffff")
		scalars = append(scalars, allOnes)
		got := fixedBaseMul(&g1, scalars)
		want := bn254.BatchScalarMultiplicationG1(&g1, scalars)
		for i := range scalars {
			if !got[i].Equal(&want[i]) {
				t.Fatalf("n=%d: product %d differs", n, i)
			}
		}
	}
}

func TestMSMSmall(t *testing.T) {
	s := mustTestSRS(t, 1<<13)
	for _, n := range []int{1, 2, 3, 50, 1000, 1 << 13} {
		for _, w := range []int{2, 3, 7, 8, 12, 16, 17, 31, 64} {
			if n == 1<<13 && w%8 != 0 {
				continue
			}
			scalars := randomElements(n, w, uint64(n*100+w))
			var j bn254.G1Jac
			msmSmall(&j, s.G1[:n], scalars, max(w, ScalarWidth(scalars)))
			var got, want bn254.G1Affine
			got.FromJacobian(&j)
			if _, err := want.MultiExp(s.G1[:n], scalars, ecc.MultiExpConfig{}); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(&want) {
				t.Fatalf("n=%d width=%d: msmSmall differs from MultiExp", n, w)
			}
		}
	}
}

// TestMSMSmallDegenerate: repeated and opposite points in one bucket.
func TestMSMSmallDegenerate(t *testing.T) {
	s := mustTestSRS(t, 8)
	var neg, inf bn254.G1Affine
	neg.Neg(&s.G1[2])
	inf.SetInfinity()
	var pts []bn254.G1Affine
	var scalars []fr.Element
	for i := range 40 {
		pts = append(pts, s.G1[1], s.G1[1], s.G1[2], neg, s.G1[3], inf)
		for _, v := range []uint64{5, 5, 5, 5, uint64(i % 7), 3} {
			var e fr.Element
			e.SetUint64(v)
			scalars = append(scalars, e)
		}
	}
	want := naiveMSM(pts, scalars)
	var j bn254.G1Jac
	msmSmall(&j, pts, scalars, 3)
	var got bn254.G1Affine
	got.FromJacobian(&j)
	if !got.Equal(&want) {
		t.Fatal("degenerate buckets summed wrongly")
	}
}

// TestConcurrentLagrange: concurrent first uses of a Lagrange basis compute
// it once and agree (run with -race).
func TestConcurrentLagrange(t *testing.T) {
	s := mustTestSRS(t, 256)
	p, _ := s.Prefix(128)
	evals := randomElements(128, 8, 1)
	want, err := (&SRS{G1: s.G1, G2: s.G2}).CommitLagrange(7, evals)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := s
			if i%2 == 1 {
				src = p // prefixes share the cache
			}
			got, err := src.CommitLagrange(7, evals)
			if err != nil {
				errs <- err
				return
			}
			if !got.Equal(&want) {
				errs <- errors.New("concurrent CommitLagrange differs")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(s.lag.computed()) != 1 || len(p.lag.computed()) != 1 {
		t.Fatal("prefix does not share the Lagrange cache")
	}
}

func TestPairAdder(t *testing.T) {
	s := mustTestSRS(t, 2048)
	var a pairAdder
	for _, m := range []int{1, 63, 64, 300, 1000} {
		a.reset(m)
		for j := range m {
			p, q := &s.G1[2*j], &s.G1[2*j+1]
			a.x1 = append(a.x1, p.X)
			a.y1 = append(a.y1, p.Y)
			a.x2 = append(a.x2, q.X)
			a.y2 = append(a.y2, q.Y)
		}
		a.add()
		for j := range m {
			var want bn254.G1Affine
			want.Add(&s.G1[2*j], &s.G1[2*j+1])
			if !want.X.Equal(&a.d[j]) || !want.Y.Equal(&a.x2[j]) {
				t.Fatalf("m=%d: pair %d summed wrongly", m, j)
			}
		}
	}
}
