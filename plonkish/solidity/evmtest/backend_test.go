package evmtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/examples"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

var (
	backendSRSOnce sync.Once
	backendSRS     *kzg.SRS
	backendSRSErr  error
)

// exampleSRS is an insecure test SRS for circuits up to 2^10 rows.
func exampleSRS(t testing.TB) *kzg.SRS {
	backendSRSOnce.Do(func() { backendSRS, backendSRSErr = kzg.NewTestSRS(1<<10+1, []byte("zkwasm solidity evm tests")) })
	if backendSRSErr != nil {
		t.Fatal(backendSRSErr)
	}
	return backendSRS
}

// proven is a circuit's verifying key with one honest proof.
type proven struct {
	name      string
	vk        *backend.VerifyingKey
	proof     *backend.Proof
	instances [][]fr.Element
	spec      *solidity.Spec
	source    string
	contract  string
}

// exampleProofs proves examples.All(k) and the bus example with the backend
// and generates each verifier.
func exampleProofs(t testing.TB, k int) []*proven {
	t.Helper()
	srs := exampleSRS(t)
	exs, err := examples.All(k)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := examples.BusExample(k, 12, 16)
	if err != nil {
		t.Fatal(err)
	}
	exs = append(exs, bus)
	var out []*proven
	for i, ex := range exs {
		pk, vk, err := backend.Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatalf("%s: setup: %v", ex.Name, err)
		}
		wit := examples.CloneWitness(ex.Wit)
		proof, err := backend.Prove(pk, wit, nil)
		if err != nil {
			t.Fatalf("%s: prove: %v", ex.Name, err)
		}
		if err := backend.Verify(vk, wit.Instance, proof); err != nil {
			t.Fatalf("%s: Go verifier rejects the honest proof: %v", ex.Name, err)
		}
		name := fmt.Sprintf("Verifier%d", i)
		spec, err := solidity.FromVerifyingKey(vk, solidity.WithName(name))
		if err != nil {
			t.Fatalf("%s: spec: %v", ex.Name, err)
		}
		src, err := solidity.Generate(spec)
		if err != nil {
			t.Fatalf("%s: generate: %v", ex.Name, err)
		}
		out = append(out, &proven{name: ex.Name, vk: vk, proof: proof, instances: wit.Instance, spec: spec, source: src, contract: name})
	}
	return out
}

// proofTampers returns proofs that must be rejected: one byte flipped at
// several positions (in a commitment of each round, an evaluation of each
// kind, a quotient chunk's evaluation, W, W'), and body-level swaps.
func proofTampers(p *proven) map[string][]byte {
	body := p.proof.Body()
	s := p.spec
	out := map[string][]byte{}
	flip := func(name string, off int) {
		if off < 0 || off >= len(body) {
			return
		}
		b := append([]byte(nil), body...)
		b[off] ^= 0x01
		out[fmt.Sprintf("%s (byte %d flipped)", name, off)] = b
	}
	point := 0
	for r, rd := range s.Rounds {
		if rd.Points > 0 {
			flip(fmt.Sprintf("round %d first commitment y", r), 64*point+63)
			flip(fmt.Sprintf("round %d last commitment x", r), 64*(point+rd.Points-1)+31)
		}
		point += rd.Points
	}
	evals := 64 * point
	for _, e := range []int{0, 1, s.NumEvals / 2, s.NumEvals - 2, s.NumEvals - 1} {
		flip(fmt.Sprintf("evaluation %d", e), evals+32*e+31)
	}
	flip("evaluation 0 high byte", evals)
	wOff := evals + 32*s.NumEvals
	flip("W", wOff+63)
	flip("W'", wOff+64+63)
	out["truncated"] = body[:len(body)-1]
	out["extended"] = append(append([]byte(nil), body...), 0)
	return out
}

// exampleFixture proves every example at k = exampleK once and compiles
// each verifier, and an opening-only variant of it (no quotient check), in
// one solc run.
type exampleFixture struct {
	proofs   []*proven
	compiled map[string]Contract
}

const exampleK = 5

var (
	fixtureOnce sync.Once
	fixture     exampleFixture
	fixtureErr  string
)

func examplesCompiled(t testing.TB) *exampleFixture {
	t.Helper()
	fixtureOnce.Do(func() {
		ft := &fixtureT{}
		func() {
			defer func() {
				if r := recover(); r != nil && r != errFixture {
					panic(r)
				}
			}()
			ps := exampleProofs(ft, exampleK)
			srcs := map[string]string{}
			for _, p := range ps {
				srcs[p.contract+".sol"] = p.source
				open := *p.spec
				open.Name = p.contract + "OpeningOnly"
				open.QuotientCheck = ""
				src, err := solidity.Generate(&open)
				if err != nil {
					ft.Fatalf("%s: opening-only verifier: %v", p.name, err)
				}
				srcs[open.Name+".sol"] = src
			}
			compiled, err := Compile(srcs)
			if err != nil {
				ft.Fatalf("%v", err)
			}
			fixture = exampleFixture{proofs: ps, compiled: compiled}
		}()
		fixtureErr = ft.msg
	})
	if fixtureErr != "" {
		t.Fatal(fixtureErr)
	}
	return &fixture
}

// fixtureT lets the fixture use t.Fatalf-style helpers outside a test.
type fixtureT struct {
	testing.TB
	msg string
}

var errFixture = fmt.Errorf("fixture failed")

func (f *fixtureT) Helper() {}
func (f *fixtureT) Fatal(args ...any) {
	f.msg = fmt.Sprint(args...)
	panic(errFixture)
}
func (f *fixtureT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(errFixture)
}

// deployed deploys the named compiled contract in a fresh EVM.
func deployed(t *testing.T, c Contract) func(body []byte, inst []fr.Element) ([]byte, uint64, error) {
	t.Helper()
	evm, err := NewEVM()
	if err != nil {
		t.Fatal(err)
	}
	addr, _, err := evm.Deploy(c.Creation)
	if err != nil {
		t.Fatal(err)
	}
	return func(body []byte, inst []fr.Element) ([]byte, uint64, error) {
		return evm.Call(addr, solidity.Calldata(body, inst))
	}
}

// TestExamplesVerifyInEVM: for every example, the generated verifier
// accepts the backend's proof, rejects flipped bytes, changed, dropped or
// added public values and other circuits' proofs, stays under EIP-170, and
// uses the gas of testdata/gas_examples.json.
func TestExamplesVerifyInEVM(t *testing.T) {
	fx := examplesCompiled(t)
	ps, compiled := fx.proofs, fx.compiled
	k := exampleK
	gas := map[string]uint64{}
	for i, p := range ps {
		t.Run(p.name, func(t *testing.T) {
			c := compiled[p.contract]
			call := deployed(t, c)
			flat := solidity.FlattenInstances(p.instances)
			out, g, err := call(p.proof.Body(), flat)
			if err != nil {
				t.Fatal(err)
			}
			if !isTrue(out) {
				t.Fatalf("honest proof rejected (output %x)", out)
			}
			gas[p.name] = g
			input := solidity.ProofCalldata(p.proof, p.instances)
			t.Logf("%s (k=%d): %d constraints' check, proof %d bytes, %d instances, runtime code %d bytes: verifyProof gas %d (+ intrinsic %d)",
				p.name, k, len(p.vk.Constraints(fr.Element{}, fr.Element{}, fr.Element{})), len(p.proof.Body()), len(flat), len(c.Runtime), g, IntrinsicGas(input))
			if len(c.Runtime) > 24576 {
				t.Errorf("runtime code %d bytes exceeds EIP-170", len(c.Runtime))
			}

			reject := func(what string, body []byte, inst []fr.Element) {
				t.Helper()
				out, _, err := call(body, inst)
				if err == nil && !isFalse(out) {
					t.Errorf("%s: accepted (output %x)", what, out)
				}
			}
			for name, b := range proofTampers(p) {
				reject(name, b, flat)
			}
			if len(flat) > 0 {
				for j := range flat {
					bad := append([]fr.Element(nil), flat...)
					var one fr.Element
					one.SetOne()
					bad[j].Add(&bad[j], &one)
					reject(fmt.Sprintf("instance %d + 1", j), p.proof.Body(), bad)
					if j >= 2 {
						break
					}
				}
				reject("last instance dropped", p.proof.Body(), flat[:len(flat)-1])
			}
			reject("zero instance appended", p.proof.Body(), append(append([]fr.Element(nil), flat...), fr.Element{}))
			// another circuit's proof, with its own instances
			o := ps[(i+1)%len(ps)]
			reject("proof of "+o.name, o.proof.Body(), solidity.FlattenInstances(o.instances))
			// a proof of another witness of the same circuit with this proof's body
			// swapped in half: the evaluations of another proof
			if o2 := sameShape(ps, p); o2 != nil {
				reject("proof of "+o2.name+" (same shape)", o2.proof.Body(), flat)
			}
		})
	}
	if !t.Failed() && !testing.Short() {
		checkGasTable(t, "testdata/gas_examples.json", gas)
	}
}

// sameShape returns another example whose proofs have p's length, if any.
func sameShape(ps []*proven, p *proven) *proven {
	for _, o := range ps {
		if o != p && len(o.proof.Body()) == len(p.proof.Body()) {
			return o
		}
	}
	return nil
}

// checkGasTable compares gas with a golden JSON table (rewritten with -update).
func checkGasTable(t *testing.T, file string, gas map[string]uint64) {
	t.Helper()
	got, err := json.MarshalIndent(gas, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateGas {
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

// TestTamperedWitnessEVM proves every tamper of every example (gates,
// lookups, buses, shuffles, copies, public values) with the backend's
// checks off. The openings of such a proof are honest, only the quotient
// identity fails: the Go verifier must say ErrQuotient, the generated
// verifier must return false, and the same contract without its quotient
// check must return true (so it is the generated check that rejects).
func TestTamperedWitnessEVM(t *testing.T) {
	fx := examplesCompiled(t)
	srs := exampleSRS(t)
	exs, err := examples.All(exampleK)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := examples.BusExample(exampleK, 12, 16)
	if err != nil {
		t.Fatal(err)
	}
	exs = append(exs, bus)
	seen := map[examples.Broken]int{}
	for i, ex := range exs {
		p := fx.proofs[i]
		full := deployed(t, fx.compiled[p.contract])
		openOnly := deployed(t, fx.compiled[p.contract+"OpeningOnly"])
		out, _, err := openOnly(p.proof.Body(), solidity.FlattenInstances(p.instances))
		if err != nil || !isTrue(out) {
			t.Fatalf("%s: opening-only verifier rejects the honest proof (%x, %v)", ex.Name, out, err)
		}
		pk, vk, err := backend.Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		if vk.Digest() != p.vk.Digest() {
			t.Fatalf("%s: setup is not deterministic", ex.Name)
		}
		for _, tam := range ex.Tampers {
			wit := tam.Apply(ex.Wit)
			proof, err := backend.Prove(pk, wit, nil, backend.WithoutChecks())
			if err != nil {
				t.Fatalf("%s / %s: prove: %v", ex.Name, tam.Name, err)
			}
			if err := backend.Verify(vk, wit.Instance, proof); !errors.Is(err, backend.ErrQuotient) {
				t.Fatalf("%s / %s: Go verifier says %v, want ErrQuotient", ex.Name, tam.Name, err)
			}
			inst := solidity.FlattenInstances(wit.Instance)
			out, _, err := full(proof.Body(), inst)
			if err == nil && !isFalse(out) {
				t.Errorf("%s / %s (%s): the generated verifier accepts (output %x)", ex.Name, tam.Name, tam.Breaks, out)
			}
			out, _, err = openOnly(proof.Body(), inst)
			if err != nil || !isTrue(out) {
				t.Errorf("%s / %s: the openings of the tampered proof do not verify (%x, %v): the test proves nothing", ex.Name, tam.Name, out, err)
			}
			seen[tam.Breaks]++
		}
	}
	for _, b := range []examples.Broken{examples.BreaksGate, examples.BreaksLookup, examples.BreaksCopy, examples.BreaksShuffle, examples.BreaksBus} {
		if seen[b] == 0 {
			t.Errorf("no tamper breaking a %s was tried", b)
		}
	}
	t.Logf("tampers rejected by the quotient check: %v", seen)
}

// BenchmarkVerifierGas reports the execution gas of verifyProof (metric
// "gas") and the runtime code size ("code-bytes") of every example's
// generated verifier at k = 5:
//
//	cd plonkish/solidity/evmtest && go test -run XXX -bench VerifierGas .
func BenchmarkVerifierGas(b *testing.B) {
	fx := examplesCompiled(b)
	for _, p := range fx.proofs {
		b.Run(strings.ReplaceAll(p.name, " ", "_"), func(b *testing.B) {
			c := fx.compiled[p.contract]
			evm, err := NewEVM()
			if err != nil {
				b.Fatal(err)
			}
			addr, _, err := evm.Deploy(c.Creation)
			if err != nil {
				b.Fatal(err)
			}
			input := solidity.ProofCalldata(p.proof, p.instances)
			var gas uint64
			for b.Loop() {
				out, g, err := evm.Call(addr, input)
				if err != nil || !isTrue(out) {
					b.Fatalf("rejected: %x %v", out, err)
				}
				gas = g
			}
			b.ReportMetric(float64(gas), "gas")
			b.ReportMetric(float64(len(c.Runtime)), "code-bytes")
		})
	}
}
