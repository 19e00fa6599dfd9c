package circuit

import "fmt"

// Builder lays out an Image function by function, resolving labels and calls. It is what
// the WebAssembly compiler and the tests use to produce images; it sets the flags the
// circuit relies on (declared-local reads, refill on branches) from the function shapes.
type Builder struct {
	img     Image
	funcs   map[string]funcInfo
	labels  map[string]int
	fixups  []fixup
	cur     funcInfo
	curName string
	err     error
	brfix   []brfix
	table   []string
	typeIDs map[string]uint64
}

type brfix struct {
	entry int
	label string
}

type funcInfo struct{ entry, params, locals int }

type fixup struct {
	pc    int
	label string
	call  bool
}

// NewBuilder starts an image whose entry stub calls entry, a function without params or
// results (zkmain).
func NewBuilder(entry string, stackSize int) *Builder {
	return NewInvocationBuilder(entry, nil, nil, stackSize)
}

// NewInvocationBuilder starts an image whose entry stub reads the arguments of entry as
// public inputs (args[i] = true for i64, false for i32), calls it, and appends its result
// (if result is not nil) to the public outputs: an export invoked with public arguments.
func NewInvocationBuilder(entry string, args []bool, result *bool, stackSize int) *Builder {
	b := &Builder{funcs: map[string]funcInfo{}, labels: map[string]int{}}
	b.img.StackSize = stackSize
	for i, w64 := range args {
		src := fmt.Sprintf("entry stub: argument %d", i)
		b.img.Code = append(b.img.Code, Instr{Class: ClassConst, Imm: 1, Source: src}, Instr{Class: ClassInput, W64: w64, Source: src})
	}
	b.fixups = append(b.fixups, fixup{pc: len(b.img.Code), label: entry, call: true})
	b.img.Code = append(b.img.Code, Instr{Class: ClassCall, Source: "entry stub: call " + entry})
	if result != nil {
		b.img.Code = append(b.img.Code, Instr{Class: ClassOutput, Source: "entry stub: result"})
	}
	b.img.Code = append(b.img.Code, Instr{Class: ClassHalt, Source: "entry stub: halt"})
	return b
}

// Memory sets the initial linear memory (whole 8-byte words).
func (b *Builder) Memory(words []uint64) { b.img.Memory = append([]uint64(nil), words...) }

// Globals sets the initial values of the globals.
func (b *Builder) Globals(vals ...uint64) { b.img.Globals = append([]uint64(nil), vals...) }

// Func starts a function with params parameters and locals locals in all (params included).
func (b *Builder) Func(name string, params, locals int) {
	if _, dup := b.funcs[name]; dup && b.err == nil {
		b.err = fmt.Errorf("circuit: function %q defined twice", name)
	}
	if locals < params && b.err == nil {
		b.err = fmt.Errorf("circuit: function %q: %d locals < %d params", name, locals, params)
	}
	b.cur = funcInfo{entry: len(b.img.Code), params: params, locals: locals}
	b.curName = name
	b.funcs[name] = b.cur
}

// Label names the next instruction (labels are per image; prefix them with the function).
func (b *Builder) Label(name string) {
	if _, dup := b.labels[name]; dup && b.err == nil {
		b.err = fmt.Errorf("circuit: label %q defined twice", name)
	}
	b.labels[name] = len(b.img.Code)
}

// Emit appends an instruction.
func (b *Builder) Emit(ins ...Instr) {
	for _, in := range ins {
		if in.Source == "" {
			in.Source = fmt.Sprintf("%s+%d %s", b.curName, len(b.img.Code)-b.cur.entry, in.Class)
		}
		if in.Class == ClassLocalGet && int(in.Imm) >= b.cur.params {
			in.F1 = true // declared local: reads 0 until written in this frame
		}
		if (in.Class == ClassLocalGet || in.Class == ClassLocalSet || in.Class == ClassLocalTee) && int(in.Imm) >= b.cur.locals && b.err == nil {
			b.err = fmt.Errorf("circuit: %s: local %d out of range (%d locals)", in.Source, in.Imm, b.cur.locals)
		}
		b.img.Code = append(b.img.Code, in)
	}
}

// Br jumps to label, dropping drop values below the keep (0 or 1) kept ones.
func (b *Builder) Br(label string, drop, keep int) {
	b.fixups = append(b.fixups, fixup{pc: len(b.img.Code), label: label})
	b.Emit(Instr{Class: ClassBr, Imm2: uint64(drop), F1: keep == 0 && drop > 0})
}

// BrIf pops a condition and, if it is non-zero, branches like Br.
func (b *Builder) BrIf(label string, drop, keep int) {
	b.fixups = append(b.fixups, fixup{pc: len(b.img.Code), label: label})
	in := Instr{Class: ClassBrIf, Imm2: uint64(drop)}
	if keep == 0 {
		in.Imm3 = uint64(drop)
	}
	b.Emit(in)
}

// If pops a condition and jumps to label (the else or end) when it is zero.
func (b *Builder) If(label string) {
	b.fixups = append(b.fixups, fixup{pc: len(b.img.Code), label: label})
	b.Emit(Instr{Class: ClassBrIf, F1: true})
}

// Call calls the named function.
func (b *Builder) Call(name string) {
	b.fixups = append(b.fixups, fixup{pc: len(b.img.Code), label: name, call: true})
	b.Emit(Instr{Class: ClassCall})
}

// BrTable pops an index and branches to labels[index], or to def if the index is out of
// range. Every label is given with its drop and keep counts.
func (b *Builder) BrTable(labels []BrLabel, def BrLabel) {
	site := len(b.img.Code)
	for k, l := range append(append([]BrLabel{}, labels...), def) {
		e := BrEntry{Site: site, K: k, Drop: uint64(l.Drop)}
		if l.Keep == 0 {
			e.Refill = uint64(l.Drop)
		}
		b.brfix = append(b.brfix, brfix{len(b.img.BrTable), l.Label})
		b.img.BrTable = append(b.img.BrTable, e)
	}
	b.Emit(Instr{Class: ClassBrTable, Imm: uint64(len(labels))})
}

// BrLabel is a br_table target.
type BrLabel struct {
	Label      string
	Drop, Keep int
}

// TableSet sets the function table for call_indirect: entry i calls funcs[i] ("" for an
// uninitialised entry); typeIDs gives each function's type id.
func (b *Builder) TableSet(funcs []string, typeIDs map[string]uint64) {
	b.table, b.typeIDs = funcs, typeIDs
}

// CallIndirect pops a table index and calls that entry, which must have type typeID.
func (b *Builder) CallIndirect(typeID uint64) {
	b.Emit(Instr{Class: ClassCallIndirect, Imm: typeID})
}

// Return returns from the current function with results (0 or 1) values.
func (b *Builder) Return(results int) { b.Emit(Instr{Class: ClassReturn, F1: results == 1}) }

// Build resolves labels and calls and validates the image.
func (b *Builder) Build() (*Image, error) {
	if b.err != nil {
		return nil, b.err
	}
	for _, f := range b.fixups {
		in := &b.img.Code[f.pc]
		if f.call {
			fi, ok := b.funcs[f.label]
			if !ok {
				return nil, fmt.Errorf("circuit: pc %d: call of unknown function %q", f.pc, f.label)
			}
			in.Imm, in.Imm2, in.Imm3 = uint64(fi.entry), uint64(fi.params), uint64(fi.locals)
			continue
		}
		t, ok := b.labels[f.label]
		if !ok {
			return nil, fmt.Errorf("circuit: pc %d: unknown label %q", f.pc, f.label)
		}
		in.Imm = uint64(t)
	}
	for _, f := range b.brfix {
		t, ok := b.labels[f.label]
		if !ok {
			return nil, fmt.Errorf("circuit: br_table: unknown label %q", f.label)
		}
		b.img.BrTable[f.entry].Target = uint64(t)
	}
	for _, name := range b.table {
		if name == "" {
			b.img.Table = append(b.img.Table, nil)
			continue
		}
		fi, ok := b.funcs[name]
		if !ok {
			return nil, fmt.Errorf("circuit: table: unknown function %q", name)
		}
		b.img.Table = append(b.img.Table, &TableEntry{Entry: uint64(fi.entry), Params: uint64(fi.params), Locals: uint64(fi.locals), TypeID: b.typeIDs[name]})
	}
	img := b.img
	if err := img.Validate(); err != nil {
		return nil, err
	}
	return &img, nil
}

// Instruction constructors (w64 selects the i64 variant of the integer operations).

func I32Const(v uint32) Instr  { return Instr{Class: ClassConst, Imm: uint64(v)} }
func I64Const(v uint64) Instr  { return Instr{Class: ClassConst, W64: true, Imm: v} }
func Nop() Instr               { return Instr{Class: ClassNop} }
func WasmInput(w64 bool) Instr { return Instr{Class: ClassInput, W64: w64} }
func WasmOutput() Instr        { return Instr{Class: ClassOutput} }
func Load(width int, offset uint32, w64 bool) Instr {
	return Instr{Class: ClassLoad, Imm: uint64(offset), W64: w64, F1: width >= 2, F2: width >= 4, F3: width == 8}
}

// LoadS is a sign-extending load.
func LoadS(width int, offset uint32, w64 bool) Instr {
	in := Load(width, offset, w64)
	in.Imm2 = 1
	return in
}
func Store(width int, offset uint32, w64 bool) Instr {
	return Instr{Class: ClassStore, Imm: uint64(offset), W64: w64, F1: width >= 2, F2: width >= 4, F3: width == 8}
}
func IAnd(w64 bool) Instr { return Instr{Class: ClassBitwise, W64: w64} }
func IOr(w64 bool) Instr  { return Instr{Class: ClassBitwise, W64: w64, F1: true} }
func IXor(w64 bool) Instr { return Instr{Class: ClassBitwise, W64: w64, F2: true} }
func ExtendS(from int, w64 bool) Instr {
	return Instr{Class: ClassExtendS, W64: w64, F1: from >= 2, F2: from >= 4}
}
func I32Shl() Instr         { return Instr{Class: ClassShift32} }
func I32ShrU() Instr        { return Instr{Class: ClassShift32, F1: true} }
func I32Rotl() Instr        { return Instr{Class: ClassShift32, F2: true} }
func I32Rotr() Instr        { return Instr{Class: ClassShift32, F1: true, F2: true} }
func I32LtS() Instr         { return Instr{Class: ClassLtS32} }
func I32GtS() Instr         { return Instr{Class: ClassLtS32, F1: true} }
func I32LeS() Instr         { return Instr{Class: ClassLtS32, F1: true, F2: true} }
func I32GeS() Instr         { return Instr{Class: ClassLtS32, F2: true} }
func I32DivU() Instr        { return Instr{Class: ClassDivU32} }
func I32RemU() Instr        { return Instr{Class: ClassDivU32, F1: true} }
func I32ShrS() Instr        { return Instr{Class: ClassShift32, F1: true, Imm2: 1} }
func Clz(w64 bool) Instr    { return Instr{Class: ClassBitCount, W64: w64} }
func Ctz(w64 bool) Instr    { return Instr{Class: ClassBitCount, W64: w64, F1: true} }
func Popcnt(w64 bool) Instr { return Instr{Class: ClassBitCount, W64: w64, F2: true} }
func I64ShrS() Instr        { return Instr{Class: ClassShift64, W64: true, F1: true, Imm2: 1} }
func I32DivS() Instr        { return Instr{Class: ClassDivS32} }
func I32RemS() Instr        { return Instr{Class: ClassDivS32, F1: true} }

// ShiftK is a shift or rotate (right, rotate flags) by the constant count that the
// previous instruction pushes.
func ShiftK(w64, right, rotate bool, count uint64) Instr {
	w := uint64(32)
	if w64 {
		w = 64
	}
	k := count % w
	e := k
	if right {
		e = w - k
	}
	var p uint64
	if e < 64 {
		p = 1 << e
	}
	in := Instr{Class: ClassShiftK, W64: w64, F1: right, F2: rotate, Imm: p, Imm3: count}
	if e == 64 {
		in.Imm2 = 1 // 2^64 does not fit imm: Imm2 = 1 marks it
	}
	return in
}

// ShrSK is shr_s (i32 or i64) by a constant count.
func ShrSK(w64 bool, count uint64) Instr {
	in := ShiftK(w64, true, false, count)
	in.Class, in.F1 = ClassShrSK, false
	return in
}
func I64LtS() Instr         { return Instr{Class: ClassLtS64, W64: true} }
func I64GtS() Instr         { return Instr{Class: ClassLtS64, W64: true, F1: true} }
func I64LeS() Instr         { return Instr{Class: ClassLtS64, W64: true, F1: true, F2: true} }
func I64GeS() Instr         { return Instr{Class: ClassLtS64, W64: true, F2: true} }
func I64Shl() Instr         { return Instr{Class: ClassShift64, W64: true} }
func I64ShrU() Instr        { return Instr{Class: ClassShift64, W64: true, F1: true} }
func I64Rotl() Instr        { return Instr{Class: ClassShift64, W64: true, F2: true} }
func I64Rotr() Instr        { return Instr{Class: ClassShift64, W64: true, F1: true, F2: true} }
func I64DivU() Instr        { return Instr{Class: ClassDivU64, W64: true} }
func I64RemU() Instr        { return Instr{Class: ClassDivU64, W64: true, F1: true} }
func Wrap() Instr           { return Instr{Class: ClassWrap} }
func ExtendU() Instr        { return Instr{Class: ClassNop, Source: "i64.extend_i32_u"} }
func Require() Instr        { return Instr{Class: ClassRequire} }
func WasmDbg() Instr        { return Instr{Class: ClassDrop, Source: "wasm_dbg"} }
func Unreachable() Instr    { return Instr{Class: ClassTrap} }
func Drop() Instr           { return Instr{Class: ClassDrop} }
func Select() Instr         { return Instr{Class: ClassSelect} }
func LocalGet(i int) Instr  { return Instr{Class: ClassLocalGet, Imm: uint64(i)} }
func LocalSet(i int) Instr  { return Instr{Class: ClassLocalSet, Imm: uint64(i)} }
func LocalTee(i int) Instr  { return Instr{Class: ClassLocalTee, Imm: uint64(i)} }
func GlobalGet(i int) Instr { return Instr{Class: ClassGlobalGet, Imm: uint64(i)} }
func GlobalSet(i int) Instr { return Instr{Class: ClassGlobalSet, Imm: uint64(i)} }
func IAdd(w64 bool) Instr   { return Instr{Class: ClassAddSub, W64: w64} }
func ISub(w64 bool) Instr   { return Instr{Class: ClassAddSub, W64: w64, F1: true} }
func IMul(w64 bool) Instr   { return Instr{Class: ClassMul, W64: w64} }
func IEqz(w64 bool) Instr   { return Instr{Class: ClassEqz, W64: w64} }
func IEq(w64 bool) Instr    { return Instr{Class: ClassEq, W64: w64} }
func INe(w64 bool) Instr    { return Instr{Class: ClassEq, W64: w64, F1: true} }
func ILtU(w64 bool) Instr   { return Instr{Class: ClassLtU, W64: w64} }
func IGtU(w64 bool) Instr   { return Instr{Class: ClassLtU, W64: w64, F1: true} }
func ILeU(w64 bool) Instr   { return Instr{Class: ClassLtU, W64: w64, F1: true, F2: true} }
func IGeU(w64 bool) Instr   { return Instr{Class: ClassLtU, W64: w64, F2: true} }
