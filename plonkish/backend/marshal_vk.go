package backend

import (
	"fmt"
	"io"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	gkzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"golang.org/x/crypto/sha3"
)

const (
	vkMagic      = "ZKVK"
	vkVersion    = 1
	pkMagic      = "ZKPK"
	pkVersion    = 1
	proofMagic   = "ZKPF"
	proofVersion = 1
)

// encodeCS appends the canonical encoding of cs (column counts, equality columns,
// gates, tables, lookups, shuffles; names are not encoded and do not affect the digest).
func (e *encoder) cs(cs *plonkish.ConstraintSystem) {
	e.u32(uint32(cs.NumFixed()))
	e.u32(uint32(cs.NumAdvice()))
	e.u32(uint32(cs.NumInstance()))
	e.u32(uint32(len(cs.Equality)))
	for _, c := range cs.Equality {
		e.column(c)
	}
	e.u32(uint32(len(cs.Gates)))
	for _, g := range cs.Gates {
		e.exprs(g.Polys)
	}
	e.u32(uint32(len(cs.Tables)))
	for _, t := range cs.Tables {
		e.exprs(t.Columns)
	}
	e.u32(uint32(len(cs.Lookups)))
	for _, l := range cs.Lookups {
		e.u32(uint32(l.Table))
		e.exprs(l.Inputs)
	}
	e.u32(uint32(len(cs.Shuffles)))
	for _, s := range cs.Shuffles {
		e.exprs(s.Input)
		e.exprs(s.Shuffled)
	}
	e.u32(uint32(len(cs.Buses)))
	for _, b := range cs.Buses {
		e.u32(uint32(len(b.Interactions)))
		for _, it := range b.Interactions {
			e.expr(it.Multiplicity)
			e.exprs(it.Values)
		}
	}
}

func (d *decoder) cs() *plonkish.ConstraintSystem {
	cs := new(plonkish.ConstraintSystem)
	nf := d.count("fixed column count", 1<<20)
	na := d.count("advice column count", 1<<20)
	ni := d.count("instance column count", 1<<20)
	for range nf {
		cs.FixedColumn("")
	}
	for range na {
		cs.AdviceColumn("")
	}
	// Instance columns enable equality when created, so they are created at their place
	// in the equality order (which therefore lists them in index order).
	created := 0
	ne := d.count("equality column count", nf+na+ni)
	for i := 0; i < ne && d.err == nil; i++ {
		c := d.column("equality column")
		switch {
		case c.Kind == plonkish.Instance && c.Index == created && created < ni:
			cs.InstanceColumn("")
			created++
		case c.Kind == plonkish.Fixed && c.Index < nf, c.Kind == plonkish.Advice && c.Index < na:
			if cs.EqualityIndex(c) >= 0 {
				d.fail("equality column %s listed twice", c)
			}
			cs.EnableEquality(c)
		default:
			d.fail("equality column %s out of order or out of range", c)
		}
	}
	if d.err == nil && created != ni {
		d.fail("%d instance columns but %d in the equality list", ni, created)
	}
	ng := d.count("gate count", 1<<20)
	for i := 0; i < ng && d.err == nil; i++ {
		cs.CreateGate(fmt.Sprintf("gate %d", i), d.exprs("gate")...)
	}
	nt := d.count("table count", 1<<20)
	for i := 0; i < nt && d.err == nil; i++ {
		cs.AddTable(fmt.Sprintf("table %d", i), d.exprs("table")...)
	}
	nl := d.count("lookup count", 1<<20)
	for i := 0; i < nl && d.err == nil; i++ {
		t := d.count("lookup table", nt)
		cs.AddLookup(fmt.Sprintf("lookup %d", i), t, d.exprs("lookup")...)
	}
	ns := d.count("shuffle count", 1<<20)
	for i := 0; i < ns && d.err == nil; i++ {
		in := d.exprs("shuffle input")
		cs.AddShuffle(fmt.Sprintf("shuffle %d", i), in, d.exprs("shuffle"))
	}
	nb := d.count("bus count", 1<<20)
	for i := 0; i < nb && d.err == nil; i++ {
		b := cs.AddBus(fmt.Sprintf("bus %d", i))
		ni := d.count("interaction count", 1<<20)
		for j := 0; j < ni && d.err == nil; j++ {
			m := d.expr("bus multiplicity", 0)
			cs.AddInteraction(b, fmt.Sprintf("interaction %d", j), m, d.exprs("bus values")...)
		}
	}
	return cs
}

func (vk *VerifyingKey) encode() []byte {
	var e encoder
	e.header(vkMagic, vkVersion)
	e.u32(uint32(vk.K))
	e.u32(uint32(vk.MaxDegree))
	e.cs(vk.CS)
	e.u32(uint32(len(vk.Fixed)))
	for i := range vk.Fixed {
		e.g1(&vk.Fixed[i])
	}
	e.u32(uint32(len(vk.Sigma)))
	for i := range vk.Sigma {
		e.g1(&vk.Sigma[i])
	}
	e.g1(&vk.G1)
	e.g2(&vk.G2[0])
	e.g2(&vk.G2[1])
	return e.b
}

func (vk *VerifyingKey) computeDigest() fr.Element {
	h := sha3.NewLegacyKeccak256()
	h.Write(vk.encode())
	var d fr.Element
	d.SetBigInt(new(big.Int).SetBytes(h.Sum(nil)))
	return d
}

// WriteTo writes the verifying key in the format of FORMAT.md.
func (vk *VerifyingKey) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(vk.encode())
	return int64(n), err
}

// MarshalBinary returns the verifying key's canonical encoding (whose Keccak-256 is
// the digest).
func (vk *VerifyingKey) MarshalBinary() ([]byte, error) { return vk.encode(), nil }

// UnmarshalBinary decodes a verifying key.
func (vk *VerifyingKey) UnmarshalBinary(b []byte) error {
	d := newDecoder(&sliceReader{b: b})
	nv, err := d.verifyingKey()
	if err == nil {
		err = d.end()
	}
	if err != nil {
		return fmt.Errorf("read verifying key: %w", err)
	}
	*vk = *nv
	return nil
}

// ReadFrom reads a verifying key, checking every point (on the curve, in the subgroup)
// and the consistency of the constraint system, k and the commitments.
func (vk *VerifyingKey) ReadFrom(r io.Reader) (int64, error) {
	d := newDecoder(r)
	nv, err := d.verifyingKey()
	if err != nil {
		return d.n, fmt.Errorf("read verifying key: %w", err)
	}
	*vk = *nv
	return d.n, nil
}

func (d *decoder) verifyingKey() (*VerifyingKey, error) {
	d.header(vkMagic, vkVersion)
	vk := &VerifyingKey{}
	vk.K = d.count("k", 26)
	vk.MaxDegree = d.count("degree bound", 64)
	vk.CS = d.cs()
	nf := d.count("fixed commitment count", 1<<20)
	for i := 0; i < nf && d.err == nil; i++ {
		vk.Fixed = append(vk.Fixed, d.g1("fixed commitment"))
	}
	ns := d.count("sigma commitment count", 1<<20)
	for i := 0; i < ns && d.err == nil; i++ {
		vk.Sigma = append(vk.Sigma, d.g1("sigma commitment"))
	}
	vk.G1 = d.g1("SRS [1]₁")
	vk.G2[0] = d.g2("SRS [1]₂")
	vk.G2[1] = d.g2("SRS [τ]₂")
	if d.err != nil {
		return nil, d.err
	}
	if err := vk.finish(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return vk, nil
}

// finish derives the layout, checks the commitment counts, and computes the digest and
// the pairing lines.
func (vk *VerifyingKey) finish() error {
	lay, err := newLayout(vk.CS, vk.K, vk.MaxDegree)
	if err != nil {
		return err
	}
	if lay.maxDegree != vk.MaxDegree {
		return fmt.Errorf("degree bound %d, layout %d", vk.MaxDegree, lay.maxDegree)
	}
	if len(vk.Fixed) != vk.CS.NumFixed() {
		return fmt.Errorf("%d fixed commitments for %d fixed columns", len(vk.Fixed), vk.CS.NumFixed())
	}
	if len(vk.Sigma) != len(vk.CS.Equality) {
		return fmt.Errorf("%d σ commitments for %d equality columns", len(vk.Sigma), len(vk.CS.Equality))
	}
	if vk.G1.IsInfinity() {
		return fmt.Errorf("SRS [1]₁ is the point at infinity")
	}
	vk.lay = lay
	vk.kzgVK = gkzg.VerifyingKey{G1: vk.G1, G2: vk.G2}
	vk.kzgVK.Lines[0] = bn254.PrecomputeLines(vk.G2[0])
	vk.kzgVK.Lines[1] = bn254.PrecomputeLines(vk.G2[1])
	vk.digest = vk.computeDigest()
	return nil
}

type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}
