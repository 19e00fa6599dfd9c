/* dispatch: a tiny stack machine driven by call_indirect. Reads K (public) then K
 * opcode/operand pairs (private): op 0..5 selects a handler through a function pointer
 * table; an op out of range is refused by require. Outputs the accumulator after every
 * step and a final count. */
#include "zkwasm.h"

typedef uint64_t (*handler)(uint64_t acc, uint64_t x);

__attribute__((noinline)) static uint64_t op_add(uint64_t a, uint64_t x) { return a + x; }
__attribute__((noinline)) static uint64_t op_sub(uint64_t a, uint64_t x) { return a - x; }
__attribute__((noinline)) static uint64_t op_mul(uint64_t a, uint64_t x) { return a * x; }
__attribute__((noinline)) static uint64_t op_xor(uint64_t a, uint64_t x) { return a ^ x; }
__attribute__((noinline)) static uint64_t op_rotl(uint64_t a, uint64_t x) {
	x &= 63;
	return (a << x) | (a >> ((64 - x) & 63));
}
__attribute__((noinline)) static uint64_t op_div(uint64_t a, uint64_t x) { return a / x; }

static handler table[6] = {op_add, op_sub, op_mul, op_xor, op_rotl, op_div};

ZK_EXPORT("zkmain") void zkmain(void) {
	uint32_t k = (uint32_t)wasm_input(1);
	uint64_t acc = 0;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t op = (uint32_t)wasm_input(0);
		uint64_t x = wasm_input(0);
		require(op < 6);
		acc = table[op](acc, x);
		wasm_dbg(acc);
		wasm_output(acc);
	}
	wasm_output(k);
}
