/* bytescan: looking at 16 bytes of text at once, for the loops that run over every byte of every
 * file (decoding). Built on the vector extensions GCC and Clang share, which become SSE2 on x86-64
 * and NEON on ARM: no intrinsics, no run-time dispatch. Comparing two Bytes16 gives -1 (all bits
 * set) in each byte where the comparison holds and 0 elsewhere. */
#ifndef ASYNCREVIEW_BASE_BYTESCAN_H
#define ASYNCREVIEW_BASE_BYTESCAN_H

#include <stdint.h>
#include <string.h>

typedef signed char Bytes16 __attribute__((vector_size(16)));

/* bytes16_load: the 16 bytes at p (no alignment needed). */
static inline Bytes16
bytes16_load(const void *p)
{
    Bytes16 v;
    memcpy(&v, p, 16);
    return v;
}

/* bytes16_splat: c in every byte. */
static inline Bytes16
bytes16_splat(char c)
{
    Bytes16 v;
    memset(&v, c, 16);
    return v;
}

/* bytes16_any: whether some byte of the comparison result m holds. */
static inline int
bytes16_any(Bytes16 m)
{
    uint64_t lo, hi;
    memcpy(&lo, &m, 8);
    memcpy(&hi, (const char *)&m + 8, 8);
    return (lo | hi) != 0;
}

/* bytes16_first: the index (0-15) of the first byte, in memory order, where the comparison
 * result m holds; 16 when there is none. */
static inline uint32_t
bytes16_first(Bytes16 m)
{
    uint64_t lo, hi;
    memcpy(&lo, &m, 8);
    memcpy(&hi, (const char *)&m + 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    if (lo)
        return (uint32_t)__builtin_clzll(lo) >> 3;
    if (hi)
        return 8 + ((uint32_t)__builtin_clzll(hi) >> 3);
#else
    if (lo)
        return (uint32_t)__builtin_ctzll(lo) >> 3;
    if (hi)
        return 8 + ((uint32_t)__builtin_ctzll(hi) >> 3);
#endif
    return 16;
}

#endif
