/* zkwasm.h: the zkwasm host ABI for C guests (compatible with Delphinus zkWasm).
 *
 * Build with: clang --target=wasm32 -mcpu=mvp -O2 -nostdlib -ffreestanding
 * and link with wasm-ld --no-entry --export=zkmain --allow-undefined.
 * No floating point and no libc: the zkwasm circuit supports integer MVP only.
 */
#ifndef ZKWASM_H
#define ZKWASM_H

typedef unsigned char uint8_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
typedef long long int64_t;
typedef unsigned long size_t;

#define ZK_IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define ZK_EXPORT(name) __attribute__((export_name(name)))

/* Next public (is_public=1) or private (is_public=0) input word; traps when exhausted. */
ZK_IMPORT("wasm_input") uint64_t wasm_input(uint32_t is_public);
/* Append one public output word. */
ZK_IMPORT("wasm_output") void wasm_output(uint64_t v);
/* Trap unless cond != 0. */
ZK_IMPORT("require") void require(uint32_t cond);
/* Debug print; not constrained. */
ZK_IMPORT("wasm_dbg") void wasm_dbg(uint64_t v);

/* Read byte_len bytes packed 8 per word, little-endian (the `:bytes-packed` input form). */
static inline void read_bytes_packed(uint8_t *dst, uint32_t byte_len, uint32_t is_public) {
	for (uint32_t i = 0; i < byte_len; i += 8) {
		uint64_t w = wasm_input(is_public);
		for (uint32_t j = 0; j < 8 && i + j < byte_len; j++) {
			dst[i + j] = (uint8_t)(w >> (8 * j));
		}
	}
}

/* clang may lower struct copies and zeroing to these calls even with -ffreestanding. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
