/* hash: the string hash of every table (identifiers, scopes, the project index): eight bytes at a
 * time, since these tables are probed for every name and call in every file. */
#ifndef ASYNCREVIEW_BASE_HASH_H
#define ASYNCREVIEW_BASE_HASH_H

#include <stdint.h>
#include <string.h>

/* hash_load_tail: the n < 8 bytes at s as one word (on little-endian machines what memcpy(&w, s, n)
 * into a zeroed w gives), with at most two loads: compilers turn that variable-length memcpy into
 * byte stores and a wider load, which stalls on store forwarding in every probe of every table. */
static inline uint64_t
hash_load_tail(const char *s, size_t n)
{
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        return (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4))); /* the overlap ORs equal bytes */
    }
    if (n == 0)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    return (uint64_t)u[0] | ((uint64_t)u[n / 2] << (8 * (n / 2))) |
           ((uint64_t)u[n - 1] << (8 * (n - 1)));
}

static inline uint32_t
hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t w = hash_load_tail(s, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

static inline uint32_t
hash_str(const char *s)
{
    return hash_bytes(s, strlen(s));
}

#endif
