package wasm

import (
	"bytes"
	"fmt"
)

// Implementation limits (refused as ErrUnsupported when exceeded).
const (
	// MaxLocals bounds params+locals of one function.
	MaxLocals = 50000
	// MaxNesting bounds the depth of nested blocks in one function.
	MaxNesting = 10000
	// MaxPages is the largest memory, in 64 KiB pages (§2.3.8: 2^16).
	MaxPages = 65536
)

var magic = []byte{0x00, 0x61, 0x73, 0x6d}
var version = []byte{0x01, 0x00, 0x00, 0x00}

// Section ids (§5.5.2).
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunction  = 3
	secTable     = 4
	secMemory    = 5
	secGlobal    = 6
	secExport    = 7
	secStart     = 8
	secElement   = 9
	secCode      = 10
	secData      = 11
	secDataCount = 12
)

// sectionOrder gives the required relative order of non-custom sections (§5.5.2):
// the data count section comes between element and code.
var sectionOrder = [...]int{
	secType: 1, secImport: 2, secFunction: 3, secTable: 4, secMemory: 5, secGlobal: 6,
	secExport: 7, secStart: 8, secElement: 9, secDataCount: 10, secCode: 11, secData: 12,
}

type decoder struct {
	m    *Module
	name string
	fn   uint32 // function being decoded/validated, NoFunc otherwise
}

func (d *decoder) errf(kind error, off int, format string, args ...any) error {
	e := &Error{Kind: kind, Offset: off, Func: d.fn, Module: d.name, Msg: fmt.Sprintf(format, args...)}
	if d.fn != NoFunc && d.m != nil {
		e.FuncName = d.m.Names[d.fn]
	}
	return e
}

// Decode decodes and validates a binary module (§5 and §3). Errors are *Error.
func Decode(b []byte) (*Module, error) { return DecodeNamed("", b) }

// DecodeNamed is Decode with a module name used in error messages.
func DecodeNamed(name string, b []byte) (*Module, error) {
	d := &decoder{m: &Module{}, name: name, fn: NoFunc}
	d.m.Name = name
	d.m.Names = prescanNames(b)
	if err := d.decode(b); err != nil {
		return nil, err
	}
	if err := d.validate(); err != nil {
		return nil, err
	}
	return d.m, nil
}

func (d *decoder) decode(b []byte) error {
	r := &reader{b: b, d: d}
	hdr, err := r.bytes(4)
	if err != nil || !bytes.Equal(hdr, magic) {
		return d.errf(ErrMalformed, 0, "magic header not detected")
	}
	ver, err := r.bytes(4)
	if err != nil || !bytes.Equal(ver, version) {
		return d.errf(ErrMalformed, 4, "unknown binary version")
	}
	m := d.m
	last := 0
	var funcCount *uint32
	for !r.eof() {
		secOff := r.pos
		id, _ := r.byte()
		size, err := r.u32()
		if err != nil {
			return err
		}
		body, err := r.bytes(size)
		if err != nil {
			return d.errf(ErrMalformed, secOff, "section size mismatch: unexpected end of section")
		}
		if id > secDataCount {
			return d.errf(ErrMalformed, secOff, "malformed section id %d", id)
		}
		if id != secCustom {
			o := sectionOrder[id]
			if o <= last {
				return d.errf(ErrMalformed, secOff, "unexpected content after last section (section %d out of order or duplicated)", id)
			}
			last = o
		}
		sr := &reader{b: b[:r.pos], pos: r.pos - len(body), d: d}
		switch id {
		case secCustom:
			err = d.customSection(sr)
		case secType:
			err = d.typeSection(sr)
		case secImport:
			err = d.importSection(sr)
		case secFunction:
			err = d.functionSection(sr)
			n := uint32(len(m.Funcs))
			funcCount = &n
		case secTable:
			err = d.tableSection(sr)
		case secMemory:
			err = d.memorySection(sr)
		case secGlobal:
			err = d.globalSection(sr)
		case secExport:
			err = d.exportSection(sr)
		case secStart:
			var f uint32
			f, err = sr.u32()
			m.Start, m.HasStart = f, true
		case secElement:
			err = d.elementSection(sr)
		case secCode:
			err = d.codeSection(sr, funcCount)
		case secData:
			err = d.dataSection(sr)
		case secDataCount:
			var n uint32
			n, err = sr.u32()
			m.DataCount = &n
		}
		if err != nil {
			return err
		}
		if !sr.eof() {
			return d.errf(ErrMalformed, sr.pos, "section size mismatch")
		}
	}
	if len(m.Funcs) != len(m.Codes) {
		return d.errf(ErrMalformed, len(b), "function and code section have inconsistent lengths")
	}
	if m.DataCount != nil && int(*m.DataCount) != len(m.Datas) {
		return d.errf(ErrMalformed, len(b), "data count and data section have inconsistent lengths")
	}
	return nil
}

func (d *decoder) customSection(r *reader) error {
	off := r.pos
	name, err := r.name()
	if err != nil {
		return err
	}
	data := r.b[r.pos:]
	r.pos = len(r.b)
	d.m.Customs = append(d.m.Customs, CustomSection{Name: name, Data: data, Offset: off})
	return nil
}

// valType reads a value type (§5.3.1), refusing unsupported ones by feature.
func (d *decoder) valType(r *reader) (ValType, error) {
	off := r.pos
	c, err := r.byte()
	if err != nil {
		return 0, err
	}
	switch c {
	case 0x7f, 0x7e:
		return ValType(c), nil
	case 0x7d, 0x7c:
		return 0, d.errf(ErrUnsupported, off, "unsupported value type %s (floats)", ValType(c))
	case 0x7b:
		return 0, d.errf(ErrUnsupported, off, "unsupported value type v128 (SIMD)")
	case 0x70, 0x6f:
		return 0, d.errf(ErrUnsupported, off, "unsupported value type %s (reference types)", refName(c))
	}
	return 0, d.errf(ErrMalformed, off, "malformed value type %#x", c)
}

func refName(c byte) string {
	if c == 0x70 {
		return "funcref"
	}
	return "externref"
}

func (d *decoder) typeSection(r *reader) error {
	n, err := r.count(3)
	if err != nil {
		return err
	}
	d.m.Types = make([]FuncType, 0, n)
	for i := uint32(0); i < n; i++ {
		off := r.pos
		form, err := r.byte()
		if err != nil {
			return err
		}
		if form != 0x60 {
			return d.errf(ErrMalformed, off, "malformed function type form %#x (integer representation too long?)", form)
		}
		var ft FuncType
		for k := 0; k < 2; k++ {
			cnt, err := r.count(1)
			if err != nil {
				return err
			}
			ts := make([]ValType, cnt)
			for j := range ts {
				if ts[j], err = d.valType(r); err != nil {
					return err
				}
			}
			if k == 0 {
				ft.Params = ts
			} else {
				ft.Results = ts
			}
		}
		if len(ft.Results) > 1 {
			return d.errf(ErrUnsupported, off, "type %d has %d results (multi-value)", i, len(ft.Results))
		}
		d.m.Types = append(d.m.Types, ft)
	}
	return nil
}

func (d *decoder) limits(r *reader, what string) (Limits, error) {
	off := r.pos
	flag, err := r.byte()
	if err != nil {
		return Limits{}, err
	}
	var l Limits
	switch flag {
	case 0:
		l.Min, err = r.u32()
	case 1:
		if l.Min, err = r.u32(); err == nil {
			l.Max, err = r.u32()
			l.HasMax = true
		}
	case 2, 3:
		if what == "memory" {
			return l, d.errf(ErrUnsupported, off, "shared memory (threads)")
		}
		return l, d.errf(ErrMalformed, off, "integer too large: malformed limits flags %#x", flag)
	default:
		return l, d.errf(ErrMalformed, off, "integer too large: malformed limits flags %#x", flag)
	}
	return l, err
}

func (d *decoder) tableType(r *reader) (Limits, error) {
	off := r.pos
	c, err := r.byte()
	if err != nil {
		return Limits{}, err
	}
	switch c {
	case 0x70:
	case 0x6f:
		return Limits{}, d.errf(ErrUnsupported, off, "externref table (reference types)")
	default:
		return Limits{}, d.errf(ErrMalformed, off, "malformed reference type %#x", c)
	}
	return d.limits(r, "table")
}

func (d *decoder) globalType(r *reader) (GlobalType, error) {
	t, err := d.valType(r)
	if err != nil {
		return GlobalType{}, err
	}
	off := r.pos
	mut, err := r.byte()
	if err != nil {
		return GlobalType{}, err
	}
	if mut > 1 {
		return GlobalType{}, d.errf(ErrMalformed, off, "malformed mutability %#x", mut)
	}
	return GlobalType{Type: t, Mutable: mut == 1}, nil
}

func (d *decoder) importSection(r *reader) error {
	n, err := r.count(4)
	if err != nil {
		return err
	}
	m := d.m
	m.Imports = make([]Import, 0, n)
	for i := uint32(0); i < n; i++ {
		im := Import{Offset: r.pos}
		if im.Module, err = r.name(); err != nil {
			return err
		}
		if im.Name, err = r.name(); err != nil {
			return err
		}
		off := r.pos
		k, err := r.byte()
		if err != nil {
			return err
		}
		im.Kind = ExternKind(k)
		switch im.Kind {
		case ExternFunc:
			im.TypeIndex, err = r.u32()
			m.NumImportedFuncs++
			m.importFuncTypes = append(m.importFuncTypes, im.TypeIndex)
		case ExternTable:
			im.Table, err = d.tableType(r)
			m.NumImportedTables++
		case ExternMemory:
			im.Memory, err = d.limits(r, "memory")
			m.NumImportedMemories++
		case ExternGlobal:
			im.Global, err = d.globalType(r)
			m.NumImportedGlobals++
			m.importGlobals = append(m.importGlobals, im.Global)
		default:
			return d.errf(ErrMalformed, off, "malformed import kind %#x", k)
		}
		if err != nil {
			return err
		}
		m.Imports = append(m.Imports, im)
	}
	return nil
}

func (d *decoder) functionSection(r *reader) error {
	n, err := r.count(1)
	if err != nil {
		return err
	}
	d.m.Funcs = make([]uint32, n)
	for i := range d.m.Funcs {
		if d.m.Funcs[i], err = r.u32(); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) tableSection(r *reader) error {
	n, err := r.count(2)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		l, err := d.tableType(r)
		if err != nil {
			return err
		}
		d.m.Tables = append(d.m.Tables, l)
	}
	return nil
}

func (d *decoder) memorySection(r *reader) error {
	n, err := r.count(2)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		l, err := d.limits(r, "memory")
		if err != nil {
			return err
		}
		d.m.Memories = append(d.m.Memories, l)
	}
	return nil
}

// constExpr reads a constant expression (§5.4.9: an expression ending in end).
// Its shape is checked by validation; here only its syntax.
func (d *decoder) constExpr(r *reader) (ConstExpr, int, error) {
	off := r.pos
	var c Code
	if err := d.instrs(r, &c, true); err != nil {
		return ConstExpr{}, off, err
	}
	// c.Body ends with end. Validation (§3.3.10) requires exactly one constant
	// instruction of the right type before it.
	if len(c.Body) != 2 {
		if len(c.Body) == 1 {
			return ConstExpr{}, off, d.errf(ErrInvalid, off, "type mismatch: empty constant expression")
		}
		for _, in := range c.Body[:len(c.Body)-1] {
			if !isConstOp(in.Op) {
				return ConstExpr{}, off, d.errf(ErrInvalid, int(in.Offset), "constant expression required (%s)", in.Op)
			}
		}
		return ConstExpr{}, off, d.errf(ErrInvalid, off, "type mismatch: constant expression has %d instructions", len(c.Body)-1)
	}
	in := c.Body[0]
	if !isConstOp(in.Op) {
		return ConstExpr{}, off, d.errf(ErrInvalid, int(in.Offset), "constant expression required (%s)", in.Op)
	}
	return ConstExpr{Op: in.Op, Value: in.Imm}, off, nil
}

func isConstOp(op Opcode) bool {
	return op == OpI32Const || op == OpI64Const || op == OpGlobalGet
}

func (d *decoder) globalSection(r *reader) error {
	n, err := r.count(3)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		off := r.pos
		gt, err := d.globalType(r)
		if err != nil {
			return err
		}
		init, _, err := d.constExpr(r)
		if err != nil {
			return err
		}
		d.m.Globals = append(d.m.Globals, Global{Type: gt, Init: init, Offset: off})
	}
	return nil
}

func (d *decoder) exportSection(r *reader) error {
	n, err := r.count(3)
	if err != nil {
		return err
	}
	d.m.Exports = make([]Export, 0, n)
	for i := uint32(0); i < n; i++ {
		eoff := r.pos
		name, err := r.name()
		if err != nil {
			return err
		}
		off := r.pos
		k, err := r.byte()
		if err != nil {
			return err
		}
		if k > 3 {
			return d.errf(ErrMalformed, off, "malformed export kind %#x", k)
		}
		idx, err := r.u32()
		if err != nil {
			return err
		}
		d.m.Exports = append(d.m.Exports, Export{Name: name, Kind: ExternKind(k), Index: idx, Offset: eoff})
	}
	return nil
}

func (d *decoder) funcIndices(r *reader) ([]uint32, error) {
	n, err := r.count(1)
	if err != nil {
		return nil, err
	}
	fs := make([]uint32, n)
	for i := range fs {
		if fs[i], err = r.u32(); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

func (d *decoder) elementSection(r *reader) error {
	n, err := r.count(1)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		off := r.pos
		flag, err := r.u32()
		if err != nil {
			return err
		}
		seg := ElemSegment{At: off}
		switch flag {
		case 0:
		case 2:
			// Active with an explicit table index (§5.5.12); same meaning as the MVP form.
			t, err := r.u32()
			if err != nil {
				return err
			}
			if t != 0 {
				return d.errf(ErrUnsupported, off, "element segment for table %d (multiple tables: reference types)", t)
			}
		case 1, 3:
			return d.errf(ErrUnsupported, off, "passive or declarative element segment (bulk memory / reference types)")
		case 4, 5, 6, 7:
			return d.errf(ErrUnsupported, off, "element segment with expressions (reference types)")
		default:
			return d.errf(ErrMalformed, off, "malformed elements segment kind %d", flag)
		}
		seg.Offset, _, err = d.constExpr(r)
		if err != nil {
			return err
		}
		if flag == 2 {
			koff := r.pos
			kind, err := r.byte()
			if err != nil {
				return err
			}
			if kind != 0 {
				return d.errf(ErrMalformed, koff, "malformed element kind %#x", kind)
			}
		}
		if seg.Funcs, err = d.funcIndices(r); err != nil {
			return err
		}
		d.m.Elems = append(d.m.Elems, seg)
	}
	return nil
}

func (d *decoder) dataSection(r *reader) error {
	n, err := r.count(1)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		off := r.pos
		flag, err := r.u32()
		if err != nil {
			return err
		}
		switch flag {
		case 0:
		case 2:
			mem, err := r.u32()
			if err != nil {
				return err
			}
			if mem != 0 {
				return d.errf(ErrInvalid, off, "unknown memory %d", mem)
			}
		case 1:
			return d.errf(ErrUnsupported, off, "passive data segment (bulk memory)")
		default:
			return d.errf(ErrMalformed, off, "malformed data segment kind %d", flag)
		}
		seg := DataSegment{At: off}
		if seg.Offset, _, err = d.constExpr(r); err != nil {
			return err
		}
		sz, err := r.u32()
		if err != nil {
			return err
		}
		if seg.Init, err = r.bytes(sz); err != nil {
			return err
		}
		d.m.Datas = append(d.m.Datas, seg)
	}
	return nil
}

func (d *decoder) codeSection(r *reader, funcCount *uint32) error {
	n, err := r.count(1)
	if err != nil {
		return err
	}
	want := uint32(0)
	if funcCount != nil {
		want = *funcCount
	}
	if n != want {
		return d.errf(ErrMalformed, r.pos, "function and code section have inconsistent lengths (%d functions, %d bodies)", want, n)
	}
	d.m.Codes = make([]Code, n)
	for i := uint32(0); i < n; i++ {
		d.fn = d.m.NumImportedFuncs + i
		c := &d.m.Codes[i]
		c.Offset = r.pos
		size, err := r.u32()
		if err != nil {
			return err
		}
		start := r.pos
		if _, err := r.bytes(size); err != nil {
			return err
		}
		br := &reader{b: r.b[:start+int(size)], pos: start, d: d}
		if err := d.locals(br, c, i); err != nil {
			return err
		}
		if err := d.instrs(br, c, false); err != nil {
			return err
		}
		if !br.eof() {
			return d.errf(ErrMalformed, br.pos, "section size mismatch: bytes after the function's final end")
		}
	}
	d.fn = NoFunc
	return nil
}

func (d *decoder) locals(r *reader, c *Code, i uint32) error {
	n, err := r.count(2)
	if err != nil {
		return err
	}
	var total uint64
	for j := uint32(0); j < n; j++ {
		off := r.pos
		cnt, err := r.u32()
		if err != nil {
			return err
		}
		total += uint64(cnt)
		if total > 0xffffffff {
			return d.errf(ErrMalformed, off, "too many locals")
		}
		t, err := d.valType(r)
		if err != nil {
			return err
		}
		if cnt > 0 {
			c.Locals = append(c.Locals, LocalRun{Count: cnt, Type: t})
		}
	}
	if total > MaxLocals {
		return d.errf(ErrUnsupported, c.Offset, "more than %d locals (implementation limit)", MaxLocals)
	}
	c.NumLocals = uint32(total)
	return nil
}

// instrs decodes instructions up to and including the end that closes the
// outermost block (§5.4). Nesting is tracked so the final end is found; the
// stack discipline itself is checked by validation.
func (d *decoder) instrs(r *reader, c *Code, isConst bool) error {
	depth := 0
	for {
		off := r.pos
		if r.eof() {
			return d.errf(ErrMalformed, off, "unexpected end of section or function (END opcode expected)")
		}
		b, _ := r.byte()
		in := Instr{Op: Opcode(b), Offset: uint32(off)}
		var err error
		switch in.Op {
		case OpBlock, OpLoop, OpIf:
			depth++
			if depth > MaxNesting {
				return d.errf(ErrUnsupported, off, "blocks nested deeper than %d (implementation limit)", MaxNesting)
			}
			err = d.blockType(r, &in)
		case OpElse, OpUnreachable, OpNop, OpReturn, OpDrop, OpSelect:
		case OpEnd:
			if depth == 0 {
				c.Body = append(c.Body, in)
				return nil
			}
			depth--
		case OpBr, OpBrIf, OpCall, OpLocalGet, OpLocalSet, OpLocalTee, OpGlobalGet, OpGlobalSet:
			var v uint32
			v, err = r.u32()
			in.Imm = uint64(v)
		case OpBrTable:
			var n uint32
			if n, err = r.count(1); err != nil {
				return err
			}
			in.Imm = uint64(len(c.BrTable))
			in.Imm2 = n + 1
			for k := uint32(0); k <= n; k++ {
				v, err := r.u32()
				if err != nil {
					return err
				}
				c.BrTable = append(c.BrTable, v)
			}
		case OpCallIndirect:
			var t, tab uint32
			if t, err = r.u32(); err != nil {
				return err
			}
			// Wasm 1.0 has a reserved zero byte here; 2.0 a table index (§5.4.1).
			tab, err = r.u32()
			in.Imm, in.Imm2 = uint64(t), tab
		case OpMemorySize, OpMemoryGrow:
			zoff := r.pos
			var z byte
			if z, err = r.byte(); err == nil && z != 0 {
				return d.errf(ErrMalformed, zoff, "zero byte expected")
			}
		case OpI32Const:
			var v int32
			v, err = r.s32()
			in.Imm = uint64(uint32(v))
		case OpI64Const:
			var v int64
			v, err = r.s64()
			in.Imm = uint64(v)
		case 0xfc:
			var sub uint32
			if sub, err = r.u32(); err != nil {
				return err
			}
			op := Opcode(0xfc00 | sub)
			if sub > 0xff || !op.Known() {
				return d.errf(ErrMalformed, off, "illegal opcode 0xfc %#x", sub)
			}
			return d.errf(ErrUnsupported, off, "unsupported opcode %s (%s)", op, op.Feature())
		case 0xfd:
			return d.errf(ErrUnsupported, off, "unsupported opcode 0xfd prefix (SIMD)")
		default:
			if in.Op >= OpI32Load && in.Op <= OpI64Store32 {
				if !in.Op.Supported() {
					return d.errf(ErrUnsupported, off, "unsupported opcode %s (%s)", in.Op, in.Op.Feature())
				}
				var a, o uint32
				if a, err = r.u32(); err != nil {
					return err
				}
				o, err = r.u32()
				in.Imm, in.Imm2 = uint64(o), a
				break
			}
			if !in.Op.Known() {
				return d.errf(ErrMalformed, off, "illegal opcode %#x", b)
			}
			if f := in.Op.Feature(); f != "" {
				return d.errf(ErrUnsupported, off, "unsupported opcode %s (%s)", in.Op, f)
			}
			// remaining supported opcodes have no immediates
		}
		if err != nil {
			return err
		}
		if isConst && !isConstOp(in.Op) && in.Op != OpEnd {
			return d.errf(ErrInvalid, off, "constant expression required (%s)", in.Op)
		}
		c.Body = append(c.Body, in)
	}
}

func (d *decoder) blockType(r *reader, in *Instr) error {
	off := r.pos
	c, err := r.peek()
	if err != nil {
		return err
	}
	switch c {
	case 0x40:
		r.pos++
		in.Imm2 = BlockEmpty
		return nil
	case 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f:
		t, err := d.valType(r)
		in.Imm, in.Imm2 = uint64(t), BlockValue
		return err
	}
	v, err := r.s33()
	if err != nil {
		return err
	}
	if v < 0 {
		return d.errf(ErrMalformed, off, "malformed block type %d", v)
	}
	in.Imm, in.Imm2 = uint64(v), BlockTypeIndex
	return nil
}

// prescanNames reads function names from the "name" custom section (§7.4.2)
// before decoding, so errors in code can name their function. Any problem in
// the name section is ignored: custom sections never make a module malformed.
func prescanNames(b []byte) map[uint32]string {
	names := map[uint32]string{}
	if len(b) < 8 {
		return names
	}
	d := &decoder{fn: NoFunc}
	r := &reader{b: b, pos: 8, d: d}
	for !r.eof() {
		id, err := r.byte()
		if err != nil {
			return names
		}
		size, err := r.u32()
		if err != nil {
			return names
		}
		body, err := r.bytes(size)
		if err != nil {
			return names
		}
		if id != secCustom {
			continue
		}
		sr := &reader{b: body, d: d}
		if n, err := sr.name(); err != nil || n != "name" {
			continue
		}
		parseFuncNames(sr, names)
		return names
	}
	return names
}

func parseFuncNames(r *reader, names map[uint32]string) {
	for !r.eof() {
		id, err := r.byte()
		if err != nil {
			return
		}
		size, err := r.u32()
		if err != nil {
			return
		}
		sub, err := r.bytes(size)
		if err != nil {
			return
		}
		if id != 1 { // function names subsection
			continue
		}
		sr := &reader{b: sub, d: r.d}
		n, err := sr.count(2)
		if err != nil {
			return
		}
		for i := uint32(0); i < n; i++ {
			idx, err := sr.u32()
			if err != nil {
				return
			}
			s, err := sr.name()
			if err != nil {
				return
			}
			names[idx] = s
		}
	}
}
