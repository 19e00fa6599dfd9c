package pipeline

import (
	"bytes"
	"encoding/hex"
	"os"
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

	// a damaged cache entry is replaced, not trusted
	entry := filepath.Join(cache, "keys", KeyCacheKey(p, "zkmain", 64, c, srs), "pk.bin")
	if err := os.WriteFile(entry, []byte("ZKPK garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	pk3, cached, err := Keys(cache, p, "zkmain", 64, c, srs, NoProgress)
	if err != nil || cached || pk3.VK.ImageID() != pk.VK.ImageID() {
		t.Fatalf("damaged cache: %v cached=%v", err, cached)
	}
	if _, cached, _ := Keys(cache, p, "zkmain", 64, c, srs, NoProgress); !cached {
		t.Fatal("damaged cache entry not rewritten")
	}
	// another SRS, stack size or k is another cache entry
	srs2, err := kzg.NewTestSRS(SRSPoints(k), []byte("other"))
	if err != nil {
		t.Fatal(err)
	}
	if KeyCacheKey(p, "zkmain", 64, c, srs2) == KeyCacheKey(p, "zkmain", 64, c, srs) ||
		KeyCacheKey(p, "zkmain", 65, c, srs) == KeyCacheKey(p, "zkmain", 64, c, srs) {
		t.Fatal("cache key ignores the SRS or the stack size")
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

// TestErrorKinds checks the classification the command line maps to exit statuses.
func TestErrorKinds(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	fib := guest(t, "fib.wat.wasm")
	trace := func(pub ...uint64) error {
		_, err := fib.Trace(Options{Entry: "zkmain", Public: pub, StackSize: 64})
		return err
	}
	_, errMissing := Load(filepath.Join(dir, "missing.wasm"))
	_, errJunk := Load(junk)
	_, errFloat := Load(filepath.Join("..", "..", "testdata", "guests", "refuse_float.wat.wasm"))
	_, errEntry := fib.Compile("nope", 64)
	_, errVK := ReadVK(junk)
	_, errNoVK := ReadVK(filepath.Join(dir, "none"))
	_, errSRS := ReadSRS(junk, 9)
	small, err := kzg.NewTestSRS(SRSPoints(8), []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	_, errSmall := FitSRS(small, "small", 9)
	r, err := fib.Trace(Options{Entry: "zkmain", Public: []uint64{10}, StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	_, errK := CircuitFor(r, 5)
	bad := guest(t, "badimport.wat.wasm")
	_, errLink := bad.Trace(Options{Entry: "zkmain", StackSize: 64})
	for _, tc := range []struct {
		name string
		err  error
		want Kind
	}{
		{"missing module", errMissing, KindFile},
		{"not wasm", errJunk, KindModule},
		{"float", errFloat, KindUnsupported},
		{"no entry", errEntry, KindUsage},
		{"missing input", trace(), KindInputs},
		{"surplus input", trace(1, 2), KindInputs},
		{"link", errLink, KindModule},
		{"corrupt vk", errVK, KindCorrupt},
		{"missing vk", errNoVK, KindFile},
		{"corrupt srs", errSRS, KindCorrupt},
		{"small srs", errSmall, KindSRS},
		{"k too small", errK, KindTooLarge},
	} {
		if tc.err == nil || KindOf(tc.err) != tc.want {
			t.Errorf("%s: got %v (kind %v), want kind %v", tc.name, tc.err, KindOf(tc.err), tc.want)
		}
	}
}
