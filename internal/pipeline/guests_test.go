package pipeline

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/backend"
)

// provenGuest is a guest run with the inputs a real proof is made of.
type provenGuest struct {
	name, file      string
	public, private []uint64
}

func i64(v int64) uint64 { return uint64(v) }

// The representative subset the circuit issue asks real proofs for, besides fib (TestProveVerify)
// and sha256 (proven and verified on the EVM in plonkish/solidity/evmtest): sorting (signed
// i64 comparisons, loads and stores), recursion, and call_indirect through a function table.
var provenGuests = []provenGuest{
	{"sort", "sort.c.wasm", []uint64{6}, []uint64{5, i64(-3), 9, 1, i64(-1 << 63), 7}},
	{"recursion", "ackermann.c.wasm", []uint64{2, 3}, nil},
	// (op, x) pairs: add 7, mul 6, sub 2, xor 0xff, rotl 3, div 4, through the function table.
	{"call_indirect", "dispatch.c.wasm", []uint64{6}, []uint64{0, 7, 2, 6, 1, 2, 3, 0xff, 4, 3, 5, 4}},
}

// TestProveGuests makes a real proof of each guest at the smallest k that holds its run,
// verifies it, and checks that a changed output and a changed proof byte are rejected.
func TestProveGuests(t *testing.T) {
	if testing.Short() {
		t.Skip("real proofs at k = 15..17: run without -short (make test does)")
	}
	for _, g := range provenGuests {
		t.Run(g.name, func(t *testing.T) {
			p := guest(t, g.file)
			r, err := p.Trace(Options{Entry: "zkmain", Public: g.public, Private: g.private, StackSize: 1024})
			if err != nil {
				t.Fatal(err)
			}
			k, c, err := MinK(r)
			if err != nil {
				t.Fatal(err)
			}
			srs, err := kzg.CachedTestSRS(SRSPoints(k), []byte("pipeline guests"))
			if err != nil {
				t.Fatal(err)
			}
			pk, err := Setup(c, srs, NoProgress)
			if err != nil {
				t.Fatal(err)
			}
			pr, err := Prove(pk, c, r, NoProgress)
			if err != nil {
				t.Fatal(err)
			}
			pj := pr.JSON
			v, err := Verify(pk.VK, &pj)
			if err != nil {
				t.Fatalf("honest proof rejected: %v", err)
			}
			t.Logf("%s: %d instructions, k = %d, %d outputs, verified (%+v)", g.file, r.Instructions, k, len(r.Outputs), v)
			if len(r.Outputs) == 0 {
				t.Fatal("no public output to tamper with")
			}

			// A wrong output, consistently in outputs and instances: a false claim.
			bad := pj
			last := len(pj.Outputs) - 1
			n, _ := strconv.ParseUint(pj.Outputs[last], 10, 64)
			wrong := strconv.FormatUint(n+1, 10)
			bad.Outputs = append([]string(nil), pj.Outputs...)
			bad.Outputs[last] = wrong
			bad.Instances = append([]string(nil), pj.Instances...)
			at := -1
			for i := len(bad.Instances) - 1; i >= 0; i-- {
				if bad.Instances[i] == pj.Outputs[last] {
					at = i
					break
				}
			}
			if at < 0 {
				t.Fatalf("output %s not in the instances %v", pj.Outputs[last], pj.Instances)
			}
			bad.Instances[at] = wrong
			if _, err := Verify(pk.VK, &bad); KindOf(err) != KindInvalid {
				t.Fatalf("wrong output accepted or misclassified: %v (kind %v)", err, KindOf(err))
			}

			// A changed commitment byte (the first advice commitment's x coordinate).
			body, err := hex.DecodeString(strings.TrimPrefix(pj.Proof, "0x"))
			if err != nil {
				t.Fatal(err)
			}
			body[20] ^= 1
			bad = pj
			bad.Proof = "0x" + hex.EncodeToString(body)
			if _, err := Verify(pk.VK, &bad); KindOf(err) != KindInvalid && KindOf(err) != KindCorrupt {
				t.Fatalf("changed proof byte: %v", err)
			}
		})
	}
}

// vmHWM is the process's peak resident set (Linux; 0 elsewhere).
func vmHWM() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkProve proves guests at 2^16, 2^17, 2^18 and 2^20 rows, filling most of the table,
// and reports the wall time per proof, the instructions proven, the peak Go heap during
// proving and the process's VmHWM (sub-benchmarks run in increasing k, so it is that of the
// largest so far). sha256 needs 2^17 rows at least (the 2^16-row AND table and its
// 256 KiB memory image), so 2^16 is fib.wat; at 2^20 sha256 hashes 4096 bytes, the
// guest's maximum (about 60% of the rows).
func BenchmarkProve(b *testing.B) {
	sha := func(n int) ([]uint64, []uint64) {
		words := make([]uint64, (n+7)/8)
		for i := range words {
			words[i] = uint64(i) * 0x9e3779b97f4a7c15
		}
		return []uint64{uint64(n), 0}, words
	}
	type tc struct {
		name            string
		k               int
		file            string
		public, private []uint64
	}
	var cases []tc
	cases = append(cases, tc{"fib", 16, "fib.wat.wasm", []uint64{4000}, nil})
	for _, c := range []struct{ k, msg int }{{17, 600}, {18, 1400}, {20, 4096}} {
		pub, priv := sha(c.msg)
		cases = append(cases, tc{"sha256", c.k, "sha256.c.wasm", pub, priv})
	}
	for _, tc := range cases {
		b.Run(fmt.Sprintf("%s/k=%d", tc.name, tc.k), func(b *testing.B) {
			p, err := Load(filepath.Join("..", "..", "testdata", "guests", tc.file))
			if err != nil {
				b.Fatal(err)
			}
			r, err := p.Trace(Options{Entry: "zkmain", Public: tc.public, Private: tc.private, StackSize: 1024})
			if err != nil {
				b.Fatal(err)
			}
			c, err := CircuitFor(r, tc.k)
			if err != nil {
				b.Fatal(err)
			}
			srs, err := kzg.CachedTestSRS(SRSPoints(tc.k), []byte("bench"))
			if err != nil {
				b.Fatal(err)
			}
			pk, err := Setup(c, srs, NoProgress)
			if err != nil {
				b.Fatal(err)
			}
			var peak atomic.Uint64
			stop, done := make(chan struct{}), make(chan struct{})
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
			b.ResetTimer()
			var pr *Proven
			for i := 0; i < b.N; i++ {
				if pr, err = Prove(pk, c, r, NoProgress); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			close(stop)
			<-done
			if _, err := Verify(pk.VK, &pr.JSON); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(r.Instructions), "instr")
			b.ReportMetric(float64(len(r.Exec.Rows)+1), "rows")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(r.Instructions), "ns/instr")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(vmHWM())/(1<<20), "VmHWM-MiB")
		})
	}
}

// TestReadPKSpliced: a proving key whose fixed values differ from the ones its verifying
// key commits to (one bit of the last fixed value flipped) is refused by ReadPK as a
// corrupt key (exit status 9), through the key-mismatch check rather than the decoder.
func TestReadPKSpliced(t *testing.T) {
	p := guest(t, "fib.wat.wasm")
	r, err := p.Trace(Options{Entry: "zkmain", Public: []uint64{10}, StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	k, c, err := MinK(r)
	if err != nil {
		t.Fatal(err)
	}
	srs, err := kzg.CachedTestSRS(SRSPoints(k), []byte("pipeline test"))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := Setup(c, srs, NoProgress)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pk.bin")
	if err := WriteFile(path, pk); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPK(path, srs); err != nil {
		t.Fatalf("intact key: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadPK(path, srs)
	if !errors.Is(err, backend.ErrKeyMismatch) || KindOf(err) != KindCorrupt {
		t.Fatalf("spliced key: %v (kind %v), want ErrKeyMismatch as KindCorrupt", err, KindOf(err))
	}
}
