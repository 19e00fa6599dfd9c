package interp_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

// Example shows the whole API: a host module, instantiation with linking, an
// invocation with tracing, the trace, and a host-defined trap.
func Example() {
	bin, err := os.ReadFile("testdata/bench.wasm")
	if err != nil {
		panic(err)
	}
	m, err := wasm.DecodeNamed("bench.wasm", bin)
	if err != nil {
		panic(err)
	}
	errNo := errors.New("require failed")
	s := interp.NewStore(interp.Config{Trace: true, MaxSteps: 1 << 20})
	_, err = s.AddHostModule("env", interp.HostModule{Funcs: map[string]interp.HostFunc{
		"input": {
			Type: wasm.FuncType{Params: []wasm.ValType{wasm.I32}, Results: []wasm.ValType{wasm.I64}},
			Fn:   func(_ *interp.Caller, args []uint64) ([]uint64, error) { return []uint64{21}, nil },
		},
		"fail": {
			Type: wasm.FuncType{Params: []wasm.ValType{wasm.I32}},
			Fn: func(_ *interp.Caller, args []uint64) ([]uint64, error) {
				if args[0] == 0 {
					return nil, errNo
				}
				return nil, nil
			},
		},
	}})
	if err != nil {
		panic(err)
	}
	inst, err := s.Instantiate(m, "bench")
	if err != nil {
		panic(err)
	}
	s.Trace().Reset()
	res, err := inst.Invoke("sum_inputs", 2)
	fmt.Println(res, err)
	tr := s.Trace()
	fmt.Println(len(tr.Steps), "steps,", len(tr.HostCalls), "host calls,", tr.Steps[0].Op)

	_, err = inst.Invoke("require", 0)
	fmt.Println(errors.Is(err, errNo))
	// Output:
	// [42] <nil>
	// 33 steps, 2 host calls, block
	// true
}
