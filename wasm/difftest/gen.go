package difftest

// A generator of random valid integer-only modules for differential fuzzing.
//
// Every choice is read from a byte stream (the fuzzer's input), so the fuzzer's mutations
// of that stream become structural mutations of the program; when the stream runs out
// every choice is 0, which always picks the smallest option, so generation terminates.
//
// Generated programs always terminate: loops are counted (a reserved counter local that
// the body never writes, at most maxLoopIter iterations), branches only target blocks
// (never a loop's start), and helper functions call only helpers with a smaller index
// (directly or through call_indirect), so there is no recursion.

import (
	"encoding/binary"
)

// Module layout shared by every generated module.
const (
	genImportOutput = 0 // func index of env.wasm_output (i64)
	genImportInput  = 1 // func index of env.wasm_input (i32) -> i64
	genNumImports   = 2
	maxHelpers      = 4
	maxLoopIter     = 6
	maxDepth        = 4
	genMemPages     = 1 // memory 1 2: one page, may grow by one
	genMemMax       = 2
)

// value types and block types
const (
	tI32  = 0x7f
	tI64  = 0x7e
	tNone = 0x40
)

type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) next() byte {
	if s.i >= len(s.b) {
		return 0
	}
	c := s.b[s.i]
	s.i++
	return c
}

// pick returns a number in [0, n).
func (s *byteSource) pick(n int) int {
	if n <= 1 {
		return 0
	}
	return int(s.next()) % n
}

func (s *byteSource) u32() uint32 {
	var b [4]byte
	for i := range b {
		b[i] = s.next()
	}
	return binary.LittleEndian.Uint32(b[:])
}

func (s *byteSource) u64() uint64 { return uint64(s.u32()) | uint64(s.u32())<<32 }

// interesting constants first: the fuzzer reaches them with one small byte.
var interesting64 = []uint64{0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 0xff, 0x100, 0x7fffffff, 0x80000000,
	0xffffffff, 1 << 32, 0x7fffffffffffffff, 1 << 63, ^uint64(0), ^uint64(1)}

func (s *byteSource) constant() uint64 {
	k := s.pick(len(interesting64) + 2)
	switch {
	case k < len(interesting64):
		return interesting64[k]
	case k == len(interesting64):
		return uint64(s.next())
	default:
		return s.u64()
	}
}

type funcSig struct {
	params  []byte
	results []byte // zero or one
}

type label struct {
	loop   bool
	result byte // tNone, tI32, tI64
}

type funcGen struct {
	s        *byteSource
	code     []byte
	locals   []byte // types of all locals, params first
	nparams  int
	counters int // index of the first reserved counter local
	labels   []label
	self     int // index of this function among helpers (len(helpers) for zkmain)
	helpers  []funcSig
	budget   int // remaining instructions to generate
}

func (g *funcGen) op(b ...byte) { g.code = append(g.code, b...) }

func (g *funcGen) uleb(v uint64) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			g.op(c | 0x80)
		} else {
			g.op(c)
			return
		}
	}
}

func (g *funcGen) sleb(v int64) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			g.op(c)
			return
		}
		g.op(c | 0x80)
	}
}

func (g *funcGen) constOf(t byte, v uint64) {
	if t == tI32 {
		g.op(0x41)
		g.sleb(int64(int32(uint32(v))))
	} else {
		g.op(0x42)
		g.sleb(int64(v))
	}
}

// localOf returns a random non-counter local of type t, or -1.
func (g *funcGen) localOf(t byte) int {
	var c []int
	for i := 0; i < g.counters; i++ {
		if g.locals[i] == t {
			c = append(c, i)
		}
	}
	if len(c) == 0 {
		return -1
	}
	return c[g.s.pick(len(c))]
}

var (
	bin32 = []byte{0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78}
	bin64 = []byte{0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a}
	cmp32 = []byte{0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f}
	cmp64 = []byte{0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a}
	un32  = []byte{0x67, 0x68, 0x69, 0xc0, 0xc1} // clz ctz popcnt extend8_s extend16_s
	un64  = []byte{0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4}
	// loads: opcode, result type, natural alignment log2
	loads = []struct{ op, t, align byte }{
		{0x28, tI32, 2}, {0x29, tI64, 3}, {0x2c, tI32, 0}, {0x2d, tI32, 0}, {0x2e, tI32, 1}, {0x2f, tI32, 1},
		{0x30, tI64, 0}, {0x31, tI64, 0}, {0x32, tI64, 1}, {0x33, tI64, 1}, {0x34, tI64, 2}, {0x35, tI64, 2},
	}
	stores = []struct{ op, t, align byte }{
		{0x36, tI32, 2}, {0x37, tI64, 3}, {0x3a, tI32, 0}, {0x3b, tI32, 1}, {0x3c, tI64, 0}, {0x3d, tI64, 1}, {0x3e, tI64, 2},
	}
)

// address pushes an in-bounds i32 address: (expr & 0x7ff8).
func (g *funcGen) address(depth int) {
	g.expr(tI32, depth+1)
	g.constOf(tI32, 0x7ff8)
	g.op(0x71)
}

func (g *funcGen) memarg(align byte) {
	g.uleb(uint64(g.s.pick(int(align) + 1))) // any alignment up to natural is valid
	g.uleb(uint64(g.s.pick(256)))            // offset < 256 keeps it in the page
}

// expr pushes exactly one value of type t.
func (g *funcGen) expr(t byte, depth int) {
	g.budget--
	leaf := depth >= maxDepth || g.budget <= 0
	k := g.s.pick(16)
	if leaf {
		k %= 2
	}
	switch k {
	case 0: // constant
		g.constOf(t, g.s.constant())
	case 1: // local (or global when there is none)
		if l := g.localOf(t); l >= 0 {
			g.op(0x20)
			g.uleb(uint64(l))
		} else {
			g.op(0x23, globalOf(t))
		}
	case 2, 3: // binary
		g.expr(t, depth+1)
		g.expr(t, depth+1)
		if t == tI32 {
			g.op(bin32[g.s.pick(len(bin32))])
		} else {
			g.op(bin64[g.s.pick(len(bin64))])
		}
	case 4: // unary
		g.expr(t, depth+1)
		if t == tI32 {
			g.op(un32[g.s.pick(len(un32))])
		} else {
			g.op(un64[g.s.pick(len(un64))])
		}
	case 5: // comparison or eqz (i32 result), or conversion
		if t == tI32 {
			switch g.s.pick(4) {
			case 0:
				g.expr(tI32, depth+1)
				g.expr(tI32, depth+1)
				g.op(cmp32[g.s.pick(len(cmp32))])
			case 1:
				g.expr(tI64, depth+1)
				g.expr(tI64, depth+1)
				g.op(cmp64[g.s.pick(len(cmp64))])
			case 2:
				g.expr(tI64, depth+1)
				g.op(0x50) // i64.eqz
			default:
				g.expr(tI64, depth+1)
				g.op(0xa7) // i32.wrap_i64
			}
		} else {
			g.expr(tI32, depth+1)
			g.op([]byte{0xac, 0xad}[g.s.pick(2)])
		}
	case 6: // load
		var cand []int
		for i, l := range loads {
			if l.t == t {
				cand = append(cand, i)
			}
		}
		l := loads[cand[g.s.pick(len(cand))]]
		g.address(depth)
		g.op(l.op)
		g.memarg(l.align)
	case 7: // select
		g.expr(t, depth+1)
		g.expr(t, depth+1)
		g.expr(tI32, depth+1)
		g.op(0x1b)
	case 8: // if/else with a result
		g.expr(tI32, depth+1)
		g.op(0x04, t)
		g.labels = append(g.labels, label{result: t})
		g.stmts(depth+1, 2)
		g.expr(t, depth+1)
		g.op(0x05)
		g.stmts(depth+1, 2)
		g.expr(t, depth+1)
		g.op(0x0b)
		g.labels = g.labels[:len(g.labels)-1]
	case 9: // block with a result and a conditional early exit carrying a value
		g.op(0x02, t)
		g.labels = append(g.labels, label{result: t})
		g.stmts(depth+1, 2)
		g.expr(t, depth+1)
		g.expr(tI32, depth+1)
		g.op(0x0d, 0x00, 0x1a) // br_if 0; drop
		g.expr(t, depth+1)
		g.op(0x0b)
		g.labels = g.labels[:len(g.labels)-1]
	case 10: // call a helper with a smaller index returning t
		if !g.call(t, depth) {
			g.constOf(t, g.s.constant())
		}
	case 11: // global
		g.op(0x23, globalOf(t))
	case 12: // local.tee
		if l := g.localOf(t); l >= 0 {
			g.expr(t, depth+1)
			g.op(0x22)
			g.uleb(uint64(l))
		} else {
			g.constOf(t, g.s.constant())
		}
	case 13: // memory.size / memory.grow
		if t == tI32 {
			if g.s.pick(2) == 0 {
				g.op(0x3f, 0x00)
			} else {
				g.constOf(tI32, uint64(g.s.pick(3)))
				g.op(0x40, 0x00)
			}
		} else {
			g.op(0x3f, 0x00, 0xad)
		}
	case 14: // wasm_input on a small queue (may trap: input exhausted)
		if t == tI64 {
			g.constOf(tI32, uint64(g.s.pick(2)))
			g.op(0x10, genImportInput)
		} else {
			g.constOf(t, g.s.constant())
		}
	default: // constant, the commonest leaf
		g.constOf(t, g.s.constant())
	}
}

func globalOf(t byte) byte {
	if t == tI32 {
		return 0
	}
	return 1
}

// call emits a direct or indirect call to a smaller helper returning t (tNone: any
// result, dropped). It reports false if there is no such helper.
func (g *funcGen) call(t byte, depth int) bool {
	var cand []int
	for i := 0; i < g.self && i < len(g.helpers); i++ {
		r := g.helpers[i].results
		if t == tNone || (len(r) == 1 && r[0] == t) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return false
	}
	h := cand[g.s.pick(len(cand))]
	for _, p := range g.helpers[h].params {
		g.expr(p, depth+1)
	}
	if g.s.pick(3) == 0 {
		// call_indirect: table slot i holds helper i; index = expr mod self, so only
		// smaller helpers are reachable (their types may differ: a type-mismatch trap).
		g.expr(tI32, depth+1)
		g.constOf(tI32, uint64(g.self))
		g.op(0x70, 0x11) // i32.rem_u; call_indirect
		g.uleb(uint64(1 + h))
		g.op(0x00)
	} else {
		g.op(0x10)
		g.uleb(uint64(genNumImports + h))
	}
	if t == tNone && len(g.helpers[h].results) == 1 {
		g.op(0x1a)
	}
	return true
}

// stmts emits up to n statements (net stack effect zero).
func (g *funcGen) stmts(depth, n int) {
	for i := g.s.pick(n + 1); i > 0 && g.budget > 0; i-- {
		g.stmt(depth)
	}
}

// forwardLabels returns the relative depths of enclosing non-loop labels with result r.
func (g *funcGen) forwardLabels(r byte) []int {
	var out []int
	for d := 0; d < len(g.labels); d++ {
		l := g.labels[len(g.labels)-1-d]
		if !l.loop && l.result == r {
			out = append(out, d)
		}
	}
	return out
}

func (g *funcGen) stmt(depth int) {
	g.budget--
	if depth >= maxDepth {
		g.expr(tI64, depth)
		g.op(0x10, genImportOutput)
		return
	}
	switch g.s.pick(12) {
	case 0, 1: // output a value
		g.expr(tI64, depth+1)
		g.op(0x10, genImportOutput)
	case 2: // local.set
		t := []byte{tI32, tI64}[g.s.pick(2)]
		if l := g.localOf(t); l >= 0 {
			g.expr(t, depth+1)
			g.op(0x21)
			g.uleb(uint64(l))
		}
	case 3: // store
		st := stores[g.s.pick(len(stores))]
		g.address(depth)
		g.expr(st.t, depth+1)
		g.op(st.op)
		g.memarg(st.align)
	case 4: // global.set
		t := []byte{tI32, tI64}[g.s.pick(2)]
		g.expr(t, depth+1)
		g.op(0x24, globalOf(t))
	case 5: // if/else
		g.expr(tI32, depth+1)
		g.op(0x04, tNone)
		g.labels = append(g.labels, label{result: tNone})
		g.stmts(depth+1, 3)
		if g.s.pick(2) == 0 {
			g.op(0x05)
			g.stmts(depth+1, 3)
		}
		g.op(0x0b)
		g.labels = g.labels[:len(g.labels)-1]
	case 6: // counted loop
		g.loop(depth, 3)
	case 7: // block with a conditional or unconditional exit
		g.op(0x02, tNone)
		g.labels = append(g.labels, label{result: tNone})
		g.stmts(depth+1, 2)
		g.branch(depth)
		g.stmts(depth+1, 2)
		g.op(0x0b)
		g.labels = g.labels[:len(g.labels)-1]
	case 8: // br_table over nested blocks
		n := 1 + g.s.pick(3)
		for i := 0; i < n; i++ {
			g.op(0x02, tNone)
			g.labels = append(g.labels, label{result: tNone})
		}
		g.expr(tI32, depth+1)
		g.op(0x0e)
		g.uleb(uint64(n - 1))
		for i := 0; i < n-1; i++ {
			g.uleb(uint64(g.s.pick(n)))
		}
		g.uleb(uint64(g.s.pick(n)))
		for i := 0; i < n; i++ {
			g.op(0x0b)
			g.labels = g.labels[:len(g.labels)-1]
			g.stmts(depth+1, 1)
		}
	case 9: // call for effect
		if !g.call(tNone, depth) {
			g.op(0x01) // nop
		}
	case 10: // drop
		g.expr([]byte{tI32, tI64}[g.s.pick(2)], depth+1)
		g.op(0x1a)
	default: // a branch out of some enclosing block (or the function: return)
		g.branch(depth)
	}
}

// loop emits a counted loop of 1..maxLoopIter iterations around up to n statements.
// Its counter is a reserved local (one per loop nesting level) that no statement writes.
func (g *funcGen) loop(depth, n int) {
	c := g.counters + loopNesting(g.labels)
	if c >= len(g.locals) {
		g.stmts(depth+1, 1)
		return
	}
	g.constOf(tI32, uint64(1+g.s.pick(maxLoopIter)))
	g.op(0x21)
	g.uleb(uint64(c))
	g.op(0x03, tNone)
	g.labels = append(g.labels, label{loop: true, result: tNone})
	g.stmts(depth+1, n)
	// c = c - 1; br_if 0 (c != 0)
	g.op(0x20)
	g.uleb(uint64(c))
	g.constOf(tI32, 1)
	g.op(0x6b, 0x22)
	g.uleb(uint64(c))
	g.op(0x0d, 0x00, 0x0b)
	g.labels = g.labels[:len(g.labels)-1]
}

// branch emits br_if (or rarely br or return) to an enclosing forward label with no result.
func (g *funcGen) branch(depth int) {
	ls := g.forwardLabels(tNone)
	switch k := g.s.pick(8); {
	case len(ls) > 0 && k < 6:
		d := ls[g.s.pick(len(ls))]
		g.expr(tI32, depth+1)
		g.op(0x0d)
		g.uleb(uint64(d))
	case len(ls) > 0 && k == 6:
		g.op(0x0c)
		g.uleb(uint64(ls[g.s.pick(len(ls))]))
	default: // return (functions' result values come from a constant)
		g.ret()
	}
}

func (g *funcGen) ret() {
	if r := g.resultType(); r != tNone {
		g.constOf(r, g.s.constant())
	}
	g.op(0x0f)
}

func (g *funcGen) resultType() byte {
	if g.self < len(g.helpers) && len(g.helpers[g.self].results) == 1 {
		return g.helpers[g.self].results[0]
	}
	return tNone
}

func loopNesting(ls []label) int {
	n := 0
	for _, l := range ls {
		if l.loop {
			n++
		}
	}
	return n
}

// Generate builds a valid module from the choice stream b: helpers f0..fk, then zkmain,
// a table of the helpers, one memory page (max 2), two mutable globals (i32, i64) and a
// data segment. The module imports env.wasm_output and env.wasm_input and exports zkmain
// and every helper (as f0, f1, ...).
func Generate(b []byte) []byte {
	s := &byteSource{b: b}
	nh := 1 + s.pick(maxHelpers)
	helpers := make([]funcSig, nh)
	for i := range helpers {
		np := s.pick(3)
		for j := 0; j < np; j++ {
			helpers[i].params = append(helpers[i].params, []byte{tI32, tI64}[s.pick(2)])
		}
		switch s.pick(3) {
		case 1:
			helpers[i].results = []byte{tI32}
		case 2:
			helpers[i].results = []byte{tI64}
		}
	}
	var bodies [][]byte
	for i := 0; i <= nh; i++ {
		g := &funcGen{s: s, self: i, helpers: helpers, budget: 40 + s.pick(80)}
		if i < nh {
			g.locals = append(g.locals, helpers[i].params...)
		}
		g.nparams = len(g.locals)
		extra := []byte{tI32, tI64, tI64, tI32}[:1+s.pick(4)]
		g.locals = append(g.locals, extra...)
		g.counters = len(g.locals)
		for j := 0; j < maxDepth; j++ {
			g.locals = append(g.locals, tI32)
		}
		g.labels = []label{{result: g.resultType()}} // the function body
		if i == nh {
			g.stmts(0, 4)
			g.loop(0, 10)
			g.stmts(0, 4)
			g.op(0x23, 0x01, 0x10, genImportOutput) // output the i64 global
			g.op(0x23, 0x00, 0xad, 0x10, genImportOutput)
		} else {
			g.stmts(0, 4)
			if r := g.resultType(); r != tNone {
				g.expr(r, 1)
			}
		}
		g.op(0x0b)
		bodies = append(bodies, encodeBody(g.locals[g.nparams:], g.code))
	}
	return encodeModule(helpers, bodies, s)
}

func encodeBody(locals []byte, code []byte) []byte {
	var b []byte
	b = appendULEB(b, uint64(len(locals)))
	for _, t := range locals {
		b = append(b, 1, t)
	}
	b = append(b, code...)
	return appendULEB(nil, uint64(len(b)), b...)
}

func appendULEB(dst []byte, v uint64, tail ...byte) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			dst = append(dst, c|0x80)
		} else {
			dst = append(dst, c)
			break
		}
	}
	return append(dst, tail...)
}

func appendName(dst []byte, s string) []byte {
	return appendULEB(dst, uint64(len(s)), []byte(s)...)
}

func section(dst []byte, id byte, content []byte) []byte {
	dst = append(dst, id)
	return appendULEB(dst, uint64(len(content)), content...)
}

func encodeModule(helpers []funcSig, bodies [][]byte, s *byteSource) []byte {
	m := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	// types: 0 (i64)->(), 1..nh helpers, nh+1 ()->(), nh+2 (i32)->(i64)
	nh := len(helpers)
	var ty []byte
	ty = appendULEB(ty, uint64(nh+3))
	ty = append(ty, 0x60, 1, tI64, 0)
	for _, h := range helpers {
		ty = append(ty, 0x60)
		ty = appendULEB(ty, uint64(len(h.params)), h.params...)
		ty = appendULEB(ty, uint64(len(h.results)), h.results...)
	}
	ty = append(ty, 0x60, 0, 0)
	ty = append(ty, 0x60, 1, tI32, 1, tI64)
	m = section(m, 1, ty)

	var im []byte
	im = appendULEB(im, 2)
	im = appendName(appendName(im, "env"), "wasm_output")
	im = append(im, 0x00, 0)
	im = appendName(appendName(im, "env"), "wasm_input")
	im = append(im, 0x00)
	im = appendULEB(im, uint64(nh+2))
	m = section(m, 2, im)

	var fn []byte
	fn = appendULEB(fn, uint64(nh+1))
	for i := 0; i <= nh; i++ {
		fn = appendULEB(fn, uint64(1+i)) // helper i has type 1+i; zkmain type nh+1
	}
	m = section(m, 3, fn)

	m = section(m, 4, appendULEB([]byte{1, 0x70, 0x00}, uint64(nh))) // table funcref min nh
	m = section(m, 5, []byte{1, 0x01, genMemPages, genMemMax})       // memory 1 2
	var gl []byte                                                    // globals
	gl = append(gl, 2, tI32, 1, 0x41)                                // mut i32
	gl = appendSLEB(gl, int64(int32(s.u32())))
	gl = append(gl, 0x0b, tI64, 1, 0x42)
	gl = appendSLEB(gl, int64(s.u64()))
	gl = append(gl, 0x0b)
	m = section(m, 6, gl)

	var ex []byte
	ex = appendULEB(ex, uint64(nh+1))
	ex = appendName(ex, "zkmain")
	ex = appendULEB(append(ex, 0x00), uint64(genNumImports+nh))
	for i := 0; i < nh; i++ {
		ex = appendName(ex, "f"+itoa(uint64(i)))
		ex = appendULEB(append(ex, 0x00), uint64(genNumImports+i))
	}
	m = section(m, 7, ex)

	el := []byte{1, 0x00, 0x41, 0x00, 0x0b} // active, table 0, offset 0
	el = appendULEB(el, uint64(nh))
	for i := 0; i < nh; i++ {
		el = appendULEB(el, uint64(genNumImports+i))
	}
	m = section(m, 9, el)

	var code []byte
	code = appendULEB(code, uint64(len(bodies)))
	for _, b := range bodies {
		code = append(code, b...)
	}
	m = section(m, 10, code)

	data := make([]byte, 16)
	for i := range data {
		data[i] = s.next()
	}
	d := []byte{1, 0x00, 0x41}
	d = appendSLEB(d, int64(s.pick(0x7f00)))
	d = append(d, 0x0b)
	d = appendULEB(d, uint64(len(data)), data...)
	return section(m, 11, d)
}

func appendSLEB(dst []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}

// Mutate applies byte-level edits chosen by ops to a copy of module: each edit is 3
// bytes (kind, position high, position low): overwrite, insert or delete one byte. The
// result is usually invalid; the point is that both engines must then refuse it (or run
// it identically).
func Mutate(module, ops []byte) []byte {
	m := append([]byte(nil), module...)
	for i := 0; i+3 <= len(ops) && i < 3*8; i += 3 {
		if len(m) <= 8 {
			break
		}
		pos := 8 + (int(ops[i+1])<<8|int(ops[i+2]))%(len(m)-8) // keep the header
		switch ops[i] % 4 {
		case 0, 1:
			m[pos] = ops[i] ^ ops[i+2]
		case 2:
			m = append(m[:pos], append([]byte{ops[i+2]}, m[pos:]...)...)
		case 3:
			m = append(m[:pos], m[pos+1:]...)
		}
	}
	return m
}
