package plonkish

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ColumnKind says who fills a column and whether it is committed.
type ColumnKind uint8

const (
	// Fixed columns are set at setup (the program image, selectors, lookup tables) and
	// committed once in the verifying key.
	Fixed ColumnKind = iota
	// Advice columns hold the private witness; they are committed in every proof.
	Advice
	// Instance columns hold public values; the verifier evaluates them itself.
	Instance
)

func (k ColumnKind) String() string {
	switch k {
	case Fixed:
		return "fixed"
	case Advice:
		return "advice"
	case Instance:
		return "instance"
	}
	return fmt.Sprintf("ColumnKind(%d)", uint8(k))
}

// Column names one column of the circuit: its kind and its index among the columns of
// that kind.
type Column struct {
	Kind  ColumnKind
	Index int
}

func (c Column) String() string { return fmt.Sprintf("%s[%d]", c.Kind, c.Index) }

// Rotation is a row offset relative to the current row: 0 is the current row, 1 the next,
// -1 the previous. Rows wrap around modulo the number of rows n.
type Rotation int

// Expression is a polynomial over column cells. The concrete types are Constant, Query,
// Sum, Product, Negated and Scaled; build them with the helper functions (Const, Add,
// Mul, Sub, ...) and the Column methods (Cur, Next, Prev, Rot).
type Expression interface {
	// Degree is the expression's degree in the cells it queries.
	Degree() int
	isExpression()
}

// Constant is a field constant.
type Constant struct{ Value fr.Element }

// Query is the value of a column at a rotation from the current row.
type Query struct {
	Column   Column
	Rotation Rotation
}

// Sum is A + B.
type Sum struct{ A, B Expression }

// Product is A · B.
type Product struct{ A, B Expression }

// Negated is −A.
type Negated struct{ A Expression }

// Scaled is Factor · A.
type Scaled struct {
	A      Expression
	Factor fr.Element
}

func (Constant) isExpression() {}
func (Query) isExpression()    {}
func (Sum) isExpression()      {}
func (Product) isExpression()  {}
func (Negated) isExpression()  {}
func (Scaled) isExpression()   {}

func (Constant) Degree() int     { return 0 }
func (Query) Degree() int        { return 1 }
func (e Sum) Degree() int        { return max(e.A.Degree(), e.B.Degree()) }
func (e Product) Degree() int    { return e.A.Degree() + e.B.Degree() }
func (e Negated) Degree() int    { return e.A.Degree() }
func (e Scaled) Degree() int     { return e.A.Degree() }
func (c Column) Cur() Query      { return Query{c, 0} }
func (c Column) Next() Query     { return Query{c, 1} }
func (c Column) Prev() Query     { return Query{c, -1} }
func (c Column) Rot(r int) Query { return Query{c, Rotation(r)} }

// Const returns the constant v.
func Const(v uint64) Constant {
	var c Constant
	c.Value.SetUint64(v)
	return c
}

// ConstInt returns the constant v (negative values are taken modulo r).
func ConstInt(v int64) Constant {
	var c Constant
	c.Value.SetInt64(v)
	return c
}

// ConstElement returns the constant v.
func ConstElement(v fr.Element) Constant { return Constant{v} }

// Add returns the sum of its terms (0 if there are none).
func Add(terms ...Expression) Expression {
	if len(terms) == 0 {
		return Const(0)
	}
	e := terms[0]
	for _, t := range terms[1:] {
		e = Sum{e, t}
	}
	return e
}

// Mul returns the product of its factors (1 if there are none).
func Mul(factors ...Expression) Expression {
	if len(factors) == 0 {
		return Const(1)
	}
	e := factors[0]
	for _, f := range factors[1:] {
		e = Product{e, f}
	}
	return e
}

// Sub returns a − b.
func Sub(a, b Expression) Expression { return Sum{a, Negated{b}} }

// Neg returns −a.
func Neg(a Expression) Expression { return Negated{a} }

// Scale returns k · a.
func Scale(a Expression, k uint64) Expression {
	var f fr.Element
	f.SetUint64(k)
	return Scaled{a, f}
}

// ScaleElement returns k · a.
func ScaleElement(a Expression, k fr.Element) Expression { return Scaled{a, k} }

// Evaluator gives the meaning of each expression node for Evaluate.
type Evaluator[T any] struct {
	Constant func(fr.Element) T
	Query    func(Query) T
	Sum      func(a, b T) T
	Product  func(a, b T) T
	Negated  func(a T) T
	Scaled   func(a T, k fr.Element) T
}

// Evaluate folds e bottom-up with ev.
func Evaluate[T any](e Expression, ev *Evaluator[T]) T {
	switch e := e.(type) {
	case Constant:
		return ev.Constant(e.Value)
	case Query:
		return ev.Query(e)
	case Sum:
		return ev.Sum(Evaluate(e.A, ev), Evaluate(e.B, ev))
	case Product:
		return ev.Product(Evaluate(e.A, ev), Evaluate(e.B, ev))
	case Negated:
		return ev.Negated(Evaluate(e.A, ev))
	case Scaled:
		return ev.Scaled(Evaluate(e.A, ev), e.Factor)
	}
	panic(fmt.Sprintf("plonkish: unknown expression type %T", e))
}

// Queries calls f for every query in e, in evaluation order (with repetitions).
func Queries(e Expression, f func(Query)) {
	switch e := e.(type) {
	case Query:
		f(e)
	case Sum:
		Queries(e.A, f)
		Queries(e.B, f)
	case Product:
		Queries(e.A, f)
		Queries(e.B, f)
	case Negated:
		Queries(e.A, f)
	case Scaled:
		Queries(e.A, f)
	}
}

// EvaluateRow evaluates e at row of a table of n rows, reading cells through cell
// (which receives the column and the absolute, wrapped-around row).
func EvaluateRow(e Expression, row, n int, cell func(c Column, row int) fr.Element) fr.Element {
	ev := Evaluator[fr.Element]{
		Constant: func(v fr.Element) fr.Element { return v },
		Query: func(q Query) fr.Element {
			r := (row + int(q.Rotation)) % n
			if r < 0 {
				r += n
			}
			return cell(q.Column, r)
		},
		Sum:     func(a, b fr.Element) fr.Element { a.Add(&a, &b); return a },
		Product: func(a, b fr.Element) fr.Element { a.Mul(&a, &b); return a },
		Negated: func(a fr.Element) fr.Element { a.Neg(&a); return a },
		Scaled:  func(a fr.Element, k fr.Element) fr.Element { a.Mul(&a, &k); return a },
	}
	return Evaluate(e, &ev)
}

// Format renders e with the column names of cs (cs may be nil).
func Format(e Expression, cs *ConstraintSystem) string {
	var sb strings.Builder
	format(&sb, e, cs)
	return sb.String()
}

func format(sb *strings.Builder, e Expression, cs *ConstraintSystem) {
	switch e := e.(type) {
	case Constant:
		sb.WriteString(FormatElement(e.Value))
	case Query:
		name := e.Column.String()
		if cs != nil {
			name = cs.ColumnName(e.Column)
		}
		sb.WriteString(name)
		if e.Rotation != 0 {
			fmt.Fprintf(sb, "@%+d", e.Rotation)
		}
	case Sum:
		sb.WriteByte('(')
		format(sb, e.A, cs)
		if n, ok := e.B.(Negated); ok {
			sb.WriteString(" - ")
			format(sb, n.A, cs)
		} else {
			sb.WriteString(" + ")
			format(sb, e.B, cs)
		}
		sb.WriteByte(')')
	case Product:
		format(sb, e.A, cs)
		sb.WriteString("·")
		format(sb, e.B, cs)
	case Negated:
		sb.WriteString("-")
		format(sb, e.A, cs)
	case Scaled:
		sb.WriteString(FormatElement(e.Factor))
		sb.WriteString("·")
		format(sb, e.A, cs)
	}
}

// FormatElement prints small field elements and their negatives as signed decimals and
// others in hex, so that circuit writers can read failing values.
func FormatElement(v fr.Element) string {
	var b big.Int
	v.BigInt(&b)
	if b.BitLen() <= 64 {
		return b.String()
	}
	var n fr.Element
	n.Neg(&v)
	n.BigInt(&b)
	if b.BitLen() <= 64 {
		return "-" + b.String()
	}
	v.BigInt(&b)
	return "0x" + b.Text(16)
}
