package backend

import (
	crand "crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/multiopen"
	"github.com/zkwasm/zkwasm/plonkish/permutation"
	"github.com/zkwasm/zkwasm/plonkish/poly"
	"github.com/zkwasm/zkwasm/plonkish/shuffle"
	"github.com/zkwasm/zkwasm/plonkish/transcript"
	"github.com/zkwasm/zkwasm/plonkish/vanishing"
)

// Phase names passed to progress callbacks, in order.
const (
	PhaseAdvice      = "advice"
	PhaseLookups     = "lookups"
	PhasePermutation = "permutation"
	PhaseQuotient    = "quotient"
	PhaseOpening     = "opening"
)

// ProveOption configures Prove.
type ProveOption func(*proveConfig)

type proveConfig struct {
	lenient  bool
	progress func(phase string)
}

// WithoutChecks makes Prove skip its checks of the witness (every gate on every row,
// every copy, every lookup input in its table, every bus and shuffle balanced) and
// produce a proof whatever the witness; the verifier rejects the proof of a witness
// that does not satisfy the circuit. Only soundness tests need this.
func WithoutChecks() ProveOption { return func(c *proveConfig) { c.lenient = true } }

// WithProgress calls f at the start of each phase (PhaseAdvice, ..., PhaseOpening).
func WithProgress(f func(phase string)) ProveOption {
	return func(c *proveConfig) { c.progress = f }
}

// ErrNoSRS is returned by Prove for a proving key read from bytes before SetSRS.
var ErrNoSRS = errors.New("prove: proving key has no SRS (call SetSRS)")

// Prove computes a proof that wit satisfies the circuit of pk. It overwrites the
// blinding rows (from UsableRows on) of wit's advice columns with randomness from rand
// (crypto/rand if nil) and otherwise leaves wit unchanged. Unless WithoutChecks is
// given, Prove checks the witness as it goes (a pass over the rows for the gates, a
// comparison per copy, and the lookup, bus and shuffle totals the arguments compute
// anyway) and returns an *UnsatisfiedError, *lookup.MissError or *lookup.BalanceError
// naming the first failure.
func Prove(pk *ProvingKey, wit *plonkish.Witness, rand io.Reader, opts ...ProveOption) (*Proof, error) {
	var cfg proveConfig
	for _, o := range opts {
		o(&cfg)
	}
	progress := func(p string) {
		if cfg.progress != nil {
			cfg.progress(p)
		}
	}
	if rand == nil {
		rand = crand.Reader
	}
	if pk == nil || pk.VK == nil || pk.VK.lay == nil {
		return nil, errors.New("prove: no proving key")
	}
	if pk.srs == nil {
		return nil, ErrNoSRS
	}
	vk, lay, cs := pk.VK, pk.VK.lay, pk.VK.CS
	n, u := lay.n, lay.usable
	if err := checkWitness(lay, wit); err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	inst := make([]poly.Lagrange, lay.ni)
	for i, v := range wit.Instance {
		inst[i] = make(poly.Lagrange, n)
		copy(inst[i], v)
	}
	// virtual advice columns in Lagrange form, indexed from NumAdvice
	virt := make([]poly.Lagrange, lay.numVirtualAdvice)
	lagrange := func(c plonkish.Column) []fr.Element {
		switch c.Kind {
		case plonkish.Fixed:
			if c.Index < lay.nf {
				return pk.fixedValues[c.Index]
			}
			return pk.sigmaValues[c.Index-lay.nf]
		case plonkish.Advice:
			if c.Index < lay.na {
				return wit.Advice[c.Index]
			}
			return virt[c.Index-lay.na]
		default:
			return inst[c.Index]
		}
	}

	// Phase 1: advice.
	progress(PhaseAdvice)
	proof := &Proof{}
	for _, col := range wit.Advice {
		if err := poly.RandomFill(col[u:], rand); err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
	}
	if !cfg.lenient {
		if err := checkGates(cs, n, u, lagrange); err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
		if err := checkCopies(cs, pk.copies, lagrange); err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
	}
	var err error
	if proof.Advice, err = pk.commitColumns(toLagrange(wit.Advice), u); err != nil {
		return nil, fmt.Errorf("prove: advice: %w", err)
	}
	tr := transcript.New(vk.digest)
	absorbInstances(tr, wit.Instance)
	for i := range proof.Advice {
		tr.AbsorbG1(&proof.Advice[i])
	}
	theta := tr.Challenge()

	// Phase 2: lookup multiplicities.
	progress(PhaseLookups)
	eval := func(exprs []plonkish.Expression) [][]fr.Element { return evalEach(exprs, n, lagrange) }
	ms := make([]poly.Lagrange, len(lay.mCols))
	for ti := range lay.mCols {
		if ms[ti], err = lay.logup.Multiplicities(ti, theta, eval, n, u, cfg.lenient, rand); err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
		virt[lay.mCols[ti].Index-lay.na] = ms[ti]
	}
	if proof.Multiplicities, err = pk.commitColumns(ms, u); err != nil {
		return nil, fmt.Errorf("prove: multiplicities: %w", err)
	}
	for i := range proof.Multiplicities {
		tr.AbsorbG1(&proof.Multiplicities[i])
	}
	beta := tr.Challenge()
	gamma := tr.Challenge()

	// Phase 3: lookup helpers and running sums, permutation and shuffle products.
	set := func(c plonkish.Column, v poly.Lagrange) { virt[c.Index-lay.na] = v }
	if !lay.logup.Empty() {
		helpers, phi, err := lay.logup.Accumulate(&lay.logupCols, eval, n, u, theta, beta, cfg.lenient, rand)
		if err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
		for g, h := range helpers {
			set(lay.logupCols.Helpers[g], h)
		}
		set(lay.logupCols.Phi, phi)
	}
	progress(PhasePermutation)
	if len(lay.perm.Z) > 0 {
		values := make([]poly.Lagrange, len(cs.Equality))
		for i, c := range cs.Equality {
			values[i] = lagrange(c)
		}
		zs, err := permutation.Products(pk.domain, values, pk.sigmaValues, lay.perm.Chunk, u, beta, gamma, rand)
		if err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
		for j, z := range zs {
			set(lay.perm.Z[j], z)
		}
	}
	for g, grp := range lay.shuffleGroups {
		var exprs []plonkish.Expression
		for _, s := range grp {
			a, b := shuffle.Tagged(cs, s, theta)
			exprs = append(exprs, a, b)
		}
		vals := evalEach(exprs, n, lagrange)
		var ins, outs [][]fr.Element
		for k := 0; k < len(vals); k += 2 {
			ins, outs = append(ins, vals[k]), append(outs, vals[k+1])
		}
		z, err := shuffle.Product(ins, outs, n, u, gamma, rand)
		if err != nil {
			return nil, fmt.Errorf("prove: %w", err)
		}
		if !cfg.lenient && !z[u].IsOne() {
			names := ""
			for i, s := range grp {
				if i > 0 {
					names += ", "
				}
				names += cs.Shuffles[s].Name
			}
			return nil, fmt.Errorf("prove: %w", &UnsatisfiedError{Kind: "shuffle", Name: names, Row: -1})
		}
		set(lay.shuffleCols.Z[g], z)
	}
	if testHookArguments != nil {
		testHookArguments(lay, virt, lagrange, theta, beta, gamma)
	}
	phase3 := make([]poly.Lagrange, len(lay.phase3))
	for i, c := range lay.phase3 {
		phase3[i] = virt[c.Index-lay.na]
	}
	if proof.Arguments, err = pk.commitColumns(phase3, n); err != nil {
		return nil, fmt.Errorf("prove: arguments: %w", err)
	}
	for i := range proof.Arguments {
		tr.AbsorbG1(&proof.Arguments[i])
	}
	y := tr.Challenge()

	// Phase 4: quotient.
	progress(PhaseQuotient)
	advCoeffs := make([]poly.Coeffs, lay.na+lay.numVirtualAdvice)
	for i := range advCoeffs {
		if i < lay.na {
			advCoeffs[i] = pk.domain.ToCoeffs(append(poly.Lagrange(nil), wit.Advice[i]...))
		} else {
			advCoeffs[i] = pk.domain.ToCoeffs(virt[i-lay.na]) // ours: converted in place
			virt[i-lay.na] = nil
		}
	}
	instCoeffs := make([]poly.Coeffs, lay.ni)
	for i := range inst {
		instCoeffs[i] = pk.domain.ToCoeffs(inst[i])
	}
	coeffsOf := func(c plonkish.Column) poly.Coeffs {
		switch c.Kind {
		case plonkish.Advice:
			return advCoeffs[c.Index]
		case plonkish.Instance:
			return instCoeffs[c.Index]
		}
		if c.Index < lay.nf {
			return pk.fixedCoeffs[c.Index]
		}
		return pk.sigmaCoeffs[c.Index-lay.nf]
	}
	prog := poly.Compile(lay.constraints(theta, beta, gamma))
	bufs := map[plonkish.Column][]fr.Element{}
	for _, q := range prog.Queries() {
		if q.Column.Kind != plonkish.Fixed && bufs[q.Column] == nil {
			bufs[q.Column] = make([]fr.Element, n)
		}
	}
	ext := pk.ext
	parts := func(j int) poly.Source {
		for c, b := range bufs {
			ext.EvalPart(b, coeffsOf(c), j)
		}
		return func(c plonkish.Column) []fr.Element {
			if c.Kind != plonkish.Fixed {
				return bufs[c]
			}
			return ext.Part(pk.fixedExtOf(c), j)
		}
	}
	h := vanishing.Quotient(ext, prog, y, parts)
	bufs = nil
	chunks, err := vanishing.Split(h, n, lay.numQuotient, rand)
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	h = nil
	proof.Quotient = make([]bn254.G1Affine, len(chunks))
	for i, c := range chunks {
		if proof.Quotient[i], err = pk.srs.Commit(c); err != nil {
			return nil, fmt.Errorf("prove: quotient: %w", err)
		}
		tr.AbsorbG1(&proof.Quotient[i])
	}
	x := tr.Challenge()

	// Phase 5: evaluations and opening.
	progress(PhaseOpening)
	queries := make([]multiopen.ProverQuery, 0, len(lay.opened)+len(chunks))
	for _, op := range lay.opened {
		q := multiopen.ProverQuery{Poly: coeffsOf(op.col)}
		for _, r := range op.rots {
			var pt fr.Element
			w := pk.domain.Point(int(r))
			pt.Mul(&x, &w)
			q.Points = append(q.Points, pt)
			q.Evals = append(q.Evals, poly.Coeffs(q.Poly).Eval(pt))
		}
		proof.Evals = append(proof.Evals, q.Evals...)
		queries = append(queries, q)
	}
	for _, c := range chunks {
		e := c.Eval(x)
		proof.Evals = append(proof.Evals, e)
		queries = append(queries, multiopen.ProverQuery{Poly: c, Points: []fr.Element{x}, Evals: []fr.Element{e}})
	}
	for i := range proof.Evals {
		tr.AbsorbScalar(&proof.Evals[i])
	}
	op, err := multiopen.Open(pk.srs.ProvingKey(), queries, tr)
	if err != nil {
		return nil, fmt.Errorf("prove: opening: %w", err)
	}
	proof.Opening = *op
	return proof, nil
}

func toLagrange(cols [][]fr.Element) []poly.Lagrange {
	out := make([]poly.Lagrange, len(cols))
	for i, c := range cols {
		out[i] = c
	}
	return out
}

// fixedExtOf returns the extended evaluations of a fixed or virtual fixed column.
func (pk *ProvingKey) fixedExtOf(c plonkish.Column) poly.Extended {
	lay := pk.VK.lay
	switch {
	case c.Index < lay.nf:
		return pk.fixedExt[c.Index]
	case c.Index < lay.nf+len(lay.sigma):
		return pk.sigmaExt[c.Index-lay.nf]
	}
	return pk.selExt[c.Index-lay.nf-len(lay.sigma)]
}

func evalEach(exprs []plonkish.Expression, n int, src poly.Source) [][]fr.Element {
	out := make([][]fr.Element, len(exprs))
	for i := range out {
		out[i] = make([]fr.Element, n)
	}
	poly.Compile(exprs).EvalEach(n, src, out)
	return out
}

// commitColumns commits to columns given in Lagrange form. The first `small` rows are
// committed through kzg.CommitLagrange (which takes a cheaper path when they are small
// integers) and the remaining rows, the random blinding values, by a separate short MSM,
// so that blinding does not make a column of bytes cost as much as a column of full
// field elements.
func (pk *ProvingKey) commitColumns(cols []poly.Lagrange, small int) ([]bn254.G1Affine, error) {
	k := pk.VK.K
	n := 1 << k
	basis, err := pk.srs.LagrangeBasis(k)
	if err != nil {
		return nil, err
	}
	out := make([]bn254.G1Affine, len(cols))
	for i, c := range cols {
		if out[i], err = pk.srs.CommitLagrange(k, c[:small]); err != nil {
			return nil, err
		}
		if small < n {
			var tail bn254.G1Affine
			if _, err := tail.MultiExp(basis[small:n], c[small:n], ecc.MultiExpConfig{}); err != nil {
				return nil, err
			}
			out[i].Add(&out[i], &tail)
		}
	}
	return out, nil
}

func absorbInstances(tr *transcript.Transcript, instances [][]fr.Element) {
	for _, col := range instances {
		var l fr.Element
		l.SetUint64(uint64(len(col)))
		tr.AbsorbScalar(&l)
		for i := range col {
			tr.AbsorbScalar(&col[i])
		}
	}
}

func checkWitness(lay *layout, wit *plonkish.Witness) error {
	if wit == nil {
		return errors.New("no witness")
	}
	if len(wit.Advice) != lay.na {
		return fmt.Errorf("%d advice columns, circuit has %d", len(wit.Advice), lay.na)
	}
	for i, c := range wit.Advice {
		if len(c) != lay.n {
			return fmt.Errorf("advice column %d has %d rows, want %d", i, len(c), lay.n)
		}
	}
	return checkInstances(lay, wit.Instance)
}

func checkInstances(lay *layout, inst [][]fr.Element) error {
	if len(inst) != lay.ni {
		return fmt.Errorf("%d instance columns, circuit has %d", len(inst), lay.ni)
	}
	for i, c := range inst {
		if len(c) > lay.usable {
			return fmt.Errorf("instance column %d has %d values, at most %d fit", i, len(c), lay.usable)
		}
	}
	return nil
}
