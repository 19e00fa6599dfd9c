package interp

import (
	"errors"
	"fmt"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// Traps (§4.4: the spec's runtime failures), compared with errors.Is.
var (
	ErrUnreachable          = errors.New("unreachable")
	ErrDivByZero            = errors.New("integer divide by zero")
	ErrIntOverflow          = errors.New("integer overflow")
	ErrOutOfBounds          = errors.New("out of bounds memory access")
	ErrTableOutOfBounds     = errors.New("out of bounds table access")
	ErrUndefinedElement     = errors.New("undefined element")
	ErrUninitializedElement = &subError{msg: "uninitialized element", parent: ErrUndefinedElement}
	ErrIndirectTypeMismatch = errors.New("indirect call type mismatch")
	ErrStackExhausted       = errors.New("call stack exhausted")
	ErrStepLimit            = errors.New("step limit reached")
)

// Link errors (§4.5.4 instantiation: import resolution and matching).
var (
	ErrUnknownImport      = errors.New("unknown import")
	ErrIncompatibleImport = errors.New("incompatible import type")
)

// subError is a sentinel that also matches a more general sentinel.
type subError struct {
	msg    string
	parent error
}

func (e *subError) Error() string        { return e.msg }
func (e *subError) Is(target error) bool { return target == e.parent }

// Trap is a runtime failure at an instruction.
type Trap struct {
	Err      error  // the trap sentinel, or the host function's error
	Func     uint32 // function address in the store (trace.NoFunc if none)
	Index    uint32 // function index within its module
	FuncName string // name from the name section, "" if unknown
	Module   string // instance name
	PC       uint32 // instruction index within the function body
	Offset   uint32 // byte offset of the instruction in the module binary
	Context  string // set for traps outside functions (e.g. "data segment 2")
}

func (t *Trap) Error() string {
	if t.Func == trace.NoFunc {
		return fmt.Sprintf("wasm trap: %v (%s%s)", t.Err, modPrefix(t.Module), t.Context)
	}
	name := ""
	if t.FuncName != "" {
		name = fmt.Sprintf(" %q", t.FuncName)
	}
	return fmt.Sprintf("wasm trap: %v in %sfunc %d%s at pc %d (offset %#x)", t.Err, modPrefix(t.Module), t.Index, name, t.PC, t.Offset)
}

func modPrefix(m string) string {
	if m == "" {
		return ""
	}
	return m + ": "
}

// Unwrap returns the trap sentinel or host error.
func (t *Trap) Unwrap() error { return t.Err }

// LinkError is an import that could not be resolved or does not match.
type LinkError struct {
	Err          error // ErrUnknownImport or ErrIncompatibleImport
	Module, Name string
	Kind         wasm.ExternKind
	Detail       string
}

func (e *LinkError) Error() string {
	s := fmt.Sprintf("link: %v: %s %q.%q", e.Err, e.Kind, e.Module, e.Name)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the link sentinel.
func (e *LinkError) Unwrap() error { return e.Err }

// Config bounds execution. Zero values select the defaults.
type Config struct {
	MaxSteps       uint64 // instructions per Invoke (and per start function); 0: unlimited
	MaxCallDepth   int    // nested calls; 0: 10000
	MaxMemoryPages uint32 // cap on any memory's size in pages; 0: 65536 (4 GiB)
	MaxTableSize   uint32 // cap on any table's size; 0: 1<<20
	MaxStackSlots  int    // value-stack slots (locals + operands of all frames); 0: 1<<22
	Trace          bool   // record a trace.Trace

	// TraceSteps, if positive, is the number of steps expected: the step
	// log is allocated with that capacity up front, so that a run of up to
	// TraceSteps steps records without any copying. A wrong guess only
	// costs memory (too high) or one copy of the excess (too low).
	TraceSteps int
	// TraceInto, if non-nil, is the trace the store records into (and
	// Store.Trace returns) instead of a new one. NewStore empties it (Reset,
	// and Funcs) keeping its capacity, so one trace.Trace can be reused by a
	// series of stores (e.g. proving many runs) without reallocating. Two
	// stores must not share it at the same time.
	TraceInto *trace.Trace
}

func (c Config) withDefaults() Config {
	if c.MaxCallDepth <= 0 {
		c.MaxCallDepth = 10000
	}
	if c.MaxMemoryPages == 0 || c.MaxMemoryPages > wasm.MaxPages {
		c.MaxMemoryPages = wasm.MaxPages
	}
	if c.MaxTableSize == 0 {
		c.MaxTableSize = 1 << 20
	}
	if c.MaxStackSlots <= 0 {
		c.MaxStackSlots = 1 << 22
	}
	return c
}

// HostFunc is a function implemented in Go. Fn receives the arguments (i32
// values zero-extended; the slice is only valid during the call) and returns
// exactly len(Type.Results) results. A non-nil error traps: the interpreter
// returns it wrapped in a *Trap at the calling instruction.
type HostFunc struct {
	Type wasm.FuncType
	Fn   func(c *Caller, args []uint64) ([]uint64, error)
}

// HostGlobal is a global exported by a host module.
type HostGlobal struct {
	Type  wasm.GlobalType
	Value uint64
}

// HostModule is a set of host exports. Tables hold funcref and start empty.
type HostModule struct {
	Funcs    map[string]HostFunc
	Globals  map[string]HostGlobal
	Memories map[string]wasm.Limits
	Tables   map[string]wasm.Limits
}

// Caller is what a host function can see of the calling instance.
type Caller struct {
	s    *Store
	inst *Instance
}

// Memory returns the calling instance's memory (nil if it has none).
func (c *Caller) Memory() *Memory {
	if c.inst == nil {
		return nil
	}
	return c.inst.mem
}

// Instance returns the calling instance (nil for a direct Invoke of a host export).
func (c *Caller) Instance() *Instance { return c.inst }

// Memory is a linear memory instance (§4.2.8).
type Memory struct {
	data []byte
	max  uint32 // effective maximum in pages
	lim  wasm.Limits
	addr uint16
}

// Bytes returns the memory contents (valid until the next memory.grow).
func (m *Memory) Bytes() []byte { return m.data }

// Pages returns the current size in 64 KiB pages.
func (m *Memory) Pages() uint32 { return uint32(len(m.data) / 65536) }

// Table is a funcref table instance (§4.2.7): function addresses, -1 = null.
type Table struct {
	elems []int32
	lim   wasm.Limits
}

// Size returns the number of entries.
func (t *Table) Size() uint32 { return uint32(len(t.elems)) }

type extern struct {
	kind wasm.ExternKind
	addr uint32 // store address in the kind's space
}

// Instance is an instantiated module (§4.2.5) or host module.
type Instance struct {
	s       *Store
	id      uint32
	name    string
	module  *wasm.Module // nil for host modules
	funcs   []uint32     // function index -> store address
	globals []uint32     // global index -> store address
	mem     *Memory
	table   *Table
	exports map[string]extern
}

// Name returns the instance's name.
func (i *Instance) Name() string { return i.name }

// Module returns the decoded module (nil for a host module).
func (i *Instance) Module() *wasm.Module { return i.module }

// Memory returns the instance's memory, or nil.
func (i *Instance) Memory() *Memory { return i.mem }

// FuncAddr returns the store address of function idx (as in trace.Step.Func).
func (i *Instance) FuncAddr(idx uint32) (uint32, bool) {
	if idx >= uint32(len(i.funcs)) {
		return 0, false
	}
	return i.funcs[idx], true
}

// GlobalAddr returns the store address of global idx (as in trace.GlobalAccess.Global).
func (i *Instance) GlobalAddr(idx uint32) (uint32, bool) {
	if idx >= uint32(len(i.globals)) {
		return 0, false
	}
	return i.globals[idx], true
}

// ExportedFunc returns the type of an exported function.
func (i *Instance) ExportedFunc(name string) (wasm.FuncType, bool) {
	e, ok := i.exports[name]
	if !ok || e.kind != wasm.ExternFunc {
		return wasm.FuncType{}, false
	}
	return i.s.funcs[e.addr].typ, true
}

// Global returns the value of an exported global.
func (i *Instance) Global(name string) (uint64, error) {
	e, ok := i.exports[name]
	if !ok || e.kind != wasm.ExternGlobal {
		return 0, fmt.Errorf("interp: %s has no exported global %q", i.name, name)
	}
	return i.s.globals[e.addr].val, nil
}

// Invoke calls an exported function with the given arguments (one uint64 per
// parameter; i32 arguments are truncated to 32 bits) and returns its results.
func (i *Instance) Invoke(name string, args ...uint64) ([]uint64, error) {
	e, ok := i.exports[name]
	if !ok || e.kind != wasm.ExternFunc {
		return nil, fmt.Errorf("interp: %s has no exported function %q", i.name, name)
	}
	return i.s.invoke(e.addr, args)
}
