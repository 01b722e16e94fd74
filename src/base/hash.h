/* hash: the string hash of every table (identifiers, scopes, the project index): eight bytes at a
 * time, since these tables are probed for every name and call in every file. */
#ifndef ASYNCREVIEW_BASE_HASH_H
#define ASYNCREVIEW_BASE_HASH_H

#include <stdint.h>
#include <string.h>

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
    uint64_t w = 0;
    memcpy(&w, s, n);
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
