/* SHA-256's compression with the x86 SHA extensions.
 *
 * GLib's SHA-256 is portable C: about 20 M instructions of every batch
 * report go to it (the provenance record hashes the report data twice and
 * the committee's files once).  Processors since Intel Goldmont and AMD
 * Zen compute four rounds in two instructions; the same digests then cost
 * a tenth of the time.  The rounds follow FIPS 180-4, section 6.2.2, in
 * the register layout the instructions expect (A, B, E, F in one, C, D,
 * G, H in the other); the message schedule is built four words at a time.
 * Elsewhere, and under valgrind (whose processor has no SHA extensions),
 * sha256.c stays with GLib. */
#include "sha256_x86.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <cpuid.h>
#include <immintrin.h>
#include <pthread.h>

/* FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes */
static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static bool usable;
static pthread_once_t checked = PTHREAD_ONCE_INIT;

/* CPUID leaves 1 and 7: SSSE3 and SSE4.1 for the shuffles and blends
 * around the rounds, SHA for the rounds.  Asked once: in a virtual
 * machine every CPUID is a trip to the hypervisor. */
static void check(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
        return;
    if (__get_cpuid_max(0, NULL) < 7)
        return;
    __cpuid_count(7, 0, a, b, c, d);
    usable = (b & bit_SHA) != 0;
}

bool sha256_x86_available(void)
{
    pthread_once(&checked, check);
    return usable;
}

__attribute__((target("sha,sse4.1"))) void sha256_x86_blocks(uint32_t h[8], const unsigned char *p,
                                                          size_t n)
{
    /* the message words are big-endian */
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; n > 0; n--, p += 64) {
        const __m128i abef_was = abef, cdgh_was = cdgh;
        /* w[k % 4]: the words 4k..4k+3 of the schedule */
        __m128i w[4];
        for (int k = 0; k < 16; k++) {
            __m128i words;
            if (k < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * k)), swap);
            } else {
                /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] */
                __m128i last = w[(k + 3) % 4];
                __m128i t7 = _mm_alignr_epi8(last, w[(k + 2) % 4], 4);
                words = _mm_sha256msg1_epu32(w[k % 4], w[(k + 1) % 4]);
                words = _mm_sha256msg2_epu32(_mm_add_epi32(words, t7), last);
            }
            w[k % 4] = words;
            __m128i wk = _mm_add_epi32(words, _mm_load_si128((const __m128i *)&K[4 * k]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_was);
        cdgh = _mm_add_epi32(cdgh, cdgh_was);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

bool sha256_x86_available(void)
{
    return false;
}

void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t n)
{
    (void)h;
    (void)p;
    (void)n;
}

#endif
