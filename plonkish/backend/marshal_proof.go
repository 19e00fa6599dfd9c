package backend

import (
	"fmt"
	"io"
)

// Body returns the proof's flat body: the transcript-order sequence of 64-byte G1
// points (x ‖ y, big-endian; infinity as 64 zero bytes) and 32-byte big-endian scalars
// described in FORMAT.md. This is what an EVM verifier reads.
func (p *Proof) Body() []byte {
	var e encoder
	p.encodeBody(&e)
	return e.b
}

func (p *Proof) encodeBody(e *encoder) {
	for _, ps := range [][]G1{p.Advice, p.Multiplicities, p.Arguments, p.Quotient} {
		for i := range ps {
			e.g1(&ps[i])
		}
	}
	for i := range p.Evals {
		e.scalar(&p.Evals[i])
	}
	e.g1(&p.Opening.W)
	e.g1(&p.Opening.WPrime)
}

// WriteTo writes the proof: a header (magic "ZKPF", version, and the five counts) and
// the body (see FORMAT.md).
func (p *Proof) WriteTo(w io.Writer) (int64, error) {
	var e encoder
	e.header(proofMagic, proofVersion)
	for _, c := range []int{len(p.Advice), len(p.Multiplicities), len(p.Arguments), len(p.Quotient), len(p.Evals)} {
		e.u32(uint32(c))
	}
	p.encodeBody(&e)
	n, err := w.Write(e.b)
	return int64(n), err
}

// MarshalBinary is WriteTo into a byte slice.
func (p *Proof) MarshalBinary() ([]byte, error) {
	var e encoder
	e.header(proofMagic, proofVersion)
	for _, c := range []int{len(p.Advice), len(p.Multiplicities), len(p.Arguments), len(p.Quotient), len(p.Evals)} {
		e.u32(uint32(c))
	}
	p.encodeBody(&e)
	return e.b, nil
}

// maxProofItems bounds each count in a proof header (far above any real circuit).
const maxProofItems = 1 << 16

// ReadFrom reads a proof written by WriteTo, checking that every point is on the curve
// and in the subgroup and every scalar is canonical. Whether the counts fit a circuit
// is checked by Verify.
func (p *Proof) ReadFrom(r io.Reader) (int64, error) {
	d := newDecoder(r)
	np, err := d.proof()
	if err != nil {
		return d.n, fmt.Errorf("read proof: %w", err)
	}
	*p = *np
	return d.n, nil
}

// UnmarshalBinary decodes a proof; trailing bytes are an error.
func (p *Proof) UnmarshalBinary(b []byte) error {
	d := newDecoder(&sliceReader{b: b})
	np, err := d.proof()
	if err == nil {
		err = d.end()
	}
	if err != nil {
		return fmt.Errorf("read proof: %w", err)
	}
	*p = *np
	return nil
}

func (d *decoder) proof() (*Proof, error) {
	d.header(proofMagic, proofVersion)
	var counts [5]int
	for i, what := range []string{"advice count", "multiplicity count", "argument count", "quotient count", "evaluation count"} {
		counts[i] = d.count(what, maxProofItems)
	}
	p := &Proof{}
	read := func(n int, what string) []G1 {
		var out []G1
		for i := 0; i < n && d.err == nil; i++ {
			out = append(out, d.g1(fmt.Sprintf("%s %d", what, i)))
		}
		return out
	}
	p.Advice = read(counts[0], "advice commitment")
	p.Multiplicities = read(counts[1], "multiplicity commitment")
	p.Arguments = read(counts[2], "argument commitment")
	p.Quotient = read(counts[3], "quotient commitment")
	for i := 0; i < counts[4] && d.err == nil; i++ {
		p.Evals = append(p.Evals, d.scalar(fmt.Sprintf("evaluation %d", i)))
	}
	p.Opening.W = d.g1("opening W")
	p.Opening.WPrime = d.g1("opening W'")
	if d.err != nil {
		return nil, d.err
	}
	return p, nil
}

// end reports an error if input remains.
func (d *decoder) end() error {
	if d.err != nil {
		return d.err
	}
	var b [1]byte
	if k, _ := io.ReadFull(d.r, b[:]); k != 0 {
		return fmt.Errorf("%w: trailing bytes after byte %d", ErrFormat, d.n)
	}
	return nil
}

// ParseBody decodes a proof body (Proof.Body, what the Solidity verifier takes) for the
// circuit of vk, whose layout fixes the counts of its parts.
func (vk *VerifyingKey) ParseBody(body []byte) (*Proof, error) {
	if want := ProofSize(vk); len(body) != want {
		return nil, fmt.Errorf("read proof body: %w: %d bytes, proofs of this key have %d", ErrFormat, len(body), want)
	}
	l := vk.lay
	d := newDecoder(&sliceReader{b: body})
	p := &Proof{}
	read := func(n int, what string) []G1 {
		out := make([]G1, 0, n)
		for i := 0; i < n && d.err == nil; i++ {
			out = append(out, d.g1(fmt.Sprintf("%s %d", what, i)))
		}
		return out
	}
	p.Advice = read(l.na, "advice commitment")
	p.Multiplicities = read(len(l.mCols), "multiplicity commitment")
	p.Arguments = read(len(l.phase3), "argument commitment")
	p.Quotient = read(l.numQuotient, "quotient commitment")
	for i := 0; i < l.numEvals+l.numQuotient && d.err == nil; i++ {
		p.Evals = append(p.Evals, d.scalar(fmt.Sprintf("evaluation %d", i)))
	}
	p.Opening.W = d.g1("opening W")
	p.Opening.WPrime = d.g1("opening W'")
	if err := d.end(); err != nil {
		return nil, fmt.Errorf("read proof body: %w", err)
	}
	return p, nil
}
