package evmtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/poly"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
	"github.com/zkwasm/zkwasm/plonkish/transcript"
	"github.com/zkwasm/zkwasm/plonkish/vanishing"
)

// finalCheck is the last line of every generated quotient check.
const finalCheck = "if iszero(eq(mulmod(h, addmod(xn, sub(R, 1), R), R), acc)) { leave }"

// probeSpec returns a copy of s whose verifyProof returns, instead of
// checking it, the two sides of the quotient identity: Σ_k y^k·c_k(x) and
// (x^n − 1)·Σ_i x^{n·i}·h_i(x).
func probeSpec(t *testing.T, s *solidity.Spec) *solidity.Spec {
	t.Helper()
	if strings.Count(s.QuotientCheck, finalCheck) != 1 {
		t.Fatal("the quotient check does not end with the expected comparison")
	}
	c := *s
	c.Name = s.Name + "Probe"
	c.QuotientCheck = strings.Replace(s.QuotientCheck, finalCheck,
		"mstore(0x00, acc) mstore(0x20, mulmod(h, addmod(xn, sub(R, 1), R), R)) return(0x00, 0x40)", 1)
	return &c
}

// goSides is the Go reference of probeSpec's output: it replays the
// backend's transcript on body and instances and evaluates
// vk.Constraints at x from the claimed evaluations exactly as
// backend.Verify does (instance columns and l_0, l_last, l_active by
// Lagrange, X = x), returning vanishing.Combine and the quotient side.
func goSides(vk *backend.VerifyingKey, body []byte, instances [][]fr.Element) (combined, quotient fr.Element, err error) {
	p := vk.Protocol()
	na, nm, narg, nq := vk.CS.NumAdvice(), len(p.Multiplicities), len(p.Arguments), p.QuotientChunks
	np := na + nm + narg + nq
	ne := 0
	for _, o := range p.Opened {
		ne += len(o.Rotations)
	}
	if len(body) != 64*np+32*(ne+nq)+128 {
		return combined, quotient, fmt.Errorf("body length %d", len(body))
	}
	pts := make([]bn254.G1Affine, np)
	for i := range pts {
		if err := pts[i].X.SetBytesCanonical(body[64*i : 64*i+32]); err != nil {
			return combined, quotient, err
		}
		if err := pts[i].Y.SetBytesCanonical(body[64*i+32 : 64*i+64]); err != nil {
			return combined, quotient, err
		}
	}
	evals := make([]fr.Element, ne+nq)
	for i := range evals {
		off := 64*np + 32*i
		if err := evals[i].SetBytesCanonical(body[off : off+32]); err != nil {
			return combined, quotient, err
		}
	}
	tr := transcript.New(vk.Digest())
	for _, col := range instances {
		var l fr.Element
		l.SetUint64(uint64(len(col)))
		tr.AbsorbScalar(&l)
		for i := range col {
			tr.AbsorbScalar(&col[i])
		}
	}
	absorb := func(from, to int) {
		for i := from; i < to; i++ {
			tr.AbsorbG1(&pts[i])
		}
	}
	absorb(0, na)
	theta := tr.Challenge()
	absorb(na, na+nm)
	beta := tr.Challenge()
	gamma := tr.Challenge()
	absorb(na+nm, na+nm+narg)
	y := tr.Challenge()
	absorb(na+nm+narg, np)
	x := tr.Challenge()

	d, err := poly.NewDomain(p.K)
	if err != nil {
		return combined, quotient, err
	}
	vals := map[plonkish.Query]fr.Element{}
	k := 0
	for _, o := range p.Opened {
		for _, r := range o.Rotations {
			vals[plonkish.Query{Column: o.Column, Rotation: r}] = evals[k]
			k++
		}
	}
	for _, q := range p.InstanceQueries {
		w := d.Point(int(q.Rotation))
		var pt, v fr.Element
		pt.Mul(&x, &w)
		col := instances[q.Column.Index]
		if len(col) > 0 {
			ls, err := d.LagrangeRange(pt, 0, len(col))
			if err != nil {
				return combined, quotient, err
			}
			for i := range col {
				var t fr.Element
				t.Mul(&ls[i], &col[i])
				v.Add(&v, &t)
			}
		}
		vals[q] = v
	}
	tail, err := d.LagrangeRange(x, p.Usable, p.N-p.Usable)
	if err != nil {
		return combined, quotient, err
	}
	l0, err := d.LagrangeRange(x, 0, 1)
	if err != nil {
		return combined, quotient, err
	}
	var active fr.Element
	active.SetOne()
	for i := range tail {
		active.Sub(&active, &tail[i])
	}
	vals[p.L0.Cur()], vals[p.LLast.Cur()], vals[p.LActive.Cur()], vals[p.X.Cur()] = l0[0], tail[0], active, x
	var missing error
	ev := plonkish.Evaluator[fr.Element]{
		Constant: func(v fr.Element) fr.Element { return v },
		Query: func(q plonkish.Query) fr.Element {
			v, ok := vals[q]
			if !ok {
				missing = fmt.Errorf("no value for %v", q)
			}
			return v
		},
		Sum:     func(a, b fr.Element) fr.Element { a.Add(&a, &b); return a },
		Product: func(a, b fr.Element) fr.Element { a.Mul(&a, &b); return a },
		Negated: func(a fr.Element) fr.Element { a.Neg(&a); return a },
		Scaled:  func(a fr.Element, k fr.Element) fr.Element { a.Mul(&a, &k); return a },
	}
	cons := vk.Constraints(theta, beta, gamma)
	values := make([]fr.Element, len(cons))
	for i, e := range cons {
		values[i] = plonkish.Evaluate(e, &ev)
	}
	if missing != nil {
		return combined, quotient, missing
	}
	combined = vanishing.Combine(values, y)
	// (x^n − 1)·Σ_i x^{n·i}·h_i
	var xn, one, zh, h fr.Element
	xn.Set(&x)
	for range p.K {
		xn.Square(&xn)
	}
	one.SetOne()
	zh.Sub(&xn, &one)
	for i := nq - 1; i >= 0; i-- {
		h.Mul(&h, &xn).Add(&h, &evals[ne+i])
	}
	quotient.Mul(&h, &zh)
	return combined, quotient, nil
}

func randomElement(t *testing.T) fr.Element {
	var e fr.Element
	if _, err := e.SetRandom(); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestQuotientCheckMatchesGo runs the generated quotient evaluation on
// random evaluations and random public values (a probe contract returns
// both sides of the identity) and compares with the Go reference, for
// every example: any constraint dropped, reordered or mistranslated, a
// wrong challenge, Lagrange value or instance evaluation shows up as a
// mismatch. On the honest proof both sides must agree and be equal.
func TestQuotientCheckMatchesGo(t *testing.T) {
	fx := examplesCompiled(t)
	srcs := map[string]string{}
	probes := map[string]*solidity.Spec{}
	for _, p := range fx.proofs {
		ps := probeSpec(t, p.spec)
		src, err := solidity.Generate(ps)
		if err != nil {
			t.Fatal(err)
		}
		srcs[ps.Name+".sol"] = src
		probes[p.name] = ps
	}
	compiled, err := Compile(srcs)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fx.proofs {
		t.Run(p.name, func(t *testing.T) {
			compareWithGo(t, p.vk, p.spec, deployed(t, compiled[probes[p.name].Name]), p.proof.Body(), p.instances)
		})
	}
}

// compareWithGo calls a probe contract (probeSpec of spec) on the honest
// proof and on three proofs with random evaluations and random public
// values, and checks both sides of the quotient identity against goSides.
func compareWithGo(t *testing.T, vk *backend.VerifyingKey, spec *solidity.Spec, call func([]byte, []fr.Element) ([]byte, uint64, error), body []byte, instances [][]fr.Element) {
	t.Helper()
	sides := func(body []byte, inst [][]fr.Element) (fr.Element, fr.Element) {
		t.Helper()
		out, _, err := call(body, solidity.FlattenInstances(inst))
		if err != nil || len(out) != 64 {
			t.Fatalf("probe call: %x, %v", out, err)
		}
		var a, b fr.Element
		if err := a.SetBytesCanonical(out[:32]); err != nil {
			t.Fatal(err)
		}
		if err := b.SetBytesCanonical(out[32:]); err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	check := func(what string, body []byte, inst [][]fr.Element, honest bool) {
		t.Helper()
		ga, gb, err := goSides(vk, body, inst)
		if err != nil {
			t.Fatalf("%s: Go reference: %v", what, err)
		}
		ea, eb := sides(body, inst)
		if ea != ga || eb != gb {
			t.Fatalf("%s: EVM (%s, %s) differs from Go (%s, %s)", what, ea.String(), eb.String(), ga.String(), gb.String())
		}
		if honest != (ea == eb) {
			t.Fatalf("%s: sides equal = %v, want %v", what, ea == eb, honest)
		}
	}
	check("honest proof", body, instances, true)
	np := spec.NumProofPoints()
	for trial := range 3 {
		b := append([]byte(nil), body...)
		for e := range spec.NumEvals {
			r := randomElement(t)
			v := r.Bytes()
			copy(b[64*np+32*e:], v[:])
		}
		inst := make([][]fr.Element, len(instances))
		for c := range inst {
			for range instances[c] {
				inst[c] = append(inst[c], randomElement(t))
			}
		}
		if trial == 2 && len(inst) > 0 {
			inst[0] = append(inst[0], randomElement(t)) // one more public value
		}
		check(fmt.Sprintf("random evaluations %d", trial), b, inst, false)
	}
}
