package difftest

import (
	"crypto/sha256"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/zkwasm/zkwasm/wasm/host"
)

// Case is one run of a guest: a module file in testdata/guests, an entry point with
// arguments, the input queues and what must come out. Want, WantResults and WantTrap
// are computed independently of both engines (in Go); when Want is nil the outputs are
// only compared between the engines.
type Case struct {
	Name            string
	File            string // file name in testdata/guests
	Entry           string // export to call; "" means zkmain
	Args            []uint64
	Public, Private []uint64
	Want            []uint64 // expected outputs; nil: compare engines only
	WantResults     []uint64 // expected results of Entry
	WantTrap        string   // expected trap kind (wazerohost.Trap*), "" for none
}

// GuestDir returns the absolute path of testdata/guests.
func GuestDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "guests")
}

// Cases returns the guest runs checked by TestGuests. Every non-refused .wasm file in
// testdata/guests appears at least once (TestEveryGuestHasACase checks this).
func Cases() []Case {
	var cs []Case
	add := func(c Case) { cs = append(cs, c) }

	for _, f := range []string{"fib.wat.wasm", "fib.c.wasm"} {
		for _, n := range []uint64{0, 1, 2, 10, 93, 200} {
			add(Case{Name: f + "/" + itoa(n), File: f, Public: []uint64{n}, Want: []uint64{fib(n)}})
		}
		add(Case{Name: f + "/no-input", File: f, WantTrap: "input exhausted"})
	}
	add(Case{Name: "fib.wat.wasm/invoke", File: "fib.wat.wasm", Entry: "fib", Args: []uint64{50}, WantResults: []uint64{fib(50)}})

	for _, mn := range [][2]uint64{{0, 0}, {1, 5}, {2, 3}, {3, 3}} {
		add(Case{Name: "ackermann/" + itoa(mn[0]) + "," + itoa(mn[1]), File: "ackermann.c.wasm",
			Public: []uint64{mn[0], mn[1]},
			Want:   []uint64{ack(mn[0], mn[1]), uint64(uint32(rfib(mn[0] + mn[1])))}})
	}
	add(Case{Name: "ackermann/require", File: "ackermann.c.wasm", Public: []uint64{4, 1}, WantTrap: "require failed"})

	for _, n := range []int{0, 1, 5, 17, 64} {
		in := pseudoRandom(uint64(n)+1, n)
		add(Case{Name: "sort/" + itoa(uint64(n)), File: "sort.c.wasm", Public: []uint64{uint64(n)}, Private: in, Want: sortWant(in)})
	}
	add(Case{Name: "sort/too-many", File: "sort.c.wasm", Public: []uint64{257}, WantTrap: "require failed"})
	add(Case{Name: "sort/short-input", File: "sort.c.wasm", Public: []uint64{3}, Private: []uint64{1, 2}, WantTrap: "input exhausted"})

	for _, msg := range [][]byte{nil, []byte("abc"), []byte("The quick brown fox jumps over the lazy dog"), pseudoBytes(55), pseudoBytes(56), pseudoBytes(64), pseudoBytes(300)} {
		n := uint64(len(msg))
		add(Case{Name: "sha256/private/" + itoa(n), File: "sha256.c.wasm", Public: []uint64{n, 0}, Private: host.PackBytes(msg), Want: sha256Want(msg)})
		add(Case{Name: "sha256/public/" + itoa(n), File: "sha256.c.wasm", Public: append([]uint64{n, 1}, host.PackBytes(msg)...), Want: sha256Want(msg)})
	}
	add(Case{Name: "sha256/too-long", File: "sha256.c.wasm", Public: []uint64{4097, 0}, WantTrap: "require failed"})

	prog := []uint64{0, 5, 2, 7, 1, 3, 3, 0xff, 4, 61, 5, 3, 2, 0xdeadbeef}
	add(Case{Name: "dispatch/ok", File: "dispatch.c.wasm", Public: []uint64{7}, Private: prog, Want: dispatchWant(prog)})
	add(Case{Name: "dispatch/bad-op", File: "dispatch.c.wasm", Public: []uint64{1}, Private: []uint64{6, 1}, WantTrap: "require failed"})
	add(Case{Name: "dispatch/div-zero", File: "dispatch.c.wasm", Public: []uint64{2}, Private: []uint64{0, 9, 5, 0}, WantTrap: "integer divide by zero"})

	for _, n := range []uint64{2, 3, 100, 1000} {
		add(Case{Name: "sieve/" + itoa(n), File: "sieve.as.wasm", Public: []uint64{n}, Want: sieveWant(n)})
	}
	add(Case{Name: "sieve/too-big", File: "sieve.as.wasm", Public: []uint64{10001}, WantTrap: "require failed"})

	for _, ab := range [][2]uint64{{7, 3}, {0xfedcba9876543210, 0x0123456789abcdef}, {^uint64(0), 1}, {1 << 63, 63}, {0x80, 0x8000}, {0xffff_ffff, 0xffff_ffff_0000_0005}} {
		add(Case{Name: "allops/" + itoa(ab[0]) + "," + itoa(ab[1]), File: "allops.wat.wasm", Public: []uint64{ab[0], ab[1]}})
	}
	add(Case{Name: "allops/div-zero", File: "allops.wat.wasm", Public: []uint64{5, 0}, WantTrap: "integer divide by zero"})
	add(Case{Name: "allops/div-overflow", File: "allops.wat.wasm", Public: []uint64{0x80000000, ^uint64(0)}, WantTrap: "integer overflow"})
	inv := func(name string, args []uint64, results []uint64, trap string) {
		add(Case{Name: "allops/invoke/" + name, File: "allops.wat.wasm", Entry: name, Args: args, WantResults: results, WantTrap: trap})
	}
	inv("add32", []uint64{0xffffffff, 2}, []uint64{1}, "")
	inv("mul64", []uint64{1 << 40, 1 << 30}, []uint64{0}, "")
	inv("div_s32", []uint64{0xfffffff9, 2}, []uint64{0xfffffffd}, "")
	inv("div_s32", []uint64{1, 0}, nil, "integer divide by zero")
	inv("load32", []uint64{512}, []uint64{0x04030201}, "")
	inv("load32", []uint64{65533}, nil, "out of bounds memory access")
	inv("sum", []uint64{100}, []uint64{5050}, "")
	inv("switch", []uint64{2}, []uint64{300}, "")
	inv("switch", []uint64{0xffffffff}, []uint64{400}, "")
	inv("blocks", []uint64{4}, []uint64{11}, "")
	inv("ext64", []uint64{0xfffffffe}, []uint64{^uint64(1)}, "")
	inv("trap_unreachable", nil, nil, "unreachable")
	inv("trap_indirect_type", nil, nil, "indirect call type mismatch")
	inv("trap_indirect_bounds", nil, nil, "invalid table access")
	inv("recurse", []uint64{0}, nil, "stack overflow")
	add(Case{Name: "badimport", File: "badimport.wat.wasm", WantTrap: "link error"})
	add(Case{Name: "badsig", File: "badsig.wat.wasm", WantTrap: "link error"})
	return cs
}

// RefusedGuests are the guests zkwasm must refuse at load time.
var RefusedGuests = []string{"refuse_float.wat.wasm", "refuse_bulk.wat.wasm"}

func itoa(n uint64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func fib(n uint64) uint64 {
	var a, b uint64 = 0, 1
	for ; n > 0; n-- {
		a, b = b, a+b
	}
	return a
}

func ack(m, n uint64) uint64 {
	if m == 0 {
		return n + 1
	}
	if n == 0 {
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func rfib(n uint64) uint64 {
	if n < 2 {
		return n
	}
	return rfib(n-1) + rfib(n-2)
}

// pseudoRandom returns n deterministic words (xorshift64*), with both signs.
func pseudoRandom(seed uint64, n int) []uint64 {
	out := make([]uint64, n)
	x := seed*0x9e3779b97f4a7c15 | 1
	for i := range out {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		out[i] = x * 0x2545f4914f6cdd1d
		if i%5 == 3 {
			out[i] = out[i-1] // duplicates
		}
	}
	return out
}

func pseudoBytes(n int) []byte {
	b := make([]byte, n)
	for i, w := range pseudoRandom(uint64(n), n) {
		b[i] = byte(w >> 56)
	}
	return b
}

func sortWant(in []uint64) []uint64 {
	s := make([]int64, len(in))
	for i, v := range in {
		s[i] = int64(v)
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var out []uint64
	var sum uint64
	for _, v := range s {
		out = append(out, uint64(v))
		sum = sum*31 + uint64(v)
	}
	return append(out, sum)
}

func sha256Want(msg []byte) []uint64 {
	d := sha256.Sum256(msg)
	return host.PackBytes(d[:])
}

func dispatchWant(prog []uint64) []uint64 {
	var acc uint64
	var out []uint64
	for i := 0; i+1 < len(prog); i += 2 {
		op, x := prog[i], prog[i+1]
		switch op {
		case 0:
			acc += x
		case 1:
			acc -= x
		case 2:
			acc *= x
		case 3:
			acc ^= x
		case 4:
			r := x & 63
			acc = acc<<r | acc>>((64-r)&63)
		case 5:
			acc /= x
		}
		out = append(out, acc)
	}
	return append(out, uint64(len(prog)/2))
}

func sieveWant(n uint64) []uint64 {
	comp := make([]bool, n+1)
	var count, largest, sum uint64
	for i := uint64(2); i <= n; i++ {
		if comp[i] {
			continue
		}
		count, largest, sum = count+1, i, sum+i
		for j := i * i; j <= n; j += i {
			comp[j] = true
		}
	}
	return []uint64{count, largest, sum}
}
