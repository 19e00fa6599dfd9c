package solidity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish"
)

// dag is a set of IR expressions with their common subexpressions merged
// (hash-consing), compiled to straight-line Yul. Sums and products are
// normalised for commutativity, Scaled becomes a product by a constant.
//
// The emitted code keeps every intermediate value in [0, R] (addmod and
// mulmod reduce, sub(R, a) of a ∈ [0, R] stays in [0, R]), which the
// consumers, all addmod or mulmod, accept; only the final combination is
// reduced.
type dag struct {
	nodes []dnode
	index map[string]int
}

type dnode struct {
	op   byte // 'l' leaf or constant (text), '+', '*', '-'
	a, b int
	text string
	uses int
	// emission state
	slot      int // materialised in scratch word slot (−1: not)
	remaining int // uses not yet rendered, once materialised
}

func newDAG() *dag { return &dag{index: map[string]int{}} }

func (d *dag) intern(n dnode) int {
	if (n.op == '+' || n.op == '*') && n.a > n.b {
		n.a, n.b = n.b, n.a
	}
	key := fmt.Sprintf("%c|%d|%d|%s", n.op, n.a, n.b, n.text)
	if id, ok := d.index[key]; ok {
		return id
	}
	n.slot = -1
	d.nodes = append(d.nodes, n)
	id := len(d.nodes) - 1
	d.index[key] = id
	return id
}

// add interns e; leaf renders queries, konst constants (both as Yul
// expressions whose value is in [0, R], with no side effects and no
// variable references).
func (d *dag) add(e plonkish.Expression, leaf func(plonkish.Query) (string, error), konst func(fr.Element) string) (int, error) {
	switch e := e.(type) {
	case plonkish.Constant:
		return d.intern(dnode{op: 'l', text: konst(e.Value)}), nil
	case plonkish.Query:
		s, err := leaf(e)
		if err != nil {
			return 0, fmt.Errorf("solidity: query %s at rotation %d: %w", e.Column, e.Rotation, err)
		}
		return d.intern(dnode{op: 'l', text: s}), nil
	case plonkish.Sum, plonkish.Product:
		var x, y plonkish.Expression
		op := byte('+')
		if s, ok := e.(plonkish.Sum); ok {
			x, y = s.A, s.B
		} else {
			p := e.(plonkish.Product)
			x, y, op = p.A, p.B, '*'
		}
		a, err := d.add(x, leaf, konst)
		if err != nil {
			return 0, err
		}
		b, err := d.add(y, leaf, konst)
		if err != nil {
			return 0, err
		}
		return d.intern(dnode{op: op, a: a, b: b}), nil
	case plonkish.Negated:
		a, err := d.add(e.A, leaf, konst)
		if err != nil {
			return 0, err
		}
		return d.intern(dnode{op: '-', a: a}), nil
	case plonkish.Scaled:
		a, err := d.add(e.A, leaf, konst)
		if err != nil {
			return 0, err
		}
		k := d.intern(dnode{op: 'l', text: konst(e.Factor)})
		return d.intern(dnode{op: '*', a: a, b: k}), nil
	case nil:
		return 0, fmt.Errorf("solidity: nil expression")
	}
	return 0, fmt.Errorf("solidity: unknown expression node %T", e)
}

// countUses sets every node's number of references from parents and roots.
func (d *dag) countUses(roots []int) {
	for i := range d.nodes {
		d.nodes[i].uses = 0
	}
	for _, r := range roots {
		d.nodes[r].uses++
	}
	for i := range d.nodes {
		n := &d.nodes[i]
		switch n.op {
		case '+', '*':
			d.nodes[n.a].uses++
			d.nodes[n.b].uses++
		case '-':
			d.nodes[n.a].uses++
		}
	}
}

// yulEmitter renders dag nodes into statements that store intermediate
// values in scratch words, reused as soon as their last reader has run.
type yulEmitter struct {
	d         *dag
	b         strings.Builder
	indent    string
	tmp       func(k int) string // address of scratch word k
	r         string             // Yul expression of the modulus
	maxHeight int                // nesting depth above which a value is stored
	free      []int
	nslots    int
}

// rendered is a Yul expression, its nesting depth and the scratch words to
// release once the statement reading it has been emitted.
type rendered struct {
	expr    string
	height  int
	release []int
}

func (y *yulEmitter) alloc() int {
	if n := len(y.free); n > 0 {
		s := y.free[n-1]
		y.free = y.free[:n-1]
		return s
	}
	y.nslots++
	return y.nslots - 1
}

// statement emits a line and then releases the words its expression read.
func (y *yulEmitter) statement(line string, release []int) {
	y.b.WriteString(y.indent)
	y.b.WriteString(line)
	y.b.WriteByte('\n')
	y.free = append(y.free, release...)
	slices.Sort(y.free)
	slices.Reverse(y.free) // lowest address first out
}

// store materialises r into a scratch word whose value is read `reads` times.
func (y *yulEmitter) store(r rendered) int {
	// the target may reuse a word r reads: mstore evaluates before writing
	y.free = append(y.free, r.release...)
	slices.Sort(y.free)
	slices.Reverse(y.free)
	s := y.alloc()
	y.b.WriteString(fmt.Sprintf("%smstore(%s, %s)\n", y.indent, y.tmp(s), r.expr))
	return s
}

func (y *yulEmitter) load(s int) string { return "mload(" + y.tmp(s) + ")" }

func (y *yulEmitter) render(id int) rendered {
	n := &y.d.nodes[id]
	if n.slot >= 0 {
		n.remaining--
		r := rendered{expr: y.load(n.slot)}
		if n.remaining == 0 {
			r.release = []int{n.slot}
		}
		return r
	}
	var r rendered
	switch n.op {
	case 'l':
		return rendered{expr: n.text, height: 0}
	case '-':
		a := y.render(n.a)
		if a.height > y.maxHeight {
			s := y.store(a)
			a = rendered{expr: y.load(s), release: []int{s}}
		}
		r = rendered{expr: fmt.Sprintf("sub(%s, %s)", y.r, a.expr), height: a.height + 1, release: a.release}
	case '+', '*':
		// x + (−z) is written addmod(x, sub(R, z), R) by the '-' case.
		a, b := y.render(n.a), y.render(n.b)
		if a.height > y.maxHeight {
			s := y.store(a)
			a = rendered{expr: y.load(s), release: []int{s}}
		}
		if b.height > y.maxHeight {
			s := y.store(b)
			b = rendered{expr: y.load(s), release: []int{s}}
		}
		f := "addmod"
		if n.op == '*' {
			f = "mulmod"
		}
		r = rendered{expr: fmt.Sprintf("%s(%s, %s, %s)", f, a.expr, b.expr, y.r), height: max(a.height, b.height) + 1,
			release: append(a.release, b.release...)}
	}
	if n.uses >= 2 {
		s := y.store(r)
		n.slot = s
		n.remaining = n.uses - 1
		return rendered{expr: y.load(s)}
	}
	return r
}
