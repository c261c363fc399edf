/* test_memory.c - large arrays: zeroed when asked, aligned to huge
 * pages when large, every byte writable, sizes that overflow refused;
 * freed ones kept and handed out again, zeroed when asked, charged to
 * the budget that takes them. */
#include "testutil.h"

#include "rmsim/budget.h"
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

static void freed_blocks_are_reused(void **state)
{
    (void)state;
#ifdef __linux__
    size_t n = RM_BIG_MIN + 100;
    unsigned char *p = rm_big_alloc(n);
    assert_non_null(p);
    memset(p, 0x5a, n);
    rm_free(p);
    /* about its size: the same block, zeroed when asked for so */
    unsigned char *q = rm_big_calloc(n - 50, 1);
    assert_ptr_equal(q, p);
    for (size_t i = 0; i < n - 50; i++)
        if (q[i] != 0)
            fail_msg("reused byte %zu not zeroed", i);
    /* far bigger: not that block (it would waste most of it) */
    rm_free(q);
    unsigned char *big = rm_big_alloc(4 * RM_BIG_MIN);
    assert_non_null(big);
    assert_ptr_not_equal(big, p);
    /* a budget pays for a kept block when it takes it, and no more */
    rm_budget b;
    rm_budget_init(&b, (size_t)64 << 20);
    rm_budget *prev = rm_budget_enter(&b);
    unsigned char *r = rm_big_alloc(n);
    assert_ptr_equal(r, p);
    assert_true(b.used >= n && b.used < n + ((size_t)2 << 20) + 4096);
    rm_free(r);
    assert_int_equal(b.used, 0);
    /* a cap too small for the kept block: refused, and the block still kept */
    rm_budget small;
    rm_budget_init(&small, (size_t)5 << 20);
    rm_budget_enter(&small);
    assert_null(rm_big_alloc(n - 50));
    assert_int_equal(small.used, 0);
    rm_budget_enter(prev);
    assert_ptr_equal(rm_big_alloc(n), p);
    rm_free(p);
    /* a cap that holds a block of the size asked but not the kept one,
     * a little larger: a new block, and the kept one stays */
    rm_free(big);                           /* kept: 4 RM_BIG_MIN */
    rm_budget_init(&small, 3 * RM_BIG_MIN + RM_BIG_MIN / 2);
    rm_budget_enter(&small);
    unsigned char *fresh = rm_big_alloc(3 * RM_BIG_MIN + 1000);     /* 14 MB; the kept 16 MB is too much */
    assert_non_null(fresh);
    assert_ptr_not_equal(fresh, big);
    rm_free(fresh);
    rm_budget_enter(prev);
    assert_ptr_equal(rm_big_alloc(4 * RM_BIG_MIN), big);
    rm_free(big);
#endif
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
        cmocka_unit_test(freed_blocks_are_reused),
    };
    return cmocka_run_group_tests_name("memory", tests, NULL, NULL);
}
