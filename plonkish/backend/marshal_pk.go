package backend

import (
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/permutation"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// WriteTo writes the proving key: a header (magic "ZKPK", version), the verifying key,
// the copy constraints and the fixed columns' values (see FORMAT.md). The SRS is not
// included: after ReadFrom, attach one with SetSRS.
func (pk *ProvingKey) WriteTo(w io.Writer) (int64, error) {
	var e encoder
	e.header(pkMagic, pkVersion)
	e.bytes(pk.VK.encode())
	e.u32(uint32(len(pk.copies)))
	for _, c := range pk.copies {
		for _, cell := range []plonkish.Cell{c.A, c.B} {
			e.column(cell.Column)
			e.u32(uint32(cell.Row))
		}
	}
	total, err := w.Write(e.b)
	if err != nil {
		return int64(total), err
	}
	for _, col := range pk.fixedValues {
		e.b = e.b[:0]
		for i := range col {
			e.scalar(&col[i])
		}
		k, err := w.Write(e.b)
		total += k
		if err != nil {
			return int64(total), err
		}
	}
	return int64(total), nil
}

// ReadFrom reads a proving key written by WriteTo and recomputes its derived forms
// (σ from the copies, coefficients and extended evaluations). SetSRS, which must follow,
// checks the fixed values and copies against the verifying key's commitments. It reads through a
// buffer, so it may consume bytes after the key from r.
func (pk *ProvingKey) ReadFrom(r io.Reader) (int64, error) {
	d := newBufferedDecoder(r)
	np, err := d.provingKey()
	if err != nil {
		return d.n, fmt.Errorf("read proving key: %w", err)
	}
	*pk = *np
	return d.n, nil
}

func (d *decoder) provingKey() (*ProvingKey, error) {
	d.header(pkMagic, pkVersion)
	vk, err := d.verifyingKey()
	if err != nil {
		return nil, err
	}
	lay := vk.lay
	pk := &ProvingKey{VK: vk}
	nc := d.count("copy count", 1<<30)
	for i := 0; i < nc && d.err == nil; i++ {
		var cells [2]plonkish.Cell
		for j := range cells {
			cells[j].Column = d.column("copy")
			cells[j].Row = int(d.u32("copy row"))
		}
		pk.copies = append(pk.copies, plonkish.Copy{A: cells[0], B: cells[1]})
	}
	for c := 0; c < lay.nf && d.err == nil; c++ {
		var col poly.Lagrange
		for i := 0; i < lay.n && d.err == nil; i++ {
			col = append(col, d.scalar("fixed value"))
		}
		pk.fixedValues = append(pk.fixedValues, col)
	}
	if d.err != nil {
		return nil, d.err
	}
	dom, err := poly.NewDomain(lay.k)
	if err != nil {
		return nil, err
	}
	if pk.sigmaValues, err = permutation.Sigmas(vk.CS, pk.copies, dom, lay.usable); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if err := pk.precompute(); err != nil {
		return nil, err
	}
	return pk, nil
}

// SetSRS attaches the SRS a proving key read from bytes proves with. It checks that the
// SRS is large enough and has the verifying key's [1]₁, [1]₂ and [τ]₂, and that the
// key's fixed values and copy constraints are the ones its verifying key commits to
// (one extra commitment: a random combination of the columns).
func (pk *ProvingKey) SetSRS(srs *kzg.SRS) error {
	if srs == nil {
		return errors.New("set SRS: nil SRS")
	}
	vk := pk.VK
	if srs.Size() < uint64(vk.Rows())+1 {
		return fmt.Errorf("set SRS: %d points, need %d", srs.Size(), vk.Rows()+1)
	}
	kvk := srs.VerifyingKey()
	if !kvk.G1.Equal(&vk.G1) || !kvk.G2[0].Equal(&vk.G2[0]) || !kvk.G2[1].Equal(&vk.G2[1]) {
		return errors.New("set SRS: the SRS is not the one of the verifying key")
	}
	// the G1 powers must match [τ]₂: e([τ]₁, [1]₂) = e([1]₁, [τ]₂)
	var negG1 bn254.G1Affine
	negG1.Neg(&srs.G1[0])
	ok, err := bn254.PairingCheck([]bn254.G1Affine{srs.G1[1], negG1}, []bn254.G2Affine{vk.G2[0], vk.G2[1]})
	if err != nil || !ok {
		return errors.New("set SRS: G1 powers inconsistent with [τ]₂")
	}
	if err := pk.checkAgainstVK(srs); err != nil {
		return fmt.Errorf("set SRS: %w: %v", ErrKeyMismatch, err)
	}
	pk.srs = srs
	return nil
}
