/* SHA-256's compression function on the processor's SHA instructions,
 * for sha256.c. */
#ifndef IOP_UTIL_SHA256_X86_H
#define IOP_UTIL_SHA256_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether this processor has the instructions sha256_x86_blocks uses. */
bool sha256_x86_available(void);

/* Runs the `n` 64-byte blocks at `p` through state `h` (FIPS 180-4,
 * 6.2.2); only when sha256_x86_available() says so. */
void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t n);

#endif
