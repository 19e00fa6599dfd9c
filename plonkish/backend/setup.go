package backend

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/permutation"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// SetupOption configures Setup.
type SetupOption func(*setupConfig)

type setupConfig struct{ maxDegree int }

// WithMaxDegree sets the degree bound D the lookup, permutation and shuffle arguments
// are packed for (default: max(4, the degree the circuit needs)). A larger D means fewer
// helper and product columns but more quotient chunks and possibly a larger extended
// domain.
func WithMaxDegree(d int) SetupOption { return func(c *setupConfig) { c.maxDegree = d } }

// Setup builds the proving and verifying keys of the circuit cs with preprocessed
// values pre (2^pre.K rows) over the SRS srs, which must hold at least 2^K + 1 points.
// The keys keep copies of cs and pre: editing them afterwards changes neither key.
func Setup(cs *plonkish.ConstraintSystem, pre *plonkish.Preprocessed, srs *kzg.SRS, opts ...SetupOption) (*ProvingKey, *VerifyingKey, error) {
	var cfg setupConfig
	for _, o := range opts {
		o(&cfg)
	}
	if pre == nil {
		return nil, nil, fmt.Errorf("setup: no preprocessed assignment")
	}
	if err := plonkish.CheckShapes(cs, pre, nil); err != nil {
		return nil, nil, fmt.Errorf("setup: %w", err)
	}
	// The keys own their constraint system and values: later edits of the caller's
	// must not change what a key proves or checks (see RATIONALE.md).
	cs = cs.Clone()
	lay, err := newLayout(cs, pre.K, cfg.maxDegree)
	if err != nil {
		return nil, nil, fmt.Errorf("setup: %w", err)
	}
	n := lay.n
	if srs == nil || srs.Size() < uint64(n)+1 {
		return nil, nil, fmt.Errorf("setup: SRS too small: need %d points for 2^%d rows", n+1, pre.K)
	}
	domain, err := poly.NewDomain(pre.K)
	if err != nil {
		return nil, nil, fmt.Errorf("setup: %w", err)
	}
	sigmas, err := permutation.Sigmas(cs, pre.Copies, domain, lay.usable)
	if err != nil {
		return nil, nil, fmt.Errorf("setup: %w", err)
	}
	vk := &VerifyingKey{CS: cs, K: pre.K, MaxDegree: lay.maxDegree, lay: lay}
	kvk := srs.VerifyingKey()
	vk.G1, vk.G2 = kvk.G1, kvk.G2
	vk.kzgVK = kvk
	pk := &ProvingKey{VK: vk, copies: append([]plonkish.Copy(nil), pre.Copies...), srs: srs}
	pk.fixedValues = make([]poly.Lagrange, len(pre.Fixed))
	for i, c := range pre.Fixed {
		pk.fixedValues[i] = append(poly.Lagrange(nil), c...)
	}
	pk.sigmaValues = sigmas
	if vk.Fixed, err = commitAll(srs, pre.K, pk.fixedValues); err != nil {
		return nil, nil, fmt.Errorf("setup: fixed columns: %w", err)
	}
	if vk.Sigma, err = commitAll(srs, pre.K, pk.sigmaValues); err != nil {
		return nil, nil, fmt.Errorf("setup: permutation: %w", err)
	}
	if err := pk.precompute(); err != nil {
		return nil, nil, fmt.Errorf("setup: %w", err)
	}
	vk.digest = vk.computeDigest()
	return pk, vk, nil
}

func commitAll(srs *kzg.SRS, k int, cols []poly.Lagrange) ([]bn254.G1Affine, error) {
	out := make([]bn254.G1Affine, len(cols))
	for i, c := range cols {
		d, err := srs.CommitLagrange(k, c)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// precompute fills the coefficient and extended forms of the preprocessed columns and
// the selectors from the Lagrange values (used by Setup and by ReadFrom).
func (pk *ProvingKey) precompute() error {
	lay := pk.VK.lay
	var err error
	if pk.domain, err = poly.NewDomain(lay.k); err != nil {
		return err
	}
	if pk.ext, err = poly.NewExtDomain(pk.domain, lay.parts); err != nil {
		return err
	}
	toCoeffsExt := func(vals []poly.Lagrange) ([]poly.Coeffs, []poly.Extended) {
		cs := make([]poly.Coeffs, len(vals))
		es := make([]poly.Extended, len(vals))
		for i, v := range vals {
			cs[i] = pk.domain.ToCoeffs(append(poly.Lagrange(nil), v...))
			es[i] = pk.ext.Evaluate(cs[i])
		}
		return cs, es
	}
	pk.fixedCoeffs, pk.fixedExt = toCoeffsExt(pk.fixedValues)
	pk.sigmaCoeffs, pk.sigmaExt = toCoeffsExt(pk.sigmaValues)
	n, u := lay.n, lay.usable
	sel := make([]poly.Lagrange, 3)
	for i := range sel {
		sel[i] = make(poly.Lagrange, n)
	}
	sel[0][0].SetOne()
	sel[1][u].SetOne()
	for i := range u {
		sel[2][i].SetOne()
	}
	_, es := toCoeffsExt(sel)
	copy(pk.selExt[:3], es)
	// X on part j, row i is s_j·ω^i
	x := make(poly.Extended, pk.ext.Size())
	for j := range pk.ext.P {
		p := pk.ext.Part(x, j)
		p[0] = pk.ext.Shift[j]
		for i := 1; i < n; i++ {
			p[i].Mul(&p[i-1], &pk.domain.Omega)
		}
	}
	pk.selExt[3] = x
	return nil
}
