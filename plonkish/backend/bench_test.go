package backend

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// benchCircuit has `advice` advice columns of full-width random values (the worst case
// for commitments), one degree-2 gate over all of them and one lookup of an 8-bit
// column into a fixed 8-bit range table.
func benchCircuit(k, advice int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness) {
	var cs plonkish.ConstraintSystem
	s := cs.Selector("s")
	table := cs.FixedColumn("range8")
	cols := make([]plonkish.Column, advice)
	for i := range cols {
		cols[i] = cs.AdviceColumn(fmt.Sprintf("a%d", i))
	}
	// s·(a0·a1 + a2 + ... + a_{m−2} − a_{m−1}) = 0
	terms := []plonkish.Expression{plonkish.Mul(cols[0].Cur(), cols[1].Cur())}
	for _, c := range cols[2 : advice-1] {
		terms = append(terms, c.Cur())
	}
	cs.CreateGate("sum", plonkish.Mul(s.Cur(), plonkish.Sub(plonkish.Add(terms...), cols[advice-1].Cur())))
	t := cs.AddTable("range8", table.Cur())
	cs.AddLookup("a0 is a byte", t, cols[0].Cur())

	n := 1 << k
	u := cs.UsableRows(n)
	pre := plonkish.NewPreprocessed(&cs, k)
	wit := plonkish.NewWitness(&cs, k)
	for r := range u {
		pre.SetFixed(s, r, 1)
		pre.SetFixed(table, r, uint64(r%256))
	}
	var seed fr.Element
	seed.SetUint64(7)
	for r := range u {
		wit.Advice[0][r].SetUint64(uint64(r*7919) % 256)
		var acc fr.Element
		for i := 1; i < advice-1; i++ {
			seed.Square(&seed).Add(&seed, &wit.Advice[0][r])
			wit.Advice[i][r] = seed
		}
		acc.Mul(&wit.Advice[0][r], &wit.Advice[1][r])
		for i := 2; i < advice-1; i++ {
			acc.Add(&acc, &wit.Advice[i][r])
		}
		wit.Advice[advice-1][r] = acc
	}
	return &cs, pre, wit
}

var (
	benchSRSMu sync.Mutex
	benchSRS   = map[int]*kzg.SRS{}
)

func srsFor(b *testing.B, k int) *kzg.SRS {
	benchSRSMu.Lock()
	defer benchSRSMu.Unlock()
	if s := benchSRS[k]; s != nil {
		return s
	}
	s, err := kzg.CachedTestSRS(uint64(1)<<k+1, []byte("zkwasm backend benchmarks"))
	if err != nil {
		b.Fatal(err)
	}
	benchSRS[k] = s
	return s
}

// BenchmarkProve measures Prove at 2^16, 2^18, 2^20 rows with 8, 32, 64 advice columns
// and reports: the MSM floor (one full-scalar MSM of 2^k points, timed in the same run,
// times the number of polynomials the prover commits, including the opening's two),
// prove/floor, the peak Go heap during Prove and the process's VmHWM.
//
//	go test ./plonkish/backend -run '^$' -bench 'Prove/k=16' -benchtime 1x
func BenchmarkProve(b *testing.B) {
	for _, k := range []int{16, 18, 20} {
		for _, a := range []int{8, 32, 64} {
			b.Run(fmt.Sprintf("k=%d/advice=%d", k, a), func(b *testing.B) { benchProve(b, k, a) })
		}
	}
}

func benchProve(b *testing.B, k, advice int) {
	srs := srsFor(b, k)
	cs, pre, wit := benchCircuit(k, advice)
	pk, vk, err := Setup(cs, pre, srs)
	if err != nil {
		b.Fatal(err)
	}
	st := vk.Stats()
	// the MSM floor, measured now
	basis, err := srs.LagrangeBasis(k)
	if err != nil {
		b.Fatal(err)
	}
	scalars := make([]fr.Element, 1<<k)
	for i := range scalars {
		scalars[i].MustSetRandom()
	}
	var p bn254.G1Affine
	t0, c0 := time.Now(), cpuTime()
	const reps = 2
	for range reps {
		if _, err := p.MultiExp(basis, scalars, ecc.MultiExpConfig{}); err != nil {
			b.Fatal(err)
		}
	}
	msm := time.Since(t0) / reps
	msmCPU := (cpuTime() - c0) / reps
	scalars = nil
	commits := st.Committed() + 2
	floor := time.Duration(commits) * msm

	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	runtime.GC()
	c1 := cpuTime()
	b.ResetTimer()
	phases := map[string]time.Duration{}
	var last string
	var lastT time.Time
	mark := func(p string) {
		now := time.Now()
		if last != "" {
			phases[last] += now.Sub(lastT)
		}
		last, lastT = p, now
	}
	for range b.N {
		last = ""
		if _, err := Prove(pk, wit, nil, WithProgress(mark)); err != nil {
			b.Fatal(err)
		}
		mark("")
	}
	b.StopTimer()
	proveCPU := (cpuTime() - c1) / time.Duration(b.N)
	close(stop)
	<-done
	per := b.Elapsed() / time.Duration(b.N)
	// comparable with bench/'s gnark figure "ns/wire-cell": prove time per committed advice cell
	b.ReportMetric(float64(per.Nanoseconds())/float64(advice<<k), "ns/advice-cell")
	b.ReportMetric(float64(msm.Milliseconds()), "msm-ms")
	b.ReportMetric(float64(commits), "commits")
	b.ReportMetric(floor.Seconds(), "floor-s")
	b.ReportMetric(per.Seconds()/floor.Seconds(), "prove/floor")
	// CPU time is less sensitive than wall time to other processes on a shared machine
	b.ReportMetric(proveCPU.Seconds()/(time.Duration(commits)*msmCPU).Seconds(), "cpu-prove/floor")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	for p, d := range phases {
		b.ReportMetric(d.Seconds()/float64(b.N), p+"-s")
	}
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<10), "VmHWM-MiB")
	}
}

// cpuTime returns the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmHWM returns the process's peak resident set size in KiB (0 if unknown).
func vmHWM() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			v, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return v
		}
	}
	return 0
}

// BenchmarkCommitAdvice commits one blinded advice column of 2^16 rows holding bytes,
// 16-bit values or full field elements: blinding rows are committed separately, so
// small columns keep the commitment layer's cheap paths.
//
//	go test ./plonkish/backend -run '^$' -bench CommitAdvice
func BenchmarkCommitAdvice(b *testing.B) {
	const k = 16
	srs := srsFor(b, k)
	cs, pre, _ := benchCircuit(k, 8)
	pk, vk, err := Setup(cs, pre, srs)
	if err != nil {
		b.Fatal(err)
	}
	u := vk.UsableRows()
	for _, bits := range []int{8, 16, 254} {
		b.Run(fmt.Sprintf("bits=%d", bits), func(b *testing.B) {
			col := make([]fr.Element, 1<<k)
			for i := range u {
				if bits < 64 {
					col[i].SetUint64(uint64(i*2654435761) % (1 << bits))
				} else {
					col[i].MustSetRandom()
				}
			}
			for i := u; i < len(col); i++ {
				col[i].MustSetRandom()
			}
			b.ResetTimer()
			for range b.N {
				if _, err := pk.commitColumns([]poly.Lagrange{col}, u); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify verifies one proof of the 2^16-row, 32-advice benchmark circuit.
//
//	go test ./plonkish/backend -run '^$' -bench Verify
func BenchmarkVerify(b *testing.B) {
	const k = 16
	cs, pre, wit := benchCircuit(k, 32)
	pk, vk, err := Setup(cs, pre, srsFor(b, k))
	if err != nil {
		b.Fatal(err)
	}
	proof, err := Prove(pk, wit, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if err := Verify(vk, nil, proof); err != nil {
			b.Fatal(err)
		}
	}
}

// shapedCircuit looks like a zkVM execution table: `advice` columns of which the first
// `bytes` hold bytes (each looked up in an 8-bit table) and the rest 16-bit limbs (each
// looked up in a 16-bit table when k ≥ 17, else in the byte table), a selector-gated
// gate over a few columns, `eq` equality-enabled columns with copies between
// neighbouring rows, and a bus sending column 0 on even rows and receiving it on odd
// rows (which balances because the witness repeats column 0 on row pairs).
func shapedCircuit(k, advice, bytes, eq int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness) {
	var cs plonkish.ConstraintSystem
	s := cs.Selector("s")
	even := cs.Selector("even")
	t8 := cs.FixedColumn("t8")
	cols := make([]plonkish.Column, advice)
	for i := range cols {
		cols[i] = cs.AdviceColumn(fmt.Sprintf("a%d", i))
	}
	tab := cs.AddTable("bytes", t8.Cur())
	for i := range cols {
		cs.AddLookup(fmt.Sprintf("range %d", i), tab, cols[i].Cur())
	}
	// s·(a1 + 256·a2 − a3) = 0
	cs.CreateGate("limbs", plonkish.Mul(s.Cur(), plonkish.Sub(plonkish.Add(cols[1].Cur(), plonkish.Scale(cols[2].Cur(), 256)), cols[3].Cur())))
	bus := cs.AddBus("pairs")
	cs.AddInteraction(bus, "send", even.Cur(), cols[0].Cur())
	cs.AddInteraction(bus, "recv", plonkish.Neg(even.Prev()), cols[0].Cur())
	for i := range eq {
		cs.EnableEquality(cols[4+i])
	}
	n := 1 << k
	u := cs.UsableRows(n)
	pre := plonkish.NewPreprocessed(&cs, k)
	wit := plonkish.NewWitness(&cs, k)
	for r := range u {
		pre.SetFixed(t8, r, uint64(r%256))
		if r+1 < u && r%2 == 0 {
			pre.SetFixed(even, r, 1)
		}
	}
	mod := uint64(min(256, u)) // the byte table holds 0 … mod−1
	x := uint64(12345)
	for r := range u {
		for i := range cols {
			x = x*6364136223846793005 + 1442695040888963407
			wit.Set(cols[i], r, (x>>40)%mod)
		}
		if r%2 == 1 {
			wit.Advice[0][r] = wit.Advice[0][r-1]
		}
		// a3 = a1 + 256·a2 where that is a table value (a2 = 0), else the gate is off
		wit.Advice[3][r].SetUint64(0)
		if wit.Advice[2][r].IsZero() {
			wit.Advice[3][r] = wit.Advice[1][r]
			pre.SetFixed(s, r, 1)
		}
	}
	for i := range eq {
		for r := 0; r+1 < u; r += 2 {
			wit.Advice[4+i][r+1] = wit.Advice[4+i][r]
			pre.AddCopy(cols[4+i], r, cols[4+i], r+1)
		}
	}
	_ = bytes
	return &cs, pre, wit
}

// BenchmarkProveShaped proves shapedCircuit at 2^16 rows with 48 byte-valued advice
// columns, each looked up, 8 of them with copies, and a bus: the logUp helpers,
// permutation products and small-value commitments of a zkVM-like circuit.
//
//	go test ./plonkish/backend -run '^$' -bench ProveShaped -benchtime 1x
func BenchmarkProveShaped(b *testing.B) {
	const k = 16
	cs, pre, wit := shapedCircuit(k, 48, 48, 8)
	for _, d := range []int{0, 4, 6, 8} {
		name := fmt.Sprintf("D=%d", d)
		if d == 0 {
			name = "D=auto"
		}
		b.Run(name, func(b *testing.B) {
			pk, vk, err := Setup(cs, pre, srsFor(b, k), WithMaxDegree(d))
			if err != nil {
				b.Fatal(err)
			}
			st := vk.Stats()
			c0 := cpuTime()
			b.ResetTimer()
			for range b.N {
				if _, err := Prove(pk, wit, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s")
			b.ReportMetric(float64(st.Committed()), "commits")
			b.ReportMetric(float64(st.LookupHelpers), "helpers")
			b.ReportMetric(float64(st.PermutationProducts), "perm-products")
			b.ReportMetric(float64(st.MaxDegree), "D")
			b.ReportMetric(float64(st.QuotientChunks), "quotient-chunks")
		})
	}
}
