package wasm

import "sort"

// Validation (§3). Module-level rules follow §3.4; function bodies are checked
// with the algorithm of the spec's Appendix A.3 ("Validation Algorithm"),
// specialised to the supported profile: block types have no parameters and at
// most one result, so every label has arity 0 or 1.

func (d *decoder) validate() error {
	m := d.m
	d.fn = NoFunc
	// §3.4.11: imports.
	for _, im := range m.Imports {
		switch im.Kind {
		case ExternFunc:
			if im.TypeIndex >= uint32(len(m.Types)) {
				return d.errf(ErrInvalid, im.Offset, "unknown type %d", im.TypeIndex)
			}
		case ExternTable:
			if err := d.checkLimits(im.Table, ^uint32(0), "table", im.Offset); err != nil {
				return err
			}
		case ExternMemory:
			if err := d.checkLimits(im.Memory, MaxPages, "memory", im.Offset); err != nil {
				return err
			}
		}
	}
	// §3.4.1: functions.
	for i, t := range m.Funcs {
		if t >= uint32(len(m.Types)) {
			return d.errf(ErrInvalid, -1, "unknown type %d (function %d)", t, m.NumImportedFuncs+uint32(i))
		}
	}
	// §3.4.2, §3.4.3: tables and memories.
	for _, t := range m.Tables {
		if err := d.checkLimits(t, ^uint32(0), "table", -1); err != nil {
			return err
		}
	}
	for _, mem := range m.Memories {
		if err := d.checkLimits(mem, MaxPages, "memory", -1); err != nil {
			return err
		}
	}
	if m.NumMemories() > 1 {
		return d.errf(ErrInvalid, -1, "multiple memories")
	}
	// §3.4.4: globals. Initializers may only read imported immutable globals.
	for _, g := range m.Globals {
		if err := d.checkConst(g.Init, g.Type.Type, m.NumImportedGlobals, "global initializer", g.Offset); err != nil {
			return err
		}
	}
	// §3.4.5, §3.4.6: element and data segments.
	for _, e := range m.Elems {
		if m.NumTables() == 0 {
			return d.errf(ErrInvalid, e.At, "unknown table 0")
		}
		if err := d.checkConst(e.Offset, I32, m.NumImportedGlobals, "element offset", e.At); err != nil {
			return err
		}
		for _, f := range e.Funcs {
			if f >= m.NumFuncs() {
				return d.errf(ErrInvalid, e.At, "unknown function %d", f)
			}
		}
	}
	for _, s := range m.Datas {
		if m.NumMemories() == 0 {
			return d.errf(ErrInvalid, s.At, "unknown memory 0")
		}
		if err := d.checkConst(s.Offset, I32, m.NumImportedGlobals, "data offset", s.At); err != nil {
			return err
		}
	}
	// §3.4.7: start function.
	if m.HasStart {
		ft, ok := m.FuncTypeOf(m.Start)
		if !ok {
			return d.errf(ErrInvalid, -1, "unknown function %d (start)", m.Start)
		}
		if len(ft.Params) != 0 || len(ft.Results) != 0 {
			return d.errf(ErrInvalid, -1, "start function %d must have type [] -> [], has %s", m.Start, ft)
		}
	}
	// §3.4.9: exports, names unique.
	seen := make(map[string]bool, len(m.Exports))
	for _, e := range m.Exports {
		if seen[e.Name] {
			return d.errf(ErrInvalid, e.Offset, "duplicate export name %q", e.Name)
		}
		seen[e.Name] = true
		var n uint32
		switch e.Kind {
		case ExternFunc:
			n = m.NumFuncs()
		case ExternTable:
			n = m.NumTables()
		case ExternMemory:
			n = m.NumMemories()
		case ExternGlobal:
			n = m.NumGlobals()
		}
		if e.Index >= n {
			return d.errf(ErrInvalid, e.Offset, "unknown %s %d (export %q)", e.Kind, e.Index, e.Name)
		}
	}
	if m.NumTables() > 1 {
		return d.errf(ErrUnsupported, -1, "multiple tables (reference types)")
	}
	// §3.3: function bodies.
	v := &validator{d: d, m: m}
	for i := range m.Codes {
		d.fn = m.NumImportedFuncs + uint32(i)
		if err := v.function(&m.Codes[i], m.Types[m.Funcs[i]]); err != nil {
			return err
		}
	}
	d.fn = NoFunc
	return nil
}

// checkLimits implements §3.2.3/§3.2.4 (limits within range k, min <= max).
func (d *decoder) checkLimits(l Limits, k uint32, what string, off int) error {
	if l.Min > k || (l.HasMax && l.Max > k) {
		return d.errf(ErrInvalid, off, "%s size must be at most %d pages (4GiB)", what, k)
	}
	if l.HasMax && l.Min > l.Max {
		return d.errf(ErrInvalid, off, "size minimum must not be greater than maximum (%s)", what)
	}
	return nil
}

// checkConst implements §3.3.10 (constant expressions): global.get may refer
// to the first nGlobals globals only (the imported ones: Wasm 1.0 §3.4.10 and
// the data/elem tests of the 2.0 suite) and only to immutable ones.
func (d *decoder) checkConst(c ConstExpr, want ValType, nGlobals uint32, what string, off int) error {
	var got ValType
	switch c.Op {
	case OpI32Const:
		got = I32
	case OpI64Const:
		got = I64
	case OpGlobalGet:
		if c.Value >= uint64(nGlobals) {
			return d.errf(ErrInvalid, off, "unknown global %d in %s", c.Value, what)
		}
		gt, _ := d.m.GlobalTypeOf(uint32(c.Value))
		if gt.Mutable {
			return d.errf(ErrInvalid, off, "constant expression required: %s reads mutable global %d", what, c.Value)
		}
		got = gt.Type
	default:
		return d.errf(ErrInvalid, off, "constant expression required in %s", what)
	}
	if got != want {
		return d.errf(ErrInvalid, off, "type mismatch in %s: expected %s, got %s", what, want, got)
	}
	return nil
}

// unknownType is the "Unknown" operand type of the validation algorithm.
const unknownType ValType = 0

type ctrlFrame struct {
	op          Opcode
	result      ValType // unknownType (0) means no result
	height      int
	unreachable bool
	hasElse     bool
}

func (f *ctrlFrame) labelArity() int {
	if f.op == OpLoop || f.result == 0 {
		return 0
	}
	return 1
}

type validator struct {
	d        *decoder
	m        *Module
	vals     []ValType
	ctrls    []ctrlFrame
	params   []ValType
	runEnds  []uint32 // cumulative local index ends of the declared local runs
	runTypes []ValType
	off      int
	max      int
}

func (v *validator) errf(format string, args ...any) error {
	return v.d.errf(ErrInvalid, v.off, format, args...)
}

func (v *validator) push(t ValType) {
	v.vals = append(v.vals, t)
	if len(v.vals) > v.max {
		v.max = len(v.vals)
	}
}

func (v *validator) pop() (ValType, error) {
	f := &v.ctrls[len(v.ctrls)-1]
	if len(v.vals) == f.height {
		if f.unreachable {
			return unknownType, nil
		}
		return 0, v.errf("type mismatch: operand stack underflow")
	}
	t := v.vals[len(v.vals)-1]
	v.vals = v.vals[:len(v.vals)-1]
	return t, nil
}

func (v *validator) popExpect(want ValType) (ValType, error) {
	t, err := v.pop()
	if err != nil {
		return 0, err
	}
	if t != want && t != unknownType && want != unknownType {
		return 0, v.errf("type mismatch: expected %s, got %s", want, t)
	}
	return t, nil
}

func (v *validator) pushCtrl(op Opcode, result ValType) {
	v.ctrls = append(v.ctrls, ctrlFrame{op: op, result: result, height: len(v.vals)})
}

func (v *validator) popCtrl() (ctrlFrame, error) {
	f := v.ctrls[len(v.ctrls)-1]
	if f.result != 0 {
		if _, err := v.popExpect(f.result); err != nil {
			return f, err
		}
	}
	if len(v.vals) != f.height {
		return f, v.errf("type mismatch: %d extra values at end of block", len(v.vals)-f.height)
	}
	v.ctrls = v.ctrls[:len(v.ctrls)-1]
	return f, nil
}

func (v *validator) setUnreachable() {
	f := &v.ctrls[len(v.ctrls)-1]
	v.vals = v.vals[:f.height]
	f.unreachable = true
}

// label returns the frame targeted by label depth l.
func (v *validator) label(l uint64) (*ctrlFrame, error) {
	if l >= uint64(len(v.ctrls)) {
		return nil, v.errf("unknown label %d", l)
	}
	return &v.ctrls[len(v.ctrls)-1-int(l)], nil
}

func (v *validator) labelType(f *ctrlFrame) ValType {
	if f.labelArity() == 0 {
		return 0
	}
	return f.result
}

func (v *validator) blockResult(in Instr) (ValType, error) {
	switch in.Imm2 {
	case BlockEmpty:
		return 0, nil
	case BlockValue:
		return ValType(in.Imm), nil
	}
	// A type-index block type (§5.4.1, s33) is the multi-value encoding; the
	// MVP has only [] and [t]. It is refused even when the type is []->[t].
	if in.Imm >= uint64(len(v.m.Types)) {
		return 0, v.errf("unknown type %d", in.Imm)
	}
	return 0, v.d.errf(ErrUnsupported, v.off, "block type index %d %s (multi-value)", in.Imm, v.m.Types[in.Imm])
}

// memarg checks a load/store: a memory exists and 2^align <= width (§3.3.7).
func (v *validator) memarg(in Instr, width uint32) error {
	if v.m.NumMemories() == 0 {
		return v.errf("unknown memory 0")
	}
	if in.Imm2 >= 32 || uint32(1)<<in.Imm2 > width {
		return v.errf("alignment must not be larger than natural (align 2^%d > %d bytes)", in.Imm2, width)
	}
	return nil
}

// memory access widths and value types, by opcode.
func loadStoreInfo(op Opcode) (width uint32, t ValType, store bool) {
	switch op {
	case OpI32Load:
		return 4, I32, false
	case OpI64Load:
		return 8, I64, false
	case OpI32Load8S, OpI32Load8U:
		return 1, I32, false
	case OpI32Load16S, OpI32Load16U:
		return 2, I32, false
	case OpI64Load8S, OpI64Load8U:
		return 1, I64, false
	case OpI64Load16S, OpI64Load16U:
		return 2, I64, false
	case OpI64Load32S, OpI64Load32U:
		return 4, I64, false
	case OpI32Store:
		return 4, I32, true
	case OpI64Store:
		return 8, I64, true
	case OpI32Store8:
		return 1, I32, true
	case OpI32Store16:
		return 2, I32, true
	case OpI64Store8:
		return 1, I64, true
	case OpI64Store16:
		return 2, I64, true
	case OpI64Store32:
		return 4, I64, true
	}
	return 0, 0, false
}

// LoadStoreInfo returns the access width in bytes, the value type and whether
// op is a store, for the integer load/store opcodes (width 0 otherwise).
func LoadStoreInfo(op Opcode) (width uint32, t ValType, store bool) { return loadStoreInfo(op) }

// numericSig gives operand/result types of the simple numeric opcodes
// (§3.3.1): n operands of type in, one result of type out.
func numericSig(op Opcode) (n int, in, out ValType, ok bool) {
	switch {
	case op == OpI32Eqz:
		return 1, I32, I32, true
	case op >= OpI32Eq && op <= OpI32GeU:
		return 2, I32, I32, true
	case op == OpI64Eqz:
		return 1, I64, I32, true
	case op >= OpI64Eq && op <= OpI64GeU:
		return 2, I64, I32, true
	case op >= OpI32Clz && op <= OpI32Popcnt:
		return 1, I32, I32, true
	case op >= OpI32Add && op <= OpI32Rotr:
		return 2, I32, I32, true
	case op >= OpI64Clz && op <= OpI64Popcnt:
		return 1, I64, I64, true
	case op >= OpI64Add && op <= OpI64Rotr:
		return 2, I64, I64, true
	case op == OpI32WrapI64:
		return 1, I64, I32, true
	case op == OpI64ExtendI32S || op == OpI64ExtendI32U:
		return 1, I32, I64, true
	case op == OpI32Extend8S || op == OpI32Extend16S:
		return 1, I32, I32, true
	case op >= OpI64Extend8S && op <= OpI64Extend32S:
		return 1, I64, I64, true
	}
	return 0, 0, 0, false
}

func (v *validator) function(c *Code, ft FuncType) error {
	if uint64(len(ft.Params))+uint64(c.NumLocals) > MaxLocals {
		return v.d.errf(ErrUnsupported, c.Offset, "more than %d params+locals (implementation limit)", MaxLocals)
	}
	// Local types are looked up by run (binary search), never expanded: a
	// few bytes can declare thousands of locals.
	v.params = ft.Params
	v.runEnds = v.runEnds[:0]
	v.runTypes = v.runTypes[:0]
	end := uint32(len(ft.Params))
	for _, run := range c.Locals {
		end += run.Count
		v.runEnds = append(v.runEnds, end)
		v.runTypes = append(v.runTypes, run.Type)
	}
	v.vals = v.vals[:0]
	v.ctrls = v.ctrls[:0]
	v.max = 0
	var res ValType
	if len(ft.Results) == 1 {
		res = ft.Results[0]
	}
	v.pushCtrl(OpBlock, res) // the function body's implicit block
	for _, in := range c.Body {
		v.off = int(in.Offset)
		if err := v.instr(c, in, res); err != nil {
			return err
		}
	}
	if len(v.ctrls) != 0 {
		return v.d.errf(ErrMalformed, c.Offset, "END opcode expected")
	}
	c.MaxStack = uint32(v.max)
	return nil
}

func (v *validator) instr(c *Code, in Instr, funcResult ValType) error {
	m := v.m
	if n, a, r, ok := numericSig(in.Op); ok {
		for i := 0; i < n; i++ {
			if _, err := v.popExpect(a); err != nil {
				return err
			}
		}
		v.push(r)
		return nil
	}
	if w, t, store := loadStoreInfo(in.Op); w != 0 {
		if err := v.memarg(in, w); err != nil {
			return err
		}
		if store {
			if _, err := v.popExpect(t); err != nil {
				return err
			}
			_, err := v.popExpect(I32)
			return err
		}
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		v.push(t)
		return nil
	}
	switch in.Op {
	case OpUnreachable:
		v.setUnreachable()
	case OpNop:
	case OpBlock, OpLoop:
		r, err := v.blockResult(in)
		if err != nil {
			return err
		}
		v.pushCtrl(in.Op, r)
	case OpIf:
		r, err := v.blockResult(in)
		if err != nil {
			return err
		}
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		v.pushCtrl(OpIf, r)
	case OpElse:
		f := &v.ctrls[len(v.ctrls)-1]
		if f.op != OpIf || f.hasElse {
			return v.errf("else without matching if")
		}
		fr, err := v.popCtrl()
		if err != nil {
			return err
		}
		v.pushCtrl(OpIf, fr.result)
		v.ctrls[len(v.ctrls)-1].hasElse = true
	case OpEnd:
		fr, err := v.popCtrl()
		if err != nil {
			return err
		}
		// An if without else must have matching start and end types (§3.3.8):
		// with no block parameters, no result.
		if fr.op == OpIf && !fr.hasElse && fr.result != 0 {
			return v.errf("type mismatch: if without else must not have a result")
		}
		if fr.result != 0 && len(v.ctrls) > 0 {
			v.push(fr.result)
		}
	case OpBr:
		f, err := v.label(in.Imm)
		if err != nil {
			return err
		}
		if t := v.labelType(f); t != 0 {
			if _, err := v.popExpect(t); err != nil {
				return err
			}
		}
		v.setUnreachable()
	case OpBrIf:
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		f, err := v.label(in.Imm)
		if err != nil {
			return err
		}
		if t := v.labelType(f); t != 0 {
			if _, err := v.popExpect(t); err != nil {
				return err
			}
			v.push(t)
		}
	case OpBrTable:
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		labels := c.BrTable[in.Imm : in.Imm+uint64(in.Imm2)]
		def, err := v.label(uint64(labels[len(labels)-1]))
		if err != nil {
			return err
		}
		arity := def.labelArity()
		for _, l := range labels[:len(labels)-1] {
			f, err := v.label(uint64(l))
			if err != nil {
				return err
			}
			if f.labelArity() != arity {
				return v.errf("type mismatch: br_table labels have different arities")
			}
			if arity == 1 {
				t, err := v.popExpect(v.labelType(f))
				if err != nil {
					return err
				}
				v.push(t)
			}
		}
		if arity == 1 {
			if _, err := v.popExpect(v.labelType(def)); err != nil {
				return err
			}
		}
		v.setUnreachable()
	case OpReturn:
		if funcResult != 0 {
			if _, err := v.popExpect(funcResult); err != nil {
				return err
			}
		}
		v.setUnreachable()
	case OpCall:
		ft, ok := m.FuncTypeOf(uint32(in.Imm))
		if !ok || in.Imm > 0xffffffff {
			return v.errf("unknown function %d", in.Imm)
		}
		return v.call(ft)
	case OpCallIndirect:
		if in.Imm2 >= m.NumTables() {
			return v.errf("unknown table %d", in.Imm2)
		}
		if in.Imm >= uint64(len(m.Types)) {
			return v.errf("unknown type %d", in.Imm)
		}
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		return v.call(m.Types[in.Imm])
	case OpDrop:
		_, err := v.pop()
		return err
	case OpSelect:
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		t1, err := v.pop()
		if err != nil {
			return err
		}
		t2, err := v.pop()
		if err != nil {
			return err
		}
		if t1 != t2 && t1 != unknownType && t2 != unknownType {
			return v.errf("type mismatch: select operands %s and %s", t2, t1)
		}
		if t1 == unknownType {
			t1 = t2
		}
		v.push(t1)
	case OpLocalGet, OpLocalSet, OpLocalTee:
		t, ok := v.localType(in.Imm)
		if !ok {
			return v.errf("unknown local %d", in.Imm)
		}
		switch in.Op {
		case OpLocalGet:
			v.push(t)
		case OpLocalSet:
			_, err := v.popExpect(t)
			return err
		default:
			if _, err := v.popExpect(t); err != nil {
				return err
			}
			v.push(t)
		}
	case OpGlobalGet, OpGlobalSet:
		gt, ok := m.GlobalTypeOf(uint32(in.Imm))
		if !ok || in.Imm > 0xffffffff {
			return v.errf("unknown global %d", in.Imm)
		}
		if in.Op == OpGlobalGet {
			v.push(gt.Type)
			return nil
		}
		if !gt.Mutable {
			return v.errf("global is immutable: global.set of global %d", in.Imm)
		}
		_, err := v.popExpect(gt.Type)
		return err
	case OpMemorySize:
		if m.NumMemories() == 0 {
			return v.errf("unknown memory 0")
		}
		v.push(I32)
	case OpMemoryGrow:
		if m.NumMemories() == 0 {
			return v.errf("unknown memory 0")
		}
		if _, err := v.popExpect(I32); err != nil {
			return err
		}
		v.push(I32)
	case OpI32Const:
		v.push(I32)
	case OpI64Const:
		v.push(I64)
	default:
		return v.d.errf(ErrUnsupported, v.off, "unsupported opcode %s", in.Op)
	}
	return nil
}

func (v *validator) localType(idx uint64) (ValType, bool) {
	if idx < uint64(len(v.params)) {
		return v.params[idx], true
	}
	i := sort.Search(len(v.runEnds), func(i int) bool { return uint64(v.runEnds[i]) > idx })
	if i == len(v.runEnds) {
		return 0, false
	}
	return v.runTypes[i], true
}

func (v *validator) call(ft FuncType) error {
	for i := len(ft.Params) - 1; i >= 0; i-- {
		if _, err := v.popExpect(ft.Params[i]); err != nil {
			return err
		}
	}
	for _, r := range ft.Results {
		v.push(r)
	}
	return nil
}
