package kzg

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254"
)

// Benchmarks. The 2^20 sizes are heavy on a shared 2-core machine: run them
// alone and with -count 1, e.g.
//
//	go test -run '^$' -bench 'CommitVsGnark/n=2\^16' -benchtime 4x ./kzg/
//	go test -run '^$' -bench 'CommitVsGnark/n=2\^20' -benchtime 2x ./kzg/

var benchSeed = []byte("zkwasm kzg benchmarks")

var (
	benchSRSOnce sync.Once
	benchSRS     *SRS
	benchSRSErr  error
)

// benchSRS20 returns the 2^20 test SRS from the disk cache (generated once).
func benchSRS20(b *testing.B) *SRS {
	benchSRSOnce.Do(func() { benchSRS, benchSRSErr = CachedTestSRS(1<<20, benchSeed) })
	if benchSRSErr != nil {
		b.Fatal(benchSRSErr)
	}
	return benchSRS
}

func BenchmarkScalarWidth(b *testing.B) {
	n := 1 << 20
	for _, w := range []int{1, 16, 254} {
		scalars := randomElements(n, w, 5)
		b.Run(fmt.Sprintf("n=2^20/bits=%d", w), func(b *testing.B) {
			for b.Loop() {
				ScalarWidth(scalars)
			}
		})
	}
}

func BenchmarkNewTestSRS(b *testing.B) {
	for _, logN := range []int{16, 20} {
		b.Run(fmt.Sprintf("n=2^%d", logN), func(b *testing.B) {
			for b.Loop() {
				if _, err := NewTestSRS(1<<logN, benchSeed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLagrangeBasis measures both ways of getting a Lagrange basis:
// directly from the known τ of a test SRS ("tau") and by inverse FFT over G1
// from the monomial points ("fft", what an imported ceremony SRS needs).
func BenchmarkLagrangeBasis(b *testing.B) {
	for _, logN := range []int{12, 16, 20} {
		for _, path := range []string{"tau", "fft"} {
			if path == "fft" && logN > 16 {
				continue // minutes; extrapolate from 2^12 and 2^16
			}
			b.Run(fmt.Sprintf("n=2^%d/%s", logN, path), func(b *testing.B) {
				full := benchSRS20(b)
				for b.Loop() {
					s := &SRS{G1: full.G1[:1<<logN], G2: full.G2}
					if path == "tau" {
						s.tau = full.tau
					}
					if _, err := s.LagrangeBasis(logN); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkImportPtau imports the committed power-8 file, or the file named
// by $ZKWASM_BENCH_PTAU (e.g. a larger prepared file made with the commands
// in testdata/ptau/README.md), at its full nominal size: points, pairing
// check and, for a prepared file, the Lagrange basis and its check.
func BenchmarkImportPtau(b *testing.B) {
	name := os.Getenv("ZKWASM_BENCH_PTAU")
	if name == "" {
		name = ptauFiles[1]
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	var size uint64
	for b.Loop() {
		s, err := ImportPtau(bytes.NewReader(data), 0)
		if err != nil {
			b.Fatal(err)
		}
		size = s.Size()
	}
	b.ReportMetric(float64(size), "points")
}

func BenchmarkReadSRS(b *testing.B) {
	for _, compressed := range []bool{false, true} {
		b.Run(fmt.Sprintf("n=2^16/compressed=%v", compressed), func(b *testing.B) {
			s, err := benchSRS20(b).Prefix(1 << 16)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if compressed {
				s.Write(&buf, true)
			} else {
				s.WriteTo(&buf)
			}
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				var got SRS
				if _, err := got.ReadFrom(bytes.NewReader(buf.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	s, err := benchSRS20(b).Prefix(1 << 16)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := s.Check(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitVsGnark alternates this package's Commit and gnark-crypto's
// MultiExp on the same column within each iteration, so that load from
// other processes hits both alike, and reports both times and the speedup.
func BenchmarkCommitVsGnark(b *testing.B) {
	for _, logN := range []int{16, 18, 20} {
		n := 1 << logN
		for _, w := range []int{1, 8, 16, 32, 64, 254} {
			b.Run(fmt.Sprintf("n=2^%d/bits=%d", logN, w), func(b *testing.B) {
				s := benchSRS20(b)
				scalars := randomElements(n, w, uint64(w))
				pts := s.G1[:n]
				var tK, tG, cK, cG time.Duration
				b.ResetTimer()
				for b.Loop() {
					t0, c0 := time.Now(), cpuTime()
					if _, err := s.Commit(scalars); err != nil {
						b.Fatal(err)
					}
					t1, c1 := time.Now(), cpuTime()
					var r bn254.G1Affine
					if _, err := r.MultiExp(pts, scalars, msmConfig); err != nil {
						b.Fatal(err)
					}
					t2, c2 := time.Now(), cpuTime()
					tK += t1.Sub(t0)
					tG += t2.Sub(t1)
					cK += c1 - c0
					cG += c2 - c1
				}
				perOp := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
				b.ReportMetric(perOp(tK), "kzg-ms")
				b.ReportMetric(perOp(tG), "gnark-ms")
				// CPU time of the whole process: less sensitive than wall
				// time to other processes on a shared machine
				b.ReportMetric(perOp(cK), "kzg-cpu-ms")
				b.ReportMetric(perOp(cG), "gnark-cpu-ms")
				b.ReportMetric(float64(cG)/float64(cK), "cpu-speedup")
			})
		}
	}
}

// BenchmarkCachedTestSRS measures loading the 2^20 test SRS from the disk
// cache (read, decode and check every point, checksum, one MSM against τ).
func BenchmarkCachedTestSRS(b *testing.B) {
	benchSRS20(b) // make sure the file exists
	for b.Loop() {
		if _, err := CachedTestSRS(1<<20, benchSeed); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the user+system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
