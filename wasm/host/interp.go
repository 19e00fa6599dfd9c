package host

import (
	"fmt"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

var (
	sigInput  = wasm.FuncType{Params: []wasm.ValType{wasm.I32}, Results: []wasm.ValType{wasm.I64}}
	sigI64    = wasm.FuncType{Params: []wasm.ValType{wasm.I64}}
	sigI32    = wasm.FuncType{Params: []wasm.ValType{wasm.I32}}
	noResults = []uint64{}
)

// InterpModule returns the "env" host module for zkwasm's interpreter, backed by the Env
// that env returns at call time (so one Store can serve successive Envs). Host errors
// (ErrInputExhausted, ErrRequireFailed, ErrBadInputKind) trap; the interpreter wraps them
// in an *interp.Trap naming the calling instruction, and errors.Is still finds them.
func InterpModule(env func() *Env) interp.HostModule {
	return interp.HostModule{Funcs: map[string]interp.HostFunc{
		FnInput: {Type: sigInput, Fn: func(_ *interp.Caller, a []uint64) ([]uint64, error) {
			v, err := env().Input(uint32(a[0]))
			if err != nil {
				return nil, err
			}
			return []uint64{v}, nil
		}},
		FnOutput: {Type: sigI64, Fn: func(_ *interp.Caller, a []uint64) ([]uint64, error) {
			env().Output(a[0])
			return noResults, nil
		}},
		FnRequire: {Type: sigI32, Fn: func(_ *interp.Caller, a []uint64) ([]uint64, error) {
			return noResults, env().Require(uint32(a[0]))
		}},
		FnDbg: {Type: sigI64, Fn: func(_ *interp.Caller, a []uint64) ([]uint64, error) {
			env().Dbg(a[0])
			return noResults, nil
		}},
	}}
}

// Instantiate registers InterpModule(env) as "env" in s and instantiates m as "guest"
// (running its start function, if any).
func Instantiate(s *interp.Store, m *wasm.Module, env *Env) (*interp.Instance, error) {
	if _, err := s.AddHostModule(Module, InterpModule(func() *Env { return env })); err != nil {
		return nil, fmt.Errorf("add host module: %w", err)
	}
	return s.Instantiate(m, "guest")
}

// Run is the whole of one guest run on zkwasm's interpreter: a new Store with cfg,
// the host module bound to env, instantiation, and a call of entry with args. It returns
// the results and the Store (for its Trace and Steps), also when the run traps.
func Run(m *wasm.Module, env *Env, cfg interp.Config, entry string, args ...uint64) ([]uint64, *interp.Store, error) {
	s := interp.NewStore(cfg)
	inst, err := Instantiate(s, m, env)
	if err != nil {
		return nil, s, err
	}
	res, err := inst.Invoke(entry, args...)
	return res, s, err
}
