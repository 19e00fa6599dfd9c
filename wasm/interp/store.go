package interp

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

type globalInst struct {
	val uint64
	typ wasm.GlobalType
}

// function is a function instance (§4.2.6): module code or host code.
type function struct {
	addr     uint32
	typ      wasm.FuncType
	typeID   uint32 // canonical id of typ in the store (structural equality)
	inst     *Instance
	index    uint32 // index within its module
	name     string
	host     *HostFunc
	nparams  int
	nresults int
	nlocals  int // params + declared locals
	maxStack int // operand stack bound
	code     []cinst
	brt      []brTarget
	body     []wasm.Instr // original instructions (offsets for traps)
}

// Store holds all runtime objects (§4.2.3): functions, globals, memories,
// tables, instances and the value stack, plus the trace.
type Store struct {
	cfg        Config
	funcs      []*function
	globals    []globalInst
	memories   []*Memory
	tables     []*Table
	instances  []*Instance
	registered map[string]*Instance
	typeIDs    map[string]uint32
	stack      []uint64
	tr         trace.Trace
	busy       bool
	steps      uint64
}

// NewStore creates an empty store.
func NewStore(cfg Config) *Store {
	return &Store{cfg: cfg.withDefaults(), registered: map[string]*Instance{}, typeIDs: map[string]uint32{}}
}

// Trace returns the recorded trace (empty unless Config.Trace).
func (s *Store) Trace() *trace.Trace { return &s.tr }

// Steps returns the number of instructions executed so far by this store.
func (s *Store) Steps() uint64 { return s.steps }

// MemoryAt returns the memory with store address addr (as in
// trace.MemAccess.Mem), or nil.
func (s *Store) MemoryAt(addr uint16) *Memory {
	if int(addr) >= len(s.memories) {
		return nil
	}
	return s.memories[addr]
}

// GlobalAt returns the value and type of the global with store address addr
// (as in trace.GlobalAccess.Global).
func (s *Store) GlobalAt(addr uint32) (uint64, wasm.GlobalType, bool) {
	if int(addr) >= len(s.globals) {
		return 0, wasm.GlobalType{}, false
	}
	g := s.globals[addr]
	return g.val, g.typ, true
}

// NumGlobals returns how many globals the store holds (addresses 0..n-1).
func (s *Store) NumGlobals() int { return len(s.globals) }

// NumMemories returns how many memories the store holds (addresses 0..n-1).
func (s *Store) NumMemories() int { return len(s.memories) }

// Register makes inst's exports importable under module name.
func (s *Store) Register(name string, inst *Instance) { s.registered[name] = inst }

// Registered returns the instance registered under name.
func (s *Store) Registered(name string) (*Instance, bool) {
	i, ok := s.registered[name]
	return i, ok
}

func (s *Store) typeID(ft wasm.FuncType) uint32 {
	k := ft.String()
	id, ok := s.typeIDs[k]
	if !ok {
		id = uint32(len(s.typeIDs))
		s.typeIDs[k] = id
	}
	return id
}

func (s *Store) newInstance(name string, m *wasm.Module) *Instance {
	inst := &Instance{s: s, id: uint32(len(s.instances)), name: name, module: m, exports: map[string]extern{}}
	s.instances = append(s.instances, inst)
	return inst
}

func (s *Store) addFunc(f *function) uint32 {
	f.addr = uint32(len(s.funcs))
	f.typeID = s.typeID(f.typ)
	f.nparams, f.nresults = len(f.typ.Params), len(f.typ.Results)
	s.funcs = append(s.funcs, f)
	s.tr.Funcs = append(s.tr.Funcs, trace.FuncInfo{Instance: f.inst.id, Module: f.inst.name, Index: f.index, Name: f.name, Host: f.host != nil,
		Params: uint32(f.nparams), Results: uint32(f.nresults), Locals: uint32(f.nlocals - f.nparams)})
	return f.addr
}

func (s *Store) newMemory(l wasm.Limits) (*Memory, error) {
	max := s.cfg.MaxMemoryPages
	if l.HasMax && l.Max < max {
		max = l.Max
	}
	if l.Min > max {
		return nil, fmt.Errorf("memory of %d pages exceeds the limit of %d pages", l.Min, max)
	}
	if len(s.memories) >= 1<<16 {
		return nil, errors.New("too many memories in the store")
	}
	m := &Memory{data: make([]byte, int(l.Min)*65536), max: max, lim: l, addr: uint16(len(s.memories))}
	s.memories = append(s.memories, m)
	return m, nil
}

func (s *Store) newTable(l wasm.Limits) (*Table, error) {
	if l.Min > s.cfg.MaxTableSize {
		return nil, fmt.Errorf("table of %d entries exceeds the limit of %d", l.Min, s.cfg.MaxTableSize)
	}
	t := &Table{elems: make([]int32, l.Min), lim: l}
	for i := range t.elems {
		t.elems[i] = -1
	}
	s.tables = append(s.tables, t)
	return t, nil
}

func (s *Store) newGlobal(gt wasm.GlobalType, v uint64) uint32 {
	if gt.Type == wasm.I32 {
		v = uint64(uint32(v))
	}
	s.globals = append(s.globals, globalInst{val: v, typ: gt})
	return uint32(len(s.globals) - 1)
}

// AddHostModule creates a host instance and registers it under name.
func (s *Store) AddHostModule(name string, hm HostModule) (*Instance, error) {
	inst := s.newInstance(name, nil)
	for _, n := range sortedKeys(hm.Funcs) {
		hf := hm.Funcs[n]
		if len(hf.Type.Results) > 1 {
			return nil, fmt.Errorf("interp: host function %s.%s: more than one result", name, n)
		}
		if hf.Fn == nil {
			return nil, fmt.Errorf("interp: host function %s.%s: nil Fn", name, n)
		}
		h := hf
		addr := s.addFunc(&function{typ: hf.Type, inst: inst, index: uint32(len(inst.funcs)), name: n, host: &h})
		inst.funcs = append(inst.funcs, addr)
		inst.exports[n] = extern{wasm.ExternFunc, addr}
	}
	for _, n := range sortedKeys(hm.Globals) {
		g := hm.Globals[n]
		addr := s.newGlobal(g.Type, g.Value)
		inst.globals = append(inst.globals, addr)
		inst.exports[n] = extern{wasm.ExternGlobal, addr}
	}
	for _, n := range sortedKeys(hm.Memories) {
		m, err := s.newMemory(hm.Memories[n])
		if err != nil {
			return nil, fmt.Errorf("interp: host memory %s.%s: %w", name, n, err)
		}
		if inst.mem == nil {
			inst.mem = m
		}
		inst.exports[n] = extern{wasm.ExternMemory, uint32(m.addr)}
	}
	for _, n := range sortedKeys(hm.Tables) {
		t, err := s.newTable(hm.Tables[n])
		if err != nil {
			return nil, fmt.Errorf("interp: host table %s.%s: %w", name, n, err)
		}
		if inst.table == nil {
			inst.table = t
		}
		inst.exports[n] = extern{wasm.ExternTable, uint32(len(s.tables) - 1)}
	}
	s.Register(name, inst)
	return inst, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Instantiate links m against the registered modules and instantiates it
// (§4.5.4): imports are resolved and matched, functions compiled, globals,
// tables and memories created, element then data segments written (in order;
// a segment out of bounds traps, and the writes of earlier segments to
// imported tables/memories persist, as in Wasm 2.0), then the start function
// runs. name is used in traces and messages; the instance is not registered.
func (s *Store) Instantiate(m *wasm.Module, name string) (*Instance, error) {
	if s.busy {
		return nil, errors.New("interp: store is executing")
	}
	if name == "" {
		name = m.Name
	}
	inst := s.newInstance(name, m)
	// Imports (§4.5.3 external value matching).
	for _, im := range m.Imports {
		src, ok := s.registered[im.Module]
		var ex extern
		if ok {
			ex, ok = src.exports[im.Name]
		}
		if !ok {
			return nil, &LinkError{Err: ErrUnknownImport, Module: im.Module, Name: im.Name, Kind: im.Kind}
		}
		if ex.kind != im.Kind {
			return nil, &LinkError{Err: ErrIncompatibleImport, Module: im.Module, Name: im.Name, Kind: im.Kind, Detail: "export is a " + ex.kind.String()}
		}
		bad := func(format string, args ...any) error {
			return &LinkError{Err: ErrIncompatibleImport, Module: im.Module, Name: im.Name, Kind: im.Kind, Detail: fmt.Sprintf(format, args...)}
		}
		switch im.Kind {
		case wasm.ExternFunc:
			want := m.Types[im.TypeIndex]
			if got := s.funcs[ex.addr].typ; !got.Equal(want) {
				return nil, bad("type %s, want %s", got, want)
			}
			inst.funcs = append(inst.funcs, ex.addr)
		case wasm.ExternGlobal:
			if got := s.globals[ex.addr].typ; got != im.Global {
				return nil, bad("global type mismatch")
			}
			inst.globals = append(inst.globals, ex.addr)
		case wasm.ExternMemory:
			mem := s.memories[ex.addr]
			if !limitsMatch(mem.Pages(), mem.lim, im.Memory) {
				return nil, bad("memory limits {%d %d %v} do not match import {%d %d %v}", mem.Pages(), mem.lim.Max, mem.lim.HasMax, im.Memory.Min, im.Memory.Max, im.Memory.HasMax)
			}
			inst.mem = mem
		case wasm.ExternTable:
			t := s.tables[ex.addr]
			if !limitsMatch(t.Size(), t.lim, im.Table) {
				return nil, bad("table limits do not match")
			}
			inst.table = t
		}
	}
	// Module-defined functions, compiled once their addresses are known.
	first := len(s.funcs)
	for i, ti := range m.Funcs {
		idx := m.NumImportedFuncs + uint32(i)
		c := &m.Codes[i]
		f := &function{typ: m.Types[ti], inst: inst, index: idx, name: m.Names[idx], body: c.Body}
		f.nlocals = len(f.typ.Params) + int(c.NumLocals)
		f.maxStack = int(c.MaxStack)
		inst.funcs = append(inst.funcs, s.addFunc(f))
	}
	for _, t := range m.Tables {
		tab, err := s.newTable(t)
		if err != nil {
			return nil, fmt.Errorf("interp: instantiate %s: %w", name, err)
		}
		inst.table = tab
	}
	for _, l := range m.Memories {
		mem, err := s.newMemory(l)
		if err != nil {
			return nil, fmt.Errorf("interp: instantiate %s: %w", name, err)
		}
		inst.mem = mem
	}
	for _, g := range m.Globals {
		inst.globals = append(inst.globals, s.newGlobal(g.Type, s.constValue(inst, g.Init)))
	}
	for _, e := range m.Exports {
		var addr uint32
		switch e.Kind {
		case wasm.ExternFunc:
			addr = inst.funcs[e.Index]
		case wasm.ExternGlobal:
			addr = inst.globals[e.Index]
		case wasm.ExternMemory:
			addr = uint32(inst.mem.addr)
		case wasm.ExternTable:
			addr = s.tableAddr(inst.table)
		}
		inst.exports[e.Name] = extern{e.Kind, addr}
	}
	for _, f := range s.funcs[first:] {
		if err := s.compile(f); err != nil {
			return nil, err
		}
	}
	// Element segments, then data segments (§4.5.4 steps 14-15, Wasm 2.0 order).
	for i, e := range m.Elems {
		off := uint64(uint32(s.constValue(inst, e.Offset)))
		if off+uint64(len(e.Funcs)) > uint64(len(inst.table.elems)) {
			return nil, &Trap{Err: ErrTableOutOfBounds, Func: trace.NoFunc, Module: name, Context: fmt.Sprintf("element segment %d", i)}
		}
		for k, fi := range e.Funcs {
			inst.table.elems[off+uint64(k)] = int32(inst.funcs[fi])
		}
	}
	for i, d := range m.Datas {
		off := uint64(uint32(s.constValue(inst, d.Offset)))
		if off+uint64(len(d.Init)) > uint64(len(inst.mem.data)) {
			return nil, &Trap{Err: ErrOutOfBounds, Func: trace.NoFunc, Module: name, Context: fmt.Sprintf("data segment %d", i)}
		}
		copy(inst.mem.data[off:], d.Init)
	}
	if m.HasStart {
		if _, err := s.invoke(inst.funcs[m.Start], nil); err != nil {
			return nil, err
		}
	}
	return inst, nil
}

func (s *Store) tableAddr(t *Table) uint32 {
	for i, x := range s.tables {
		if x == t {
			return uint32(i)
		}
	}
	return 0
}

// limitsMatch implements §4.5.3's limits matching: the actual size is at least
// the import's minimum, and if the import has a maximum, the actual object has
// one no larger.
func limitsMatch(size uint32, actual, want wasm.Limits) bool {
	if size < want.Min {
		return false
	}
	if want.HasMax {
		return actual.HasMax && actual.Max <= want.Max
	}
	return true
}

func (s *Store) constValue(inst *Instance, c wasm.ConstExpr) uint64 {
	if c.Op == wasm.OpGlobalGet {
		return s.globals[inst.globals[c.Value]].val
	}
	return c.Value
}

// funcLabel names a function for messages.
func (f *function) label() string {
	var b strings.Builder
	fmt.Fprintf(&b, "func %d", f.index)
	if f.name != "" {
		fmt.Fprintf(&b, " %q", f.name)
	}
	return b.String()
}
