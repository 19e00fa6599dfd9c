package circuit

// Consistent forgeries of the control-flow, stack, call, sequence and I/O constraints
// (see forgery_framework_test.go): each breaks exactly one rule and keeps the rest of
// the execution coherent.

import "testing"

// atClass returns a fault hook that calls f on the skip-th executed row of class k.
func atClass(k Class, skip int, f func(r *Row, s *faultState)) func(int, *Row, *faultState) {
	n := 0
	return func(_ int, r *Row, s *faultState) {
		if r.Class != k {
			return
		}
		if n == skip {
			f(r, s)
		}
		n++
	}
}

func fibIter4(t testing.TB) *Image { return fibIter(t, 4) }

// shiftAndBack returns a fault hook that adds d to one state field (chosen by get) after
// the skip-th row of class k and subtracts it after the next row of that class: the rows
// in between run from the shifted state, so only the class's rule for that field fails
// (twice), and whatever the field pins later (the frame bus for cid) sees it restored.
func shiftAndBack(k Class, skip int, get func(s *faultState) *uint64, d uint64) func(int, *Row, *faultState) {
	n := 0
	return func(_ int, r *Row, s *faultState) {
		if r.Class != k {
			return
		}
		switch n {
		case skip:
			*get(s) += d
		case skip + 1:
			*get(s) -= d
		}
		n++
	}
}

func fH(s *faultState) *uint64   { return &s.H }
func fFP(s *faultState) *uint64  { return &s.FP }
func fCID(s *faultState) *uint64 { return &s.CID }
func fT(s *faultState) *uint64   { return &s.T }

var _ = registerForgeries(
	forgery{
		name:    "const pushes imm+1",
		targets: []string{"gate transition/const: T"},
		image:   fibIter4,
		fault:   atClass(ClassConst, 0, func(r *Row, s *faultState) { s.T++ }),
		prove:   true,
	},
	// fibIter's two consecutive nops (block, loop).
	forgery{name: "nop: h", targets: []string{"gate transition/nop: h"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fH, 1), prove: true},
	forgery{name: "nop: fp", targets: []string{"gate transition/nop: fp"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fFP, 1), prove: true},
	forgery{name: "nop: cid", targets: []string{"gate transition/nop: cid"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fCID, 1), prove: true},
	forgery{name: "nop: T", targets: []string{"gate transition/nop: T"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fT, 1), prove: true},
	forgery{name: "nop: pc", targets: []string{"gate transition/nop: pc"}, image: fibIter4,
		fault: atClass(ClassNop, 0, func(r *Row, s *faultState) { s.Next++ })}, // skips the loop's nop
)
