package backend

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// ErrKeyMismatch is wrapped by the error SetSRS returns for a proving key whose fixed
// values or copy constraints are not the ones its verifying key commits to (a corrupted
// or spliced key file: setup must be run again).
var ErrKeyMismatch = errors.New("proving key does not match its verifying key")

// checkAgainstVK checks that the proving key's fixed columns and σ columns (the latter
// derived from its copy constraints) are the ones its verifying key commits to, so that
// a corrupted or mismatched proving key is refused when loaded rather than producing
// proofs the verifier rejects. Commitments are linear, so one commitment suffices: with
// random r_i, Commit(Σ r_i·c_i) = Σ r_i·C_i holds for columns c_i that differ from
// the committed ones with probability at most 1/|Fr|. Only when that fails is every
// column committed separately, to name the first one that differs.
func (pk *ProvingKey) checkAgainstVK(srs *kzg.SRS) error {
	vk := pk.VK
	cols := append(append([]poly.Lagrange(nil), pk.fixedValues...), pk.sigmaValues...)
	comms := append(append([]bn254.G1Affine(nil), vk.Fixed...), vk.Sigma...)
	if len(cols) != len(comms) {
		return fmt.Errorf("%d preprocessed columns for %d commitments", len(cols), len(comms))
	}
	if len(cols) == 0 {
		return nil
	}
	n := 1 << vk.K
	r := make([]fr.Element, len(cols))
	for i := range r {
		if _, err := r[i].SetRandom(); err != nil {
			return err
		}
	}
	combined := make([]fr.Element, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/1024))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			var t fr.Element
			for i, c := range cols {
				for j := lo; j < hi; j++ {
					t.Mul(&c[j], &r[i])
					combined[j].Add(&combined[j], &t)
				}
			}
		}()
	}
	wg.Wait()
	got, err := srs.CommitLagrange(vk.K, combined)
	if err != nil {
		return err
	}
	var want bn254.G1Affine
	if _, err := want.MultiExp(comms, r, ecc.MultiExpConfig{}); err != nil {
		return err
	}
	if got.Equal(&want) {
		return nil
	}
	for i, c := range cols {
		d, err := srs.CommitLagrange(vk.K, c)
		if err != nil {
			return err
		}
		if d.Equal(&comms[i]) {
			continue
		}
		if i < len(pk.fixedValues) {
			col := plonkish.Column{Kind: plonkish.Fixed, Index: i}
			return fmt.Errorf("the values of fixed column %s do not match the verifying key's commitment", col)
		}
		return fmt.Errorf("σ column %d (from the copy constraints) does not match the verifying key's commitment", i-len(pk.fixedValues))
	}
	return fmt.Errorf("the preprocessed columns do not match the verifying key's commitments")
}
