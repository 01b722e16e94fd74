/* test.h: a tiny unit-test harness. Each tests/unit/<name>.c defines TEST(...) functions and ends
 * with TEST_MAIN(...) listing them. The binary prints one line per failure and a last line "unit
 * <name>: N passed, N failed", which tests/run_tests.py adds up. */
#ifndef ASYNCREVIEW_TEST_H
#define ASYNCREVIEW_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures_in_case;
static const char *test_current_name;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s: %s:%d: %s\n", test_current_name, __FILE__, __LINE__, #cond); \
            test_failures_in_case++;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_STR_EQ(actual, expected)                                                             \
    do {                                                                                           \
        const char *a_ = (actual), *e_ = (expected);                                               \
        if (!a_ || strcmp(a_, e_) != 0) {                                                          \
            fprintf(stderr, "FAIL %s: %s:%d: %s\n  expected: %s\n  actual:   %s\n",                \
                    test_current_name, __FILE__, __LINE__, #actual, e_, a_ ? a_ : "(null)");       \
            test_failures_in_case++;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_INT_EQ(actual, expected)                                                             \
    do {                                                                                           \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                            \
        if (a_ != e_) {                                                                            \
            fprintf(stderr, "FAIL %s: %s:%d: %s == %lld, expected %lld\n", test_current_name,      \
                    __FILE__, __LINE__, #actual, a_, e_);                                          \
            test_failures_in_case++;                                                               \
        }                                                                                          \
    } while (0)

#define TEST(name) static void test_##name(void)

typedef struct TestCase {
    const char *name;
    void (*fn)(void);
} TestCase;

#define TEST_CASE(name)                                                                            \
    {                                                                                              \
#name, test_##name                                                                         \
    }

#define TEST_MAIN(suite, ...)                                                                      \
    int main(void)                                                                                 \
    {                                                                                              \
        static const TestCase cases[] = { __VA_ARGS__ };                                           \
        TEST_RUN_CASES(suite, cases);                                                              \
    }

/* TEST_MAIN_ARGS: like TEST_MAIN, but a binary given arguments returns handler(argc, argv)
 * instead of running its cases (a corpus or benchmark mode of the same test program). */
#define TEST_MAIN_ARGS(suite, handler, ...)                                                        \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        if (argc > 1)                                                                              \
            return handler(argc, argv);                                                            \
        static const TestCase cases[] = { __VA_ARGS__ };                                           \
        TEST_RUN_CASES(suite, cases);                                                              \
    }

#define TEST_RUN_CASES(suite, cases)                                                               \
    do {                                                                                           \
        int passed = 0, failed = 0;                                                                \
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {                              \
            test_current_name = cases[i].name;                                                     \
            test_failures_in_case = 0;                                                             \
            cases[i].fn();                                                                         \
            if (test_failures_in_case)                                                             \
                failed++;                                                                          \
            else                                                                                   \
                passed++;                                                                          \
        }                                                                                          \
        printf("unit %s: %d passed, %d failed\n", suite, passed, failed);                          \
        return failed ? 1 : 0;                                                                     \
    } while (0)

#endif
