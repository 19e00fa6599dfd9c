/* fib: reads n (public), outputs fib(n) mod 2^64 computed iteratively. */
#include "zkwasm.h"

ZK_EXPORT("zkmain") void zkmain(void) {
	uint64_t n = wasm_input(1);
	uint64_t a = 0, b = 1;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t t = a + b;
		a = b;
		b = t;
	}
	wasm_output(a);
}
