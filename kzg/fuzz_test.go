package kzg

import (
	"bytes"
	"testing"
)

// FuzzReadSRS: arbitrary bytes never panic ReadFrom; what it accepts
// re-encodes to the same bytes.
func FuzzReadSRS(f *testing.F) {
	s, err := NewTestSRS(4, testSeed)
	if err != nil {
		f.Fatal(err)
	}
	for _, compressed := range []bool{false, true} {
		var buf bytes.Buffer
		if _, err := s.Write(&buf, compressed, 1, 2); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got SRS
		if _, err := got.ReadFrom(bytes.NewReader(data)); err != nil {
			return
		}
		var buf bytes.Buffer
		compressed := data[8]&srsFlagCompress != 0
		ks := got.lag.keys()
		for _, k := range ks {
			if _, err := got.LagrangeBasis(k); err != nil {
				return // a wrong basis: refused at first use, never served
			}
		}
		if _, err := got.Write(&buf, compressed, ks...); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), data[:buf.Len()]) {
			t.Fatal("accepted input does not re-encode to itself")
		}
	})
}

// FuzzImportPtau: arbitrary bytes (seeded with a real file) never panic
// the importer.
func FuzzImportPtau(f *testing.F) {
	data := readFile(f, ptauFiles[1])
	f.Add(data, uint16(0))
	f.Add(data[:2000], uint16(16))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		s, err := ImportPtau(bytes.NewReader(data), uint64(size%300))
		if err == nil {
			if err := s.Check(); err != nil {
				t.Fatalf("imported SRS fails Check: %v", err)
			}
		}
	})
}
