package pipeline

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/zkwasm/zkwasm/kzg"
)

func guest(t *testing.T, name string) *Program {
	t.Helper()
	p, err := Load(filepath.Join("..", "..", "testdata", "guests", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProveVerify proves fib(10) at the smallest k, checks the proof.json round trip
// (body decoding, instances) and that tampering is rejected with the right kind.
func TestProveVerify(t *testing.T) {
	p := guest(t, "fib.wat.wasm")
	r, err := p.Trace(Options{Entry: "zkmain", Public: []uint64{10}, StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Outputs) != 1 || r.Outputs[0] != 55 {
		t.Fatalf("outputs %v", r.Outputs)
	}
	k, c, err := MinK(r)
	if err != nil {
		t.Fatal(err)
	}
	srs, err := kzg.NewTestSRS(SRSPoints(k), []byte("pipeline test"))
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	pk, cached, err := Keys(cache, p, "zkmain", 64, c, srs, NoProgress)
	if err != nil || cached {
		t.Fatalf("keys: %v cached=%v", err, cached)
	}
	pr, err := Prove(pk, c, r, NoProgress)
	if err != nil {
		t.Fatal(err)
	}
	pj := pr.JSON
	if pj.K != k || pj.Outputs[0] != "55" || pj.PublicInputs[0] != "10" || pj.ImageID != pk.VK.ImageID() {
		t.Fatalf("proof.json %+v", pj)
	}
	want := []string{"0", "1", "10", "1", "55"}
	if len(pj.Instances) != len(want) {
		t.Fatalf("instances %v", pj.Instances)
	}
	for i := range want {
		if pj.Instances[i] != want[i] {
			t.Fatalf("instances %v, want %v", pj.Instances, want)
		}
	}
	// body round trip
	p2, err := DecodeBody(pk.VK, pj.Proof)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p2.Body(), pr.Proof.Body()) {
		t.Fatal("body round trip differs")
	}
	if _, err := Verify(pk.VK, &pj); err != nil {
		t.Fatal(err)
	}
	// cache hit gives the same image
	pk2, cached, err := Keys(cache, p, "zkmain", 64, c, srs, NoProgress)
	if err != nil || !cached || pk2.VK.ImageID() != pk.VK.ImageID() {
		t.Fatalf("cache: %v cached=%v", err, cached)
	}

	// tampering
	bad := pj
	bad.Outputs = []string{"56"}
	bad.Instances = append([]string(nil), pj.Instances...)
	bad.Instances[4] = "56"
	if _, err := Verify(pk.VK, &bad); KindOf(err) != KindInvalid {
		t.Fatalf("wrong output: %v (kind %v)", err, KindOf(err))
	}
	bad = pj
	bad.Outputs = []string{"56"}
	if _, err := Verify(pk.VK, &bad); KindOf(err) != KindCorrupt {
		t.Fatalf("inconsistent instances: %v", err)
	}
	body, _ := hex.DecodeString(pj.Proof[2:])
	last := len(body) - 64 - 64 - 1 // the last byte of the last evaluation
	body[last] ^= 1
	bad = pj
	bad.Proof = "0x" + hex.EncodeToString(body)
	if _, err := Verify(pk.VK, &bad); KindOf(err) != KindInvalid && KindOf(err) != KindCorrupt {
		t.Fatalf("flipped evaluation byte: %v", err)
	}
	bad = pj
	bad.Proof = pj.Proof[:len(pj.Proof)-2]
	if _, err := Verify(pk.VK, &bad); KindOf(err) != KindCorrupt {
		t.Fatalf("short proof: %v", err)
	}
	bad = pj
	bad.ImageID = "0x1234"
	if _, err := Verify(pk.VK, &bad); KindOf(err) != KindMismatch {
		t.Fatalf("other image: %v", err)
	}
}

// BenchmarkProveCell proves fib(n) at k = 13 and reports the wall time per committed
// cell (the constant NanosPerCell of stats' estimate).
func BenchmarkProveCell(b *testing.B) {
	p, err := Load(filepath.Join("..", "..", "testdata", "guests", "fib.wat.wasm"))
	if err != nil {
		b.Fatal(err)
	}
	r, err := p.Trace(Options{Entry: "zkmain", Public: []uint64{300}, StackSize: 1024})
	if err != nil {
		b.Fatal(err)
	}
	c, err := CircuitFor(r, 13)
	if err != nil {
		b.Fatal(err)
	}
	srs, err := kzg.CachedTestSRS(SRSPoints(13), []byte("bench"))
	if err != nil {
		b.Fatal(err)
	}
	pk, err := Setup(c, srs, NoProgress)
	if err != nil {
		b.Fatal(err)
	}
	cells := StatsOf(r, c).CommittedCells
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Prove(pk, c, r, NoProgress); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cells), "ns/cell")
}
