package poly

import (
	"fmt"
	"math/big"
	"runtime"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
)

// Coeffs is a polynomial in the monomial basis: Coeffs[i] is the coefficient of X^i.
type Coeffs []fr.Element

// Lagrange is a polynomial of degree < n given by its values on the base domain:
// Lagrange[i] is its value at ω^i (row i).
type Lagrange []fr.Element

// Extended is a polynomial given by its values on the extended coset domain of an
// ExtDomain, in part-major order: Extended[j·n + i] is its value at s_j·ω^i.
type Extended []fr.Element

// Domain is the base domain H = ⟨ω⟩ of n = 2^K rows.
type Domain struct {
	K        int
	N        int
	Omega    fr.Element // ω, the generator of H (gnark-crypto's fft.Generator(n))
	OmegaInv fr.Element
	NInv     fr.Element

	fftOnce sync.Once
	fftDom  *fft.Domain
}

// NewDomain returns the domain of 2^k rows.
func NewDomain(k int) (*Domain, error) {
	if k < 1 || k > 27 {
		return nil, fmt.Errorf("poly: domain 2^%d out of range [1, 27]", k)
	}
	n := 1 << k
	d := &Domain{K: k, N: n}
	var err error
	if d.Omega, err = fft.Generator(uint64(n)); err != nil {
		return nil, fmt.Errorf("poly: %w", err)
	}
	d.OmegaInv.Inverse(&d.Omega)
	d.NInv.SetUint64(uint64(n)).Inverse(&d.NInv)
	return d, nil
}

// fft returns gnark-crypto's FFT domain, built (with its twiddle tables) on first use,
// so that a verifier, which never runs an FFT, does not pay for it.
func (d *Domain) fft() *fft.Domain {
	d.fftOnce.Do(func() { d.fftDom = fft.NewDomain(uint64(d.N), fft.WithCache()) })
	return d.fftDom
}

// ToCoeffs interpolates v in place (inverse FFT) and returns its coefficients, which
// share v's memory.
func (d *Domain) ToCoeffs(v Lagrange) Coeffs {
	d.checkLen(len(v))
	d.fft().FFTInverse(v, fft.DIF)
	fft.BitReverse(v)
	return Coeffs(v)
}

// ToLagrange evaluates c on H in place (FFT) and returns the values, which share c's
// memory. c must have exactly n coefficients.
func (d *Domain) ToLagrange(c Coeffs) Lagrange {
	d.checkLen(len(c))
	d.fft().FFT(c, fft.DIF)
	fft.BitReverse(c)
	return Lagrange(c)
}

func (d *Domain) checkLen(l int) {
	if l != d.N {
		panic(fmt.Sprintf("poly: vector of %d values on a domain of %d", l, d.N))
	}
}

// Point returns ω^i (i may be negative).
func (d *Domain) Point(i int) fr.Element {
	i %= d.N
	if i < 0 {
		i += d.N
	}
	var r fr.Element
	r.Exp(d.Omega, big.NewInt(int64(i)))
	return r
}

// Eval returns c(x) (Horner's rule, split over the CPUs for long polynomials).
func (c Coeffs) Eval(x fr.Element) fr.Element {
	const chunk = 1 << 14
	if len(c) <= 2*chunk {
		return horner(c, x)
	}
	nChunks := (len(c) + chunk - 1) / chunk
	parts := make([]fr.Element, nChunks)
	Parallel(nChunks, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			parts[t] = horner(c[t*chunk:min((t+1)*chunk, len(c))], x)
		}
	})
	// Σ parts[t]·x^(t·chunk)
	var xc, r fr.Element
	xc.Exp(x, big.NewInt(chunk))
	for t := nChunks - 1; t >= 0; t-- {
		r.Mul(&r, &xc).Add(&r, &parts[t])
	}
	return r
}

func horner(c []fr.Element, x fr.Element) fr.Element {
	var r fr.Element
	for i := len(c) - 1; i >= 0; i-- {
		r.Mul(&r, &x).Add(&r, &c[i])
	}
	return r
}

// Parallel splits [0, n) into contiguous ranges, one per CPU (at most n), and runs f on
// each in its own goroutine.
func Parallel(n int, f func(lo, hi int)) {
	tasks := min(runtime.GOMAXPROCS(0), n)
	if tasks <= 1 {
		if n > 0 {
			f(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	per := (n + tasks - 1) / tasks
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

// ParallelChunks is Parallel for element-wise work on long vectors: below a few thousand
// elements it runs on the calling goroutine.
func ParallelChunks(n int, f func(lo, hi int)) {
	if n < 1<<12 {
		f(0, n)
		return
	}
	Parallel(n, f)
}

// VanishingEval returns x^n − 1.
func (d *Domain) VanishingEval(x fr.Element) fr.Element {
	var r, one fr.Element
	one.SetOne()
	r.Exp(x, big.NewInt(int64(d.N)))
	r.Sub(&r, &one)
	return r
}

// LagrangeRange returns L_i(x) for the rows i = start, ..., start+count−1, where L_i is
// the Lagrange polynomial that is 1 at ω^i and 0 elsewhere on H:
//
//	L_i(x) = ω^i·(x^n − 1) / (n·(x − ω^i)).
//
// x must not lie in H (the verifier's challenge avoids H except with negligible
// probability; an error is returned if it does).
func (d *Domain) LagrangeRange(x fr.Element, start, count int) ([]fr.Element, error) {
	zh := d.VanishingEval(x)
	if zh.IsZero() {
		return nil, fmt.Errorf("poly: evaluation point lies in the domain")
	}
	num := make([]fr.Element, count)
	den := make([]fr.Element, count)
	w := d.Point(start)
	for j := range count {
		num[j] = w
		den[j].Sub(&x, &w)
		w.Mul(&w, &d.Omega)
	}
	den = fr.BatchInvert(den)
	var c fr.Element
	c.Mul(&zh, &d.NInv)
	for j := range num {
		num[j].Mul(&num[j], &den[j]).Mul(&num[j], &c)
	}
	return num, nil
}
