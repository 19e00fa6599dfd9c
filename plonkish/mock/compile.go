package mock

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// blockSize is the number of rows evaluated at once: every instruction of a compiled
// program runs over a block of rows, so the interpretation overhead is paid once per
// block and the field arithmetic runs in tight (vectorized) loops.
const blockSize = 64

type opcode uint8

const (
	opAdd opcode = iota
	opSub
	opMul
	opNeg
	opAddConst
	opMulConst
)

type instr struct {
	op        opcode
	dst, a, b int32
	k         fr.Element
}

// operand is either a constant or a register.
type operand struct {
	isConst bool
	reg     int32
	k       fr.Element
}

type queryReg struct {
	slot int // index into the column table (see columns)
	rot  int
}

// program evaluates a list of expressions over a block of rows. Registers 0 …
// len(queries)−1 hold the distinct queries; the others hold intermediate results. Common
// subexpressions are computed once.
type program struct {
	queries []queryReg
	code    []instr
	nregs   int
	outputs []operand
	// factors lists, for single-output programs, the registers of queries that are
	// top-level factors of the output: if one of them is zero on a whole block, the
	// output is zero there and the block is skipped (the usual selector pattern).
	factors []int32
}

// columns maps every column of the circuit to a slice of n values (instance columns are
// padded with zeros).
type columns struct {
	cs    *plonkish.ConstraintSystem
	n     int
	slots [][]fr.Element
	base  [3]int // first slot of each kind
}

func newColumns(cs *plonkish.ConstraintSystem, p *plonkish.Preprocessed, w *plonkish.Witness) *columns {
	n := p.Rows()
	c := &columns{cs: cs, n: n}
	c.base[plonkish.Fixed] = 0
	c.slots = append(c.slots, p.Fixed...)
	c.base[plonkish.Advice] = len(c.slots)
	c.slots = append(c.slots, w.Advice...)
	c.base[plonkish.Instance] = len(c.slots)
	for _, col := range w.Instance {
		padded := make([]fr.Element, n)
		copy(padded, col)
		c.slots = append(c.slots, padded)
	}
	return c
}

func (c *columns) slot(col plonkish.Column) int { return c.base[col.Kind] + col.Index }

func (c *columns) cell(col plonkish.Column, row int) fr.Element { return c.slots[c.slot(col)][row] }

func wrap(r, n int) int {
	r %= n
	if r < 0 {
		r += n
	}
	return r
}

type compiler struct {
	p       *program
	cols    *columns
	memo    map[plonkish.Expression]operand
	queries map[plonkish.Query]int32
}

func compile(cols *columns, exprs []plonkish.Expression) *program {
	cp := &compiler{p: &program{}, cols: cols, memo: map[plonkish.Expression]operand{}, queries: map[plonkish.Query]int32{}}
	// Queries first, so that they take the lowest registers.
	for _, e := range exprs {
		plonkish.Queries(e, func(q plonkish.Query) {
			if _, ok := cp.queries[q]; !ok {
				cp.queries[q] = int32(len(cp.p.queries))
				cp.p.queries = append(cp.p.queries, queryReg{slot: cols.slot(q.Column), rot: int(q.Rotation)})
			}
		})
	}
	cp.p.nregs = len(cp.p.queries)
	for _, e := range exprs {
		cp.p.outputs = append(cp.p.outputs, cp.expr(e))
	}
	if len(exprs) == 1 {
		cp.collectFactors(exprs[0])
	}
	return cp.p
}

func (cp *compiler) collectFactors(e plonkish.Expression) {
	switch e := e.(type) {
	case plonkish.Query:
		cp.p.factors = append(cp.p.factors, cp.queries[e])
	case plonkish.Product:
		cp.collectFactors(e.A)
		cp.collectFactors(e.B)
	case plonkish.Scaled:
		cp.collectFactors(e.A)
	case plonkish.Negated:
		cp.collectFactors(e.A)
	}
}

func (cp *compiler) emit(in instr) operand {
	in.dst = int32(cp.p.nregs)
	cp.p.nregs++
	cp.p.code = append(cp.p.code, in)
	return operand{reg: in.dst}
}

func constOp(v fr.Element) operand { return operand{isConst: true, k: v} }

func (cp *compiler) expr(e plonkish.Expression) operand {
	if o, ok := cp.memo[e]; ok {
		return o
	}
	var o operand
	switch e := e.(type) {
	case plonkish.Constant:
		o = constOp(e.Value)
	case plonkish.Query:
		o = operand{reg: cp.queries[e]}
	case plonkish.Negated:
		a := cp.expr(e.A)
		if a.isConst {
			var v fr.Element
			v.Neg(&a.k)
			o = constOp(v)
		} else {
			o = cp.emit(instr{op: opNeg, a: a.reg})
		}
	case plonkish.Scaled:
		a := cp.expr(e.A)
		o = cp.mul(a, constOp(e.Factor))
	case plonkish.Product:
		o = cp.mul(cp.expr(e.A), cp.expr(e.B))
	case plonkish.Sum:
		if neg, ok := e.B.(plonkish.Negated); ok {
			a, b := cp.expr(e.A), cp.expr(neg.A)
			if !a.isConst && !b.isConst {
				o = cp.emit(instr{op: opSub, a: a.reg, b: b.reg})
				break
			}
		}
		o = cp.add(cp.expr(e.A), cp.expr(e.B))
	default:
		panic(fmt.Sprintf("mock: unknown expression type %T", e)) // unreachable: Expression is sealed
	}
	cp.memo[e] = o
	return o
}

func (cp *compiler) add(a, b operand) operand {
	switch {
	case a.isConst && b.isConst:
		var v fr.Element
		v.Add(&a.k, &b.k)
		return constOp(v)
	case a.isConst:
		a, b = b, a
		fallthrough
	case b.isConst:
		if b.k.IsZero() {
			return a
		}
		return cp.emit(instr{op: opAddConst, a: a.reg, k: b.k})
	}
	return cp.emit(instr{op: opAdd, a: a.reg, b: b.reg})
}

func (cp *compiler) mul(a, b operand) operand {
	switch {
	case a.isConst && b.isConst:
		var v fr.Element
		v.Mul(&a.k, &b.k)
		return constOp(v)
	case a.isConst:
		a, b = b, a
		fallthrough
	case b.isConst:
		if b.k.IsOne() {
			return a
		}
		if b.k.IsZero() {
			return constOp(fr.Element{})
		}
		return cp.emit(instr{op: opMulConst, a: a.reg, k: b.k})
	}
	return cp.emit(instr{op: opMul, a: a.reg, b: b.reg})
}

// machine is one worker's scratch space for a program.
type machine struct {
	bufs  []fr.Vector // one block buffer per register
	views []fr.Vector // current value of each register over the block
	zero  fr.Vector
}

func newMachine(p *program) *machine {
	m := &machine{bufs: make([]fr.Vector, p.nregs), views: make([]fr.Vector, p.nregs), zero: make(fr.Vector, blockSize)}
	backing := make(fr.Vector, p.nregs*blockSize)
	for i := range m.bufs {
		m.bufs[i] = backing[i*blockSize : (i+1)*blockSize : (i+1)*blockSize]
	}
	return m
}

// load points the query registers at rows [lo, lo+size) shifted by their rotations,
// copying only when the range wraps around.
func (m *machine) load(p *program, cols *columns, lo, size int) {
	n := cols.n
	for i, q := range p.queries {
		col := cols.slots[q.slot]
		start := lo + q.rot
		if start >= 0 && start+size <= n {
			m.views[i] = col[start : start+size]
			continue
		}
		buf := m.bufs[i][:size]
		for j := range buf {
			buf[j] = col[wrap(start+j, n)]
		}
		m.views[i] = buf
	}
}

// skippable reports whether a top-level factor is zero on the whole block (after load).
func (m *machine) skippable(p *program) bool {
	for _, r := range p.factors {
		v := m.views[r]
		zero := true
		for j := range v {
			if !v[j].IsZero() {
				zero = false
				break
			}
		}
		if zero {
			return true
		}
	}
	return false
}

// run executes the code over the loaded block of size rows.
func (m *machine) run(p *program, size int) {
	for i := range p.code {
		in := &p.code[i]
		dst := m.bufs[in.dst][:size]
		a := m.views[in.a]
		switch in.op {
		case opAdd:
			dst.Add(a, m.views[in.b])
		case opSub:
			dst.Sub(a, m.views[in.b])
		case opMul:
			dst.Mul(a, m.views[in.b])
		case opNeg:
			dst.Sub(m.zero[:size], a)
		case opAddConst:
			for j := range dst {
				dst[j].Add(&a[j], &in.k)
			}
		case opMulConst:
			dst.ScalarMul(a, &in.k)
		}
		m.views[in.dst] = dst
	}
}

// output returns output i over the block (a constant is broadcast into scratch).
func (m *machine) output(p *program, i, size int, scratch fr.Vector) fr.Vector {
	o := p.outputs[i]
	if !o.isConst {
		return m.views[o.reg]
	}
	s := scratch[:size]
	for j := range s {
		s[j] = o.k
	}
	return s
}
