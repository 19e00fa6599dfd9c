package circuit

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sort"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ErrTrap is wrapped by errors of executions that trap: they have no witness.
var ErrTrap = errors.New("trap")

// Row is the content of one row of the execution table in the circuit's own terms:
// the machine state before the instruction, the decoded instruction and the values the
// constraints need. Run produces them; assignment turns them into columns.
type Row struct {
	Class       Class
	W64, F1, F2 bool
	Imm         uint64
	Imm2, Imm3  uint64
	PC, H, FP   uint64
	CID, T      uint64
	IOIn, IOOut uint64     // public input and output counters: instance row of the next value
	A, B        uint64     // values read by access slots 1 and 2
	PTS1, PTS2  uint64     // timestamps of the tokens consumed by slots 1 and 2
	PTS3        uint64     // slot 3 (the refill of a store)
	Slot        [2]SlotUse // what slots 1 and 2 did
	O           uint64     // byte offset of a memory access in its word
	OPrefix     uint64     // a store's tail row: its offset bits are 1 below this (the bytes it replaces)
	K           uint64     // br_table: the effective index
	SignLimb    bool       // extend_s: H holds 2^(b−1) at the top source limb
	SG          bool       // signed load: the sign bit
	Y           uint64     // the value decomposed into the Y bytes (wide classes)
	V           uint64     // the value decomposed into the V bytes (dynamic i64 shr_s)
	W           uint64     // the value decomposed into the W bytes (i64 div_s/rem_s)
	B64         bool       // B holds 2^64 (a dynamic i64 shift by 0 to the right)
	F3          bool
	C, Z        bool
	Inv         fr.Element
	L, H2       uint64   // values decomposed into the L and H limbs
	HX          []uint64 // if not nil, the H limbs one by one (instead of H2)
}

// SlotUse is one memory access of a row: the address and the value written back.
type SlotUse struct {
	On          bool
	Addr, Write uint64
}

// Execution is the rows of a run: instruction rows, then boundary rows, and the public
// values: the public inputs read and the outputs written, in order.
type Execution struct {
	Rows      []Row
	Steps     int // instruction rows (halt included), tail rows included
	Tails     int // tail rows of stores that cross a word (Steps − Tails instructions)
	PublicIn  []uint64
	PublicOut []uint64
}

// Inputs are the values wasm_input returns: Public for wasm_input(1), Private for
// wasm_input(0), each read in order.
type Inputs struct {
	Public, Private []uint64
}

type memCell struct {
	val, ts uint64
	// A word of grown memory: its initial token (value 0) is stamped with the time its
	// page was allocated (its ts) and cites the size (pages) after that grow.
	grown       bool
	its, gpages uint64
}

type frame struct{ pc, fp, cid uint64 }

// Run executes img in the circuit's machine model (top-of-stack register, stack memory,
// timestamped tokens) and returns the rows, or an error for traps and limits. maxSteps
// bounds the instruction rows.
func Run(img *Image, inputs Inputs, maxSteps int) (*Execution, error) {
	return run(img, inputs, maxSteps, nil)
}

// faultState is the machine state an instruction leaves for the next one, as a fault hook
// sees it (tests only): the next pc, the stack height, frame base, call id, top of stack,
// the memory (current value and timestamp of every touched address) and the call frames.
type faultState struct {
	Next, H, FP, CID, T uint64
	Mem                 map[uint64]*memCell
	Frames              *[]frame
}

// run is Run with a fault-injection hook, nil except in tests (forgery_framework_test.go):
// called after each instruction row but the halt row is computed and before the machine
// moves on, it may change the row and the state the rest of the run is computed from,
// which gives executions that break one rule and keep the buses balanced. Its step is
// the row's index (its timestamp − 1); it is first called with step −1 and no row, to
// change the initial state.
func run(img *Image, inputs Inputs, maxSteps int, fault func(step int, r *Row, s *faultState)) (*Execution, error) {
	if err := img.Validate(); err != nil {
		return nil, err
	}
	mem := map[uint64]*memCell{}
	grow := img.hasGrow()
	memWords := uint64(len(img.Memory)) // the current memory size, in words
	type growth struct{ ts, pages uint64 }
	var grown []growth // successful memory.grow rows
	init := func(addr uint64) uint64 {
		if addr == MemSizeAddr && grow {
			return uint64(len(img.Memory) / PageWords)
		}
		if addr >= MemBase {
			if addr-MemBase >= uint64(len(img.Memory)) {
				return 0 // grown memory
			}
			return img.Memory[addr-MemBase]
		}
		if addr >= GlobalBase {
			return img.Globals[addr-GlobalBase]
		}
		return 0
	}
	var (
		pc, fp, cid, t uint64
		h              uint64 = 1
		frames         []frame
		rows           []Row
		pub, priv      int
		out            []uint64
		tails          int
	)
	if fault != nil {
		s := faultState{pc, h, fp, cid, t, mem, &frames}
		fault(-1, nil, &s)
		pc, h, fp, cid, t = s.Next, s.H, s.FP, s.CID, s.T
	}
	for {
		if len(rows) >= maxSteps {
			return nil, fmt.Errorf("circuit: run exceeds %d steps", maxSteps)
		}
		now := uint64(len(rows)) + 1 // the row's timestamp (a store's tail row is a row too)
		in := img.Code[pc]
		r := Row{Class: in.Class, W64: in.W64, F1: in.F1, F2: in.F2, F3: in.F3, Imm: in.Imm, Imm2: in.Imm2, Imm3: in.Imm3, PC: pc, H: h, FP: fp, CID: cid, T: t,
			IOIn: uint64(pub) + 2, IOOut: uint64(len(out)), // + (public inputs read) + 3, set at halt
			PTS1: now - 1, PTS2: now - 1, PTS3: now - 1} // unused slots: the order lookup still holds
		var err error
		access := func(slot int, addr uint64, write func(old, pts uint64) uint64) (uint64, uint64) {
			if err != nil {
				return 0, 0
			}
			if addr < GlobalBase && addr >= uint64(img.StackSize) {
				err = fmt.Errorf("circuit: pc %d (%s): %w: stack overflow (address %d, stack size %d)", pc, in.Source, ErrTrap, addr, img.StackSize)
				return 0, 0
			}
			if addr >= MemBase {
				if addr-MemBase >= memWords {
					err = fmt.Errorf("circuit: pc %d (%s): %w: memory access out of bounds", pc, in.Source, ErrTrap)
					return 0, 0
				}
			} else if addr >= GlobalBase && addr-GlobalBase >= uint64(len(img.Globals)) && !(grow && addr == MemSizeAddr) {
				err = fmt.Errorf("circuit: pc %d (%s): global %d does not exist", pc, in.Source, addr-GlobalBase)
				return 0, 0
			}
			c := mem[addr]
			if c == nil {
				c = &memCell{val: init(addr)}
				if w := addr - MemBase; addr >= MemBase && w >= uint64(len(img.Memory)) {
					for _, g := range grown { // the first grow that covered the word
						if w < g.pages*PageWords {
							c.grown, c.ts, c.its, c.gpages = true, g.ts, g.ts, g.pages
							break
						}
					}
				}
				mem[addr] = c
			}
			old, pts := c.val, c.ts
			c.val, c.ts = write(old, pts), now
			if slot < 3 {
				r.Slot[slot-1] = SlotUse{On: true, Addr: addr, Write: c.val}
			}
			return old, pts
		}
		keep := func(old, _ uint64) uint64 { return old }
		put := func(v uint64) func(uint64, uint64) uint64 { return func(uint64, uint64) uint64 { return v } }
		mask := uint64(1<<32 - 1)
		if in.W64 {
			mask = ^uint64(0)
		}
		isZero := func(v fr.Element) {
			r.Z = v.IsZero()
			r.Inv.Inverse(&v)
		}
		next := pc + 1
		switch in.Class {
		case ClassNop:
		case ClassConst:
			r.A, r.PTS1 = access(1, h-1, put(t))
			t, h = in.Imm, h+1
		case ClassDrop:
			r.A, r.PTS1 = access(1, h-2, keep)
			t, h = r.A, h-1
		case ClassSelect:
			r.A, r.PTS1 = access(1, h-2, keep)
			r.B, r.PTS2 = access(2, h-3, keep)
			isZero(frU(t))
			if r.Z {
				t = r.A
			} else {
				t = r.B
			}
			h -= 2
		case ClassLocalGet, ClassGlobalGet:
			addr := fp + in.Imm
			if in.Class == ClassGlobalGet {
				addr = GlobalBase + in.Imm
			}
			var v uint64
			r.B, r.PTS2 = access(2, addr, func(old, pts uint64) uint64 {
				v = old
				if in.Class == ClassLocalGet && in.F1 && pts < cid {
					r.C, v = true, 0
				}
				return v
			})
			if in.Class == ClassLocalGet && in.F1 { // freshness: cid − pts − 1 or pts − cid, ≥ 0, in the L limbs
				if r.C {
					r.L = cid - r.PTS2 - 1
				} else {
					r.L = r.PTS2 - cid
				}
			}
			r.A, r.PTS1 = access(1, h-1, put(t))
			t, h = v, h+1
		case ClassLocalSet, ClassGlobalSet:
			addr := fp + in.Imm
			if in.Class == ClassGlobalSet {
				addr = GlobalBase + in.Imm
			}
			r.B, r.PTS2 = access(2, addr, put(t))
			r.A, r.PTS1 = access(1, h-2, keep)
			t, h = r.A, h-1
		case ClassLocalTee:
			r.B, r.PTS2 = access(2, fp+in.Imm, put(t))
		case ClassAddSub:
			r.A, r.PTS1 = access(1, h-2, keep)
			var res uint64
			if in.F1 {
				res = (r.A - t) & mask
				r.C = r.A < t
			} else {
				res = (r.A + t) & mask
				r.C = res < r.A
			}
			r.L, t, h = res, res, h-1
		case ClassMul:
			r.A, r.PTS1 = access(1, h-2, keep)
			hi, lo := bits.Mul64(r.A, t)
			if !in.W64 {
				lo, hi = lo&mask, lo>>32
			}
			r.L, r.H2, t, h = lo, hi, lo, h-1
		case ClassEqz:
			isZero(frU(t))
			t = b2u(r.Z)
		case ClassEq:
			r.A, r.PTS1 = access(1, h-2, keep)
			var d fr.Element
			a, b := frU(r.A), frU(t)
			d.Sub(&a, &b)
			isZero(d)
			t, h = b2u(r.Z != in.F1), h-1
		case ClassLtU:
			r.A, r.PTS1 = access(1, h-2, keep)
			x, y := r.A, t
			if in.F1 {
				x, y = y, x
			}
			r.C = x < y
			r.L = (x - y) & mask
			t, h = b2u(r.C != in.F2), h-1
		case ClassBr:
			if in.F1 {
				r.A, r.PTS1 = access(1, h-in.Imm2-1, keep)
				t = r.A
			}
			h -= in.Imm2
			next = in.Imm
		case ClassBrIf:
			isZero(frU(t))
			taken := r.Z == in.F1
			off, drop := uint64(0), uint64(0)
			if taken {
				off, drop, next = in.Imm3, in.Imm2, in.Imm
			}
			r.A, r.PTS1 = access(1, h-2-off, keep)
			t, h = r.A, h-1-drop
		case ClassCall:
			r.A, r.PTS1 = access(1, h-1, put(t))
			frames = append(frames, frame{pc + 1, fp, cid})
			fp = h - in.Imm2
			h, t, cid, next = fp+in.Imm3+1, 0, now, in.Imm
		case ClassReturn:
			if len(frames) == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): return without a frame", pc, in.Source)
			}
			if in.F1 {
				h = fp + 1
			} else {
				r.A, r.PTS1 = access(1, fp-1, keep)
				t, h = r.A, fp
			}
			f := frames[len(frames)-1]
			frames = frames[:len(frames)-1]
			next, fp, cid = f.pc, f.fp, f.cid
		case ClassRetIf:
			isZero(frU(t))
			if r.Z {
				r.A, r.PTS1 = access(1, h-2, keep)
				t, h = r.A, h-1
				break
			}
			if len(frames) == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): return without a frame", pc, in.Source)
			}
			at := h - 2
			if !in.F1 {
				at = fp - 1
			}
			r.A, r.PTS1 = access(1, at, keep)
			t, h = r.A, fp+b2u(in.F1)
			f := frames[len(frames)-1]
			frames = frames[:len(frames)-1]
			next, fp, cid = f.pc, f.fp, f.cid
		case ClassInput:
			isZero(frU(t))
			var v uint64
			switch {
			case t > 1:
				return nil, fmt.Errorf("circuit: pc %d (%s): wasm_input(%d): argument must be 0 or 1", pc, in.Source, t)
			case t == 1 && pub < len(inputs.Public):
				v, pub = inputs.Public[pub], pub+1
			case t == 0 && priv < len(inputs.Private):
				v, priv = inputs.Private[priv], priv+1
			default:
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: wasm_input(%d) past the end of the inputs", pc, in.Source, ErrTrap, t)
			}
			if v&^mask != 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): input %#x does not fit an i32", pc, in.Source, v)
			}
			r.L, t = v, v
		case ClassOutput:
			out = append(out, t)
			r.A, r.PTS1 = access(1, h-2, keep)
			t, h = r.A, h-1
		case ClassRequire:
			if t == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: require(0)", pc, in.Source, ErrTrap)
			}
			isZero(frU(t))
			r.A, r.PTS1 = access(1, h-2, keep)
			t, h = r.A, h-1
		case ClassLoad, ClassStore:
			base := t
			if in.Class == ClassStore {
				r.A, r.PTS1 = access(1, h-2, keep)
				base = r.A
			}
			ea := base + in.Imm
			w := in.Width()
			r.O = ea % 8
			if r.O+w > 8 && in.Class == ClassLoad {
				// A load across two words: slot 2 reads the first (B), slot 1 the second (A).
				// L0..L(w−1) are the loaded bytes; the other bytes of the two words are in
				// H0..H(o−1) (first word, below the access), H(o)..H7 (second word, bytes
				// r..w−1 with r = o + w − 8) and L(w)..L7 (second word, bytes w..7).
				if ea+w > 8*memWords {
					return nil, fmt.Errorf("circuit: pc %d (%s): %w: memory access out of bounds", pc, in.Source, ErrTrap)
				}
				r.B, r.PTS2 = access(2, MemBase+ea/8, keep)
				r.A, r.PTS1 = access(1, MemBase+ea/8+1, keep)
				if err != nil {
					return nil, err
				}
				r.C = true
				o, rr := r.O, r.O+w-8
				byteOf := func(v, k uint64) uint64 { return (v >> (8 * k)) & 0xff }
				var l, hx [8]uint64
				for j := uint64(0); j < w; j++ {
					if o+j < 8 {
						l[j] = byteOf(r.B, o+j)
					} else {
						l[j] = byteOf(r.A, o+j-8)
					}
				}
				for b := w; b < 8; b++ {
					l[b] = byteOf(r.A, b)
				}
				for k := uint64(0); k < o; k++ {
					hx[k] = byteOf(r.B, k)
				}
				for i := uint64(0); i < 8-o; i++ {
					hx[o+i] = byteOf(r.A, rr+i)
				}
				r.L, r.HX = 0, hx[:]
				for j := 7; j >= 0; j-- {
					r.L = r.L<<8 | l[j]
				}
				res := (r.B>>(8*o) | r.A<<(8*(8-o))) & (1<<(8*w) - 1)
				if w == 8 {
					res = r.B>>(8*o) | r.A<<(8*(8-o))
				}
				t = res
				if in.Imm2 == 1 && res>>(8*w-1) == 1 {
					r.SG = true
					if w < 8 {
						t = (res | ^uint64(0)<<(8*w)) & mask
					}
				}
				break
			}
			if r.O+w > 8 {
				// A store across two words: this row writes bytes o..7 of the first word and
				// stays at pc; the next row (its tail: class nop, the store's flags) writes
				// bytes 0..r−1 of the second word by slot 1.
				if ea+w > 8*memWords {
					return nil, fmt.Errorf("circuit: pc %d (%s): %w: memory access out of bounds", pc, in.Source, ErrTrap)
				}
				o, v := r.O, t // slot 1 has read the address (A)
				shift := 8 * o
				r.B, r.PTS2 = access(2, MemBase+ea/8, func(old, _ uint64) uint64 { return old&(1<<shift-1) | v<<shift })
				r.H2, r.L, r.C = r.B, v, true
				var nt uint64
				if err == nil {
					nt, r.PTS3 = access(3, h-3, keep)
				}
				if err != nil {
					return nil, err
				}
				t, h = nt, h-2
				rows = append(rows, r)
				now++
				rr := o + w - 8
				tr := Row{Class: ClassNop, W64: in.W64, F1: in.F1, F2: in.F2, F3: in.F3, PC: pc, H: h, FP: fp, CID: cid, T: t,
					IOIn: uint64(pub) + 2, IOOut: uint64(len(out)), PTS2: now - 1, PTS3: now - 1, OPrefix: rr}
				hi := v >> (8 * (8 - o)) // the value bytes past the first word, from byte 0 of the second
				tr.L = hi
				tr.A, tr.PTS1 = access(1, MemBase+ea/8+1, func(old, _ uint64) uint64 { return old&^(1<<(8*rr)-1) | hi&(1<<(8*rr)-1) })
				if err != nil {
					return nil, err
				}
				tr.Slot[0] = SlotUse{On: true, Addr: MemBase + ea/8 + 1, Write: tr.A&^(1<<(8*rr)-1) | hi&(1<<(8*rr)-1)}
				tr.H2 = tr.A
				r = tr
				tails++
				break
			}
			wmask := uint64(1)<<(8*w) - 1
			if w == 8 {
				wmask = ^uint64(0)
			}
			shift := 8 * r.O
			if in.Class == ClassLoad {
				r.B, r.PTS2 = access(2, MemBase+ea/8, keep)
				r.H2, r.L = r.B, (r.B>>shift)&wmask
				t = r.L
				if in.Imm2 == 1 && r.L>>(8*w-1) == 1 {
					r.SG = true
					if w < 8 {
						t = (r.L | ^uint64(0)<<(8*w)) & mask
					}
				}
			} else {
				v := t
				r.B, r.PTS2 = access(2, MemBase+ea/8, func(old, _ uint64) uint64 { return old&^(wmask<<shift) | (v&wmask)<<shift })
				r.H2, r.L = r.B, t
				if err == nil {
					var nt uint64
					nt, r.PTS3 = access(3, h-3, keep)
					t, h = nt, h-2
				}
			}
		case ClassMemGrow:
			// memory.grow(d): the size token goes from old to old + d if that is at most
			// the maximum (imm), and the result is old; else it stays and the result is −1.
			d := t
			r.B, r.PTS2 = access(2, MemSizeAddr, func(old, _ uint64) uint64 {
				if old+d <= in.Imm {
					r.C = true
					return old + d
				}
				return old
			})
			if r.C {
				r.L, t = in.Imm-r.B-d, r.B
				if d > 0 {
					grown = append(grown, growth{now, r.B + d})
					memWords = (r.B + d) * PageWords
				}
			} else {
				r.L, t = r.B+d-in.Imm-1, 1<<32-1
			}
		case ClassBitwise:
			r.A, r.PTS1 = access(1, h-2, keep)
			r.H2, r.L = r.A, t
			switch {
			case in.F1:
				t = r.A | t
			case in.F2:
				t = r.A ^ t
			default:
				t = r.A & t
			}
			h--
		case ClassShrSK:
			r.A, r.PTS1 = access(1, h-2, keep)
			if t != in.Imm3 {
				return nil, fmt.Errorf("circuit: pc %d (%s): shift count %d is not the constant %d", pc, in.Source, t, in.Imm3)
			}
			if in.W64 {
				k := t % 64
				hi, lo := bits.Mul64(r.A, 1<<(64-k)) // k = 0: 1<<64 is 0 in Go
				if k == 0 {
					lo, hi = 0, r.A
				}
				r.L, r.H2, r.Y = lo, hi, r.A
				t = uint64(int64(r.A) >> k)
			} else {
				k := t % 32
				p := r.A << (32 - k)
				r.L, r.H2 = p&(1<<32-1), p>>32
				r.Y = r.A&0xffffff | (r.A>>24)<<56
				t = uint64(uint32(int32(uint32(r.A)) >> k))
			}
			h--
		case ClassShiftK:
			r.A, r.PTS1 = access(1, h-2, keep)
			if t != in.Imm3 {
				return nil, fmt.Errorf("circuit: pc %d (%s): shift count %d is not the constant %d", pc, in.Source, t, in.Imm3)
			}
			w := uint64(32)
			if in.W64 {
				w = 64
			}
			k := t % w
			e := k
			if in.F1 {
				e = w - k
			}
			var lo, hi uint64
			if w == 64 {
				if e == 64 {
					lo, hi = 0, r.A
				} else {
					hi, lo = bits.Mul64(r.A, 1<<e)
				}
			} else {
				p := r.A << e
				lo, hi = p&(1<<32-1), p>>32
			}
			r.L, r.H2 = lo, hi
			switch {
			case in.F2:
				t = lo | hi
			case in.F1:
				t = hi
			default:
				t = lo
			}
			h--
		case ClassDivU32:
			r.A, r.PTS1 = access(1, h-2, keep)
			if t == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: integer divide by zero", pc, in.Source, ErrTrap)
			}
			q, rem := r.A/t, r.A%t
			r.L, r.H2 = q|(t-rem-1)<<32, rem
			if in.F1 {
				t = rem
			} else {
				t = q
			}
			h--
		case ClassBitCount:
			w := uint64(32)
			if in.W64 {
				w = 64
			}
			isZero(frU(t))
			var n uint64
			if in.F2 {
				n = uint64(bits.OnesCount64(t))
				var hx []uint64
				for j := 0; j < 8; j++ {
					hx = append(hx, uint64(bits.OnesCount64(t>>(8*j)&0xff)))
				}
				r.L, r.HX = t, hx
				if n == 64 {
					r.B64 = true
				} else {
					r.B = 1 << n
				}
			} else if in.F1 {
				n = uint64(bits.TrailingZeros64(t))
				if n > w {
					n = w
				}
				e := w - n
				r.L = 1
				switch {
				case e == 64: // i64, t odd: 2^64·t = t·2^64
					r.B64, r.H2 = true, t
				case w == 32:
					r.B, r.H2 = 1<<e, (t<<e)>>32
				default:
					r.B = 1 << e
					r.H2, _ = bits.Mul64(t, 1<<e)
				}
			} else {
				n = uint64(bits.LeadingZeros64(t)) - (64 - w)
				if n == 64 {
					r.B64 = true
				} else {
					r.B = 1 << n
				}
				if n < w {
					r.L = t << n
				}
				r.H2 = 0x80 << (w - 8)
			}
			r.K, t = n, n
		case ClassDivS32:
			r.A, r.PTS1 = access(1, h-2, keep)
			if t == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: integer divide by zero", pc, in.Source, ErrTrap)
			}
			x, y := int64(int32(uint32(r.A))), int64(int32(uint32(t)))
			if !in.F1 && x == -1<<31 && y == -1 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: integer overflow", pc, in.Source, ErrTrap)
			}
			q, rem := x/y, x%y // truncated, as WebAssembly
			aq, ar, at := uint64(abs64(q)), uint64(abs64(rem)), uint64(abs64(y))
			d := at - ar - 1
			r.L = d&0xffffff | 0x80<<24 | (d>>24)<<32
			r.H2 = aq | r.A<<32
			r.Y = t&0xffffff | ar<<24 | (t>>24)<<56
			res, mag, neg := q, aq, (x < 0) != (y < 0)
			if in.F1 {
				res, mag, neg = rem, ar, x < 0
			}
			r.B = b2u(neg)
			isZero(frU(mag))
			t = uint64(uint32(int32(res)))
			h--
		case ClassDivS64:
			r.A, r.PTS1 = access(1, h-2, keep)
			if t == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: integer divide by zero", pc, in.Source, ErrTrap)
			}
			x, y := int64(r.A), int64(t)
			if !in.F1 && x == math.MinInt64 && y == -1 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: integer overflow", pc, in.Source, ErrTrap)
			}
			ua, ut := absU64(x), absU64(y)
			aq, ar := ua/ut, ua%ut // truncated division, as WebAssembly
			r.H2, r.Y, r.V, r.L, r.W = r.A, t, aq, ar, ut-ar-1
			mag, neg := aq, (x < 0) != (y < 0)
			if in.F1 {
				mag, neg = ar, x < 0
			}
			r.B = b2u(neg)
			isZero(frU(mag))
			t = mag
			if neg {
				t = -mag
			}
			h--
		case ClassLtS64:
			r.A, r.PTS1 = access(1, h-2, keep)
			x, y := int64(r.A), int64(t)
			ux, uy := r.A^1<<63, t^1<<63
			if in.F1 {
				x, y, ux, uy = y, x, uy, ux
			}
			r.C = x < y
			r.L, r.H2, r.Y = ux-uy, r.A, t
			t, h = b2u(r.C != in.F2), h-1
		case ClassShift64:
			r.A, r.PTS1 = access(1, h-2, keep)
			k := t & 63
			e := k
			if in.F1 {
				e = 64 - k
			}
			var lo, hi uint64
			if e == 64 {
				hi = r.A
			} else {
				hi, lo = bits.Mul64(r.A, 1<<e)
			}
			r.L, r.H2, r.Y, r.K = lo, hi, t, k
			if e == 64 {
				r.B64 = true
			} else {
				r.B = 1 << e
			}
			switch {
			case in.Imm2 == 1: // shr_s
				r.V, t = r.A, uint64(int64(r.A)>>k)
			case in.F2:
				t = lo | hi
			case in.F1:
				t = hi
			default:
				t = lo
			}
			h--
		case ClassDivU64:
			r.A, r.PTS1 = access(1, h-2, keep)
			if t == 0 {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: integer divide by zero", pc, in.Source, ErrTrap)
			}
			q, rem := r.A/t, r.A%t
			r.L, r.H2, r.Y = q, rem, t-rem-1
			if in.F1 {
				t = rem
			} else {
				t = q
			}
			h--
		case ClassLtS32:
			r.A, r.PTS1 = access(1, h-2, keep)
			x, y := int32(r.A), int32(t)
			ux, uy := uint32(r.A)^1<<31, uint32(t)^1<<31
			if in.F1 {
				x, y, ux, uy = y, x, uy, ux
			}
			r.C = x < y
			r.L = uint64(ux-uy) & (1<<32 - 1)
			t, h = b2u(r.C != in.F2), h-1
		case ClassShift32:
			r.A, r.PTS1 = access(1, h-2, keep)
			k := t & 31
			e := k
			if in.F1 {
				e = 32 - k
			}
			prod := r.A << e // A < 2^32, e ≤ 32: no overflow
			lo, hi := prod&(1<<32-1), prod>>32
			r.B = 1 << e
			r.L, r.H2 = lo|t<<32, hi|31<<32
			switch {
			case in.Imm2 == 1: // shr_s
				r.Y = r.A&0xffffff | (r.A>>24)<<56
				t = uint64(uint32(int32(uint32(r.A)) >> k))
			case in.F2:
				t = lo | hi
			case in.F1:
				t = hi
			default:
				t = lo
			}
			h--
		case ClassExtendS:
			w := uint(8 * in.Width())
			v := t & (1<<w - 1)
			sign := v >> (w - 1)
			r.L = t
			if sign == 1 {
				v |= ^uint64(0) << w
			}
			t = v & mask
			// H holds the sign-bit constant at the top source limb: set in assignment.
			r.HX = nil
			r.SignLimb = true
		case ClassWrap:
			r.L, r.H2 = t&(1<<32-1), t>>32
			t = r.L
		case ClassBrTable:
			k := t
			r.C = t < in.Imm
			if !r.C {
				k = in.Imm
			}
			r.L, r.K = (t-in.Imm)&(1<<32-1), k
			e, ok := img.brEntry(int(pc), int(k))
			if !ok {
				return nil, fmt.Errorf("circuit: pc %d (%s): br_table entry %d missing", pc, in.Source, k)
			}
			r.B, r.HX = e.Target, []uint64{e.Drop, e.Refill}
			if e.Ret {
				if len(frames) == 0 {
					return nil, fmt.Errorf("circuit: pc %d (%s): return without a frame", pc, in.Source)
				}
				r.HX = append(r.HX, 1)
				at := h - 2
				if e.Drop == 0 {
					at = fp - 1
				}
				r.A, r.PTS1 = access(1, at, keep)
				t, h = r.A, fp+e.Drop
				f := frames[len(frames)-1]
				frames = frames[:len(frames)-1]
				next, fp, cid = f.pc, f.fp, f.cid
				break
			}
			r.A, r.PTS1 = access(1, h-2-e.Refill, keep)
			t, h, next = r.A, h-1-e.Drop, e.Target
		case ClassCallIndirect:
			if t >= uint64(len(img.Table)) || img.Table[t] == nil {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: undefined table element %d", pc, in.Source, ErrTrap, t)
			}
			e := img.Table[t]
			if e.TypeID != in.Imm {
				return nil, fmt.Errorf("circuit: pc %d (%s): %w: indirect call type mismatch", pc, in.Source, ErrTrap)
			}
			r.B, r.HX = e.Entry, []uint64{e.Params, e.Locals}
			frames = append(frames, frame{pc + 1, fp, cid})
			fp = h - 1 - e.Params
			h, t, cid, next = fp+e.Locals+1, 0, now, e.Entry
		case ClassHalt:
			rows = append(rows, r)
			for i := range rows {
				rows[i].IOOut += uint64(pub) + 3
			}
			ex := finish(rows, mem, init, grow, uint64(len(img.Memory)))
			ex.Tails = tails
			ex.PublicIn, ex.PublicOut = inputs.Public[:pub], out
			return ex, nil
		case ClassTrap:
			return nil, fmt.Errorf("circuit: pc %d (%s): %w: unreachable", pc, in.Source, ErrTrap)
		default:
			return nil, fmt.Errorf("circuit: pc %d (%s): %w", pc, in.Source, ErrUnsupported)
		}
		if err != nil {
			return nil, err
		}
		if fault != nil {
			s := faultState{next, h, fp, cid, t, mem, &frames}
			fault(len(rows), &r, &s)
			next, h, fp, cid, t = s.Next, s.H, s.FP, s.CID, s.T
		}
		rows = append(rows, r)
		pc = next
	}
}

// finish appends one boundary row per touched address, in increasing address order.
//
// In programs with memory.grow every boundary row has imm3 = the initial memory size in
// words (fetched from the image) and pts2 = the timestamp of its initial token; a word of
// grown memory (c = 1) has initial value 0 stamped with the time of the grow that
// allocated it, the size after that grow in addr1, and in H0..H3 and H4..H7 the distances
// word − initial words and size·2^13 − 1 − word.
func finish(rows []Row, mem map[uint64]*memCell, init func(uint64) uint64, grow bool, initWords uint64) *Execution {
	steps := len(rows)
	addrs := make([]uint64, 0, len(mem))
	for a := range mem {
		addrs = append(addrs, a)
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i] < addrs[j] })
	for i, a := range addrs {
		now := uint64(len(rows)) + 1
		r := Row{Class: ClassBoundary, T: a, A: init(a), B: mem[a].val, PTS1: mem[a].ts, PTS2: now - 1, PTS3: now - 1,
			PC: a, Imm: init(a)} // fetched: the image's initial-memory row (a, boundary code, init(a), 0, 0)
		if i+1 < len(addrs) {
			r.L = addrs[i+1] - a - 1
		}
		if grow {
			c := mem[a]
			r.PTS2 = c.its
			if c.grown { // fetched: the grown-word row (0, boundary + F1, 0, 0, initial words)
				w := a - MemBase
				r.F1, r.PC, r.Imm, r.Imm3, r.Slot[0].Addr = true, 0, 0, initWords, c.gpages
				r.H2 = (w - initWords) | (c.gpages*PageWords-1-w)<<32
			}
		}
		rows = append(rows, r)
	}
	return &Execution{Rows: rows, Steps: steps}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// absU64 is |v| as an unsigned value (2^63 for INT64_MIN).
func absU64(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

func frU(v uint64) fr.Element {
	var e fr.Element
	e.SetUint64(v)
	return e
}
