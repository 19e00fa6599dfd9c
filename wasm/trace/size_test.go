package trace

import (
	"testing"
	"unsafe"
)

// The record sizes are part of the contract (trace bytes per step).
func TestRecordSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Step", unsafe.Sizeof(Step{}), 64},
		{"MemAccess", unsafe.Sizeof(MemAccess{}), 24},
		{"GlobalAccess", unsafe.Sizeof(GlobalAccess{}), 24},
		{"Frame", unsafe.Sizeof(Frame{}), 28},
		{"HostCall", unsafe.Sizeof(HostCall{}), 16},
	} {
		if c.got != c.want {
			t.Errorf("sizeof(%s) = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestBytesPerStep(t *testing.T) {
	var tr Trace
	if tr.BytesPerStep() != 0 {
		t.Fatal("empty trace must report 0")
	}
	tr.Steps = make([]Step, 4)
	tr.Mem = make([]MemAccess, 2)
	if got, want := tr.BytesPerStep(), float64(4*64+2*24)/4; got != want {
		t.Fatalf("BytesPerStep = %v, want %v", got, want)
	}
	tr.Reset()
	if len(tr.Steps) != 0 || cap(tr.Steps) != 4 {
		t.Fatal("Reset must empty and keep capacity")
	}
}
