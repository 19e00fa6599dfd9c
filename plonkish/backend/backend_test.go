package backend

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/lookup"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

var (
	srsOnce sync.Once
	srsVal  *kzg.SRS
	srsErr  error
)

// testSRS returns an insecure SRS big enough for every test (2^12 rows).
func testSRS(t testing.TB) *kzg.SRS {
	srsOnce.Do(func() { srsVal, srsErr = kzg.NewTestSRS(1<<12+1, []byte("zkwasm backend tests")) })
	if srsErr != nil {
		t.Fatal(srsErr)
	}
	return srsVal
}

// allExamples is examples.All plus the bus example.
func allExamples(k int) ([]examples.Example, error) {
	exs, err := examples.All(k)
	if err != nil {
		return nil, err
	}
	b, err := examples.BusExample(k, 12, 16)
	if err != nil {
		return nil, err
	}
	return append(exs, b), nil
}

func TestExamplesProveAndVerify(t *testing.T) {
	srs := testSRS(t)
	for _, k := range []int{5, 7} {
		exs, err := allExamples(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range exs {
			pk, vk, err := Setup(ex.CS, ex.Pre, srs)
			if err != nil {
				t.Fatalf("%s k=%d: setup: %v", ex.Name, k, err)
			}
			wit := examples.CloneWitness(ex.Wit)
			proof, err := Prove(pk, wit, nil)
			if err != nil {
				t.Fatalf("%s k=%d: prove: %v", ex.Name, k, err)
			}
			if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
				t.Fatalf("%s k=%d: verify: %v", ex.Name, k, err)
			}
			if !errors.Is(Verify(vk, nil, proof), nil) && len(ex.Wit.Instance) == 0 {
				t.Fatalf("%s: nil instances rejected for a circuit without instance columns", ex.Name)
			}
		}
	}
}

// Every degree bound packs the arguments differently (helper columns, permutation
// chunks, shuffle groups, quotient parts); each must prove, verify and reject tampers.
func TestDegreeBounds(t *testing.T) {
	srs := testSRS(t)
	exs, err := allExamples(6)
	if err != nil {
		t.Fatal(err)
	}
	totalHelpers, maxChunks := 0, 0
	for _, d := range []int{3, 4, 5, 7} {
		helpers, chunks := 0, 0
		for _, ex := range exs {
			pk, vk, err := Setup(ex.CS, ex.Pre, srs, WithMaxDegree(d))
			if err != nil {
				if d < requiredDegree(ex.CS) {
					continue
				}
				t.Fatalf("%s D=%d: setup: %v", ex.Name, d, err)
			}
			st := vk.Stats()
			helpers += st.LookupHelpers
			chunks += st.PermutationProducts
			maxChunks = max(maxChunks, st.PermutationProducts)
			proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
			if err != nil {
				t.Fatalf("%s D=%d: prove: %v", ex.Name, d, err)
			}
			if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
				t.Fatalf("%s D=%d: verify: %v (stats %+v)", ex.Name, d, err, st)
			}
			for _, tam := range ex.Tampers {
				w := tam.Apply(ex.Wit)
				p, err := Prove(pk, w, nil, WithoutChecks())
				if err != nil {
					t.Fatal(err)
				}
				if Verify(vk, w.Instance, p) == nil {
					t.Fatalf("%s D=%d: tamper %s accepted", ex.Name, d, tam.Name)
				}
			}
		}
		t.Logf("D=%d: %d lookup helpers, %d permutation chunks over all examples", d, helpers, chunks)
		totalHelpers += helpers
	}
	if totalHelpers == 0 || maxChunks < 2 {
		t.Errorf("the degree bounds tried exercised no lookup helper column (%d) or no multi-chunk permutation (%d)", totalHelpers, maxChunks)
	}
}

func TestProgressAndStats(t *testing.T) {
	f := mixedFixture(t, testSRS(t))
	var phases []string
	if _, err := Prove(f.pk, examples.CloneWitness(f.ex.Wit), nil, WithProgress(func(p string) { phases = append(phases, p) })); err != nil {
		t.Fatal(err)
	}
	want := []string{PhaseAdvice, PhaseLookups, PhasePermutation, PhaseQuotient, PhaseOpening}
	if fmt.Sprint(phases) != fmt.Sprint(want) {
		t.Fatalf("phases %v, want %v", phases, want)
	}
	st := f.vk.Stats()
	if st.Advice != f.ex.CS.NumAdvice() || st.Fixed != f.ex.CS.NumFixed() || st.Sigma != len(f.ex.CS.Equality) {
		t.Fatalf("stats %+v disagree with the circuit", st)
	}
	if got := len(f.proof.Advice) + len(f.proof.Multiplicities) + len(f.proof.Arguments) + len(f.proof.Quotient); got != st.Committed() {
		t.Fatalf("proof commits %d polynomials, Stats says %d", got, st.Committed())
	}
	if st.LookupMultiplicities == 0 || st.QuotientChunks != st.Degree-1 || st.ExtendedFactor != st.QuotientChunks {
		t.Fatalf("implausible stats %+v", st)
	}
	t.Logf("mixed example: %+v", st)
}

// Without WithoutChecks, Prove refuses every tampered witness with an error naming the
// kind of constraint that fails.
func TestProveChecksWitness(t *testing.T) {
	srs := testSRS(t)
	exs, _ := allExamples(6)
	seen := map[examples.Broken]int{}
	for _, ex := range exs {
		pk, _, err := Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		for _, tam := range ex.Tampers {
			_, err := Prove(pk, tam.Apply(ex.Wit), nil)
			var ue *UnsatisfiedError
			var miss *lookup.MissError
			var be *lookup.BalanceError
			switch {
			case err == nil:
				t.Fatalf("%s / %s: tampered witness proved without complaint", ex.Name, tam.Name)
			case errors.As(err, &ue):
				seen[examples.Broken(ue.Kind)]++
			case errors.As(err, &miss):
				seen[examples.BreaksLookup]++
			case errors.As(err, &be):
				seen[examples.BreaksBus]++
			default:
				t.Fatalf("%s / %s: unexpected error %v", ex.Name, tam.Name, err)
			}
		}
	}
	for _, b := range []examples.Broken{examples.BreaksGate, examples.BreaksLookup, examples.BreaksCopy, examples.BreaksShuffle, examples.BreaksBus} {
		if seen[b] == 0 {
			t.Errorf("no tamper reported as a %s failure (%v)", b, seen)
		}
	}
}

// A gate without a selector fails on the random unusable rows: Prove says so.
func TestProveGateNeedsSelector(t *testing.T) {
	var cs plonkish.ConstraintSystem
	a, b := cs.AdviceColumn("a"), cs.AdviceColumn("b")
	cs.CreateGate("a=b", plonkish.Sub(a.Cur(), b.Cur()))
	pre := plonkish.NewPreprocessed(&cs, 5)
	pk, _, err := Setup(&cs, pre, testSRS(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Prove(pk, plonkish.NewWitness(&cs, 5), nil)
	var ue *UnsatisfiedError
	if !errors.As(err, &ue) || ue.Row < cs.UsableRows(32) || !strings.Contains(err.Error(), "selector") {
		t.Fatalf("got %v, want a gate failure on an unusable row", err)
	}
}

// The memory estimate of the largest benchmark (2^20 rows, 64 advice columns) fits in
// 24 GiB even with the collector's headroom.
func TestMemoryEstimate(t *testing.T) {
	cs, _, _ := benchCircuit(8, 64)
	lay, err := newLayout(cs, 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	vk := &VerifyingKey{lay: lay}
	st := vk.Stats()
	total := float64(st.ProvingKeyBytes+st.ProverBytes) / (1 << 30)
	t.Logf("2^20 rows × 64 advice: proving key %.2f GiB, prover %.2f GiB live, ~%.1f GiB peak heap at 1.4×",
		float64(st.ProvingKeyBytes)/(1<<30), float64(st.ProverBytes)/(1<<30), 1.4*total)
	if 1.4*total > 24 {
		t.Fatalf("estimated peak %.1f GiB exceeds 24 GiB", 1.4*total)
	}
}

// At 2^13 rows the parallel paths (chunked batch inversion, multiplicity counting,
// vector operations split over the CPUs) run; an honest proof verifies and a tampered
// lookup input is rejected.
func TestProveParallelPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("proves 2^13 rows")
	}
	const k = 13
	srs, err := kzg.NewTestSRS(1<<k+1, []byte("zkwasm backend tests 2^13"))
	if err != nil {
		t.Fatal(err)
	}
	cs, pre, wit := benchCircuit(k, 6)
	pk, vk, err := Setup(cs, pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(pk, wit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, nil, proof); err != nil {
		t.Fatal(err)
	}
	wit.Advice[0][5000].SetUint64(256) // outside the byte table (and breaks the gate)
	bad, err := Prove(pk, wit, nil, WithoutChecks())
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, nil, bad); !errors.Is(err, ErrQuotient) {
		t.Fatalf("tampered 2^13 proof: %v", err)
	}
}

// With a real ceremony SRS (snarkjs .ptau; τ unknown, so the Lagrange basis comes from
// an FFT over G1) every example proves and verifies at 2^7 rows.
func TestPtauSRS(t *testing.T) {
	f, err := os.Open("../../testdata/ptau/pot8_final.ptau")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	srs, err := kzg.ImportPtau(bufio.NewReader(f), 1<<8)
	if err != nil {
		t.Fatal(err)
	}
	if srs.Insecure {
		t.Fatal("imported SRS marked insecure")
	}
	exs, err := allExamples(7)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range exs {
		pk, vk, err := Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatalf("%s: %v", ex.Name, err)
		}
		proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
		if err != nil {
			t.Fatalf("%s: %v", ex.Name, err)
		}
		if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
			t.Fatalf("%s: %v", ex.Name, err)
		}
		// a key made with another SRS rejects the proof
		_, vkTest, err := Setup(ex.CS, ex.Pre, testSRS(t))
		if err != nil {
			t.Fatal(err)
		}
		if vkTest.ImageID() == vk.ImageID() || Verify(vkTest, ex.Wit.Instance, proof) == nil {
			t.Fatalf("%s: proof accepted under the same circuit with another SRS", ex.Name)
		}
	}
	if _, _, err := Setup(exs[0].CS, plonkishPre(exs[0], 8), srs); err == nil {
		t.Fatal("SRS of 256 points accepted for 2^8 rows (needs 2^8 + 1)")
	}
}

func plonkishPre(ex examples.Example, k int) *plonkish.Preprocessed {
	return plonkish.NewPreprocessed(ex.CS, k)
}

// The shaped benchmark circuit is satisfied and its proof verifies (small k).
func TestShapedCircuit(t *testing.T) {
	cs, pre, wit := shapedCircuit(8, 12, 12, 4)
	pk, vk, err := Setup(cs, pre, testSRS(t))
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(pk, wit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, nil, proof); err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", vk.Stats())
}
