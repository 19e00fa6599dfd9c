package poly

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Program is a list of expressions compiled for fast evaluation over many rows: common
// subexpressions are shared, constant subtrees folded, and the expressions are evaluated
// block by block (blockSize rows at a time) with gnark-crypto's vector arithmetic, so the
// interpretation cost is paid once per block, not once per row.
type Program struct {
	nodes   []node
	leaves  []plonkish.Query
	outputs []int // node of each expression
	// outAt[i] lists the expressions whose root is node i
	outAt   [][]int
	regOf   []int // register of each computed node, −1 for leaves and constants
	numRegs int
	freeAt  [][]int // registers freed after node i is computed
}

type opKind uint8

const (
	opLeaf opKind = iota
	opConst
	opAdd
	opSub
	opMul
	opNeg
	opScale    // a·c
	opAddConst // a + c
)

type node struct {
	op   opKind
	a, b int
	c    fr.Element
	leaf int
}

type nodeKey struct {
	op   opKind
	a, b int
	c    fr.Element
}

const blockSize = 128

// Compile compiles exprs.
func Compile(exprs []plonkish.Expression) *Program {
	p := &Program{}
	dedupe := map[nodeKey]int{}
	leafIdx := map[plonkish.Query]int{}
	add := func(n node) int {
		k := nodeKey{n.op, n.a, n.b, n.c}
		if n.op == opLeaf {
			k.a = n.leaf
		}
		if (n.op == opAdd || n.op == opMul) && k.a > k.b {
			k.a, k.b = k.b, k.a
		}
		if i, ok := dedupe[k]; ok {
			return i
		}
		p.nodes = append(p.nodes, n)
		dedupe[k] = len(p.nodes) - 1
		return len(p.nodes) - 1
	}
	isConst := func(i int) bool { return p.nodes[i].op == opConst }
	constant := func(c fr.Element) int { return add(node{op: opConst, c: c}) }
	var comp func(e plonkish.Expression) int
	var sum, sub, mul, neg, scale func(a, b int) int
	sum = func(a, b int) int {
		switch {
		case isConst(a) && isConst(b):
			var c fr.Element
			c.Add(&p.nodes[a].c, &p.nodes[b].c)
			return constant(c)
		case isConst(a):
			a, b = b, a
			fallthrough
		case isConst(b):
			if p.nodes[b].c.IsZero() {
				return a
			}
			return add(node{op: opAddConst, a: a, c: p.nodes[b].c})
		}
		return add(node{op: opAdd, a: a, b: b})
	}
	neg = func(a, _ int) int {
		if isConst(a) {
			var c fr.Element
			c.Neg(&p.nodes[a].c)
			return constant(c)
		}
		if p.nodes[a].op == opNeg {
			return p.nodes[a].a
		}
		return add(node{op: opNeg, a: a})
	}
	sub = func(a, b int) int {
		if isConst(b) {
			var c fr.Element
			c.Neg(&p.nodes[b].c)
			return sum(a, constant(c))
		}
		if isConst(a) {
			return sum(neg(b, 0), a)
		}
		return add(node{op: opSub, a: a, b: b})
	}
	scale = func(a, cn int) int {
		c := p.nodes[cn].c
		switch {
		case isConst(a):
			var r fr.Element
			r.Mul(&p.nodes[a].c, &c)
			return constant(r)
		case c.IsZero():
			return constant(c)
		case c.IsOne():
			return a
		}
		var m fr.Element
		m.SetOne()
		m.Neg(&m)
		if c.Equal(&m) {
			return neg(a, 0)
		}
		return add(node{op: opScale, a: a, c: c})
	}
	mul = func(a, b int) int {
		if isConst(a) {
			return scale(b, a)
		}
		if isConst(b) {
			return scale(a, b)
		}
		return add(node{op: opMul, a: a, b: b})
	}
	comp = func(e plonkish.Expression) int {
		switch e := e.(type) {
		case plonkish.Constant:
			return constant(e.Value)
		case plonkish.Query:
			l, ok := leafIdx[e]
			if !ok {
				l = len(p.leaves)
				leafIdx[e] = l
				p.leaves = append(p.leaves, e)
			}
			return add(node{op: opLeaf, leaf: l})
		case plonkish.Sum:
			if ng, ok := e.B.(plonkish.Negated); ok {
				return sub(comp(e.A), comp(ng.A))
			}
			return sum(comp(e.A), comp(e.B))
		case plonkish.Product:
			return mul(comp(e.A), comp(e.B))
		case plonkish.Negated:
			return neg(comp(e.A), 0)
		case plonkish.Scaled:
			return scale(comp(e.A), constant(e.Factor))
		}
		panic(fmt.Sprintf("poly: unknown expression type %T", e))
	}
	for _, e := range exprs {
		p.outputs = append(p.outputs, comp(e))
	}
	p.allocate()
	return p
}

// allocate assigns registers to computed nodes, reusing a register once its node's last
// consumer has run.
func (p *Program) allocate() {
	n := len(p.nodes)
	p.outAt = make([][]int, n)
	for k, o := range p.outputs {
		p.outAt[o] = append(p.outAt[o], k)
	}
	last := make([]int, n)
	for i := range last {
		last[i] = i
	}
	for i, nd := range p.nodes {
		switch nd.op {
		case opAdd, opSub, opMul:
			last[nd.a], last[nd.b] = i, i
		case opNeg, opScale, opAddConst:
			last[nd.a] = i
		}
	}
	p.regOf = make([]int, n)
	p.freeAt = make([][]int, n)
	var free []int
	for i, nd := range p.nodes {
		p.regOf[i] = -1
		if nd.op == opConst || nd.op == opLeaf {
			continue
		}
		if len(free) > 0 {
			p.regOf[i] = free[len(free)-1]
			free = free[:len(free)-1]
		} else {
			p.regOf[i] = p.numRegs
			p.numRegs++
		}
		// release operands whose last use is here (after computing i)
		for _, o := range operands(nd) {
			if last[o] == i && p.regOf[o] >= 0 {
				p.freeAt[i] = append(p.freeAt[i], p.regOf[o])
				p.regOf[o] = -2 - p.regOf[o] // released; the register is remembered below
			}
		}
		if last[i] == i { // never used: free right away
			p.freeAt[i] = append(p.freeAt[i], p.regOf[i])
		}
		free = append(free, p.freeAt[i]...)
	}
	for i := range p.regOf {
		if p.regOf[i] <= -2 {
			p.regOf[i] = -2 - p.regOf[i]
		}
	}
}

// operands returns the distinct nodes nd reads.
func operands(nd node) []int {
	switch nd.op {
	case opAdd, opSub, opMul:
		if nd.a == nd.b {
			return []int{nd.a}
		}
		return []int{nd.a, nd.b}
	case opNeg, opScale, opAddConst:
		return []int{nd.a}
	}
	return nil
}

// Queries returns the distinct queries the program reads.
func (p *Program) Queries() []plonkish.Query { return p.leaves }

// NumExpressions is the number of compiled expressions.
func (p *Program) NumExpressions() int { return len(p.outputs) }

// Source gives, for a column, its n values on the domain part being evaluated (nil if
// the column is unknown, which is a bug in the caller).
type Source func(c plonkish.Column) []fr.Element

// EvalEach evaluates every expression on the n rows of one part: dst[k] (n values)
// receives expression k. Row i reads column c at rotation r from src(c)[(i+r) mod n].
func (p *Program) EvalEach(n int, src Source, dst [][]fr.Element) {
	p.run(n, src, func(w *worker, k, lo int, v []fr.Element, c *fr.Element) {
		d := dst[k][lo : lo+blockLen(v, c, w)]
		if c != nil {
			for i := range d {
				d[i] = *c
			}
			return
		}
		copy(d, v)
	}, nil)
}

// EvalCombined sets dst[i] = scale·Σ_k y^k·e_k(row i) over the n rows of one part.
func (p *Program) EvalCombined(n int, src Source, y, scale fr.Element, dst []fr.Element) {
	pows := make([]fr.Element, len(p.outputs))
	acc := scale
	for k := range pows {
		pows[k] = acc
		acc.Mul(&acc, &y)
	}
	p.run(n, src, func(w *worker, k, lo int, v []fr.Element, c *fr.Element) {
		l := blockLen(v, c, w)
		if c != nil {
			var t fr.Element
			t.Mul(c, &pows[k])
			for i := range l {
				w.acc[i].Add(&w.acc[i], &t)
			}
			return
		}
		t := fr.Vector(w.tmp[:l])
		t.ScalarMul(fr.Vector(v), &pows[k])
		a := fr.Vector(w.acc[:l])
		a.Add(a, t)
	}, func(w *worker, lo, l int) {
		copy(dst[lo:lo+l], w.acc[:l])
	})
}

func blockLen(v []fr.Element, c *fr.Element, w *worker) int {
	if c != nil {
		return w.l
	}
	return len(v)
}

type worker struct {
	regs  [][]fr.Element
	leafs [][]fr.Element // scratch for leaves that wrap around
	view  [][]fr.Element // current value of each leaf
	acc   []fr.Element
	tmp   []fr.Element
	l     int
}

func (p *Program) run(n int, src Source, out func(w *worker, k, lo int, v []fr.Element, c *fr.Element), flush func(w *worker, lo, l int)) {
	cols := make([][]fr.Element, len(p.leaves))
	for i, q := range p.leaves {
		cols[i] = src(q.Column)
		if len(cols[i]) != n {
			panic(fmt.Sprintf("poly: column %s has %d values on a part of %d", q.Column, len(cols[i]), n))
		}
	}
	nBlocks := (n + blockSize - 1) / blockSize
	Parallel(nBlocks, func(b0, b1 int) {
		w := &worker{
			regs:  make([][]fr.Element, p.numRegs),
			leafs: make([][]fr.Element, len(p.leaves)),
			view:  make([][]fr.Element, len(p.nodes)),
			acc:   make([]fr.Element, blockSize),
			tmp:   make([]fr.Element, blockSize),
		}
		for i := range w.regs {
			w.regs[i] = make([]fr.Element, blockSize)
		}
		for b := b0; b < b1; b++ {
			lo := b * blockSize
			l := min(blockSize, n-lo)
			w.l = l
			if flush != nil {
				clear(w.acc[:l])
			}
			for i := range p.nodes {
				nd := &p.nodes[i]
				var v []fr.Element
				switch nd.op {
				case opConst:
					for _, k := range p.outAt[i] {
						out(w, k, lo, nil, &nd.c)
					}
					continue
				case opLeaf:
					q := p.leaves[nd.leaf]
					c := cols[nd.leaf]
					s := lo + int(q.Rotation)
					s %= n
					if s < 0 {
						s += n
					}
					if s+l <= n {
						v = c[s : s+l]
					} else {
						if w.leafs[nd.leaf] == nil {
							w.leafs[nd.leaf] = make([]fr.Element, blockSize)
						}
						v = w.leafs[nd.leaf][:l]
						for j := range l {
							v[j] = c[(s+j)%n]
						}
					}
				default:
					v = w.regs[p.regOf[i]][:l]
					a := fr.Vector(w.view[nd.a])
					vv := fr.Vector(v)
					switch nd.op {
					case opAdd:
						vv.Add(a, w.view[nd.b])
					case opSub:
						vv.Sub(a, w.view[nd.b])
					case opMul:
						vv.Mul(a, w.view[nd.b])
					case opNeg:
						for j := range vv {
							vv[j].Neg(&a[j])
						}
					case opScale:
						vv.ScalarMul(a, &nd.c)
					case opAddConst:
						for j := range vv {
							vv[j].Add(&a[j], &nd.c)
						}
					}
				}
				w.view[i] = v
				for _, k := range p.outAt[i] {
					out(w, k, lo, v, nil)
				}
			}
			if flush != nil {
				flush(w, lo, l)
			}
		}
	})
}

// NumOps is the number of vector operations the program runs per block of rows.
func (p *Program) NumOps() int {
	n := 0
	for _, nd := range p.nodes {
		if nd.op != opConst && nd.op != opLeaf {
			n++
		}
	}
	return n + len(p.outputs)
}
