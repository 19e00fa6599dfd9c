package poly

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
)

// ExtDomain is the extended coset domain used to compute the quotient: P cosets ("parts")
// s_j·H of the base domain, j < P, with s_j = g·ω_N^j, where g = 5 generates 𝔽_r^× (so
// no part meets H, and X^n − 1 has no zero on them) and ω_N is a primitive N-th root of
// unity, N = E·n for the smallest power of two E ≥ P. Point i of part j is s_j·ω^i.
//
// P need not be a power of two: a quotient of degree < P·n is determined by its values
// on P parts, so a circuit of degree d needs P = d − 1 parts, not the next power of two
// above d (3 parts instead of 4 for d = 4, 4 instead of 8 for d = 5).
//
// Extended vectors store part j at [j·n, (j+1)·n). A polynomial is evaluated on one part
// with a size-n FFT (so the prover holds only one part of each column at a time), and a
// rotation by ω^r is a shift by r within each part.
type ExtDomain struct {
	*Domain
	P     int          // number of parts
	Shift []fr.Element // s_j
	// scale[j][a] = s_j^a, for the forward transforms
	scale [][]fr.Element
	// zhInv[j] = 1/(s_j^n − 1): X^n − 1 is constant on each part
	zhInv []fr.Element
	// vinv is the inverse of the Vandermonde matrix V[j][b] = (s_j^n)^b (see ToCoeffs)
	vinv [][]fr.Element
}

// NewExtDomain returns the extended domain of `parts` parts over d.
func NewExtDomain(d *Domain, parts int) (*ExtDomain, error) {
	if parts < 1 || parts > 64 {
		return nil, fmt.Errorf("poly: %d parts: want 1 to 64", parts)
	}
	logE := 0
	for 1<<logE < parts {
		logE++
	}
	if d.K+logE > 28 {
		return nil, fmt.Errorf("poly: extended domain 2^%d·%d exceeds 2^28", d.K, parts)
	}
	e := &ExtDomain{Domain: d, P: parts}
	wN, err := fft.Generator(uint64(d.N) << logE)
	if err != nil {
		return nil, fmt.Errorf("poly: %w", err)
	}
	g := fft.GeneratorFullMultiplicativeGroup()
	e.Shift = make([]fr.Element, parts)
	e.scale = make([][]fr.Element, parts)
	e.zhInv = make([]fr.Element, parts)
	t := make([]fr.Element, parts)
	s := g
	one := fr.One()
	for j := range parts {
		e.Shift[j] = s
		e.scale[j] = make([]fr.Element, d.N)
		fft.BuildExpTable(s, e.scale[j])
		t[j].Exp(s, big.NewInt(int64(d.N)))
		e.zhInv[j].Sub(&t[j], &one)
		s.Mul(&s, &wN)
	}
	e.zhInv = fr.BatchInvert(e.zhInv)
	v := make([][]fr.Element, parts)
	for j := range parts {
		v[j] = make([]fr.Element, parts)
		v[j][0].SetOne()
		for b := 1; b < parts; b++ {
			v[j][b].Mul(&v[j][b-1], &t[j])
		}
	}
	if e.vinv, err = invert(v); err != nil {
		return nil, err
	}
	return e, nil
}

// invert returns the inverse of the square matrix m (Gauss-Jordan elimination).
func invert(m [][]fr.Element) ([][]fr.Element, error) {
	n := len(m)
	a := make([][]fr.Element, n)
	for i := range a {
		a[i] = make([]fr.Element, 2*n)
		copy(a[i], m[i])
		a[i][n+i].SetOne()
	}
	for c := range n {
		p := c
		for p < n && a[p][c].IsZero() {
			p++
		}
		if p == n {
			return nil, fmt.Errorf("poly: singular matrix")
		}
		a[c], a[p] = a[p], a[c]
		var inv fr.Element
		inv.Inverse(&a[c][c])
		for k := range a[c] {
			a[c][k].Mul(&a[c][k], &inv)
		}
		for r := range n {
			if r == c || a[r][c].IsZero() {
				continue
			}
			f := a[r][c]
			var t fr.Element
			for k := range a[r] {
				t.Mul(&f, &a[c][k])
				a[r][k].Sub(&a[r][k], &t)
			}
		}
	}
	out := make([][]fr.Element, n)
	for i := range out {
		out[i] = a[i][n:]
	}
	return out, nil
}

// Size returns P·n, the number of points.
func (e *ExtDomain) Size() int { return e.P * e.N }

// VanishingInv returns 1/(X^n − 1) on part j.
func (e *ExtDomain) VanishingInv(j int) fr.Element { return e.zhInv[j] }

// EvalPart writes into dst (n values) the evaluations of c on part j. c may have at most
// n coefficients.
func (e *ExtDomain) EvalPart(dst []fr.Element, c Coeffs, j int) {
	if len(c) > e.N || len(dst) != e.N {
		panic(fmt.Sprintf("poly: EvalPart of %d coefficients into %d values on parts of %d", len(c), len(dst), e.N))
	}
	sc := e.scale[j]
	ParallelChunks(e.N, func(lo, hi int) {
		if lo < len(c) {
			h := min(hi, len(c))
			v := fr.Vector(dst[lo:h])
			v.Mul(fr.Vector(c[lo:h]), fr.Vector(sc[lo:h]))
		}
		for i := max(lo, len(c)); i < hi; i++ {
			dst[i].SetZero()
		}
	})
	e.fft().FFT(dst, fft.DIF)
	fft.BitReverse(dst)
}

// Evaluate returns the evaluations of c (at most n coefficients) on every part.
func (e *ExtDomain) Evaluate(c Coeffs) Extended {
	out := make(Extended, e.Size())
	for j := range e.P {
		e.EvalPart(out[j*e.N:(j+1)*e.N], c, j)
	}
	return out
}

// Part returns the values of v on part j (shares memory).
func (e *ExtDomain) Part(v Extended, j int) []fr.Element { return v[j*e.N : (j+1)*e.N] }

// ToCoeffs interpolates v (in place) and returns the P·n coefficients of the polynomial
// of degree < P·n it determines; they share v's memory.
//
// Part j holds h(s_j·ω^i). Its inverse FFT gives w_j[a] = s_j^a·Σ_b h_{a+nb}·t_j^b with
// t_j = s_j^n, so for each a the values u_j = w_j[a]·s_j^{−a} are V·(h_{a+nb})_b for the
// Vandermonde matrix V[j][b] = t_j^b; one multiplication by V^{−1} per a finishes.
func (e *ExtDomain) ToCoeffs(v Extended) Coeffs {
	if len(v) != e.Size() {
		panic(fmt.Sprintf("poly: ToCoeffs of %d values on an extended domain of %d", len(v), e.Size()))
	}
	n := e.N
	for j := range e.P {
		p := v[j*n : (j+1)*n]
		e.fft().FFTInverse(p, fft.DIF)
		fft.BitReverse(p)
		var sInv fr.Element
		sInv.Inverse(&e.Shift[j])
		ParallelChunks(n, func(lo, hi int) {
			var t fr.Element
			t.Exp(sInv, big.NewInt(int64(lo)))
			for a := lo; a < hi; a++ {
				p[a].Mul(&p[a], &t)
				t.Mul(&t, &sInv)
			}
		})
	}
	if e.P == 1 {
		return Coeffs(v)
	}
	ParallelChunks(n, func(lo, hi int) {
		u := make([]fr.Element, e.P)
		var t fr.Element
		for a := lo; a < hi; a++ {
			for j := range e.P {
				u[j] = v[j*n+a]
			}
			for b := range e.P {
				var acc fr.Element
				row := e.vinv[b]
				for j := range e.P {
					t.Mul(&row[j], &u[j])
					acc.Add(&acc, &t)
				}
				v[b*n+a] = acc
			}
		}
	})
	return Coeffs(v)
}
