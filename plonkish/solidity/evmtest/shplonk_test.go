package evmtest

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/kzg"

	"github.com/zkwasm/zkwasm/plonkish/multiopen"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
	"github.com/zkwasm/zkwasm/plonkish/transcript"
)

const logN = 4 // polynomials of 16 coefficients, rotations in the domain of order 16

// queryShape is one opened polynomial: its rotations and whether its
// commitment is a verifying-key constant (fixed) or in the proof.
type queryShape struct {
	rots  []int
	fixed bool
}

var evmShapes = []struct {
	name    string
	queries []queryShape
}{
	{"single", []queryShape{{[]int{0}, false}}},
	{"halo2-like", []queryShape{
		{[]int{0}, false}, {[]int{0, 1}, false}, {[]int{0}, true}, {[]int{-1, 0, 1}, false},
		{[]int{0, 1}, false}, {[]int{0}, true}, {[]int{1, 0}, false}, {[]int{0, 3}, false},
	}},
	{"zkwasm-like", func() []queryShape {
		// ~50 advice columns (most at x, some at x and ωx), lookup and
		// permutation helpers at {x, ωx} and {ω⁻¹x, x, ωx}, 16 fixed and
		// σ columns at x, 4 quotient chunks at x.
		var qs []queryShape
		for i := 0; i < 50; i++ {
			if i%5 == 0 {
				qs = append(qs, queryShape{[]int{0, 1}, false})
			} else {
				qs = append(qs, queryShape{[]int{0}, false})
			}
		}
		for i := 0; i < 6; i++ {
			qs = append(qs, queryShape{[]int{0, 1}, false})
		}
		qs = append(qs, queryShape{[]int{-1, 0, 1}, false}, queryShape{[]int{-1, 0, 1}, false})
		for i := 0; i < 16; i++ {
			qs = append(qs, queryShape{[]int{0}, true})
		}
		for i := 0; i < 4; i++ {
			qs = append(qs, queryShape{[]int{0}, false})
		}
		return qs
	}()},
	{"wide", func() []queryShape {
		var qs []queryShape
		for i := 0; i < 24; i++ {
			switch i % 4 {
			case 0:
				qs = append(qs, queryShape{[]int{0, 1}, false})
			case 1:
				qs = append(qs, queryShape{[]int{0}, i%8 == 1})
			case 2:
				qs = append(qs, queryShape{[]int{-1, 0}, false})
			default:
				qs = append(qs, queryShape{[]int{0}, false})
			}
		}
		return qs
	}()},
}

// opening is a generated verifier with one honest proof for it.
type opening struct {
	spec      *solidity.Spec
	proof     []byte
	instances []*big.Int
}

type seq struct{ s fr.Element }

func (q *seq) next() fr.Element {
	var c fr.Element
	c.SetUint64(0x2545f4914f6cdd1d)
	q.s.Mul(&q.s, &q.s).Add(&q.s, &c)
	return q.s
}

// buildOpening runs the schedule of solidity.Spec in Go: digest, instances,
// two commitment rounds with challenges, x, evaluations, multiopen.Open.
func buildOpening(t testing.TB, srs *kzg.SRS, name string, shape []queryShape, seed uint64, polyHook func([][]fr.Element)) *opening {
	t.Helper()
	rnd := &seq{}
	rnd.s.SetUint64(seed)
	n := 1 << logN
	omega, err := fr.Generator(uint64(n))
	if err != nil {
		t.Fatal(err)
	}
	spec := &solidity.Spec{
		Name:     name,
		VKDigest: rnd.next(),
		G1:       srs.Vk.G1,
		G2:       srs.Vk.G2,
		Omega:    omega,
		// Two instance columns: one value, then the rest (at most 5).
		InstanceColumns: 2,
		InstanceSplit:   []int{1},
		MaxInstances:    5,
	}
	polys := make([][]fr.Element, len(shape))
	comms := make([]bn254.G1Affine, len(shape))
	var proofIdx []int // query index of each proof point
	for i := range shape {
		polys[i] = make([]fr.Element, n)
		for k := range polys[i] {
			polys[i][k] = rnd.next()
		}
	}
	if polyHook != nil {
		polyHook(polys)
	}
	for i, q := range shape {
		comms[i], err = kzg.Commit(polys[i], srs.Pk)
		if err != nil {
			t.Fatal(err)
		}
		c := solidity.Commitment{Fixed: q.fixed}
		if q.fixed {
			c.Index = len(spec.Fixed)
			spec.Fixed = append(spec.Fixed, comms[i])
		} else {
			c.Index = len(proofIdx)
			proofIdx = append(proofIdx, i)
		}
		spec.Queries = append(spec.Queries, solidity.Query{Commitment: c, Rotations: q.rots})
	}
	half := len(proofIdx) / 2
	spec.Rounds = []solidity.Round{{Points: half, Challenges: []string{"theta"}}, {Points: len(proofIdx) - half, Challenges: []string{"beta", "gamma"}}}

	tr := transcript.New(spec.VKDigest)
	o := &opening{spec: spec}
	for _, count := range []int{1, 2} { // per column: length, then values
		var l fr.Element
		l.SetUint64(uint64(count))
		tr.AbsorbScalar(&l)
		for i := 0; i < count; i++ {
			v := rnd.next()
			tr.AbsorbScalar(&v)
			o.instances = append(o.instances, v.BigInt(new(big.Int)))
		}
	}
	var proof []byte
	for r, round := range spec.Rounds {
		start := 0
		if r == 1 {
			start = half
		}
		for _, qi := range proofIdx[start : start+round.Points] {
			tr.AbsorbG1(&comms[qi])
			x, y := comms[qi].X.Bytes(), comms[qi].Y.Bytes()
			proof = append(append(proof, x[:]...), y[:]...)
		}
		for range round.Challenges {
			tr.Challenge()
		}
	}
	x := tr.Challenge()
	pqs := make([]multiopen.ProverQuery, len(shape))
	vqs := make([]multiopen.VerifierQuery, len(shape))
	for i, q := range shape {
		var pts, evs []fr.Element
		for _, rot := range q.rots {
			var pt fr.Element
			pt.Exp(omega, big.NewInt(int64(rot)))
			pt.Mul(&pt, &x)
			pts = append(pts, pt)
			var e fr.Element
			for k := len(polys[i]) - 1; k >= 0; k-- {
				e.Mul(&e, &pt).Add(&e, &polys[i][k])
			}
			evs = append(evs, e)
			spec.Queries[i].Evals = append(spec.Queries[i].Evals, spec.NumEvals)
			spec.NumEvals++
			tr.AbsorbScalar(&e)
			b := e.Bytes()
			proof = append(proof, b[:]...)
		}
		pqs[i] = multiopen.ProverQuery{Poly: polys[i], Points: pts, Evals: evs}
		vqs[i] = multiopen.VerifierQuery{Commitment: comms[i], Points: pts, Evals: evs}
	}
	mp, err := multiopen.Open(srs.Pk, pqs, tr)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := mp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	o.proof = append(proof, mb...)
	var pts []bn254.G1Affine
	for _, qi := range proofIdx {
		pts = append(pts, comms[qi])
	}
	var evs []fr.Element
	for i := range vqs {
		evs = append(evs, vqs[i].Evals...)
	}
	if enc, err := solidity.EncodeProof(pts, evs, mp); err != nil || string(enc) != string(o.proof) {
		t.Fatalf("solidity.EncodeProof differs from the test's layout (%v)", err)
	}
	if len(o.proof) != spec.ProofLen() {
		t.Fatalf("proof is %d bytes, spec says %d", len(o.proof), spec.ProofLen())
	}
	if err := goVerify(srs, spec, o.proof, o.instances); err != nil {
		t.Fatalf("Go reference verifier rejects the honest proof: %v", err)
	}
	return o
}

// goVerify is the Go reference of the generated contract: it parses the
// proof by the Spec's layout, replays the transcript and calls
// multiopen.Verify.
func goVerify(srs *kzg.SRS, spec *solidity.Spec, proof []byte, instances []*big.Int) error {
	if len(proof) != spec.ProofLen() {
		return fmt.Errorf("proof length %d", len(proof))
	}
	tr := transcript.New(spec.VKDigest)
	cols := append([]int(nil), spec.InstanceSplit...)
	used := 0
	for _, c := range cols {
		used += c
	}
	if used > len(instances) || len(instances)-used > spec.MaxInstances {
		return fmt.Errorf("%d instances do not fit the columns", len(instances))
	}
	cols = append(cols, len(instances)-used)
	next := 0
	for _, c := range cols {
		var l fr.Element
		l.SetUint64(uint64(c))
		tr.AbsorbScalar(&l)
		for _, v := range instances[next : next+c] {
			var e fr.Element
			if v.Sign() < 0 || v.BitLen() > 256 || e.SetBytesCanonical(v.FillBytes(make([]byte, 32))) != nil {
				return fmt.Errorf("instance not canonical")
			}
			tr.AbsorbScalar(&e)
		}
		next += c
	}
	np := spec.NumProofPoints()
	points := make([]bn254.G1Affine, np)
	idx := 0
	for _, r := range spec.Rounds {
		for k := 0; k < r.Points; k++ {
			var p multiopen.Proof // reuse its decoder for one point
			buf := append(append([]byte(nil), proof[64*idx:64*idx+64]...), make([]byte, 64)...)
			if err := p.UnmarshalBinary(buf); err != nil {
				return err
			}
			points[idx] = p.W
			tr.AbsorbG1(&points[idx])
			idx++
		}
		for range r.Challenges {
			tr.Challenge()
		}
	}
	x := tr.Challenge()
	evals := make([]fr.Element, spec.NumEvals)
	for i := range evals {
		off := 64*np + 32*i
		if err := evals[i].SetBytesCanonical(proof[off : off+32]); err != nil {
			return err
		}
		tr.AbsorbScalar(&evals[i])
	}
	var mp multiopen.Proof
	if err := mp.UnmarshalBinary(proof[len(proof)-multiopen.ProofSize:]); err != nil {
		return err
	}
	qs := make([]multiopen.VerifierQuery, len(spec.Queries))
	for i, q := range spec.Queries {
		if q.Commitment.Fixed {
			qs[i].Commitment = spec.Fixed[q.Commitment.Index]
		} else {
			qs[i].Commitment = points[q.Commitment.Index]
		}
		for k, rot := range q.Rotations {
			var pt fr.Element
			pt.Exp(spec.Omega, big.NewInt(int64(rot)))
			pt.Mul(&pt, &x)
			qs[i].Points = append(qs[i].Points, pt)
			qs[i].Evals = append(qs[i].Evals, evals[q.Evals[k]])
		}
	}
	return multiopen.Verify(srs.Vk, qs, &mp, tr)
}

func verifyProofInput(proof []byte, instances []*big.Int) []byte {
	in := Selector("verifyProof(bytes,uint256[])")
	w := func(v *big.Int) { in = append(in, v.FillBytes(make([]byte, 32))...) }
	padded := (len(proof) + 31) / 32 * 32
	w(big.NewInt(0x40))
	w(big.NewInt(int64(0x40 + 32 + padded)))
	w(big.NewInt(int64(len(proof))))
	in = append(in, proof...)
	in = append(in, make([]byte, padded-len(proof))...)
	w(big.NewInt(int64(len(instances))))
	for _, v := range instances {
		w(v)
	}
	return in
}

func testSRS(t testing.TB) *kzg.SRS {
	srs, err := kzg.NewSRS(1<<logN, big.NewInt(987654321))
	if err != nil {
		t.Fatal(err)
	}
	return srs
}

func isTrue(out []byte) bool {
	return len(out) == 32 && out[31] == 1 && big.NewInt(0).SetBytes(out[:31]).Sign() == 0
}

func isFalse(out []byte) bool { return len(out) == 32 && new(big.Int).SetBytes(out).Sign() == 0 }

var updateGas = flag.Bool("update", false, "rewrite testdata/gas.json")

// TestShplonkVerifierEVM deploys a generated verifier per shape, checks that
// the honest proof passes and every tampered one fails (in the EVM and in
// the Go reference), and compares the execution gas with testdata/gas.json
// (deterministic: fixed seeds, pinned solc; rerun with -update after an
// intended change).
func TestShplonkVerifierEVM(t *testing.T) {
	srs := testSRS(t)
	gasSeen := map[string]uint64{}
	defer func() {
		if t.Failed() || testing.Short() {
			return
		}
		checkGolden(t, gasSeen)
	}()
	for si, sh := range evmShapes {
		if testing.Short() && sh.name != "halo2-like" {
			continue // each shape compiles its own contract (~3 s)
		}
		t.Run(sh.name, func(t *testing.T) {
			o := buildOpening(t, srs, "ShplonkVerifier", sh.queries, uint64(si+11), nil)
			src, err := solidity.Generate(o.spec)
			if err != nil {
				t.Fatal(err)
			}
			_, c, call := deploy(t, map[string]string{"Verifier.sol": src}, "ShplonkVerifier")
			input := verifyProofInput(o.proof, o.instances)
			frs := make([]fr.Element, len(o.instances))
			for i, v := range o.instances {
				frs[i].SetBigInt(v)
			}
			if string(solidity.Calldata(o.proof, frs)) != string(input) {
				t.Fatal("solidity.Calldata differs from the test's ABI encoding")
			}
			out, gas, err := call(input)
			if err != nil {
				t.Fatal(err)
			}
			if !isTrue(out) {
				t.Fatalf("honest proof rejected (output %x)", out)
			}
			gasSeen[sh.name] = gas
			t.Logf("%s: %d queries, %d commitments in proof, proof %d bytes, runtime code %d bytes: verifyProof execution gas %d, + intrinsic %d = %d",
				sh.name, len(o.spec.Queries), o.spec.NumProofPoints(), len(o.proof), len(c.Runtime), gas, IntrinsicGas(input), gas+IntrinsicGas(input))

			for _, tc := range tamperCases(o) {
				if goVerify(srs, o.spec, tc.proof, tc.instances) == nil {
					t.Errorf("%s: Go reference verifier accepts the tampered proof", tc.name)
				}
				out, _, err := call(verifyProofInput(tc.proof, tc.instances))
				if err != nil {
					t.Errorf("%s: reverted: %v", tc.name, err)
					continue
				}
				if !isFalse(out) {
					t.Errorf("%s: tampered proof accepted (output %x)", tc.name, out)
				}
			}
		})
	}
}

type tampered struct {
	name      string
	proof     []byte
	instances []*big.Int
}

func tamperCases(o *opening) []tampered {
	np := o.spec.NumProofPoints()
	evals := 64 * np
	wOff := evals + 32*o.spec.NumEvals
	wpOff := wOff + 64
	r := fr.Modulus()
	var g bn254.G1Affine
	_, _, g, _ = bn254.Generators()
	gx, gy := g.X.Bytes(), g.Y.Bytes()
	var g2 bn254.G1Affine
	g2.Double(&g)

	var out []tampered
	add := func(name string, f func(p []byte) []byte) {
		p := f(append([]byte(nil), o.proof...))
		out = append(out, tampered{name, p, o.instances})
	}
	setWord := func(p []byte, off int, v *big.Int) { v.FillBytes(p[off : off+32]) }
	getWord := func(p []byte, off int) *big.Int { return new(big.Int).SetBytes(p[off : off+32]) }
	for e := 0; e < o.spec.NumEvals; e += max(1, o.spec.NumEvals/3) {
		add(fmt.Sprintf("evaluation %d + 1", e), func(p []byte) []byte {
			v := getWord(p, evals+32*e)
			setWord(p, evals+32*e, v.Mod(v.Add(v, big.NewInt(1)), r))
			return p
		})
		add(fmt.Sprintf("evaluation %d + r (non-canonical)", e), func(p []byte) []byte {
			v := getWord(p, evals+32*e)
			setWord(p, evals+32*e, v.Add(v, r))
			return p
		})
	}
	if np > 0 {
		add("commitment 0 replaced by another point", func(p []byte) []byte {
			x, y := g2.X.Bytes(), g2.Y.Bytes()
			copy(p[0:32], x[:])
			copy(p[32:64], y[:])
			return p
		})
		mid := np / 2
		add(fmt.Sprintf("commitment %d replaced by another point", mid), func(p []byte) []byte {
			x, y := g2.X.Bytes(), g2.Y.Bytes()
			copy(p[64*mid:], x[:])
			copy(p[64*mid+32:], y[:])
			return p
		})
		add("commitment off the curve", func(p []byte) []byte {
			v := getWord(p, 32)
			setWord(p, 32, v.Add(v, big.NewInt(1)))
			return p
		})
	}
	if np > 1 {
		add("commitments swapped", func(p []byte) []byte {
			a := append([]byte(nil), p[0:64]...)
			copy(p[0:64], p[64:128])
			copy(p[64:128], a)
			return p
		})
	}
	add("W replaced", func(p []byte) []byte { copy(p[wOff:], gx[:]); copy(p[wOff+32:], gy[:]); return p })
	add("W' replaced", func(p []byte) []byte { copy(p[wpOff:], gx[:]); copy(p[wpOff+32:], gy[:]); return p })
	add("W' at infinity", func(p []byte) []byte { clear(p[wpOff : wpOff+64]); return p })
	add("W' off the curve", func(p []byte) []byte { p[wpOff+63] ^= 1; return p })
	// With a single point W' = W (L = (X − z)·h), so swapping them is no change.
	if string(o.proof[wOff:wOff+64]) != string(o.proof[wpOff:wpOff+64]) {
		add("W and W' swapped", func(p []byte) []byte {
			a := append([]byte(nil), p[wOff:wOff+64]...)
			copy(p[wOff:wOff+64], p[wpOff:wpOff+64])
			copy(p[wpOff:wpOff+64], a)
			return p
		})
	}
	add("truncated", func(p []byte) []byte { return p[:len(p)-32] })
	add("extended", func(p []byte) []byte { return append(p, make([]byte, 32)...) })

	inst := func(name string, f func([]*big.Int) []*big.Int) {
		c := make([]*big.Int, len(o.instances))
		for i, v := range o.instances {
			c[i] = new(big.Int).Set(v)
		}
		out = append(out, tampered{name, o.proof, f(c)})
	}
	inst("instance changed", func(v []*big.Int) []*big.Int { v[1].Add(v[1], big.NewInt(1)); return v })
	inst("instance + r", func(v []*big.Int) []*big.Int { v[0].Add(v[0], r); return v })
	inst("instance missing", func(v []*big.Int) []*big.Int { return v[:2] })
	inst("no instances", func(v []*big.Int) []*big.Int { return nil })
	inst("instance zero appended", func(v []*big.Int) []*big.Int { return append(v, new(big.Int)) })
	inst("too many instances", func(v []*big.Int) []*big.Int {
		for len(v) < 7 {
			v = append(v, new(big.Int))
		}
		return v
	})
	return out
}

// TestQuotientCheckHook checks that Spec.QuotientCheck runs and can reject
// on its own: the "circuit" claims f2(x) = f0(x)·f1(x). With f2 = f0·f1 the
// proof passes; with f2 = f0·f1 + 1 every opening is honest (the Go
// reference, which has no quotient check, accepts) but the contract refuses.
func TestQuotientCheckHook(t *testing.T) {
	srs := testSRS(t)
	shape := []queryShape{{[]int{0}, false}, {[]int{0}, false}, {[]int{0}, false}}
	check := `                let e0 := calldataload(add(proofOff, EVALS_OFF))
                let e1 := calldataload(add(proofOff, add(EVALS_OFF, 0x20)))
                let e2 := calldataload(add(proofOff, add(EVALS_OFF, 0x40)))
                if iszero(eq(mulmod(e0, e1, R), e2)) { leave }`
	for _, broken := range []bool{false, true} {
		o := buildOpening(t, srs, "RelationVerifier", shape, 5, func(p [][]fr.Element) {
			half := len(p[0]) / 2
			clear(p[0][half:])
			clear(p[1][half:])
			clear(p[2])
			for a := 0; a < half; a++ {
				for b := 0; b < half; b++ {
					var m fr.Element
					m.Mul(&p[0][a], &p[1][b])
					p[2][a+b].Add(&p[2][a+b], &m)
				}
			}
			if broken {
				var one fr.Element
				one.SetOne()
				p[2][0].Add(&p[2][0], &one)
			}
		})
		o.spec.QuotientCheck = check
		src, err := solidity.Generate(o.spec)
		if err != nil {
			t.Fatal(err)
		}
		_, _, call := deploy(t, map[string]string{"Verifier.sol": src}, "RelationVerifier")
		out, _, err := call(verifyProofInput(o.proof, o.instances))
		if err != nil {
			t.Fatal(err)
		}
		if broken && !isFalse(out) {
			t.Fatalf("relation broken but accepted: %x", out)
		}
		if !broken && !isTrue(out) {
			t.Fatalf("relation holds but rejected: %x", out)
		}
	}
}

func checkGolden(t *testing.T, gas map[string]uint64) {
	const file = "testdata/gas.json"
	got, err := json.MarshalIndent(gas, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateGas {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("verifyProof gas changed:\n%s\nwant (%s):\n%s\nrerun with -update if intended", got, file, want)
	}
}
