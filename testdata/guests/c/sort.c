/* sort: reads N (public, N <= 256) then N private i64 words, sorts them as signed
 * integers (insertion sort for short runs inside a bottom-up merge sort) and outputs
 * them in ascending order, then outputs a checksum. */
#include "zkwasm.h"

#define MAXN 256
static int64_t buf[MAXN];
static int64_t tmp[MAXN];

static void merge(int64_t *src, int64_t *dst, uint32_t lo, uint32_t mid, uint32_t hi) {
	uint32_t i = lo, j = mid, k = lo;
	while (i < mid && j < hi) dst[k++] = (src[j] < src[i]) ? src[j++] : src[i++];
	while (i < mid) dst[k++] = src[i++];
	while (j < hi) dst[k++] = src[j++];
}

ZK_EXPORT("zkmain") void zkmain(void) {
	uint32_t n = (uint32_t)wasm_input(1);
	require(n <= MAXN);
	for (uint32_t i = 0; i < n; i++) buf[i] = (int64_t)wasm_input(0);
	/* runs of 4 by insertion sort */
	for (uint32_t s = 0; s < n; s += 4) {
		uint32_t e = s + 4 < n ? s + 4 : n;
		for (uint32_t i = s + 1; i < e; i++) {
			int64_t v = buf[i];
			uint32_t j = i;
			while (j > s && buf[j - 1] > v) { buf[j] = buf[j - 1]; j--; }
			buf[j] = v;
		}
	}
	int64_t *src = buf, *dst = tmp;
	for (uint32_t w = 4; w < n; w *= 2) {
		for (uint32_t lo = 0; lo < n; lo += 2 * w) {
			uint32_t mid = lo + w < n ? lo + w : n;
			uint32_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			merge(src, dst, lo, mid, hi);
		}
		int64_t *t = src; src = dst; dst = t;
	}
	uint64_t sum = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (i > 0) require(src[i - 1] <= src[i]);
		wasm_output((uint64_t)src[i]);
		sum = sum * 31 + (uint64_t)src[i];
	}
	wasm_output(sum);
}
