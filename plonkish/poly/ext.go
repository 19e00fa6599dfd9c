package poly

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
)

// ExtDomain is the extended coset domain used to compute the quotient: the N = E·n
// points g·ω_N^m (m < N), where ω_N is a primitive N-th root of unity with ω_N^E = ω and
// g = 5 is the generator of 𝔽_r^× (so the coset is disjoint from H and the vanishing
// polynomial X^n − 1 has no zero on it).
//
// The domain is handled as E parts of n points each: part j is the coset s_j·H with
// s_j = g·ω_N^j, so point m = i·E + j is s_j·ω^i. Extended vectors store part j at
// [j·n, (j+1)·n). This layout has two uses: a polynomial is evaluated on one part with a
// size-n FFT (so the prover only ever needs one part of every column in memory at a
// time), and a rotation by ω^r is a shift by r within each part.
type ExtDomain struct {
	*Domain
	E     int // extension factor, a power of two
	LogE  int
	Shift []fr.Element // s_j
	// scale[j][a] = s_j^a, for the forward transforms
	scale [][]fr.Element
	// zhInv[j] = 1/(s_j^n − 1): X^n − 1 is constant on each part
	zhInv []fr.Element
}

// NewExtDomain returns the extended domain of factor 2^logE over d.
func NewExtDomain(d *Domain, logE int) (*ExtDomain, error) {
	if logE < 0 || d.K+logE > 28 {
		return nil, fmt.Errorf("poly: extended domain 2^%d·2^%d exceeds 2^28", d.K, logE)
	}
	e := &ExtDomain{Domain: d, E: 1 << logE, LogE: logE}
	wN, err := fft.Generator(uint64(d.N) << logE)
	if err != nil {
		return nil, fmt.Errorf("poly: %w", err)
	}
	g := fft.GeneratorFullMultiplicativeGroup()
	e.Shift = make([]fr.Element, e.E)
	e.scale = make([][]fr.Element, e.E)
	e.zhInv = make([]fr.Element, e.E)
	s := g
	one := fr.One()
	for j := range e.E {
		e.Shift[j] = s
		e.scale[j] = make([]fr.Element, d.N)
		fft.BuildExpTable(s, e.scale[j])
		e.zhInv[j].Exp(s, big.NewInt(int64(d.N))).Sub(&e.zhInv[j], &one)
		s.Mul(&s, &wN)
	}
	e.zhInv = fr.BatchInvert(e.zhInv)
	return e, nil
}

// Size returns N = E·n.
func (e *ExtDomain) Size() int { return e.E * e.N }

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

// Evaluate returns the evaluations of c (at most n coefficients) on the whole extended
// domain.
func (e *ExtDomain) Evaluate(c Coeffs) Extended {
	out := make(Extended, e.Size())
	for j := range e.E {
		e.EvalPart(out[j*e.N:(j+1)*e.N], c, j)
	}
	return out
}

// Part returns the values of v on part j (shares memory).
func (e *ExtDomain) Part(v Extended, j int) []fr.Element { return v[j*e.N : (j+1)*e.N] }

// ToCoeffs interpolates v (in place) and returns the N coefficients of the polynomial of
// degree < N it determines; they share v's memory.
//
// Part j holds v_j[i] = h(s_j·ω^i). Its inverse FFT gives w_j[a] = s_j^a·Σ_b h_{a+nb}·s_j^{nb},
// and s_j^{nb} = g^{nb}·ω_E^{jb}, so for each a the values u_j = w_j[a]·s_j^{−a} are the
// size-E DFT of q_b = h_{a+nb}·g^{nb}; a size-E inverse DFT per a finishes the job.
func (e *ExtDomain) ToCoeffs(v Extended) Coeffs {
	if len(v) != e.Size() {
		panic(fmt.Sprintf("poly: ToCoeffs of %d values on an extended domain of %d", len(v), e.Size()))
	}
	n := e.N
	for j := range e.E {
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
	// inverse DFTs of size E across parts, then unscale by g^{-nb}
	wE, _ := fft.Generator(uint64(e.E))
	var wEInv, eInv fr.Element
	wEInv.Inverse(&wE)
	eInv.SetUint64(uint64(e.E)).Inverse(&eInv)
	// mat[b][j] = ω_E^{−jb}/E · g^{−nb}
	g := fft.GeneratorFullMultiplicativeGroup()
	var gnInv fr.Element
	gnInv.Exp(g, big.NewInt(int64(n))).Inverse(&gnInv)
	mat := make([][]fr.Element, e.E)
	var rowScale fr.Element
	rowScale.Set(&eInv)
	for b := range e.E {
		mat[b] = make([]fr.Element, e.E)
		var step, cur fr.Element
		step.Exp(wEInv, big.NewInt(int64(b)))
		cur.Set(&rowScale)
		for j := range e.E {
			mat[b][j] = cur
			cur.Mul(&cur, &step)
		}
		rowScale.Mul(&rowScale, &gnInv)
	}
	ParallelChunks(n, func(lo, hi int) {
		u := make([]fr.Element, e.E)
		var t fr.Element
		for a := lo; a < hi; a++ {
			for j := range e.E {
				u[j] = v[j*n+a]
			}
			for b := range e.E {
				var acc fr.Element
				for j := range e.E {
					t.Mul(&mat[b][j], &u[j])
					acc.Add(&acc, &t)
				}
				v[b*n+a] = acc
			}
		}
	})
	return Coeffs(v)
}
