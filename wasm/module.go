package wasm

import "strings"

// ValType is a value type (§2.3.1). Only I32 and I64 are supported.
type ValType byte

// Value types and their binary encodings (§5.3.1).
const (
	I32 ValType = 0x7f
	I64 ValType = 0x7e
	F32 ValType = 0x7d // refused: floats
	F64 ValType = 0x7c // refused: floats
)

func (t ValType) String() string {
	switch t {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	}
	return "valtype?"
}

// FuncType is a function type (§2.3.5). At most one result is supported.
type FuncType struct {
	Params  []ValType
	Results []ValType
}

// Equal reports structural equality (the only kind of type equality in Wasm 1.0).
func (ft FuncType) Equal(o FuncType) bool {
	if len(ft.Params) != len(o.Params) || len(ft.Results) != len(o.Results) {
		return false
	}
	for i := range ft.Params {
		if ft.Params[i] != o.Params[i] {
			return false
		}
	}
	for i := range ft.Results {
		if ft.Results[i] != o.Results[i] {
			return false
		}
	}
	return true
}

func (ft FuncType) String() string {
	var b strings.Builder
	b.WriteString("(")
	for i, p := range ft.Params {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(p.String())
	}
	b.WriteString(") -> (")
	for i, r := range ft.Results {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(r.String())
	}
	b.WriteString(")")
	return b.String()
}

// Limits are the size bounds of a memory (in 64 KiB pages) or table (§2.3.7).
type Limits struct {
	Min    uint32
	Max    uint32
	HasMax bool
}

// ExternKind is the kind of an import or export (§2.5.10, §2.5.11).
type ExternKind byte

// Extern kinds, with their binary encodings.
const (
	ExternFunc   ExternKind = 0
	ExternTable  ExternKind = 1
	ExternMemory ExternKind = 2
	ExternGlobal ExternKind = 3
)

func (k ExternKind) String() string {
	switch k {
	case ExternFunc:
		return "func"
	case ExternTable:
		return "table"
	case ExternMemory:
		return "memory"
	case ExternGlobal:
		return "global"
	}
	return "extern?"
}

// GlobalType is the type of a global (§2.3.9).
type GlobalType struct {
	Type    ValType
	Mutable bool
}

// Import is one entry of the import section (§2.5.11). Exactly one of the
// descriptor fields is meaningful, chosen by Kind.
type Import struct {
	Module, Name string
	Kind         ExternKind
	TypeIndex    uint32     // ExternFunc: index into Module.Types
	Table        Limits     // ExternTable (element type funcref)
	Memory       Limits     // ExternMemory
	Global       GlobalType // ExternGlobal
	Offset       int        // byte offset of the entry
}

// Export is one entry of the export section (§2.5.10).
type Export struct {
	Name   string
	Kind   ExternKind
	Index  uint32 // index in the space of Kind (imports first)
	Offset int    // byte offset of the entry
}

// ConstExpr is a constant expression (§3.3.10): in the supported profile one of
// i32.const, i64.const or global.get (of an imported immutable global).
type ConstExpr struct {
	Op    Opcode // OpI32Const, OpI64Const or OpGlobalGet
	Value uint64 // constant (i32 zero-extended) or global index
}

// Global is a module-defined global (§2.5.6).
type Global struct {
	Type   GlobalType
	Init   ConstExpr
	Offset int // byte offset of the entry
}

// ElemSegment is an active element segment for table 0 (§2.5.7, MVP form).
type ElemSegment struct {
	Offset ConstExpr
	Funcs  []uint32
	At     int // byte offset of the segment
}

// DataSegment is an active data segment for memory 0 (§2.5.8, MVP form).
type DataSegment struct {
	Offset ConstExpr
	Init   []byte
	At     int // byte offset of the segment
}

// LocalRun is a run of Count locals of one type, as encoded (§5.5.13).
type LocalRun struct {
	Count uint32
	Type  ValType
}

// Instr is one decoded instruction of a function body. Bodies are flat arrays:
// structured control instructions (block, loop, if, else, end) are instructions
// in the array; Code.Body's index is the instruction's "pc".
type Instr struct {
	Op Opcode
	// Imm is the first immediate: the constant (i32 as its uint32 bit pattern,
	// zero-extended; i64 as its bit pattern), the local/global/function/type
	// index, the label depth of br/br_if, the memarg offset of loads/stores, or
	// the block type (see Imm2). For br_table it is the start of the labels in
	// Code.BrTable.
	Imm uint64
	// Imm2 is the second immediate: the memarg alignment exponent of
	// loads/stores, the table index of call_indirect, the label count (default
	// label included, it comes last) of br_table, or for block/loop/if the block
	// type kind: BlockEmpty, BlockValue (Imm holds the ValType) or BlockTypeIndex
	// (Imm holds a type index).
	Imm2 uint32
	// Offset is the byte offset of the opcode in the module binary.
	Offset uint32
}

// Block type kinds, stored in Instr.Imm2 of block, loop and if (§5.4.1).
const (
	BlockEmpty     = 0
	BlockValue     = 1
	BlockTypeIndex = 2
)

// Code is a function body (§2.5.3, §5.5.13).
type Code struct {
	Locals    []LocalRun // declared locals (parameters excluded)
	NumLocals uint32     // total declared locals
	Body      []Instr    // instructions, the last one is the function's final end
	BrTable   []uint32   // label pool for br_table instructions
	Offset    int        // byte offset of the body (its size field)
	// MaxStack is the maximum operand stack height (values, locals excluded)
	// reached by the body; computed by validation.
	MaxStack uint32
}

// CustomSection is a custom section, kept verbatim (§5.5.3).
type CustomSection struct {
	Name   string
	Data   []byte
	Offset int
}

// Module is a decoded and validated module (§2.5).
type Module struct {
	Types     []FuncType
	Imports   []Import
	Funcs     []uint32 // type index of each module-defined function
	Tables    []Limits // module-defined tables (at most one in total, funcref)
	Memories  []Limits // module-defined memories (at most one in total)
	Globals   []Global
	Exports   []Export
	Start     uint32
	HasStart  bool
	Elems     []ElemSegment
	Datas     []DataSegment
	DataCount *uint32 // from the data count section (§5.5.16), if present
	Codes     []Code  // one per module-defined function
	Customs   []CustomSection

	// Names are function names from the "name" custom section, by function index.
	Names map[uint32]string
	// Name is the module's name (DecodeNamed argument or name section), may be "".
	Name string

	// Import counts per kind, filled by Decode.
	NumImportedFuncs, NumImportedTables, NumImportedMemories, NumImportedGlobals uint32

	// Per-kind import descriptors filled by Decode, so index lookups are O(1)
	// (a scan of Imports per call instruction would be quadratic).
	importFuncTypes []uint32
	importGlobals   []GlobalType
}

// NumFuncs is the size of the function index space (imports included).
func (m *Module) NumFuncs() uint32 { return m.NumImportedFuncs + uint32(len(m.Funcs)) }

// NumGlobals is the size of the global index space (imports included).
func (m *Module) NumGlobals() uint32 { return m.NumImportedGlobals + uint32(len(m.Globals)) }

// NumTables is the size of the table index space (imports included).
func (m *Module) NumTables() uint32 { return m.NumImportedTables + uint32(len(m.Tables)) }

// NumMemories is the size of the memory index space (imports included).
func (m *Module) NumMemories() uint32 { return m.NumImportedMemories + uint32(len(m.Memories)) }

// FuncTypeOf returns the type of function idx (import space included).
func (m *Module) FuncTypeOf(idx uint32) (FuncType, bool) {
	if idx < m.NumImportedFuncs {
		if int(idx) < len(m.importFuncTypes) && int(m.importFuncTypes[idx]) < len(m.Types) {
			return m.Types[m.importFuncTypes[idx]], true
		}
		n := uint32(0)
		for _, im := range m.Imports {
			if im.Kind == ExternFunc {
				if n == idx {
					if int(im.TypeIndex) >= len(m.Types) {
						return FuncType{}, false
					}
					return m.Types[im.TypeIndex], true
				}
				n++
			}
		}
		return FuncType{}, false
	}
	i := idx - m.NumImportedFuncs
	if i >= uint32(len(m.Funcs)) {
		return FuncType{}, false
	}
	return m.Types[m.Funcs[i]], true
}

// GlobalTypeOf returns the type of global idx (import space included).
func (m *Module) GlobalTypeOf(idx uint32) (GlobalType, bool) {
	if idx < m.NumImportedGlobals {
		if int(idx) < len(m.importGlobals) {
			return m.importGlobals[idx], true
		}
		n := uint32(0)
		for _, im := range m.Imports {
			if im.Kind == ExternGlobal {
				if n == idx {
					return im.Global, true
				}
				n++
			}
		}
		return GlobalType{}, false
	}
	i := idx - m.NumImportedGlobals
	if i >= uint32(len(m.Globals)) {
		return GlobalType{}, false
	}
	return m.Globals[i].Type, true
}

// FuncName returns the name of function idx from the name section, or "".
func (m *Module) FuncName(idx uint32) string { return m.Names[idx] }

// ExportByName finds an export.
func (m *Module) ExportByName(name string) (Export, bool) {
	for _, e := range m.Exports {
		if e.Name == name {
			return e, true
		}
	}
	return Export{}, false
}
