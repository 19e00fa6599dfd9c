package circuit

import (
	"encoding/binary"
	"fmt"

	"github.com/zkwasm/zkwasm/wasm"
)

// CompileOptions tune Compile.
type CompileOptions struct {
	// StackSize is the number of value-stack slots in the initial-memory table; a run
	// that needs more cannot be proven. Default 1024.
	StackSize int
	// MaxMemoryPages caps memory.grow below the module's own maximum, as
	// interp.Config.MaxMemoryPages and wazero's WithMemoryLimitPages do (a grow past it
	// returns −1). 0: 65536 pages.
	MaxMemoryPages uint32
	// Prelude are invocations the entry stub makes before it calls entry, with constant
	// arguments and their results dropped (the spec tests replay a script's earlier
	// invocations on the same instance this way). Programs leave it empty.
	Prelude []Invocation
	// TrapDead lays out every instruction of a function the entry cannot reach (see
	// reachable) as unreachable, so that its instructions add no columns or tables to
	// the circuit (the spec tests compile one export of a large module at a time).
	TrapDead bool
}

// Invocation is a call of an exported function with constant arguments.
type Invocation struct {
	Entry string
	Args  []uint64
}

// exportedFunc returns the index of the module-defined function exported as name.
func exportedFunc(m *wasm.Module, name string) (int, error) {
	idx := -1
	for _, e := range m.Exports {
		if e.Kind == wasm.ExternFunc && e.Name == name {
			idx = int(e.Index)
		}
	}
	if idx < 0 {
		return 0, fmt.Errorf("circuit: compile: no exported function %q", name)
	}
	if idx < int(m.NumImportedFuncs) {
		return 0, fmt.Errorf("circuit: compile: entry %q is an imported function", name)
	}
	return idx, nil
}

// Compile lays out a validated module as an Image whose entry stub invokes the exported
// function entry: its arguments are read as public inputs and its result (if any) is
// appended to the public outputs. zkmain has neither. Instructions the circuit does not
// constrain yet are refused with the function, instruction index, byte offset and opcode.
// The layout follows the branch conventions documented on Image, which are also the
// tracing interpreter's, so that rows and interpreter steps correspond one to one.
func Compile(m *wasm.Module, entry string, opt CompileOptions) (*Image, error) {
	if opt.StackSize == 0 {
		opt.StackSize = 1024
	}
	nimp := int(m.NumImportedFuncs)
	entryIdx := -1
	for _, e := range m.Exports {
		if e.Kind == wasm.ExternFunc && e.Name == entry {
			entryIdx = int(e.Index)
		}
	}
	if entryIdx < 0 {
		return nil, fmt.Errorf("circuit: compile: no exported function %q", entry)
	}
	if entryIdx < nimp {
		return nil, fmt.Errorf("circuit: compile: entry %q is an imported function", entry)
	}
	if m.HasStart && int(m.Start) < nimp {
		return nil, fmt.Errorf("circuit: compile: %w: start function %d is imported", ErrUnsupported, m.Start)
	}
	img := &Image{StackSize: opt.StackSize}
	for i, g := range m.Globals {
		if g.Init.Op == wasm.OpGlobalGet {
			return nil, fmt.Errorf("circuit: compile: global %d initialised from an imported global: %w", i, ErrUnsupported)
		}
		img.Globals = append(img.Globals, g.Init.Value)
	}

	// Linear memory: the initial pages as 8-byte words, data segments applied.
	if m.NumImportedMemories > 0 {
		return nil, fmt.Errorf("circuit: compile: imported memory: %w", ErrUnsupported)
	}
	if len(m.Memories) > 0 {
		mem := make([]byte, int(m.Memories[0].Min)*65536)
		for i, d := range m.Datas {
			if d.Offset.Op != wasm.OpI32Const {
				return nil, fmt.Errorf("circuit: compile: data segment %d: %w: non-constant offset", i, ErrUnsupported)
			}
			off := int(uint32(d.Offset.Value))
			if off+len(d.Init) > len(mem) {
				return nil, fmt.Errorf("circuit: compile: data segment %d does not fit in the initial memory", i)
			}
			copy(mem[off:], d.Init)
		}
		img.Memory = make([]uint64, len(mem)/8)
		for i := range img.Memory {
			img.Memory[i] = binary.LittleEndian.Uint64(mem[8*i:])
		}
	} else if len(m.Datas) > 0 {
		return nil, fmt.Errorf("circuit: compile: data segments without a memory")
	}

	// Entry stub.
	et := m.Types[m.Funcs[entryIdx-nimp]]
	if len(et.Results) > 1 {
		return nil, fmt.Errorf("circuit: compile: entry %q has %d results", entry, len(et.Results))
	}
	for i, p := range et.Params {
		src := fmt.Sprintf("entry stub: argument %d", i)
		img.Code = append(img.Code, Instr{Class: ClassConst, Imm: 1, Source: src}, Instr{Class: ClassInput, W64: p == wasm.I64, Source: src})
	}
	// The start function runs before the entry function (it has no parameters or results;
	// reading the arguments first only fixes the order of the public inputs, which is the
	// interpreter's: arguments, then the inputs wasm_input reads).
	startPC := -1
	if m.HasStart {
		startPC = len(img.Code)
		img.Code = append(img.Code, Instr{Class: ClassCall, Source: "entry stub: call the start function"})
	}
	var preCalls []struct{ pc, callee int }
	for _, inv := range opt.Prelude {
		idx, err := exportedFunc(m, inv.Entry)
		if err != nil {
			return nil, err
		}
		ft := m.Types[m.Funcs[idx-nimp]]
		if len(inv.Args) != len(ft.Params) || len(ft.Results) > 1 {
			return nil, fmt.Errorf("circuit: compile: prelude call of %q with %d arguments (it takes %d, returns %d values)", inv.Entry, len(inv.Args), len(ft.Params), len(ft.Results))
		}
		src := "entry stub: prelude call " + inv.Entry
		for i, p := range ft.Params {
			v := inv.Args[i]
			if p != wasm.I64 {
				v &= 1<<32 - 1
			}
			img.Code = append(img.Code, Instr{Class: ClassConst, W64: p == wasm.I64, Imm: v, Source: src})
		}
		preCalls = append(preCalls, struct{ pc, callee int }{len(img.Code), idx})
		img.Code = append(img.Code, Instr{Class: ClassCall, Source: src})
		if len(ft.Results) == 1 {
			img.Code = append(img.Code, Instr{Class: ClassDrop, Source: src})
		}
	}
	callPC := len(img.Code)
	img.Code = append(img.Code, Instr{Class: ClassCall, Source: "entry stub: call " + entry})
	if len(et.Results) == 1 {
		img.Code = append(img.Code, Instr{Class: ClassOutput, Source: "entry stub: result"})
	}
	img.Code = append(img.Code, Instr{Class: ClassHalt, Source: "entry stub: halt"})

	// Function bodies, then call targets.
	base := make([]int, len(m.Codes))
	var calls []struct{ pc, callee int }
	live := reachable(m, entryIdx)
	if m.HasStart {
		for i, l := range reachable(m, int(m.Start)) {
			live[i] = live[i] || l
		}
	}
	for _, c := range preCalls {
		for i, l := range reachable(m, c.callee) {
			live[i] = live[i] || l
		}
	}
	// memory.grow in a function that can run: the memory size becomes a token (memory.size
	// reads it), limited to the module's maximum, else 65536 pages (the interpreter's and
	// wazero's default limit).
	grow := false
	for fi, c := range m.Codes {
		for _, in := range c.Body {
			grow = grow || live[fi] && in.Op == wasm.OpMemoryGrow
		}
	}
	maxPages := uint64(0)
	if grow {
		maxPages = wasm.MaxPages
		if opt.MaxMemoryPages > 0 && uint64(opt.MaxMemoryPages) < maxPages {
			maxPages = uint64(opt.MaxMemoryPages)
		}
		if mem := m.Memories[0]; mem.HasMax && uint64(mem.Max) < maxPages {
			maxPages = uint64(mem.Max)
		}
		if uint64(m.Memories[0].Min) > maxPages {
			return nil, fmt.Errorf("circuit: compile: memory of %d pages exceeds the limit of %d pages", m.Memories[0].Min, maxPages)
		}
	}
	for fi := range m.Codes {
		base[fi] = len(img.Code)
		if opt.TrapDead && !live[fi] {
			for i, in := range m.Codes[fi].Body {
				src := fmt.Sprintf("func %d instr %d (offset %#x) %s (unreachable function)", fi+nimp, i, in.Offset, in.Op)
				img.Code = append(img.Code, Instr{Class: ClassTrap, Source: src})
			}
			continue
		}
		cs, err := compileFunc(m, fi, img, live[fi], maxPages)
		if err != nil {
			return nil, err
		}
		calls = append(calls, cs...)
	}
	calls = append(calls, struct{ pc, callee int }{callPC, entryIdx})
	calls = append(calls, preCalls...)
	if startPC >= 0 {
		calls = append(calls, struct{ pc, callee int }{startPC, int(m.Start)})
	}
	// The function table of call_indirect, from the element segments.
	for si, seg := range m.Elems {
		if m.NumImportedTables > 0 || seg.Offset.Op != wasm.OpI32Const {
			return nil, fmt.Errorf("circuit: compile: element segment %d: %w: imported table or non-constant offset", si, ErrUnsupported)
		}
		for j, f := range seg.Funcs {
			at := int(seg.Offset.Value) + j
			for len(img.Table) <= at {
				img.Table = append(img.Table, nil)
			}
			if int(f) < nimp {
				img.Table[at] = nil
				return nil, fmt.Errorf("circuit: compile: table entry %d: %w: host function in the table", at, ErrUnsupported)
			}
			fi := int(f) - nimp
			ft := m.Types[m.Funcs[fi]]
			img.Table[at] = &TableEntry{Entry: uint64(base[fi]), Params: uint64(len(ft.Params)),
				Locals: uint64(len(ft.Params)) + uint64(m.Codes[fi].NumLocals), TypeID: typeID(m, m.Funcs[fi])}
		}
	}
	for _, c := range calls {
		fi := c.callee - nimp
		ft := m.Types[m.Funcs[fi]]
		in := &img.Code[c.pc]
		in.Imm, in.Imm2, in.Imm3 = uint64(base[fi]), uint64(len(ft.Params)), uint64(len(ft.Params))+uint64(m.Codes[fi].NumLocals)
	}
	if err := img.Validate(); err != nil {
		return nil, err
	}
	return img, nil
}

// FuncBase returns the pc of the first instruction of every module-defined function in
// an image made by Compile (the stub comes first, then the bodies in order).
func FuncBase(m *wasm.Module, img *Image) []int {
	base := make([]int, len(m.Codes))
	pc := 0
	for pc < len(img.Code) && img.Code[pc].Class != ClassHalt {
		pc++
	}
	pc++
	for fi, c := range m.Codes {
		base[fi] = pc
		pc += len(c.Body)
	}
	return base
}

type ctrl struct {
	op     wasm.Opcode
	start  int // body index of block/loop/if, -1 for the function
	height int // operand height at entry
	arity  int
	fixups []int // body indices whose branch target is end+1
	brfix  []int // Image.BrTable entries whose target is end+1
	elseAt int
}

var numeric = map[wasm.Opcode]Instr{
	wasm.OpI32Add: IAdd(false), wasm.OpI64Add: IAdd(true),
	wasm.OpI32Sub: ISub(false), wasm.OpI64Sub: ISub(true),
	wasm.OpI32Mul: IMul(false), wasm.OpI64Mul: IMul(true),
	wasm.OpI32Eqz: IEqz(false), wasm.OpI64Eqz: IEqz(true),
	wasm.OpI32Eq: IEq(false), wasm.OpI64Eq: IEq(true),
	wasm.OpI32Ne: INe(false), wasm.OpI64Ne: INe(true),
	wasm.OpI32LtU: ILtU(false), wasm.OpI64LtU: ILtU(true),
	wasm.OpI32GtU: IGtU(false), wasm.OpI64GtU: IGtU(true),
	wasm.OpI32LeU: ILeU(false), wasm.OpI64LeU: ILeU(true),
	wasm.OpI32GeU: IGeU(false), wasm.OpI64GeU: IGeU(true),
	wasm.OpI32WrapI64: Wrap(), wasm.OpI64ExtendI32U: ExtendU(),
	wasm.OpI32And: IAnd(false), wasm.OpI64And: IAnd(true),
	wasm.OpI32Or: IOr(false), wasm.OpI64Or: IOr(true),
	wasm.OpI32Xor: IXor(false), wasm.OpI64Xor: IXor(true),
	wasm.OpI32DivU: I32DivU(), wasm.OpI32RemU: I32RemU(), wasm.OpI32Clz: Clz(false), wasm.OpI64Clz: Clz(true), wasm.OpI32Ctz: Ctz(false), wasm.OpI64Ctz: Ctz(true), wasm.OpI32Popcnt: Popcnt(false), wasm.OpI64Popcnt: Popcnt(true),
	wasm.OpI32DivS: I32DivS(), wasm.OpI32ShrS: I32ShrS(), wasm.OpI64ShrS: I64ShrS(), wasm.OpI32RemS: I32RemS(),
	wasm.OpI64Shl: I64Shl(), wasm.OpI64ShrU: I64ShrU(), wasm.OpI64Rotl: I64Rotl(), wasm.OpI64Rotr: I64Rotr(),
	wasm.OpI64DivU: I64DivU(), wasm.OpI64RemU: I64RemU(),
	wasm.OpI64DivS: I64DivS(), wasm.OpI64RemS: I64RemS(),
	wasm.OpI64LtS: I64LtS(), wasm.OpI64GtS: I64GtS(), wasm.OpI64LeS: I64LeS(), wasm.OpI64GeS: I64GeS(),
	wasm.OpI32LtS: I32LtS(), wasm.OpI32GtS: I32GtS(), wasm.OpI32LeS: I32LeS(), wasm.OpI32GeS: I32GeS(),
	wasm.OpI32Shl: I32Shl(), wasm.OpI32ShrU: I32ShrU(), wasm.OpI32Rotl: I32Rotl(), wasm.OpI32Rotr: I32Rotr(),
	wasm.OpI32Extend8S: ExtendS(1, false), wasm.OpI32Extend16S: ExtendS(2, false),
	wasm.OpI64Extend8S: ExtendS(1, true), wasm.OpI64Extend16S: ExtendS(2, true),
	wasm.OpI64Extend32S: ExtendS(4, true), wasm.OpI64ExtendI32S: ExtendS(4, true),
}

// shifts by a constant count (the previous instruction is the constant: nothing can branch
// between them) become ClassShiftK.
var shifts = map[wasm.Opcode]struct{ w64, right, rotate bool }{
	wasm.OpI32Shl: {false, false, false}, wasm.OpI32ShrU: {false, true, false},
	wasm.OpI32Rotl: {false, false, true}, wasm.OpI32Rotr: {false, true, true},
	wasm.OpI64Shl: {true, false, false}, wasm.OpI64ShrU: {true, true, false},
	wasm.OpI64Rotl: {true, false, true}, wasm.OpI64Rotr: {true, true, true},
}

// typeID is the canonical id of a function type: the index of the first structurally
// equal type of the module (call_indirect compares types structurally).
func typeID(m *wasm.Module, idx uint32) uint64 {
	for i, t := range m.Types {
		if t.Equal(m.Types[idx]) {
			return uint64(i)
		}
	}
	return uint64(idx)
}

// reachable marks the module-defined functions the entry can run: its direct callees,
// transitively, and every table function if a reached function calls indirectly.
// Instructions the circuit cannot prove are refused only in reachable functions; in the
// others they are laid out as unreachable (they never execute).
func reachable(m *wasm.Module, entry int) []bool {
	nimp := int(m.NumImportedFuncs)
	live := make([]bool, len(m.Codes))
	indirect := false
	var visit func(f int)
	visit = func(f int) {
		if f < nimp || live[f-nimp] {
			return
		}
		live[f-nimp] = true
		for _, in := range m.Codes[f-nimp].Body {
			switch in.Op {
			case wasm.OpCall:
				visit(int(in.Imm))
			case wasm.OpCallIndirect:
				if !indirect {
					indirect = true
					for _, seg := range m.Elems {
						for _, g := range seg.Funcs {
							visit(int(g))
						}
					}
				}
			}
		}
	}
	visit(entry)
	if indirect { // functions reached before the first call_indirect was seen
		for _, seg := range m.Elems {
			for _, g := range seg.Funcs {
				visit(int(g))
			}
		}
	}
	return live
}

func compileFunc(m *wasm.Module, fi int, img *Image, live bool, maxPages uint64) ([]struct{ pc, callee int }, error) {
	nimp := int(m.NumImportedFuncs)
	ft := m.Types[m.Funcs[fi]]
	code := m.Codes[fi]
	nparams := len(ft.Params)
	nres := len(ft.Results)
	base := len(img.Code)
	name := m.Names[uint32(fi+nimp)]
	if name == "" {
		name = fmt.Sprintf("func %d", fi+nimp)
	}
	var calls []struct{ pc, callee int }
	ctrls := []ctrl{{op: wasm.OpBlock, start: -1, arity: nres, elseAt: -1}}
	h := 0
	for i, in := range code.Body {
		src := fmt.Sprintf("%s instr %d (offset %#x) %s", name, i, in.Offset, in.Op)
		refuse := func(why string) error {
			return fmt.Errorf("circuit: compile: %s: %w: %s", src, ErrUnsupported, why)
		}
		if !live {
			if _, ok := numeric[in.Op]; !ok && !compilable(in.Op) {
				img.Code = append(img.Code, Instr{Class: ClassTrap, Source: src + " (unreachable function)"})
				continue
			}
		}
		out := Instr{Source: src}
		label := func(depth uint64) *ctrl { return &ctrls[len(ctrls)-1-int(depth)] }
		if pop, push, ok := wasm.StackEffect(in.Op); ok {
			h += push - pop
		}
		switch in.Op {
		case wasm.OpNop:
			out.Class = ClassNop
		case wasm.OpBlock, wasm.OpLoop, wasm.OpIf:
			ar := 0
			switch in.Imm2 {
			case wasm.BlockValue:
				ar = 1
			case wasm.BlockTypeIndex:
				bt := m.Types[in.Imm]
				if len(bt.Params) > 0 || len(bt.Results) > 1 {
					return nil, refuse("multi-value block type")
				}
				ar = len(bt.Results)
			}
			out.Class = ClassNop
			if in.Op == wasm.OpIf {
				h--
				out.Class, out.F1 = ClassBrIf, true // jump to else+1 / end+1 when zero
			}
			ctrls = append(ctrls, ctrl{op: in.Op, start: i, height: max(h, 0), arity: ar, elseAt: -1})
		case wasm.OpElse:
			fr := &ctrls[len(ctrls)-1]
			fr.elseAt = i
			fr.fixups = append(fr.fixups, i)
			drop := max(h-fr.height-fr.arity, 0)
			out = Instr{Class: ClassBr, Imm2: uint64(drop), F1: fr.arity == 0 && drop > 0, Source: src}
			h = fr.height
		case wasm.OpEnd:
			fr := ctrls[len(ctrls)-1]
			ctrls = ctrls[:len(ctrls)-1]
			if len(ctrls) == 0 {
				out.Class, out.F1 = ClassReturn, nres == 1
				break
			}
			out.Class = ClassNop
			for _, p := range fr.fixups {
				img.Code[base+p].Imm = uint64(base + i + 1)
			}
			for _, e := range fr.brfix {
				img.BrTable[e].Target = uint64(base + i + 1)
			}
			if fr.op == wasm.OpIf {
				t := i + 1
				if fr.elseAt >= 0 {
					t = fr.elseAt + 1
				}
				img.Code[base+fr.start].Imm = uint64(base + t)
			}
			h = fr.height + fr.arity
		case wasm.OpBr, wasm.OpBrIf:
			cond := in.Op == wasm.OpBrIf
			if cond {
				h--
			}
			if int(in.Imm) == len(ctrls)-1 {
				out.Class, out.F1 = ClassReturn, nres == 1
				if cond {
					out.Class = ClassRetIf
				}
				break
			}
			fr := label(in.Imm)
			keep := fr.arity
			target := -1
			if fr.op == wasm.OpLoop {
				keep, target = 0, base+fr.start+1
			} else {
				fr.fixups = append(fr.fixups, i)
			}
			drop := max(h-fr.height-keep, 0)
			if cond {
				out.Class, out.Imm2 = ClassBrIf, uint64(drop)
				if keep == 0 {
					out.Imm3 = uint64(drop)
				}
			} else {
				out.Class, out.Imm2, out.F1 = ClassBr, uint64(drop), keep == 0 && drop > 0
			}
			if target >= 0 {
				out.Imm = uint64(target)
			}
		case wasm.OpBrTable:
			h--
			n := int(in.Imm2) // labels, default included (last)
			for k := 0; k < n; k++ {
				d := uint64(code.BrTable[int(in.Imm)+k])
				if int(d) == len(ctrls)-1 { // a return
					img.BrTable = append(img.BrTable, BrEntry{Site: base + i, K: k, Ret: true, Drop: uint64(nres)})
					continue
				}
				fr := label(d)
				keep := fr.arity
				e := BrEntry{Site: base + i, K: k}
				if fr.op == wasm.OpLoop {
					keep, e.Target = 0, uint64(base+fr.start+1)
				} else {
					fr.brfix = append(fr.brfix, len(img.BrTable))
				}
				e.Drop = uint64(max(h-fr.height-keep, 0))
				if keep == 0 {
					e.Refill = e.Drop
				}
				img.BrTable = append(img.BrTable, e)
			}
			out.Class, out.Imm = ClassBrTable, uint64(n-1)
		case wasm.OpCallIndirect:
			cft := m.Types[in.Imm]
			out.Class, out.Imm = ClassCallIndirect, typeID(m, uint32(in.Imm))
			h += len(cft.Results) - len(cft.Params) - 1
		case wasm.OpReturn:
			out.Class, out.F1 = ClassReturn, nres == 1
		case wasm.OpUnreachable:
			out.Class = ClassTrap
		case wasm.OpCall:
			callee := int(in.Imm)
			var cft wasm.FuncType
			if callee < nimp {
				imp := importedFunc(m, callee)
				cft = m.Types[imp.TypeIndex]
				if imp.Module != "env" {
					if !live { // a foreign host function in a function that never runs
						out.Class = ClassTrap
						h += len(cft.Results) - len(cft.Params)
						break
					}
					return nil, refuse(fmt.Sprintf("host function %s.%s", imp.Module, imp.Name))
				}
				switch imp.Name {
				case "wasm_input":
					out.Class, out.W64 = ClassInput, true
				case "wasm_output":
					out.Class = ClassOutput
				case "require":
					out.Class = ClassRequire
				case "wasm_dbg":
					out.Class = ClassDrop
				default:
					if !live {
						out.Class = ClassTrap
						break
					}
					return nil, refuse(fmt.Sprintf("host function env.%s", imp.Name))
				}
			} else {
				cft = m.Types[m.Funcs[callee-nimp]]
				out.Class = ClassCall
				calls = append(calls, struct{ pc, callee int }{base + i, callee})
			}
			h += len(cft.Results) - len(cft.Params)
		case wasm.OpDrop:
			out.Class = ClassDrop
		case wasm.OpSelect:
			out.Class = ClassSelect
		case wasm.OpLocalGet, wasm.OpLocalSet, wasm.OpLocalTee:
			out.Class = map[wasm.Opcode]Class{wasm.OpLocalGet: ClassLocalGet, wasm.OpLocalSet: ClassLocalSet, wasm.OpLocalTee: ClassLocalTee}[in.Op]
			out.Imm = in.Imm
			out.F1 = in.Op == wasm.OpLocalGet && int(in.Imm) >= nparams
		case wasm.OpGlobalGet, wasm.OpGlobalSet:
			if in.Imm < uint64(m.NumImportedGlobals) {
				return nil, refuse("imported global")
			}
			out.Class = ClassGlobalGet
			if in.Op == wasm.OpGlobalSet {
				out.Class = ClassGlobalSet
			}
			out.Imm = in.Imm - uint64(m.NumImportedGlobals)
		case wasm.OpMemorySize:
			// Without memory.grow the size is the initial one; with it, a read of the size
			// token.
			out.Class, out.Imm = ClassConst, uint64(m.Memories[0].Min)
			if maxPages > 0 {
				out = MemSize()
				out.Source = src
			}
		case wasm.OpMemoryGrow:
			out = MemGrow(maxPages)
			out.Source = src
		case wasm.OpI32Const:
			out.Class, out.Imm = ClassConst, in.Imm&(1<<32-1)
		case wasm.OpI64Const:
			out.Class, out.Imm, out.W64 = ClassConst, in.Imm, true

		default:
			if w, t, store := wasm.LoadStoreInfo(in.Op); w != 0 {
				if store {
					out = Store(int(w), uint32(in.Imm), t == wasm.I64)
				} else {
					out = Load(int(w), uint32(in.Imm), t == wasm.I64)
					switch in.Op {
					case wasm.OpI32Load8S, wasm.OpI32Load16S, wasm.OpI64Load8S, wasm.OpI64Load16S, wasm.OpI64Load32S:
						out.Imm2 = 1
					}
				}
				out.Source = src
				break
			}
			if sh, ok := shifts[in.Op]; ok && i > 0 && (code.Body[i-1].Op == wasm.OpI32Const || code.Body[i-1].Op == wasm.OpI64Const) {
				cnt := code.Body[i-1].Imm
				if !sh.w64 {
					cnt &= 1<<32 - 1
				}
				out = ShiftK(sh.w64, sh.right, sh.rotate, cnt)
				out.Source = src
				break
			}
			if (in.Op == wasm.OpI32ShrS || in.Op == wasm.OpI64ShrS) && i > 0 && (code.Body[i-1].Op == wasm.OpI32Const || code.Body[i-1].Op == wasm.OpI64Const) {
				cnt := code.Body[i-1].Imm
				if in.Op == wasm.OpI32ShrS {
					cnt &= 1<<32 - 1
				}
				out = ShrSK(in.Op == wasm.OpI64ShrS, cnt)
				out.Source = src
				break
			}
			n, ok := numeric[in.Op]
			if !ok {
				return nil, refuse("not constrained yet")
			}
			n.Source = src
			out = n
		}
		if h < 0 {
			h = 0 // dead code only
		}
		img.Code = append(img.Code, out)
	}
	return calls, nil
}

func importedFunc(m *wasm.Module, idx int) wasm.Import {
	n := 0
	for _, imp := range m.Imports {
		if imp.Kind == wasm.ExternFunc {
			if n == idx {
				return imp
			}
			n++
		}
	}
	return wasm.Import{}
}

// compilable reports whether compileFunc handles op outside the numeric table (it may still
// refuse it for its immediates).
func compilable(op wasm.Opcode) bool {
	switch op {
	case wasm.OpNop, wasm.OpBlock, wasm.OpLoop, wasm.OpIf, wasm.OpElse, wasm.OpEnd, wasm.OpBr, wasm.OpBrIf,
		wasm.OpBrTable, wasm.OpReturn, wasm.OpUnreachable, wasm.OpCall, wasm.OpCallIndirect, wasm.OpDrop,
		wasm.OpSelect, wasm.OpLocalGet, wasm.OpLocalSet, wasm.OpLocalTee, wasm.OpGlobalGet, wasm.OpGlobalSet,
		wasm.OpI32Const, wasm.OpI64Const:
		return true

	}
	w, _, _ := wasm.LoadStoreInfo(op)
	return w != 0
}
