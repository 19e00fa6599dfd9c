package circuit

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/lookup"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

var update = flag.Bool("update", false, "rewrite the golden cost files")

// TestCostGolden compares the cost reports, with production parameters, of the recursive
// fib run (a program without memory or bitwise instructions) and of the sha256 guest on
// "abc" (bytes, memory, the AND table) against testdata/circuit/cost_*.golden
// (regenerate with -update).
func TestCostGolden(t *testing.T) {
	sha, err := Compile(loadGuest(t, "sha256.c.wasm"), "zkmain", CompileOptions{StackSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	srt, err := Compile(loadGuest(t, "sort.c.wasm"), "zkmain", CompileOptions{StackSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		img  *Image
		in   Inputs
	}{
		{"fib_rec", fibRec(t, 10), Inputs{}},
		{"sha256", sha, Inputs{Public: []uint64{3, 0}, Private: []uint64{0x636261}}},
		{"sort", srt, Inputs{Public: []uint64{6}, Private: []uint64{5, 1 << 63, 3, 7, 99, 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) { golden(t, tc.name, tc.img, tc.in) })
	}
}

func golden(t *testing.T, name string, img *Image, in Inputs) {
	c, _, w, ex, err := Assign(img, in, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	got := c.CostOf(ex, w).String()
	path := filepath.Join("..", "testdata", "circuit", "cost_"+name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("cost report changed (run with -update if intended):\n--- got\n%s--- want\n%s", got, want)
	}
}

// The cost model's argument columns are exactly those plonkish/lookup's Plan lays out
// (one running sum, one multiplicity column per table, one column per helper group),
// at the model's degree bound and above it, for circuits of every shape the test guests
// give (no memory, memory and the AND table, i64 signed comparisons, dynamic i64
// shifts, conditional returns, bit counts).
func TestCostModelMatchesPlan(t *testing.T) {
	imgs := map[string]*Image{"fib_rec": fibRec(t, 10)}
	for _, g := range []string{"sha256.c.wasm", "sort.c.wasm", "fib.c.wasm", "dispatch.c.wasm", "fib.wat.wasm",
		"circuit/retif.wat.wasm", "circuit/clzctz.wat.wasm", "circuit/shrs.wat.wasm", "circuit/memsort.wat.wasm"} {
		img, err := Compile(loadGuest(t, g), "zkmain", CompileOptions{StackSize: 1024})
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		imgs[g] = img
	}
	for name, img := range imgs {
		c, err := New(img, DefaultParams(17))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := c.CostOf(nil, nil)
		if want := max(3, c.CS.MaxGateDegree(), lookup.RequiredDegree(c.CS)); r.MaxDegree != want {
			t.Errorf("%s: degree bound %d, want %d", name, r.MaxDegree, want)
		}
		for d := r.MaxDegree; d <= r.MaxDegree+3; d++ {
			l, err := lookup.Plan(c.CS, d)
			if err != nil {
				t.Fatalf("%s: D=%d: %v", name, d, err)
			}
			groups := argTerms(c.CS).plan(d)
			if len(groups) != len(l.Groups)+1 || len(l.Tables) != r.Multiplicity {
				t.Errorf("%s: D=%d: model %d groups, %d multiplicities; Plan %d helpers + running sum, %d tables",
					name, d, len(groups), r.Multiplicity, len(l.Groups), len(l.Tables))
			}
			if d == r.MaxDegree && r.HelperWide != len(l.Groups)+1 {
				t.Errorf("%s: modelled %d helper/running-sum columns, Plan %d", name, r.HelperWide, len(l.Groups)+1)
			}
			if !reflect.DeepEqual(groups[0], l.Inline) || !reflect.DeepEqual(groups[1:], l.Groups) {
				t.Errorf("%s: D=%d: model groups %v, Plan %v %v", name, d, groups, l.Inline, l.Groups)
			}
		}
	}
}

// failsWith runs the MockProver on the (tampered) witness and reports whether it is
// rejected with a failure of the named constraint (a gate polynomial's or a lookup's
// name).
func failsWith(t *testing.T, c *Circuit, pre *plonkish.Preprocessed, w *plonkish.Witness, name string) {
	t.Helper()
	err := mock.Verify(c.CS, pre, w)
	if err == nil {
		t.Fatalf("tampered witness accepted (want a failure of %q)", name)
	}
	var me *mock.Error
	if !errors.As(err, &me) {
		t.Fatalf("unexpected error %v", err)
	}
	for _, f := range me.Failures {
		if f.PolyName == name || f.Name == name {
			return
		}
	}
	t.Fatalf("rejected, but not by %q: %v", name, err)
}

// Declared-local freshness (rule "local.get: freshness = L limbs"): the L limbs must
// hold cid − pts2 − 1 (fresh) or pts2 − cid (written in this frame), both ≥ 0, so a
// read of a local written in this frame cannot claim to be fresh (and read 0), and a
// fresh read cannot claim the stale value.
func TestLocalFreshnessRule(t *testing.T) {
	c, pre, w, ex := assign(t, fibIter(t, 4))
	const rule = "local.get: freshness = L limbs"
	fresh, written := -1, -1
	for r, row := range ex.Rows {
		if row.Class == ClassLocalGet && row.F1 {
			if row.C && fresh < 0 {
				fresh = r
			}
			if !row.C && written < 0 {
				written = r
			}
		}
	}
	if fresh < 0 || written < 0 {
		t.Fatalf("fib_iter has no fresh (%d) or no written (%d) declared-local read", fresh, written)
	}
	setL := func(r int, v uint64) {
		lb := uint(testParams.LimbBits)
		for i, col := range c.cols.l {
			w.Set(col, r, (v>>(uint(i)*lb))&(1<<lb-1))
		}
		for i, col := range c.cols.x {
			w.Set(col, r, w.Advice[c.cols.l[i].Index][r].Uint64()&w.Advice[c.cols.hl[i].Index][r].Uint64())
		}
	}
	save := func(r int) func() {
		old := map[plonkish.Column]fr.Element{}
		for _, col := range append(append(append([]plonkish.Column{c.cols.c, c.cols.t}, c.cols.l...), c.cols.x...), c.cols.hl...) {
			old[col] = w.Advice[col.Index][r]
		}
		return func() {
			for col, v := range old {
				w.Advice[col.Index][r] = v
			}
		}
	}
	t.Run("limb off by one", func(t *testing.T) {
		defer save(fresh)()
		bump(w, c.cols.l[0], fresh, 1)
		failsWith(t, c, pre, w, rule)
	})
	t.Run("written local claimed fresh", func(t *testing.T) {
		row := ex.Rows[written]
		defer save(written)()
		w.Set(c.cols.c, written, 1)
		setL(written, row.CID-row.PTS2-1) // wraps: the true difference is negative
		failsWith(t, c, pre, w, rule)
	})
	t.Run("fresh local claimed written", func(t *testing.T) {
		row := ex.Rows[fresh]
		defer save(fresh)()
		w.Set(c.cols.c, fresh, 0)
		setL(fresh, row.PTS2-row.CID)
		failsWith(t, c, pre, w, rule)
	})
}

// The per-program selector layout: every class of the image (and halt, boundary,
// padding) has a distinct (group, member) pair and a distinct opcode, no opcode of this
// circuit's image decodes to unreachable, a row cannot be switched to another class of
// the program (the fetch lookup) or to an undefined pair ("a defined class"), and a row
// of a class the program lacks has no witness.
func TestPerProgramSelectors(t *testing.T) {
	c, pre, w, ex := assign(t, fibRec(t, 4))
	l := c.cols.selLayout
	if len(c.cols.gsel) != l.groups-1 || len(c.cols.msel) != l.members-1 || l.groups*l.members < len(l.index) {
		t.Fatalf("layout %d×%d for %d classes, columns %d+%d", l.groups, l.members, len(l.index), len(c.cols.gsel), len(c.cols.msel))
	}
	if full := newSelLayout(func() (ks []Class) {
		for k := ClassNop; k < numClasses; k++ {
			ks = append(ks, k)
		}
		return
	}()); l.groups+l.members >= full.groups+full.members {
		t.Fatalf("fib_rec's selector (%d+%d bits) is not smaller than the full instruction set's (%d+%d)", l.groups, l.members, full.groups, full.members)
	}
	codes := map[uint64]Class{}
	for k := range l.index {
		code := l.code(k)
		if prev, dup := codes[code]; dup {
			t.Fatalf("classes %s and %s share code %d", prev, k, code)
		}
		codes[code] = k
		if code == 0 || code%64 == uint64(ClassTrap) {
			t.Fatalf("class %s has code %d", k, code)
		}
	}
	for _, in := range c.Image.Code {
		if op := l.opcode(in); op%64 == uint64(ClassTrap) && in.Class != ClassTrap {
			t.Fatalf("%s decodes to unreachable (opcode %d)", in, op)
		}
	}
	if l.has(ClassStore) {
		t.Fatal("fib_rec's circuit has a store selector")
	}
	r := findRow(t, ex, ClassLocalGet, 0)
	setSel := func(g, m int) func() {
		var old []fr.Element
		cols := append(append([]plonkish.Column{}, c.cols.gsel...), c.cols.msel...)
		for _, col := range cols {
			old = append(old, w.Advice[col.Index][r])
		}
		c.cols.setSel(w, r, g, m)
		return func() {
			for i, col := range cols {
				w.Advice[col.Index][r] = old[i]
			}
		}
	}
	t.Run("another class", func(t *testing.T) {
		g, m, _ := l.selIndex(ClassConst)
		defer setSel(g, m)()
		failsWith(t, c, pre, w, "fetch")
	})
	t.Run("undefined pair", func(t *testing.T) {
		for _, img := range []*Image{fibIter(t, 4), mixed(t), fibRec(t, 4)} {
			c, pre, w, ex := assign(t, img)
			l := c.cols.selLayout
			n := len(l.index)
			if l.groups*l.members == n {
				continue
			}
			r := findRow(t, ex, ClassLocalGet, 0)
			c.cols.setSel(w, r, n/l.members, n%l.members) // a pair no class has
			failsWith(t, c, pre, w, "a defined class")
			return
		}
		t.Fatal("no test program has a selector layout with an unused pair")
	})
	// The implicit last bits: two explicit bits at once make the implicit one −1.
	for _, grp := range []struct {
		name string
		cols []plonkish.Column
	}{{"one group", c.cols.gsel}, {"one member", c.cols.msel}} {
		t.Run(grp.name, func(t *testing.T) {
			if len(grp.cols) < 2 {
				t.Fatalf("%d explicit bits", len(grp.cols))
			}
			defer setSel(0, 0)()
			w.Set(grp.cols[0], r, 1)
			w.Set(grp.cols[1], r, 1)
			failsWith(t, c, pre, w, grp.name)
		})
	}
	t.Run("class not in the program", func(t *testing.T) {
		ex2 := &Execution{Rows: append([]Row{}, ex.Rows...), Steps: ex.Steps, PublicIn: ex.PublicIn, PublicOut: ex.PublicOut}
		ex2.Rows[r].Class = ClassStore
		if _, err := c.Witness(ex2); err == nil {
			t.Fatal("a store row was given a witness in a circuit without stores")
		}
	})
}

// Programs whose classes never read H get no H columns (H names L) and no H range
// lookups; the L limbs stay range-checked, and a program with such a class (mul) keeps
// its own H columns.
func TestNoHLimbs(t *testing.T) {
	c, pre, w, ex := assign(t, fibRec(t, 4))
	if !c.cols.noH || c.cols.hl[0] != c.cols.l[0] {
		t.Fatal("fib_rec's circuit has H columns")
	}
	for _, l := range c.CS.Lookups {
		if l.Name == "range H0" || l.Name == "dynamic target" {
			t.Fatalf("fib_rec's circuit has lookup %q", l.Name)
		}
	}
	r := findRow(t, ex, ClassAddSub, 0)
	// L0 + 2^b, L1 − 1: the same limb sum, L0 out of range.
	bump(w, c.cols.l[0], r, 1<<testParams.LimbBits)
	bump(w, c.cols.l[1], r, -1)
	defer func() { bump(w, c.cols.l[0], r, -(1 << testParams.LimbBits)); bump(w, c.cols.l[1], r, 1) }()
	failsWith(t, c, pre, w, "range L0")

	m, _, _, _ := assign(t, mixed(t))
	if m.cols.noH || m.cols.hl[0] == m.cols.l[0] {
		t.Fatal("a program with mul has no H columns")
	}
}

// Boundary rows fetch their address's initial-memory row: pc is the address, imm the
// initial value (rules "boundary: pc = address", "boundary: imm = initial value"), and
// the fetch lookup finds (address, boundary code, value, 0, 0) in the image.
func TestBoundaryFetchesInitialValue(t *testing.T) {
	c, pre, w, ex := assign(t, fibIter(t, 4))
	r := findRow(t, ex, ClassBoundary, 1)
	cols := c.cols
	for _, tc := range []struct {
		name string
		cols []plonkish.Column
		want string
	}{
		{"pc", []plonkish.Column{cols.pc}, "boundary: pc = address"},
		{"imm", []plonkish.Column{cols.imm}, "boundary: imm = initial value"},
		{"initial value and imm", []plonkish.Column{cols.a, cols.imm}, "fetch"},
		{"address and pc out of memory", []plonkish.Column{cols.t, cols.pc}, "fetch"},
		{"flag", []plonkish.Column{cols.w64}, "fetch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := int64(1)
			if tc.cols[0] == cols.t {
				d = 1 << 40 // an address with no initial-memory row
			}
			for _, col := range tc.cols {
				bump(w, col, r, d)
			}
			defer func() {
				for _, col := range tc.cols {
					bump(w, col, r, -d)
				}
			}()
			failsWith(t, c, pre, w, tc.want)
		})
	}
}

// bumpRejected adds d to each cell (col, row) of the list, expects a failure of the named
// constraint, and restores the cells.
func bumpRejected(t *testing.T, c *Circuit, pre *plonkish.Preprocessed, w *plonkish.Witness, name string, d int64, cells ...struct {
	col plonkish.Column
	row int
}) {
	t.Helper()
	for _, x := range cells {
		bump(w, x.col, x.row, d)
	}
	defer func() {
		for _, x := range cells {
			bump(w, x.col, x.row, -d)
		}
	}()
	failsWith(t, c, pre, w, name)
}

type cell = struct {
	col plonkish.Column
	row int
}

// The cells that keep argument inputs at degree 1 or 2: return rows carry the restored
// state in addr2, B, wv2 (rules "return: restored …", then the frame bus); store rows
// carry the refilled top in inv ("store: slot3 value in inv", then the memory bus); io_in
// is held after halt ("io_in held after halt") so that its step is the public-input
// indicator of the "public input" lookup.
func TestArgumentCells(t *testing.T) {
	t.Run("return", func(t *testing.T) {
		c, pre, w, ex := assign(t, fibRec(t, 4))
		r := findRow(t, ex, ClassReturn, 1)
		cols := c.cols
		bumpRejected(t, c, pre, w, "return: restored pc in addr2", 1, cell{cols.addr2, r})
		bumpRejected(t, c, pre, w, "return: restored fp in B", 1, cell{cols.b, r})
		bumpRejected(t, c, pre, w, "return: restored cid in wv2", 1, cell{cols.wv2, r})
		// The next row and the cell moved together: the frame token no longer matches.
		bumpRejected(t, c, pre, w, "frames", 1, cell{cols.addr2, r}, cell{cols.pc, r + 1})
		bumpRejected(t, c, pre, w, "frames", 1, cell{cols.wv2, r}, cell{cols.cid, r + 1})
	})
	t.Run("return_if", func(t *testing.T) {
		img, err := Compile(loadGuest(t, "circuit/retif.wat.wasm"), "zkmain", CompileOptions{StackSize: 256})
		if err != nil {
			t.Fatal(err)
		}
		c, pre, w, ex, err := Assign(img, Inputs{Public: []uint64{13}}, testParams)
		if err != nil {
			t.Fatal(err)
		}
		r := -1
		for i, row := range ex.Rows {
			if row.Class == ClassRetIf && !row.Z { // taken
				r = i
				break
			}
		}
		if r < 0 {
			t.Fatal("no taken return_if")
		}
		bumpRejected(t, c, pre, w, "return_if: restored fp in B", 1, cell{c.cols.b, r})
		bumpRejected(t, c, pre, w, "frames", 1, cell{c.cols.b, r}, cell{c.cols.fp, r + 1})
	})
	t.Run("store", func(t *testing.T) {
		c, pre, w, ex := assign(t, memProgram(t))
		r := findRow(t, ex, ClassStore, 0)
		bumpRejected(t, c, pre, w, "store: slot3 value in inv", 1, cell{c.cols.inv, r})
		bumpRejected(t, c, pre, w, "memory", 1, cell{c.cols.inv, r}, cell{c.cols.t, r + 1})
	})
	t.Run("io_in", func(t *testing.T) {
		in := Inputs{Public: []uint64{5, 1 << 40}, Private: []uint64{7, 1}}
		c, pre, w, ex, err := Assign(ioProgram(t), in, testParams)
		if err != nil {
			t.Fatal(err)
		}
		pad := len(ex.Rows) + 1
		bumpRejected(t, c, pre, w, "io_in held after halt", 1, cell{c.cols.ioIn, pad})
		// From the halt row on: io_in stepped up after halt would make a pad row look up a
		// public input.
		var col []cell
		for r := pad; r < c.Usable(); r++ {
			col = append(col, cell{c.cols.ioIn, r})
		}
		bumpRejected(t, c, pre, w, "io_in held after halt", 1, col...)
		// A public input whose value differs from the instance.
		r := findRow(t, ex, ClassInput, 0)
		bumpRejected(t, c, pre, w, "public input", 1, cell{c.cols.t, r + 1}, cell{c.cols.l[0], r}) // T' = limbs still holds
	})
}

// Y7 has no byte lookup of its own: "sign of T" (Y7, 0x80, 0x80·sign_b) into the AND
// table range-checks it (the table's first column holds bytes only).
func TestY7RangeCheckedBySign(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	img, err := Compile(loadGuest(t, "circuit/shrs.wat.wasm"), "zkmain", CompileOptions{StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, _, err := Assign(img, Inputs{Public: []uint64{0x8000000080000000}}, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.CS.Lookups {
		if l.Name == "Y7 byte" {
			t.Fatal("Y7 still has a byte lookup")
		}
	}
	bumpRejected(t, c, pre, w, "sign of T", 256, cell{c.cols.y[7], 3})
}

// Slot 2 is enabled by every class that uses it: its enable is the sum of their selectors,
// not a column; slot 1 (conditional for br and return) keeps its column. A slot-2 access
// cannot be dropped: the value read must match the token (here, the local's address).
func TestSlotEnableExpression(t *testing.T) {
	c, pre, w, ex := assign(t, fibRec(t, 4))
	if !c.cols.hasEn[0] || c.cols.hasEn[1] {
		t.Fatalf("enable columns %v, want slot 1 only", c.cols.hasEn)
	}
	r := findRow(t, ex, ClassLocalGet, 1)
	bumpRejected(t, c, pre, w, "memory", 1, cell{c.cols.pts2, r})
	bumpRejected(t, c, pre, w, "slot2 local.get address", 1, cell{c.cols.addr2, r})
}
