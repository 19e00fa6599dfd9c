package solidity

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"golang.org/x/crypto/sha3"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/permutation"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// DefaultName is the contract name FromVerifyingKey uses without WithName.
const DefaultName = "ZkwasmVerifier"

// Option configures FromVerifyingKey and GenerateVerifier.
type Option func(*options)

type options struct {
	name      string
	split     []int
	hasSplit  bool
	evaluator bool
}

// WithName sets the contract name (a Solidity identifier).
func WithName(name string) Option { return func(o *options) { o.name = name } }

// WithInstanceSplit fixes the number of public values of every instance
// column but the last (verifyProof's instances array is flat; the last
// column takes the rest). Required when the circuit has more than one
// instance column; the zkwasm circuit and the examples have one.
func WithInstanceSplit(lengths ...int) Option {
	return func(o *options) { o.split, o.hasSplit = append([]int(nil), lengths...), true }
}

// WithEvaluatorContract moves the evaluation of the constraints into a
// second contract, <Name>Evaluator, in the same source, which the
// verifier's constructor deploys (one deployment, as before). Use it when
// the single contract would exceed the EIP-170 limit of 24,576 bytes of
// code.
func WithEvaluatorContract() Option { return func(o *options) { o.evaluator = true } }

// GenerateVerifier returns the Solidity source of the verifier of vk's
// proofs: FromVerifyingKey, then Generate.
func GenerateVerifier(vk *backend.VerifyingKey, opts ...Option) (string, error) {
	s, err := FromVerifyingKey(vk, opts...)
	if err != nil {
		return "", err
	}
	return Generate(s)
}

// FlattenInstances lays out the instance columns (one slice per column, as
// backend.Verify takes them) as verifyProof's instances array.
func FlattenInstances(cols [][]fr.Element) []fr.Element {
	var out []fr.Element
	for _, c := range cols {
		out = append(out, c...)
	}
	return out
}

// ProofCalldata is the calldata of verifyProof(proof.Body(), instances).
func ProofCalldata(proof *backend.Proof, instances [][]fr.Element) []byte {
	return Calldata(proof.Body(), FlattenInstances(instances))
}

// FromVerifyingKey builds the Spec of vk's verifier: the backend's
// transcript schedule (advice; θ; multiplicities; β, γ; arguments; y;
// quotient chunks; x; evaluations), its openings, and the quotient check
// at x that backend.Verify performs (see quotientCheck).
func FromVerifyingKey(vk *backend.VerifyingKey, opts ...Option) (*Spec, error) {
	if vk == nil || vk.CS == nil {
		return nil, fmt.Errorf("solidity: no verifying key")
	}
	if d := vk.Digest(); d.IsZero() {
		// (a literal VerifyingKey: its derived protocol data is missing)
		return nil, fmt.Errorf("solidity: the verifying key was not made by backend.Setup or read from its file")
	}
	// fail closed, as multiopen.Verify does, on SRS points that make the
	// pairing check meaningless: [1]₁ or [1]₂ not the generator, [τ]₂
	// degenerate
	_, _, g1, g2 := bn254.Generators()
	if !vk.G1.Equal(&g1) || !vk.G2[0].Equal(&g2) || vk.G2[1].IsInfinity() || vk.G2[1].Equal(&g2) || !vk.G2[1].IsInSubGroup() {
		return nil, fmt.Errorf("solidity: the verifying key's SRS points are not [1]₁, [1]₂ and a non-degenerate [τ]₂")
	}
	o := options{name: DefaultName}
	for _, f := range opts {
		f(&o)
	}
	p := vk.Protocol()
	cs := vk.CS
	ni := cs.NumInstance()
	switch {
	case ni <= 1 && o.hasSplit && len(o.split) > 0:
		return nil, fmt.Errorf("solidity: instance split %v given for %d instance columns", o.split, ni)
	case ni > 1 && !o.hasSplit:
		return nil, fmt.Errorf("solidity: the circuit has %d instance columns: give the number of values of the first %d (WithInstanceSplit)", ni, ni-1)
	case ni > 1 && len(o.split) != ni-1:
		return nil, fmt.Errorf("solidity: %d instance columns need %d split lengths, have %d", ni, ni-1, len(o.split))
	}
	d, err := poly.NewDomain(p.K)
	if err != nil {
		return nil, fmt.Errorf("solidity: %w", err)
	}
	nf, na := cs.NumFixed(), cs.NumAdvice()
	nm, narg := len(p.Multiplicities), len(p.Arguments)
	if len(vk.Fixed) != nf || len(vk.Sigma) != len(p.Sigma) {
		return nil, fmt.Errorf("solidity: verifying key has %d fixed and %d σ commitments, its circuit %d and %d", len(vk.Fixed), len(vk.Sigma), nf, len(p.Sigma))
	}
	s := &Spec{
		Name:            o.name,
		VKDigest:        vk.Digest(),
		G1:              vk.G1,
		G2:              vk.G2,
		Omega:           d.Omega,
		InstanceColumns: ni,
		MaxInstances:    p.Usable,
		Rounds: []Round{
			{Points: na, Challenges: []string{"theta"}},
			{Points: nm, Challenges: []string{"beta", "gamma"}},
			{Points: narg, Challenges: []string{"y"}},
			{Points: p.QuotientChunks},
		},
		Fixed: append(append([]bn254.G1Affine(nil), vk.Fixed...), vk.Sigma...),
	}
	if ni > 1 {
		s.InstanceSplit = o.split
	}
	indexIn := func(cols []plonkish.Column, c plonkish.Column) int {
		for i, x := range cols {
			if x == c {
				return i
			}
		}
		return -1
	}
	evalIdx := map[plonkish.Query]int{}
	for _, op := range p.Opened {
		var cm Commitment
		c := op.Column
		switch {
		case c.Kind == plonkish.Fixed && c.Index < nf:
			cm = Commitment{Fixed: true, Index: c.Index}
		case c.Kind == plonkish.Fixed && indexIn(p.Sigma, c) >= 0:
			cm = Commitment{Fixed: true, Index: nf + indexIn(p.Sigma, c)}
		case c.Kind == plonkish.Advice && c.Index < na:
			cm = Commitment{Index: c.Index}
		case c.Kind == plonkish.Advice && indexIn(p.Multiplicities, c) >= 0:
			cm = Commitment{Index: na + indexIn(p.Multiplicities, c)}
		case c.Kind == plonkish.Advice && indexIn(p.Arguments, c) >= 0:
			cm = Commitment{Index: na + nm + indexIn(p.Arguments, c)}
		default:
			return nil, fmt.Errorf("solidity: opened column %s is not committed", c)
		}
		q := Query{Commitment: cm}
		for _, r := range op.Rotations {
			evalIdx[plonkish.Query{Column: c, Rotation: r}] = s.NumEvals
			q.Rotations = append(q.Rotations, int(r))
			q.Evals = append(q.Evals, s.NumEvals)
			s.NumEvals++
		}
		s.Queries = append(s.Queries, q)
	}
	firstChunk := s.NumEvals
	for i := range p.QuotientChunks {
		s.Queries = append(s.Queries, Query{Commitment: Commitment{Index: na + nm + narg + i}, Rotations: []int{0}, Evals: []int{s.NumEvals}})
		s.NumEvals++
	}
	q := &quotientGen{vk: vk, p: p, d: d, spec: s, evalIdx: evalIdx, firstChunk: firstChunk, evaluator: o.evaluator}
	if err := q.generate(); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// quotientGen generates Spec.QuotientCheck for a verifying key.
type quotientGen struct {
	vk         *backend.VerifyingKey
	p          *backend.Protocol
	d          *poly.Domain
	spec       *Spec
	evalIdx    map[plonkish.Query]int
	firstChunk int
	evaluator  bool // the combination runs in a separate contract
}

const qIndent = "                "

// marker returns a pseudo-random field element standing for a challenge
// when the constraints are built (see generate).
func marker(set, name string) fr.Element {
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte("zkwasm/solidity challenge marker/" + set + "/" + name))
	var e fr.Element
	e.SetBytes(h.Sum(nil))
	return e
}

// generate fills spec.QuotientCheck, Memory and ScratchWords.
//
// backend.VerifyingKey.Constraints(θ, β, γ) builds the constraint
// polynomials with the challenges' values inlined as constants (θ in the
// tuple compressions, β and γ in the logUp denominators and the
// permutation and shuffle factors, β·δ^c for the identity cosets). The
// generator builds them twice, with two independent sets of random
// markers for θ, β, γ, renders a constant equal to a marker (or to β·δ^c)
// as the memory slot of that challenge, and requires the two Yul texts to
// be identical: a constant that depends on the challenges in any other way
// would differ between the two builds and is refused, so no challenge is
// ever frozen into the contract.
func (q *quotientGen) generate() error {
	codeA, scratchA, err := q.constraintCode("A")
	if err != nil {
		return err
	}
	codeB, _, err := q.constraintCode("B")
	if err != nil {
		return err
	}
	if codeA != codeB {
		return fmt.Errorf("solidity: the constraints depend on the challenges in a way the generator does not know (a constant is neither θ, β, γ nor β·δ^c)")
	}
	pre, err := q.prelude()
	if err != nil {
		return err
	}
	s := q.spec
	if !q.evaluator {
		s.QuotientCheck = strings.TrimRight(pre+codeA+q.final(), "\n")
		s.ScratchWords = s.NumEvals + scratchA
		return nil
	}
	// The evaluator receives memory [EVALUATOR_IN, end of the evaluations)
	// — challenges, l_0, l_last, l_active, instance values, evaluations —
	// at the same addresses, and runs the combination there.
	end := q.evalAddr(s.NumEvals)
	s.Evaluator = strings.TrimRight(fmt.Sprintf(qIndent+"if iszero(eq(calldatasize(), sub(%s, EVALUATOR_IN))) { revert(0, 0) }\n", end)+codeA, "\n")
	call := qIndent + "// the combination, computed by the evaluator contract on this memory image\n" +
		qIndent + "let acc := 0\n" +
		qIndent + "{\n" +
		fmt.Sprintf(qIndent+"    if iszero(staticcall(gas(), evaluator, EVALUATOR_IN, sub(%s, EVALUATOR_IN), 0x00, 0x20)) { leave }\n", end) +
		qIndent + "    if iszero(eq(returndatasize(), 0x20)) { leave }\n" +
		qIndent + "    acc := mload(0x00)\n" +
		qIndent + "}\n"
	s.QuotientCheck = strings.TrimRight(pre+call+q.final(), "\n")
	s.ScratchWords = s.NumEvals
	return nil
}

func (q *quotientGen) evalAddr(i int) string { return fmt.Sprintf("add(SCRATCH, 0x%x)", 32*i) }

// tailRows are the rows u..n−1 whose Lagrange polynomials l_last and
// l_active need.
func (q *quotientGen) tailRows() []int {
	var rows []int
	for j := q.p.Usable; j < q.p.N; j++ {
		rows = append(rows, j)
	}
	return rows
}

// prelude copies the evaluations to memory and computes x^n, l_0(x),
// l_last(x), l_active(x) and the instance evaluations, as backend.Verify
// does: L_i(pt) = ω^i·(pt^n − 1)/(n·(pt − ω^i)).
func (q *quotientGen) prelude() (string, error) {
	s := q.spec
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, qIndent+format+"\n", args...) }
	mem := func(name string) string {
		s.Memory = append(s.Memory, name)
		return "M_" + name
	}
	w("// evaluations to memory: evaluation i at SCRATCH + 32·i")
	w("calldatacopy(SCRATCH, add(proofOff, EVALS_OFF), %d)", 32*s.NumEvals)
	w("let x := mload(CH_X)")
	w("let xn := x")
	w("for { let i := 0 } lt(i, %d) { i := add(i, 1) } { xn := mulmod(xn, xn, R) }", q.p.K)
	w("// x ∈ H (x^n = 1): backend.Verify rejects it too")
	w("if eq(xn, 1) { leave }")
	var nInv fr.Element
	nInv.SetUint64(uint64(q.p.N))
	nInv.Inverse(&nInv)
	zhn := mem("ZHN")
	w("mstore(%s, mulmod(addmod(xn, sub(R, 1), R), %s, R)) // (x^n − 1)/n", zhn, frWord(nInv))

	// Denominators to invert (Montgomery batch inversion, one modexp).
	var dens []string // Yul expressions
	tail := q.tailRows()
	dens = append(dens, "addmod(x, sub(R, 1), R)")
	for _, j := range tail {
		dens = append(dens, fmt.Sprintf("addmod(x, sub(R, %s), R)", frWord(q.d.Point(j))))
	}
	// Instance evaluations: Σ_i v_i·ω^i/(pt − ω^i) as a running fraction.
	instNum := make([]string, len(q.p.InstanceQueries))
	ni := s.InstanceColumns
	for k, iq := range q.p.InstanceQueries {
		c := iq.Column.Index
		if c < 0 || c >= ni {
			return "", fmt.Errorf("solidity: instance query of column %d of %d", c, ni)
		}
		start := 0
		for _, l := range s.InstanceSplit[:c] {
			start += l
		}
		count := ""
		if c < ni-1 {
			count = fmt.Sprint(s.InstanceSplit[c])
		} else {
			used := 0
			for _, l := range s.InstanceSplit {
				used += l
			}
			count = fmt.Sprintf("sub(instLen, %d)", used)
		}
		instNum[k] = mem(fmt.Sprintf("INUM_%d", k))
		iden := mem(fmt.Sprintf("IDEN_%d", k))
		w("{ // instance column %d at x·ω^%d", c, iq.Rotation)
		if iq.Rotation == 0 {
			w("    let pt := x")
		} else {
			w("    let pt := mulmod(x, %s, R)", frWord(q.d.Point(int(iq.Rotation))))
		}
		w("    let num := 0")
		w("    let den := 1")
		w("    let wi := 1")
		w("    for { let ip := add(instOff, %d) let end := add(ip, shl(5, %s)) } lt(ip, end) { ip := add(ip, 0x20) } {", 32*start, count)
		w("        let di := addmod(pt, sub(R, wi), R)")
		w("        num := addmod(mulmod(num, di, R), mulmod(mulmod(calldataload(ip), wi, R), den, R), R)")
		w("        den := mulmod(den, di, R)")
		w("        wi := mulmod(wi, %s, R)", frWord(q.d.Omega))
		w("    }")
		w("    mstore(%s, num)", instNum[k])
		w("    mstore(%s, den)", iden)
		w("}")
		dens = append(dens, fmt.Sprintf("mload(%s)", iden))
	}
	// batch inversion
	vs := make([]string, len(dens))
	ps := make([]string, len(dens))
	w("// batch inversion of %d denominators: x − 1, x − ω^j (j = %d..%d), the instance fractions'", len(dens), q.p.Usable, q.p.N-1)
	for i, e := range dens {
		vs[i] = mem(fmt.Sprintf("DEN_%d", i))
		ps[i] = mem(fmt.Sprintf("PRE_%d", i))
		w("mstore(%s, %s)", vs[i], e)
		if i == 0 {
			w("mstore(%s, mload(%s))", ps[i], vs[i])
		} else {
			w("mstore(%s, mulmod(mload(%s), mload(%s), R))", ps[i], ps[i-1], vs[i])
		}
	}
	w("{")
	w("    let inv := invMod(mload(%s))", ps[len(ps)-1])
	w("    if iszero(inv) { leave }")
	for i := len(dens) - 1; i > 0; i-- {
		w("    { let t := mulmod(inv, mload(%s), R) inv := mulmod(inv, mload(%s), R) mstore(%s, t) }", ps[i-1], vs[i], vs[i])
	}
	w("    mstore(%s, inv)", vs[0])
	w("}")
	// l_0, l_last, l_active
	w("mstore(%s, mulmod(mload(%s), mload(%s), R)) // l_0(x)", mem("L0"), zhn, vs[0])
	lasts := make([]string, len(tail))
	for i, j := range tail {
		lasts[i] = fmt.Sprintf("mulmod(mulmod(mload(%s), mload(%s), R), %s, R)", zhn, vs[1+i], frWord(q.d.Point(j)))
	}
	w("mstore(%s, %s) // l_last(x) = L_%d(x)", mem("LLAST"), lasts[0], q.p.Usable)
	w("{ // l_active(x) = 1 − Σ_{j=%d}^{%d} L_j(x)", q.p.Usable, q.p.N-1)
	w("    let sum := mload(M_LLAST)")
	for _, l := range lasts[1:] {
		w("    sum := addmod(sum, %s, R)", l)
	}
	w("    mstore(%s, addmod(1, sub(R, sum), R))", mem("LACTIVE"))
	w("}")
	for k := range q.p.InstanceQueries {
		w("mstore(%s, mulmod(mulmod(mload(%s), mload(%s), R), mload(%s), R))", mem(fmt.Sprintf("INST_%d", k)), instNum[k], vs[1+len(tail)+k], zhn)
	}
	return b.String(), nil
}

// constraintCode renders Σ_k y^k·c_k (Horner, last constraint first, as
// vanishing.Combine) into the local `acc`, with the challenges replaced by
// the markers of set.
func (q *quotientGen) constraintCode(set string) (string, int, error) {
	theta, beta, gamma := marker(set, "theta"), marker(set, "beta"), marker(set, "gamma")
	named := map[fr.Element]string{}
	for c := range q.vk.CS.Equality {
		var bd fr.Element
		d := permutation.Delta(c)
		bd.Mul(&beta, &d)
		named[bd] = fmt.Sprintf("mulmod(mload(CH_beta), %s, R)", frWord(d))
	}
	named[theta] = "mload(CH_theta)"
	named[beta] = "mload(CH_beta)"
	named[gamma] = "mload(CH_gamma)"
	challenge := func(v fr.Element) (string, bool) {
		s, ok := named[v]
		return s, ok
	}
	instIdx := map[plonkish.Query]int{}
	for k, iq := range q.p.InstanceQueries {
		instIdx[iq] = k
	}
	leaf := func(qu plonkish.Query) (string, error) {
		switch qu.Column {
		case q.p.L0, q.p.LLast, q.p.LActive, q.p.X:
			if qu.Rotation != 0 {
				return "", fmt.Errorf("the verifier evaluates this column at x only")
			}
			switch qu.Column {
			case q.p.L0:
				return "mload(M_L0)", nil
			case q.p.LLast:
				return "mload(M_LLAST)", nil
			case q.p.LActive:
				return "mload(M_LACTIVE)", nil
			}
			return "mload(CH_X)", nil
		}
		if qu.Column.Kind == plonkish.Instance {
			k, ok := instIdx[qu]
			if !ok {
				return "", fmt.Errorf("instance query not in the protocol's list")
			}
			return fmt.Sprintf("mload(M_INST_%d)", k), nil
		}
		i, ok := q.evalIdx[qu]
		if !ok {
			return "", fmt.Errorf("no evaluation in the proof")
		}
		return fmt.Sprintf("mload(%s)", q.evalAddr(i)), nil
	}
	cons := q.vk.Constraints(theta, beta, gamma)
	g := newDAG(challenge)
	roots := make([]int, len(cons))
	for i, e := range cons {
		id, err := g.add(e, leaf)
		if err != nil {
			return "", 0, fmt.Errorf("constraint %d: %w", i, err)
		}
		roots[i] = id
	}
	body, scratch, maxRun, err := combineYul(g, roots, func(k int) string { return q.evalAddr(q.spec.NumEvals + k) }, qIndent+"    ")
	if err != nil {
		return "", 0, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, qIndent+"// the %d constraints, combined as Σ_k y^k·c_k (Horner from the last)\n", len(cons))
	b.WriteString(qIndent + "let acc := 0\n")
	b.WriteString(qIndent + "{\n")
	b.WriteString(qIndent + "    let y := mload(CH_y)\n")
	// the modulus as the newest local: one DUP per use instead of a 33-byte push
	// (maxHeight 6 keeps it within the 16 reachable stack slots)
	b.WriteString(qIndent + "    let r := R\n")
	if maxRun > 1 {
		// y^1..y^maxRun after the scratch words
		ypowAt := func(l int) string { return q.evalAddr(q.spec.NumEvals + scratch + l - 1) }
		fmt.Fprintf(&b, qIndent+"    // y^1..y^%d at %s..\n", maxRun, ypowAt(1))
		fmt.Fprintf(&b, qIndent+"    { let p := 1 for { let a := %s } lt(a, %s) { a := add(a, 0x20) } { p := mulmod(p, y, r) mstore(a, p) } }\n", ypowAt(1), ypowAt(maxRun+1))
		body = ypowRef.ReplaceAllStringFunc(body, func(m string) string {
			var l int
			fmt.Sscanf(m, "YPOW_%d", &l)
			return ypowAt(l)
		})
		scratch += maxRun
	}
	b.WriteString(body)
	b.WriteString(qIndent + "}\n")
	return b.String(), scratch, nil
}

// combineYul emits the statements that fold the constraints (DAG roots, in
// order) into the local acc as Σ_k y^k·c_k, Horner from the last, with the
// locals y and r (the modulus) in scope and y^l read as mload(YPOW_l) for
// the runs of factorRuns (the caller places them). tmp addresses scratch
// word k. It returns the code, the scratch words used and the longest run.
func combineYul(g *dag, roots []int, tmp func(int) string, indent string) (code string, scratch, maxRun int, err error) {
	runs := factorRuns(g, roots)
	runRoots := make([]int, len(runs))
	for i, r := range runs {
		runRoots[i] = r.root
	}
	g.countUses(runRoots)
	em := &yulEmitter{d: g, indent: indent, r: "r", maxHeight: 6, tmp: tmp}
	maxRun = 1
	for _, run := range runs {
		maxRun = max(maxRun, run.len)
		if run.len == 1 {
			em.b.WriteString(fmt.Sprintf("%s// constraint %d\n", em.indent, run.first))
		} else {
			em.b.WriteString(fmt.Sprintf("%s// constraints %d..%d: a common factor times Σ_j y^j·e_j\n", em.indent, run.first, run.first+run.len-1))
		}
		r := em.render(run.root)
		yp := "y"
		if run.len > 1 {
			yp = fmt.Sprintf("mload(YPOW_%d)", run.len)
		}
		em.statement(fmt.Sprintf("acc := addmod(mulmod(acc, %s, %s), %s, %s)", yp, em.r, r.expr, em.r), r.reads)
	}
	if em.err != nil {
		return "", 0, 0, em.err
	}
	for s, n := range em.outstanding {
		if n != 0 {
			return "", 0, 0, fmt.Errorf("solidity: internal error: scratch word %d has %d reads left", s, n)
		}
	}
	return em.b.String(), em.nslots, maxRun, nil
}

var ypowRef = regexp.MustCompile(`YPOW_[0-9]+`)

// run is a range of consecutive constraints [first, first+len) combined as
// one term: root = F·Σ_j y^j·e_{first+j} when every constraint of the range
// is a product F·e with the same factor F (typically a gate's selector
// product), or the constraint itself when len = 1.
type run struct {
	first, len, root int
}

// factorRuns groups the constraints (DAG roots, in order) into runs, last
// constraint first (the order of the Horner combination): Σ_k y^k·c_k =
// Σ_runs y^first·F·Σ_j y^j·e_j, which saves one multiplication by F per
// constraint. The runs' roots are new DAG nodes; y is read as mload(CH_y).
func factorRuns(g *dag, roots []int) []run {
	y := g.intern(dnode{op: 'l', text: "mload(CH_y)"})
	factors := func(id int) []int {
		if n := g.nodes[id]; n.op == '*' {
			return []int{n.a, n.b}
		}
		return nil
	}
	other := func(id, f int) int {
		if n := g.nodes[id]; n.a == f {
			return n.b
		}
		return g.nodes[id].a
	}
	var out []run
	for k := len(roots) - 1; k >= 0; {
		bestF, bestLen := -1, 1
		for _, f := range factors(roots[k]) {
			l := 1
			for k-l >= 0 && slices.Contains(factors(roots[k-l]), f) {
				l++
			}
			if l > bestLen {
				bestF, bestLen = f, l
			}
		}
		if bestLen == 1 {
			out = append(out, run{first: k, len: 1, root: roots[k]})
			k--
			continue
		}
		first := k - bestLen + 1
		// Horner over the run: e_last, then e_j + y·(…) down to e_first
		acc := other(roots[k], bestF)
		for j := k - 1; j >= first; j-- {
			acc = g.intern(dnode{op: '+', a: other(roots[j], bestF), b: g.intern(dnode{op: '*', a: y, b: acc})})
		}
		out = append(out, run{first: first, len: bestLen, root: g.intern(dnode{op: '*', a: bestF, b: acc})})
		k = first - 1
	}
	return out
}

// final checks (x^n − 1)·Σ_i x^{n·i}·h_i(x) = acc (vanishing.Check).
func (q *quotientGen) final() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, qIndent+format+"\n", args...) }
	nq := q.p.QuotientChunks
	w("// the quotient: (x^n − 1)·Σ_i x^{n·i}·h_i(x) must equal the combination")
	w("let h := mload(%s)", q.evalAddr(q.firstChunk+nq-1))
	for i := nq - 2; i >= 0; i-- {
		w("h := addmod(mulmod(h, xn, R), mload(%s), R)", q.evalAddr(q.firstChunk+i))
	}
	w("if iszero(eq(mulmod(h, addmod(xn, sub(R, 1), R), R), acc)) { leave }")
	return b.String()
}
