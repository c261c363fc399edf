/* test_memory.c - large arrays: zeroed when asked, aligned to huge
 * pages when large, every byte writable, sizes that overflow refused. */
#include "testutil.h"

#include "rmsim/memory.h"

static void small_and_large_are_usable(void **state)
{
    (void)state;
    size_t sizes[] = {0, 1, 4096, RM_BIG_MIN - 1, RM_BIG_MIN, RM_BIG_MIN + 12345, 3 * RM_BIG_MIN};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        unsigned char *p = rm_big_calloc(sizes[k], 1);
        assert_non_null(p);
        for (size_t i = 0; i < sizes[k]; i++)
            if (p[i] != 0)
                fail_msg("byte %zu of %zu not zeroed", i, sizes[k]);
        memset(p, 0xab, sizes[k]);
#ifdef __linux__
        if (sizes[k] >= RM_BIG_MIN)
            assert_int_equal((uintptr_t)p % ((size_t)2 << 20), 0);
#endif
        free(p);
        unsigned char *q = rm_big_alloc(sizes[k]);
        assert_non_null(q);
        memset(q, 0xcd, sizes[k]);
        free(q);
    }
}

static void overflowing_sizes_are_refused(void **state)
{
    (void)state;
    assert_null(rm_big_calloc(SIZE_MAX / 2, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_and_large_are_usable),
        cmocka_unit_test(overflowing_sizes_are_refused),
    };
    return cmocka_run_group_tests_name("memory", tests, NULL, NULL);
}
