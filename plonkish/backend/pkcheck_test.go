package backend

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// loadPK reads a proving key and attaches the SRS, as a prover loading one does.
func loadPK(t *testing.T, b []byte) (*ProvingKey, error) {
	t.Helper()
	var pk ProvingKey
	if _, err := pk.ReadFrom(bytes.NewReader(b)); err != nil {
		return nil, err
	}
	return &pk, pk.SetSRS(testSRS(t))
}

func pkBytes(t *testing.T, pk *ProvingKey) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := pk.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A proving key whose fixed values or copy constraints do not match its verifying key
// (a corrupted file, or the key of another program spliced with this one's verifying
// key) is refused when loaded, naming the column.
func TestProvingKeyMustMatchVK(t *testing.T) {
	srs := testSRS(t)
	f := mixedFixture(t, srs)
	b := pkBytes(t, f.pk)
	if _, err := loadPK(t, b); err != nil {
		t.Fatalf("honest proving key refused: %v", err)
	}
	lay := f.vk.lay
	if lay.nf < 1 || len(f.pk.copies) == 0 {
		t.Fatalf("fixture has %d fixed columns and %d copies", lay.nf, len(f.pk.copies))
	}

	// one fixed value changed (the fixed values are the last nf·n scalars)
	for _, cell := range [][2]int{{0, 3}, {lay.nf - 1, lay.n - 1}} {
		bad := append([]byte(nil), b...)
		off := len(bad) - lay.nf*lay.n*32 + (cell[0]*lay.n+cell[1])*32
		var v fr.Element
		v.SetBytes(bad[off : off+32])
		one := fr.One()
		v.Add(&v, &one)
		vb := v.Bytes()
		copy(bad[off:], vb[:])
		_, err := loadPK(t, bad)
		want := "fixed column " + plonkish.Column{Kind: plonkish.Fixed, Index: cell[0]}.String()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("fixed cell %v changed: load returned %v, want an error naming %q", cell, err, want)
		}
	}

	// a copy constraint changed: σ no longer matches
	pk2, err := loadPK(t, b)
	if err != nil {
		t.Fatal(err)
	}
	c := pk2.copies[0]
	c.B.Row = (c.B.Row + 1) % lay.usable
	if c.B == c.A {
		c.B.Row = (c.B.Row + 1) % lay.usable
	}
	pk2.copies[0] = c
	if _, err := loadPK(t, pkBytes(t, pk2)); err == nil || !strings.Contains(err.Error(), "σ column") {
		t.Errorf("copy changed: load returned %v, want an error naming a σ column", err)
	}

	// another program's fixed values under this verifying key
	exB, err := examples.MixedExample(6, 4, 21)
	if err != nil {
		t.Fatal(err)
	}
	pkB, vkB, err := Setup(exB.CS, exB.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	if vkB.ImageID() == f.vk.ImageID() {
		t.Fatal("the two programs share a verifying key")
	}
	bB := pkBytes(t, pkB)
	vkA, vkBb := f.vk.encode(), vkB.encode()
	if !bytes.Equal(bB[8:8+len(vkBb)], vkBb) || len(vkA) != len(vkBb) {
		t.Fatal("unexpected proving key layout")
	}
	spliced := append(append(append([]byte(nil), bB[:8]...), vkA...), bB[8+len(vkBb):]...)
	if _, err := loadPK(t, spliced); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("spliced proving key: load returned %v", err)
	}
}

// The cost SetSRS adds to loading a proving key: one combination of the preprocessed
// columns and one commitment.
func BenchmarkProvingKeyCheck(b *testing.B) {
	for _, k := range []int{8, 12} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			srs := testSRS(b)
			ex, err := examples.MixedExample(k, 4, 20)
			if err != nil {
				b.Fatal(err)
			}
			pk, _, err := Setup(ex.CS, ex.Pre, srs)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(pk.fixedValues)+len(pk.sigmaValues)), "columns")
			for b.Loop() {
				if err := pk.checkAgainstVK(srs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
