package mock

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// tupleIndex is an exact hash set (or multiset) of field-element tuples. A tuple is hashed
// through its compression Σ θ^j·t_j with a random θ (the identity for one column), and
// every hit is confirmed by comparing the tuples, so collisions cost time, never
// correctness.
type tupleIndex struct {
	width int
	theta []fr.Element // θ^0 … θ^(width−1)
	head  map[fr.Element]int32
	next  []int32
	vals  []fr.Element // width values per entry
	// For multisets: occurrences on each side and the first row of each.
	count     [2][]int64
	firstRow  [2][]int32
	countSide bool
}

func newTupleIndex(width int, sizeHint int, multiset bool) *tupleIndex {
	t := &tupleIndex{width: width, head: make(map[fr.Element]int32, sizeHint), countSide: multiset}
	t.theta = make([]fr.Element, width)
	t.theta[0].SetOne()
	if width > 1 {
		var theta fr.Element
		if _, err := theta.SetRandom(); err != nil {
			theta.SetUint64(0x5eed5eed5eed) // fixed fallback: still exact, only slower on collisions
		}
		for j := 1; j < width; j++ {
			t.theta[j].Mul(&t.theta[j-1], &theta)
		}
	}
	return t
}

func (t *tupleIndex) key(tup []fr.Element) fr.Element {
	if t.width == 1 {
		return tup[0]
	}
	var k, x fr.Element
	for j := range tup {
		x.Mul(&tup[j], &t.theta[j])
		k.Add(&k, &x)
	}
	return k
}

func (t *tupleIndex) equal(e int32, tup []fr.Element) bool {
	base := int(e) * t.width
	for j := range tup {
		if !t.vals[base+j].Equal(&tup[j]) {
			return false
		}
	}
	return true
}

// find returns the entry of tup, or -1.
func (t *tupleIndex) find(tup []fr.Element) int32 {
	e, ok := t.head[t.key(tup)]
	if !ok {
		return -1
	}
	for ; e >= 0; e = t.next[e] {
		if t.equal(e, tup) {
			return e
		}
	}
	return -1
}

// insert adds tup (if new) and returns its entry.
func (t *tupleIndex) insert(tup []fr.Element) int32 {
	k := t.key(tup)
	h, ok := t.head[k]
	if ok {
		for e := h; e >= 0; e = t.next[e] {
			if t.equal(e, tup) {
				return e
			}
		}
	} else {
		h = -1
	}
	e := int32(len(t.next))
	t.next = append(t.next, h)
	t.vals = append(t.vals, tup...)
	t.head[k] = e
	if t.countSide {
		for s := range 2 {
			t.count[s] = append(t.count[s], 0)
			t.firstRow[s] = append(t.firstRow[s], -1)
		}
	}
	return e
}

// evalTuples evaluates exprs on every usable row into a row-major table (width values per
// row), in parallel. On the special rows it reports, through bad, the rows where the tuple
// depends on unusable advice cells.
func (v *verifier) evalTuples(exprs []plonkish.Expression, bad func(s *sink, row int)) []fr.Element {
	p := compile(v.cols, exprs)
	ms := v.machines(p)
	width := len(exprs)
	vals := make([]fr.Element, v.usable*width)
	scratch := make([]fr.Vector, len(ms))
	for i := range scratch {
		scratch[i] = make(fr.Vector, blockSize)
	}
	v.forBlocks(v.usable, func(w int, s *sink, lo, size int) {
		m := ms[w]
		m.load(p, v.cols, lo, size)
		m.run(p, size)
		for j := 0; j < width; j++ {
			out := m.output(p, j, size, scratch[w])
			for r := 0; r < size; r++ {
				vals[(lo+r)*width+j] = out[r]
			}
		}
		for r := lo; r < lo+size; r++ {
			if v.special[r] && v.poisoned(exprs, r) {
				bad(s, r)
			}
		}
	})
	return vals
}

func (v *verifier) checkLookups() {
	tables := map[int]*tupleIndex{}
	for li, l := range v.cs.Lookups {
		idx, ok := tables[l.Table]
		if !ok {
			idx = v.buildTable(l.Table)
			tables[l.Table] = idx
		}
		v.checkLookup(li, l, idx)
	}
}

func (v *verifier) buildTable(ti int) *tupleIndex {
	t := v.cs.Tables[ti]
	excluded := map[int]bool{}
	vals := v.evalTuples(t.Columns, func(s *sink, row int) {
		s.add(cid{Blinding, ti, -3, t.Name}, func() Failure {
			return v.blindingFailure(fmt.Sprintf("table %q", t.Name), t.Name, ti, -3, t.Columns, row)
		})
	})
	// The failures above were merged; find the excluded rows again (few, special rows).
	for r, sp := range v.special {
		if sp && v.poisoned(t.Columns, r) {
			excluded[r] = true
		}
	}
	w := len(t.Columns)
	idx := newTupleIndex(w, 1024, false)
	prev := -1
	for r := 0; r < v.usable; r++ {
		if excluded[r] {
			continue
		}
		row := vals[r*w : (r+1)*w]
		if prev >= 0 && equalTuples(row, vals[prev*w:(prev+1)*w]) {
			continue // padding rows usually repeat one tuple
		}
		idx.insert(row)
		prev = r
	}
	return idx
}

func (v *verifier) checkLookup(li int, l plonkish.Lookup, idx *tupleIndex) {
	p := compile(v.cols, l.Inputs)
	ms := v.machines(p)
	width := len(l.Inputs)
	tableName := v.cs.Tables[l.Table].Name
	type scratchT struct {
		out, outs []fr.Vector
		tup       []fr.Element
		prevFound bool
	}
	scratch := make([]scratchT, len(ms))
	for i := range scratch {
		scratch[i].out = make([]fr.Vector, width)
		for j := range scratch[i].out {
			scratch[i].out[j] = make(fr.Vector, blockSize)
		}
		scratch[i].tup = make([]fr.Element, width)
		scratch[i].outs = make([]fr.Vector, width)
	}
	v.forBlocks(v.usable, func(w int, s *sink, lo, size int) {
		m := ms[w]
		sc := &scratch[w]
		m.load(p, v.cols, lo, size)
		m.run(p, size)
		outs := sc.outs
		for j := range outs {
			outs[j] = m.output(p, j, size, sc.out[j])
		}
		for r := 0; r < size; r++ {
			row := lo + r
			if v.special[row] && v.poisoned(l.Inputs, row) {
				s.add(cid{Blinding, li, -2, l.Name}, func() Failure {
					return v.blindingFailure(fmt.Sprintf("lookup %q", l.Name), l.Name, li, -2, l.Inputs, row)
				})
				continue
			}
			// Runs of equal inputs (disabled rows, repeated values) are probed once.
			same := r > 0 && !v.special[row-1]
			for j := range outs {
				sc.tup[j] = outs[j][r]
				same = same && outs[j][r].Equal(&outs[j][r-1])
			}
			if same && sc.prevFound {
				continue
			}
			sc.prevFound = idx.find(sc.tup) >= 0
			if sc.prevFound {
				continue
			}
			tup := append([]fr.Element(nil), sc.tup...)
			s.add(cid{Lookup, li, -1, l.Name}, func() Failure {
				return Failure{Kind: Lookup, Name: l.Name, Index: li, Poly: -1, Row: row, Cells: v.cells(l.Inputs, row), Values: tup, Table: tableName}
			})
		}
	})
}

func (v *verifier) checkShuffles() {
	for si, sh := range v.cs.Shuffles {
		bad := func(s *sink, row int) {
			s.add(cid{Blinding, si, -4, sh.Name}, func() Failure {
				all := append(append([]plonkish.Expression{}, sh.Input...), sh.Shuffled...)
				return v.blindingFailure(fmt.Sprintf("shuffle %q", sh.Name), sh.Name, si, -4, all, row)
			})
		}
		sides := [2][]plonkish.Expression{sh.Input, sh.Shuffled}
		w := len(sh.Input)
		idx := newTupleIndex(w, 1024, true)
		for side, exprs := range sides {
			vals := v.evalTuples(exprs, bad)
			for r := 0; r < v.usable; r++ {
				e := idx.insert(vals[r*w : (r+1)*w])
				if idx.count[side][e] == 0 {
					idx.firstRow[side][e] = int32(r)
				}
				idx.count[side][e]++
			}
		}
		sideName := [2]string{"input", "shuffled"}
		for e := range idx.next {
			cin, csh := idx.count[0][e], idx.count[1][e]
			if cin == csh {
				continue
			}
			side := 0
			if csh > cin {
				side = 1
			}
			row := int(idx.firstRow[side][e])
			tup := append([]fr.Element(nil), idx.vals[e*w:(e+1)*w]...)
			v.out.add(cid{Shuffle, si, -1, sh.Name}, func() Failure {
				return Failure{Kind: Shuffle, Name: sh.Name, Index: si, Poly: -1, Row: row, Cells: v.cells(sides[side], row), Values: tup,
					Detail: fmt.Sprintf("tuple %s occurs %d times among the input tuples and %d times among the shuffled tuples; it is %s", tuple(tup), cin, csh, where(sideName[side]))}
			})
		}
	}
}

func (v *verifier) checkCopies() {
	for i, c := range v.pre.Copies {
		a := v.cols.cell(c.A.Column, c.A.Row)
		b := v.cols.cell(c.B.Column, c.B.Row)
		if a.Equal(&b) {
			continue
		}
		v.out.add(cid{Copy, -1, -1, ""}, func() Failure {
			cell := func(x plonkish.Cell, val fr.Element) CellValue {
				return CellValue{Column: x.Column, Name: v.cs.ColumnName(x.Column), Row: x.Row, Value: val}
			}
			return Failure{Kind: Copy, Index: i, Poly: -1, Row: c.A.Row, Cells: []CellValue{cell(c.A, a), cell(c.B, b)}}
		})
	}
}

func where(side string) string { return "an extra " + side + " tuple" }

func equalTuples(a, b []fr.Element) bool {
	for j := range a {
		if !a[j].Equal(&b[j]) {
			return false
		}
	}
	return true
}
