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
	// challenge renders a constant that stands for a challenge (a memory
	// load), or reports false for a true constant.
	challenge func(fr.Element) (string, bool)
}

type dnode struct {
	op   byte // 'l' leaf or constant (text), '+', '*', '-'
	a, b int
	text string
	// isConst: a field constant (folded through sums, products and negations)
	isConst bool
	val     fr.Element
	uses    int
	// emission state
	slot int // materialised in scratch word slot (−1: not)
}

func newDAG(challenge func(fr.Element) (string, bool)) *dag {
	return &dag{index: map[string]int{}, challenge: challenge}
}

// literal renders a field constant as a Yul literal (decimal when small).
func literal(v fr.Element) string {
	if v.IsUint64() {
		return fmt.Sprint(v.Uint64())
	}
	return frWord(v)
}

func (d *dag) intern(n dnode) int {
	if (n.op == '+' || n.op == '*') && n.a > n.b {
		n.a, n.b = n.b, n.a
	}
	if n.op != 'l' {
		if folded, ok := d.fold(n); ok {
			return folded
		}
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

// constant interns the field constant v.
func (d *dag) constant(v fr.Element) int {
	return d.intern(dnode{op: 'l', text: literal(v), isConst: true, val: v})
}

// fold simplifies n (whose children are interned) when a child is a
// constant: c1 op c2 is computed, x·0 = 0, x·1 = x, x + 0 = x, −(−x) = x.
func (d *dag) fold(n dnode) (int, bool) {
	a := &d.nodes[n.a]
	switch n.op {
	case '-':
		if a.isConst {
			var v fr.Element
			v.Neg(&a.val)
			return d.constant(v), true
		}
		if a.op == '-' {
			return a.a, true
		}
		return 0, false
	}
	b := &d.nodes[n.b]
	if a.isConst && b.isConst {
		var v fr.Element
		if n.op == '+' {
			v.Add(&a.val, &b.val)
		} else {
			v.Mul(&a.val, &b.val)
		}
		return d.constant(v), true
	}
	for _, c := range [][2]*dnode{{a, b}, {b, a}} {
		k, other := c[0], c[1]
		if !k.isConst {
			continue
		}
		oid := n.a
		if other == b {
			oid = n.b
		}
		switch {
		case k.val.IsZero() && n.op == '+':
			return oid, true
		case k.val.IsZero() && n.op == '*':
			return d.constant(k.val), true
		case k.val.IsOne() && n.op == '*':
			return oid, true
		}
	}
	return 0, false
}

// add interns e; leaf renders queries (as Yul expressions whose value is in
// [0, R], with no side effects and no variable references).
func (d *dag) add(e plonkish.Expression, leaf func(plonkish.Query) (string, error)) (int, error) {
	switch e := e.(type) {
	case plonkish.Constant:
		return d.constOrChallenge(e.Value), nil
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
		a, err := d.add(x, leaf)
		if err != nil {
			return 0, err
		}
		b, err := d.add(y, leaf)
		if err != nil {
			return 0, err
		}
		return d.intern(dnode{op: op, a: a, b: b}), nil
	case plonkish.Negated:
		a, err := d.add(e.A, leaf)
		if err != nil {
			return 0, err
		}
		return d.intern(dnode{op: '-', a: a}), nil
	case plonkish.Scaled:
		a, err := d.add(e.A, leaf)
		if err != nil {
			return 0, err
		}
		k := d.constOrChallenge(e.Factor)
		return d.intern(dnode{op: '*', a: a, b: k}), nil
	case nil:
		return 0, fmt.Errorf("solidity: nil expression")
	}
	return 0, fmt.Errorf("solidity: unknown expression node %T", e)
}

// constOrChallenge interns v: a challenge is an opaque leaf (a memory
// load), anything else a constant.
func (d *dag) constOrChallenge(v fr.Element) int {
	if text, ok := d.challenge(v); ok {
		return d.intern(dnode{op: 'l', text: text})
	}
	return d.constant(v)
}

// countUses sets every node's number of references from the roots and
// from the nodes reachable from them (folding can leave unreachable nodes).
func (d *dag) countUses(roots []int) {
	reach := make([]bool, len(d.nodes))
	var stack []int
	for _, r := range roots {
		if !reach[r] {
			reach[r] = true
			stack = append(stack, r)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range d.children(i) {
			if !reach[c] {
				reach[c] = true
				stack = append(stack, c)
			}
		}
	}
	for i := range d.nodes {
		d.nodes[i].uses = 0
	}
	for _, r := range roots {
		d.nodes[r].uses++
	}
	for i := range d.nodes {
		if reach[i] {
			for _, c := range d.children(i) {
				d.nodes[c].uses++
			}
		}
	}
}

func (d *dag) children(i int) []int {
	switch n := &d.nodes[i]; n.op {
	case '+', '*':
		return []int{n.a, n.b}
	case '-':
		return []int{n.a}
	}
	return nil
}

// yulEmitter renders dag nodes into statements that store intermediate
// values in scratch words, reused once every read of them has been emitted.
type yulEmitter struct {
	d         *dag
	b         strings.Builder
	indent    string
	tmp       func(k int) string // address of scratch word k
	r         string             // Yul expression of the modulus
	maxHeight int                // nesting depth above which a value is stored
	free      []int              // reusable words, highest first
	nslots    int
	// outstanding[s] is the number of reads of word s not yet emitted
	// (rendered or still to be rendered); the word is free at 0.
	outstanding map[int]int
	err         error
}

// rendered is a Yul expression, its nesting depth and the scratch words it
// reads (with multiplicity).
type rendered struct {
	expr   string
	height int
	reads  []int
}

func (y *yulEmitter) alloc(reads int) int {
	var s int
	if n := len(y.free); n > 0 {
		s = y.free[n-1]
		y.free = y.free[:n-1]
	} else {
		s = y.nslots
		y.nslots++
	}
	if y.outstanding == nil {
		y.outstanding = map[int]int{}
	}
	y.outstanding[s] = reads
	return s
}

// emitted accounts for the reads of an emitted statement, freeing the words
// nothing will read any more.
func (y *yulEmitter) emitted(reads []int) {
	for _, s := range reads {
		y.outstanding[s]--
		switch {
		case y.outstanding[s] == 0:
			y.free = append(y.free, s)
		case y.outstanding[s] < 0 && y.err == nil:
			y.err = fmt.Errorf("solidity: internal error: scratch word %d read more often than counted", s)
		}
	}
	slices.Sort(y.free)
	slices.Reverse(y.free) // lowest address first out
}

// statement emits a line whose expressions read reads.
func (y *yulEmitter) statement(line string, reads []int) {
	y.b.WriteString(y.indent)
	y.b.WriteString(line)
	y.b.WriteByte('\n')
	y.emitted(reads)
}

// store materialises r into a scratch word that will be read `reads` times.
func (y *yulEmitter) store(r rendered, reads int) int {
	// the target may reuse a word r reads: mstore evaluates before writing
	y.emitted(r.reads)
	s := y.alloc(reads)
	y.b.WriteString(fmt.Sprintf("%smstore(%s, %s)\n", y.indent, y.tmp(s), r.expr))
	return s
}

func (y *yulEmitter) load(s int) rendered {
	return rendered{expr: "mload(" + y.tmp(s) + ")", reads: []int{s}}
}

// flatten stores r if it nests deeper than maxHeight.
func (y *yulEmitter) flatten(r rendered) rendered {
	if r.height > y.maxHeight {
		return y.load(y.store(r, 1))
	}
	return r
}

func (y *yulEmitter) render(id int) rendered {
	n := &y.d.nodes[id]
	if n.slot >= 0 {
		return y.load(n.slot)
	}
	var r rendered
	switch n.op {
	case 'l':
		if n.isConst && !n.val.IsUint64() {
			var neg fr.Element
			neg.Neg(&n.val)
			if neg.IsUint64() { // −c as R − c: a few bytes instead of a 33-byte push
				return rendered{expr: fmt.Sprintf("sub(%s, %d)", y.r, neg.Uint64()), height: 1}
			}
		}
		return rendered{expr: n.text, height: 0}
	case '-':
		a := y.flatten(y.render(n.a))
		r = rendered{expr: fmt.Sprintf("sub(%s, %s)", y.r, a.expr), height: a.height + 1, reads: a.reads}
	case '+', '*':
		// x + (−z) is written addmod(x, sub(R, z), R) by the '-' case.
		a := y.render(n.a)
		b := y.render(n.b)
		a, b = y.flatten(a), y.flatten(b)
		f := "addmod"
		if n.op == '*' {
			f = "mulmod"
		}
		r = rendered{expr: fmt.Sprintf("%s(%s, %s, %s)", f, a.expr, b.expr, y.r), height: max(a.height, b.height) + 1,
			reads: append(append([]int(nil), a.reads...), b.reads...)}
	}
	if n.uses >= 2 {
		n.slot = y.store(r, n.uses)
		return y.load(n.slot)
	}
	return r
}
