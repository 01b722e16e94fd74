#include "base/arena.h"
#include "base/strbuf.h"
#include "test.h"

#include <stdint.h>

TEST(alignment_and_contents)
{
    Arena a;
    arena_init(&a, 128);
    for (int i = 0; i < 1000; i++) {
        char *p = arena_alloc(&a, (size_t)(i % 37) + 1);
        CHECK(((uintptr_t)p % _Alignof(max_align_t)) == 0);
        memset(p, 'x', (size_t)(i % 37) + 1);
    }
    char *big = arena_zalloc(&a, 10000); /* larger than a chunk: gets its own */
    CHECK(big[0] == 0 && big[9999] == 0);
    CHECK_STR_EQ(arena_sprintf(&a, "%s-%d", "ab", 42), "ab-42");
    CHECK_STR_EQ(arena_strndup(&a, "hello", 3), "hel");
    CHECK_STR_EQ(arena_join(&a, "pkg.mod", "f"), "pkg.mod.f");
    CHECK_STR_EQ(arena_join_sep(&a, "lib/python3", '/', "x.py"), "lib/python3/x.py");
    CHECK_STR_EQ(arena_join_sep(&a, "", '/', ""), "/");
    arena_free(&a);
    CHECK(a.head == NULL);
}

TEST(vec_grows)
{
    Arena a;
    arena_init(&a, 0);
    VEC(int) v = { 0 };
    for (int i = 0; i < 100; i++)
        VEC_PUSH(&a, v, i * 3);
    CHECK_INT_EQ(v.len, 100);
    CHECK_INT_EQ(v.items[99], 297);
    arena_free(&a);
}

TEST(strbuf)
{
    StrBuf sb = STRBUF_INIT;
    CHECK_STR_EQ(sb_cstr(&sb), "");
    for (int i = 0; i < 100; i++)
        sb_printf(&sb, "%d,", i);
    CHECK(sb.len == 290);
    CHECK(strncmp(sb.data, "0,1,2,", 6) == 0);
    sb_clear(&sb);
    sb_addc(&sb, 'z');
    CHECK_STR_EQ(sb_cstr(&sb), "z");
    char *s = sb_steal(&sb);
    CHECK_STR_EQ(s, "z");
    free(s);
    CHECK(sb.data == NULL);
}

/* Formats of only %s and %% take a copying fast path; it must write what printf writes. */
#define CHECK_LIKE_PRINTF(...)                                                                     \
    do {                                                                                           \
        StrBuf sb_ = STRBUF_INIT;                                                                  \
        char expect_[128];                                                                         \
        sb_adds(&sb_, "<");                                                                        \
        sb_printf(&sb_, __VA_ARGS__);                                                              \
        snprintf(expect_, sizeof expect_, __VA_ARGS__);                                            \
        CHECK_STR_EQ(sb_cstr(&sb_) + 1, expect_);                                                  \
        CHECK_INT_EQ(sb_.len, strlen(expect_) + 1);                                                \
        sb_free(&sb_);                                                                             \
    } while (0)

TEST(strbuf_simple_formats)
{
    CHECK_LIKE_PRINTF("%s.%s", "pkg.mod.Class", "method");
    CHECK_LIKE_PRINTF("%s", "x");
    CHECK_LIKE_PRINTF("100%%");
    CHECK_LIKE_PRINTF("%s%%%s!", "", "yz");
    CHECK_LIKE_PRINTF("a%sb%sc%sd", "1", "22", "333");
    CHECK_LIKE_PRINTF("%s-%d", "not simple", 7);
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s", "");
    CHECK(sb.data == NULL); /* an empty result allocates nothing, as before */
    const char *volatile null_arg = NULL;
    sb_printf(&sb, "[%s]", null_arg);
    CHECK_STR_EQ(sb_cstr(&sb), "[(null)]");
    sb_free(&sb);
}

TEST_MAIN("base_arena", TEST_CASE(alignment_and_contents), TEST_CASE(vec_grows), TEST_CASE(strbuf),
          TEST_CASE(strbuf_simple_formats))
