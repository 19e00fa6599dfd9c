/* ackermann: reads m and n (public), outputs A(m, n) and recursive fib(m+n).
 * Exercises deep recursion (call stack) rather than loops. */
#include "zkwasm.h"

__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n) {
	if (m == 0) return n + 1;
	if (n == 0) return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

__attribute__((noinline)) static uint32_t rfib(uint32_t n) {
	if (n < 2) return n;
	return rfib(n - 1) + rfib(n - 2);
}

ZK_EXPORT("zkmain") void zkmain(void) {
	uint32_t m = (uint32_t)wasm_input(1);
	uint32_t n = (uint32_t)wasm_input(1);
	require(m <= 3 && n <= 8);
	wasm_output(ack(m, n));
	wasm_output(rfib(m + n));
}
