package solidity

import (
	"bytes"
	"embed"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.ParseFS(templateFS, "templates/*.tmpl"))

// slot is a named 32-byte memory word of the generated contract.
type slot struct {
	Name   string
	Offset string
}

type verifierData struct {
	Name          string
	DigestHex     string
	Rounds        []Round
	NumEvals      int
	ProofLen      int
	InstanceCode  string
	Slots         []slot
	TrState       string
	RoundCode     []string
	QuotientCheck string
	Shplonk       string
	Evaluator     string
	EvaluatorIn   string
}

// firstSlot is the first named memory slot, after the precompile scratch
// space [0, 0x180) and TR_PTR (0x180).
const firstSlot = 0x1a0

type layout struct {
	slots []slot
	next  int
}

func (l *layout) alloc(name string) string {
	if l.next == 0 {
		l.next = firstSlot
	}
	l.slots = append(l.slots, slot{Name: name, Offset: fmt.Sprintf("0x%x", l.next)})
	l.next += 0x20
	return name
}

func word(b [32]byte) string     { return fmt.Sprintf("0x%x", b[:]) }
func frWord(e fr.Element) string { return word(e.Bytes()) }
func fpWord(e fp.Element) string { return word(e.Bytes()) }

// Generate returns the Solidity source of the verifier described by s.
func Generate(s *Spec) (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	var l layout
	np := s.NumProofPoints()
	d := verifierData{
		Name:          s.Name,
		DigestHex:     frWord(s.VKDigest),
		Rounds:        s.Rounds,
		NumEvals:      s.NumEvals,
		ProofLen:      s.ProofLen(),
		InstanceCode:  genInstances(s),
		QuotientCheck: s.QuotientCheck,
		Evaluator:     s.Evaluator,
		EvaluatorIn:   fmt.Sprintf("0x%x", firstSlot),
	}
	// Offsets in the proof.
	evalsOff := 64 * np
	wOff := evalsOff + 32*s.NumEvals
	wpOff := wOff + 64
	l.slots = append(l.slots,
		slot{"EVALS_OFF", fmt.Sprint(evalsOff)},
		slot{"W_OFF", fmt.Sprint(wOff)},
		slot{"WP_OFF", fmt.Sprint(wpOff)})

	start := 0
	for i, r := range s.Rounds {
		var b strings.Builder
		fmt.Fprintf(&b, "                // round %d: %d points at proof[%d:%d]\n", i, r.Points, 64*start, 64*(start+r.Points))
		if r.Points > 0 {
			fmt.Fprintf(&b, "                for { let i := 0 } lt(i, %d) { i := add(i, 1) } {\n", r.Points)
			fmt.Fprintf(&b, "                    if iszero(trAbsorbPoint(add(proofOff, add(%d, shl(6, i))))) { leave }\n", 64*start)
			b.WriteString("                }\n")
		}
		for _, c := range r.Challenges {
			fmt.Fprintf(&b, "                mstore(%s, trChallenge())\n", l.alloc("CH_"+c))
		}
		d.RoundCode = append(d.RoundCode, strings.TrimRight(b.String(), "\n"))
		start += r.Points
	}
	l.alloc("CH_X")
	for _, m := range s.Memory {
		l.alloc("M_" + m)
	}
	shplonk, err := genShplonk(s, &l)
	if err != nil {
		return "", err
	}
	d.Shplonk = shplonk
	if s.ScratchWords > 0 {
		scratch := l.next
		l.alloc("SCRATCH")
		l.next += 0x20 * (s.ScratchWords - 1)
		// add(SCRATCH, 0x…) with a literal offset becomes one literal
		// address (solc does not fold it: 4 bytes of code saved per use).
		lit := func(m string) string {
			off, err := strconv.ParseUint(scratchRef.FindStringSubmatch(m)[1], 16, 32)
			if err != nil {
				return m
			}
			return fmt.Sprintf("0x%x", scratch+int(off))
		}
		d.QuotientCheck = scratchRef.ReplaceAllStringFunc(d.QuotientCheck, lit)
		d.Evaluator = scratchRef.ReplaceAllStringFunc(d.Evaluator, lit)
	}
	d.Slots = l.slots
	d.TrState = fmt.Sprintf("0x%x", l.next)
	var out bytes.Buffer
	if err := templates.ExecuteTemplate(&out, "verifier.sol.tmpl", d); err != nil {
		return "", fmt.Errorf("solidity: generate: %w", err)
	}
	return out.String(), nil
}

// TranscriptHarness returns the Solidity source of the TranscriptHarness
// test contract, built from the same transcript functions as the verifier.
func TranscriptHarness() (string, error) {
	var out bytes.Buffer
	if err := templates.ExecuteTemplate(&out, "transcript_harness.sol.tmpl", nil); err != nil {
		return "", fmt.Errorf("solidity: transcript harness: %w", err)
	}
	return out.String(), nil
}

// rotKey is the canonical (sorted) form of a set of rotations.
func rotKey(rots []int) string {
	s := slices.Clone(rots)
	slices.Sort(s)
	return fmt.Sprint(s)
}

func rotName(r int) string {
	if r < 0 {
		return fmt.Sprintf("M%d", -r)
	}
	return fmt.Sprint(r)
}

// genShplonk emits the Yul of multiopen.Verify specialised to s.Queries,
// with points x·ω^rot (see plonkish/multiopen's documentation).
func genShplonk(s *Spec, l *layout) (string, error) {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, "                "+format+"\n", args...) }

	// Distinct rotations (T) and point sets, in order of first appearance.
	var union []int
	var sets [][]int
	setIndex := map[string]int{}
	setOf := make([]int, len(s.Queries))
	for i, q := range s.Queries {
		k := rotKey(q.Rotations)
		j, ok := setIndex[k]
		if !ok {
			j = len(sets)
			setIndex[k] = j
			sorted := slices.Clone(q.Rotations)
			slices.Sort(sorted)
			sets = append(sets, sorted)
		}
		setOf[i] = j
		for _, r := range q.Rotations {
			if !slices.Contains(union, r) {
				union = append(union, r)
			}
		}
	}
	omegaPow := func(r int) fr.Element {
		var e fr.Element
		e.Exp(s.Omega, big.NewInt(int64(r)))
		return e
	}
	// The points x·ω^r must be distinct: ω^r distinct for distinct r.
	for a := range union {
		for c := a + 1; c < len(union); c++ {
			wa, wc := omegaPow(union[a]), omegaPow(union[c])
			if wa.Equal(&wc) {
				return "", fmt.Errorf("solidity: spec: rotations %d and %d open at the same point", union[a], union[c])
			}
		}
	}
	dSlot := map[int]string{}
	for _, r := range union {
		dSlot[r] = l.alloc("D_" + rotName(r))
	}
	maxSet := 0
	for _, set := range sets {
		maxSet = max(maxSet, len(set))
	}

	w("let gamma := trChallenge()")
	w("if iszero(trAbsorbPoint(add(proofOff, W_OFF))) { leave }")
	w("let z := trChallenge()")
	w("if iszero(g1Valid(calldataload(add(proofOff, WP_OFF)), calldataload(add(proofOff, add(WP_OFF, 0x20))))) { leave }")
	w("let x := mload(CH_X)")
	w("if iszero(x) { leave }")
	w("// d_r = z − x·ω^r for every rotation r in T")
	for _, r := range union {
		if r == 0 {
			w("mstore(%s, addmod(z, sub(R, x), R))", dSlot[r])
		} else {
			w("mstore(%s, addmod(z, sub(R, mulmod(x, %s, R)), R)) // ω^%d", dSlot[r], frWord(omegaPow(r)), r)
		}
	}
	w("// Z_T(z); z ∈ T is rejected")
	w("let zt := mload(%s)", dSlot[union[0]])
	for _, r := range union[1:] {
		w("zt := mulmod(zt, mload(%s), R)", dSlot[r])
	}
	w("if iszero(zt) { leave }")
	ixSlot := map[int]string{}
	if maxSet > 1 {
		w("// powers of 1/x: 1/(x·ω^a − x·ω^b) = (1/x)·1/(ω^a − ω^b), the latter constant")
		w("let ix := invMod(x)")
		w("if iszero(ix) { leave }")
		ixSlot[1] = l.alloc("IX_1")
		w("mstore(%s, ix)", ixSlot[1])
		for e := 2; e < maxSet; e++ {
			ixSlot[e] = l.alloc(fmt.Sprintf("IX_%d", e))
			w("mstore(%s, mulmod(mload(%s), ix, R))", ixSlot[e], ixSlot[e-1])
		}
	}
	zoSlot := make([]string, len(sets))
	lamSlot := make([]map[int]string, len(sets))
	for j, set := range sets {
		zoSlot[j] = l.alloc(fmt.Sprintf("ZO_%d", j))
		var outside []string
		for _, r := range union {
			if !slices.Contains(set, r) {
				outside = append(outside, fmt.Sprintf("mload(%s)", dSlot[r]))
			}
		}
		w("// point set %d: rotations %v", j, set)
		w("mstore(%s, %s)", zoSlot[j], product(outside))
		lamSlot[j] = map[int]string{}
		for _, ra := range set {
			if len(set) == 1 {
				break // λ = 1
			}
			name := l.alloc(fmt.Sprintf("LAM_%d_%s", j, rotName(ra)))
			lamSlot[j][ra] = name
			// λ_a(z) = Π_{b≠a} d_b · x^{-(|S|−1)} · 1/Π_{b≠a}(ω^a − ω^b)
			var den, t fr.Element
			den.SetOne()
			var factors []string
			for _, rb := range set {
				if rb == ra {
					continue
				}
				wa, wb := omegaPow(ra), omegaPow(rb)
				t.Sub(&wa, &wb)
				den.Mul(&den, &t)
				factors = append(factors, fmt.Sprintf("mload(%s)", dSlot[rb]))
			}
			den.Inverse(&den)
			factors = append(factors, fmt.Sprintf("mload(%s)", ixSlot[len(set)-1]), frWord(den))
			w("mstore(%s, %s)", name, product(factors))
		}
	}
	w("// MSM: Σ a_i·C_i − (Σ a_i·r_i(z))·[1] − Z_T(z)·W + z·W', a_i = γ^i·Z_{T∖S_i}(z)")
	w("let gp := 1")
	w("let sumR := 0")
	evalsOff := 64 * s.NumProofPoints()
	for i := 0; i < len(s.Queries); {
		if k := runLength(s, setOf, sets, i); k >= minRun {
			// A run of single-point queries on consecutive proof points
			// and consecutive evaluations: one loop instead of k copies.
			q := s.Queries[i]
			w("{ // queries %d..%d: rotation %d, proof points %d.., evaluations %d..", i, i+k-1, q.Rotations[0], q.Commitment.Index, q.Evals[0])
			w("    let zo := mload(%s)", zoSlot[setOf[i]])
			w("    let cp := add(proofOff, %d)", 64*q.Commitment.Index)
			w("    let ep := add(proofOff, %d)", evalsOff+32*q.Evals[0])
			w("    for { let end := add(ep, %d) } lt(ep, end) { ep := add(ep, 0x20) } {", 32*k)
			w("        let a := mulmod(gp, zo, R)")
			w("        sumR := addmod(sumR, mulmod(a, calldataload(ep), R), R)")
			w("        if iszero(ecMulAcc(calldataload(cp), calldataload(add(cp, 0x20)), a, 0)) { leave }")
			w("        cp := add(cp, 0x40)")
			w("        gp := mulmod(gp, gamma, R)")
			w("    }")
			w("}")
			i += k
			continue
		}
		q := s.Queries[i]
		j := setOf[i]
		w("{ // query %d: rotations %v", i, q.Rotations)
		w("    let a := mulmod(gp, mload(%s), R)", zoSlot[j])
		for k, r := range q.Rotations {
			ev := fmt.Sprintf("calldataload(add(proofOff, %d))", evalsOff+32*q.Evals[k])
			term := ev
			if len(sets[j]) > 1 {
				term = fmt.Sprintf("mulmod(%s, mload(%s), R)", ev, lamSlot[j][r])
			}
			if k == 0 {
				w("    let ri := %s", term)
			} else {
				w("    ri := addmod(ri, %s, R)", term)
			}
		}
		w("    sumR := addmod(sumR, mulmod(a, ri, R), R)")
		px, py := commitmentXY(s, q.Commitment)
		first := 0
		if i == 0 {
			first = 1
		}
		w("    if iszero(ecMulAcc(%s, %s, a, %d)) { leave }", px, py, first)
		if i+1 < len(s.Queries) {
			w("    gp := mulmod(gp, gamma, R)")
		}
		w("}")
		i++
	}
	w("if iszero(ecMulAcc(%s, %s, sub(R, sumR), 0)) { leave }", fpWord(s.G1.X), fpWord(s.G1.Y))
	w("if iszero(ecMulAcc(calldataload(add(proofOff, W_OFF)), calldataload(add(proofOff, add(W_OFF, 0x20))), sub(R, zt), 0)) { leave }")
	w("if iszero(ecMulAcc(calldataload(add(proofOff, WP_OFF)), calldataload(add(proofOff, add(WP_OFF, 0x20))), z, 0)) { leave }")
	w("// e(MSM, [1]₂) · e(W', −[τ]₂) = 1 (ecPairing 0x08; G2 words: x.im, x.re, y.im, y.re)")
	var negTau bn254.G2Affine
	negTau.Neg(&s.G2[1])
	for k, v := range g2Words(&s.G2[0]) {
		w("mstore(0x%x, %s)", 0x40+0x20*k, v)
	}
	w("mstore(0xc0, calldataload(add(proofOff, WP_OFF)))")
	w("mstore(0xe0, calldataload(add(proofOff, add(WP_OFF, 0x20))))")
	for k, v := range g2Words(&negTau) {
		w("mstore(0x%x, %s)", 0x100+0x20*k, v)
	}
	w("let success := staticcall(gas(), 0x08, 0x00, 0x180, 0x00, 0x20)")
	w("ok := and(success, eq(mload(0x00), 1))")
	return strings.TrimRight(b.String(), "\n"), nil
}

func g2Words(q *bn254.G2Affine) [4]string {
	return [4]string{fpWord(q.X.A1), fpWord(q.X.A0), fpWord(q.Y.A1), fpWord(q.Y.A0)}
}

func commitmentXY(s *Spec, c Commitment) (string, string) {
	if c.Fixed {
		p := s.Fixed[c.Index]
		return fpWord(p.X), fpWord(p.Y)
	}
	off := 64 * c.Index
	return fmt.Sprintf("calldataload(add(proofOff, %d))", off), fmt.Sprintf("calldataload(add(proofOff, %d))", off+32)
}

// product renders the product mod R of Yul expressions (1 if none).
func product(fs []string) string {
	if len(fs) == 0 {
		return "1"
	}
	acc := fs[0]
	for _, f := range fs[1:] {
		acc = fmt.Sprintf("mulmod(%s, %s, R)", acc, f)
	}
	return acc
}

// genInstances emits step 1: for each instance column, absorb its number of
// values and then the values, split from the flat instances array.
func genInstances(s *Spec) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, "                "+format+"\n", args...) }
	if s.InstanceColumns == 0 {
		w("if instLen { leave }")
		return strings.TrimRight(b.String(), "\n")
	}
	w("let rest := instLen")
	w("let ip := instOff")
	for c := 0; c < s.InstanceColumns; c++ {
		last := c == s.InstanceColumns-1
		count := "rest"
		if !last {
			count = fmt.Sprint(s.InstanceSplit[c])
			w("// instance column %d: %s values", c, count)
			w("if lt(rest, %s) { leave }", count)
		} else {
			w("// instance column %d (last): the remaining values", c)
			if s.MaxInstances > 0 {
				w("if gt(rest, %d) { leave }", s.MaxInstances)
			}
		}
		w("trAbsorb(%s)", count)
		w("for { let end := add(ip, shl(5, %s)) } lt(ip, end) { ip := add(ip, 0x20) } {", count)
		w("    if iszero(trAbsorbScalar(ip)) { leave }")
		w("}")
		if !last {
			w("rest := sub(rest, %s)", count)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// scratchRef matches a scratch word address with a literal offset.
var scratchRef = regexp.MustCompile(`add\(SCRATCH, 0x([0-9a-f]+)\)`)

// minRun is the shortest run of queries the generator emits as a loop.
const minRun = 3

// runLength returns how many queries from i on (never the first query,
// which initialises the MSM accumulator) are single-point queries of the
// same point set on consecutive proof points with consecutive evaluations.
func runLength(s *Spec, setOf []int, sets [][]int, i int) int {
	if i == 0 {
		return 0
	}
	q0 := s.Queries[i]
	if q0.Commitment.Fixed || len(q0.Rotations) != 1 {
		return 0
	}
	k := 1
	for ; i+k < len(s.Queries); k++ {
		q := s.Queries[i+k]
		if q.Commitment.Fixed || len(q.Rotations) != 1 || setOf[i+k] != setOf[i] ||
			q.Commitment.Index != q0.Commitment.Index+k || q.Evals[0] != q0.Evals[0]+k {
			break
		}
	}
	return k
}
