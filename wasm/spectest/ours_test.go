package spectest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

// ours runs the suite on zkwasm's decoder and interpreter.
type ours struct {
	store   *interp.Store
	tracing bool
	n       int
}

func (o *ours) name() string { return "zkwasm" }

func (o *ours) reset() error {
	o.store = interp.NewStore(interp.Config{Trace: o.tracing, MaxCallDepth: 2000, MaxSteps: 5_000_000})
	i32, i64 := []wasm.ValType{wasm.I32}, []wasm.ValType{wasm.I64}
	nop := func(*interp.Caller, []uint64) ([]uint64, error) { return nil, nil }
	fn := func(params []wasm.ValType) interp.HostFunc {
		return interp.HostFunc{Type: wasm.FuncType{Params: params}, Fn: nop}
	}
	// The standard "spectest" module (the reference interpreter's spectest.ml),
	// without its float exports.
	_, err := o.store.AddHostModule("spectest", interp.HostModule{
		Funcs: map[string]interp.HostFunc{
			"print":         fn(nil),
			"print_i32":     fn(i32),
			"print_i64":     fn(i64),
			"print_i32_i32": fn([]wasm.ValType{wasm.I32, wasm.I32}),
		},
		Globals: map[string]interp.HostGlobal{
			"global_i32": {Type: wasm.GlobalType{Type: wasm.I32}, Value: 666},
			"global_i64": {Type: wasm.GlobalType{Type: wasm.I64}, Value: 666},
		},
		Tables:   map[string]wasm.Limits{"table": {Min: 10, Max: 20, HasMax: true}},
		Memories: map[string]wasm.Limits{"memory": {Min: 1, Max: 2, HasMax: true}},
	})
	return err
}

func (o *ours) decode(bin []byte) error {
	_, err := wasm.Decode(bin)
	return err
}

func (o *ours) instantiate(name string, bin []byte) (any, error) {
	m, err := wasm.Decode(bin)
	if err != nil {
		return nil, err
	}
	o.n++
	inst, err := o.store.Instantiate(m, fmt.Sprintf("m%d", o.n))
	if err != nil {
		return nil, err
	}
	if name != "" {
		o.store.Register(name, inst)
	}
	return inst, nil
}

func (o *ours) register(as string, inst any) error {
	o.store.Register(as, inst.(*interp.Instance))
	return nil
}

func (o *ours) invoke(inst any, field string, args []uint64) ([]uint64, error) {
	defer o.store.Trace().Reset() // keep memory flat: the suite checks results, not traces
	return inst.(*interp.Instance).Invoke(field, args...)
}

func (o *ours) get(inst any, field string) (uint64, error) {
	return inst.(*interp.Instance).Global(field)
}

var trapSentinels = map[string]error{
	"unreachable":                 interp.ErrUnreachable,
	"integer divide by zero":      interp.ErrDivByZero,
	"integer overflow":            interp.ErrIntOverflow,
	"out of bounds memory access": interp.ErrOutOfBounds,
	"out of bounds table access":  interp.ErrTableOutOfBounds,
	"undefined element":           interp.ErrUndefinedElement,
	"uninitialized element":       interp.ErrUninitializedElement,
	"indirect call type mismatch": interp.ErrIndirectTypeMismatch,
	"call stack exhausted":        interp.ErrStackExhausted,
	"unknown import":              interp.ErrUnknownImport,
	"incompatible import type":    interp.ErrIncompatibleImport,
}

func (o *ours) trapIs(err error, text string) bool {
	s, ok := trapSentinels[text]
	return ok && errors.Is(err, s)
}

func (o *ours) malformedIs(err error) bool { return errors.Is(err, wasm.ErrMalformed) }
func (o *ours) invalidIs(err error) bool   { return errors.Is(err, wasm.ErrInvalid) }
func (o *ours) close()                     {}

// TestSpecOurs runs every assertion on our engine, with tracing on (the
// trace must not change results); any failure fails the test.
func TestSpecOurs(t *testing.T) {
	e := &ours{tracing: true}
	res := runAll(t, e)
	report(t, e, res)
	if res.failed > 0 || len(res.failures) > 0 {
		t.Fatalf("%d assertions failed, %d problems:\n%s", res.failed, len(res.failures), strings.Join(res.failures, "\n"))
	}
}
