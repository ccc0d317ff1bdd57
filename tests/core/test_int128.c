/*
 * lib/base/int128.h's word pairs (td_w128, td_wi128: the form of i386
 * builds) on boundary and random operands:
 *
 * - everywhere, every operation's results folded into one FNV-1a hash per
 *   operation and compared with the hash tests/core/int128_hashes.py
 *   computes with Python's integers (which cannot overflow), and a few
 *   results written out;
 * - where the compiler has __int128 (64-bit targets), every result compared
 *   one by one with the native operation's, which names the operands of a
 *   difference.
 */
#include <stdio.h>
#include <string.h>

#include "int128.h"
#include "td_test.h"

/* xorshift64*, as tests/core/int128_hashes.py */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

/* A random value of a random bit length (0..128). */
static td_w128 random_u128(void)
{
    uint64_t hi = next(), lo = next();
    int shift = (int)(next() % 129);
    if (shift >= 128)
        return td_w128_of(0);
    if (shift >= 64)
        return td_w128_make(0, hi >> (shift - 64));
    if (shift == 0)
        return td_w128_make(hi, lo);
    return td_w128_make(hi >> shift, lo >> shift | hi << (64 - shift));
}

#define P63 ((uint64_t)1 << 63)
static const uint64_t boundary[][2] = {
    /* {hi, lo} */
    {0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 10}, {0, 0xFFFFFFFFu}, {0, 0x100000000u},
    {0, P63 - 1}, {0, P63}, {0, UINT64_MAX}, {1, 0}, {1, 1},
    {0, 10000000000000000000u},                              /* 10^19 */
    {5, 0x6BC75E2D63100000u},                                /* 10^20 */
    {0x785EE10D5DA46D9u, 0x00F436A000000000u},               /* 10^37 */
    {0x4B3B4CA85A86C47Au, 0x098A223FFFFFFFFFu},              /* 10^38 - 1 */
    {0x4B3B4CA85A86C47Au, 0x098A224000000000u},              /* 10^38 */
    {P63 - 1, UINT64_MAX}, {P63, 0}, {P63, 1}, {UINT64_MAX, UINT64_MAX},
    {UINT64_MAX, UINT64_MAX - 1}, {UINT64_MAX, 0}, {0xFFFFFFFFu, UINT64_MAX},
    {0x0020000000000000u, 0}, {0, 0x0020000000000001u},       /* 2^117, 2^53 + 1 */
    {0, 0x0020000000000401u}, {0x1234567890ABCDEFu, 0x0FEDCBA098765432u},
};
#define NB (sizeof boundary / sizeof boundary[0])
#define NRANDOM 20000

enum { H_ADD, H_SUB, H_MUL, H_MUL_OVF, H_DIV, H_CMP, H_MUL64, H_DOUBLE,
       H_SCMP, H_SADD_OVF, H_SMUL_OVF, H_SDOUBLE, H_MAG, H_COUNT };

static const char *const hash_names[H_COUNT] = {"add", "sub", "mul", "mul_overflow", "divmod", "cmp",
                                                "mul64", "to_double", "signed cmp", "signed add_overflow",
                                                "signed mul_overflow", "signed to_double", "mag, neg, sign"};

/* printed by tests/core/int128_hashes.py */
static const uint64_t expected[H_COUNT] = {
    0x43A89A8C2F70372Cu, /* add */
    0x5651883AB881D03Au, /* sub */
    0x31BC4CD4B80604C0u, /* mul */
    0x58AFE7D1AD62AC79u, /* mul_overflow */
    0x906111A96913CA48u, /* divmod */
    0xF9578708451F4167u, /* cmp */
    0xC404D777C5BA6EF3u, /* mul64 */
    0x9C55BF9CBD9DCAD9u, /* to_double */
    0xB2D2A9E57D63B7A7u, /* signed cmp */
    0x9C98CF5EA1554CF4u, /* signed add_overflow */
    0x3588D72CFE4F0844u, /* signed mul_overflow */
    0xA92994FDD9C55A27u, /* signed to_double */
    0xB82E21145D854D7Bu, /* mag, neg, sign */
};

static void fold(uint64_t *h, uint64_t word)
{
    for (int i = 0; i < 8; i++) {
        *h ^= (word >> (8 * i)) & 0xFF;
        *h *= 0x100000001B3u;
    }
}

static void fold128(uint64_t *h, td_w128 v)
{
    fold(h, td_w128_lo(v));
    fold(h, td_w128_hi(v));
}

static uint64_t double_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 nat_u;
__extension__ typedef __int128 nat_i;

static nat_u nat(td_w128 a)
{
    return (nat_u)td_w128_hi(a) << 64 | td_w128_lo(a);
}

static void same(td_w128 got, nat_u want, const char *op, td_w128 a, td_w128 b)
{
    if (nat(got) != want)
        fail_msg("%s of %016llx%016llx and %016llx%016llx: %016llx%016llx, native %016llx%016llx", op,
                 (unsigned long long)td_w128_hi(a), (unsigned long long)td_w128_lo(a),
                 (unsigned long long)td_w128_hi(b), (unsigned long long)td_w128_lo(b),
                 (unsigned long long)td_w128_hi(got), (unsigned long long)td_w128_lo(got),
                 (unsigned long long)(want >> 64), (unsigned long long)want);
}

static void same_flag(bool got, bool want, const char *op, td_w128 a, td_w128 b)
{
    same(td_w128_of(got), want, op, a, b);
}

/* Every operation of the pair against the native one. */
static void against_native(td_w128 a, td_w128 b)
{
    nat_u na = nat(a), nb = nat(b), np;
    nat_i sa = (nat_i)na, sb = (nat_i)nb, sp;
    same(td_w128_add(a, b), na + nb, "add", a, b);
    same(td_w128_sub(a, b), na - nb, "sub", a, b);
    same(td_w128_mul(a, b), na * nb, "mul", a, b);
    td_w128 p;
    same_flag(td_w128_mul_overflow(a, b, &p), __builtin_mul_overflow(na, nb, &np), "mul_overflow", a, b);
    same(p, np, "mul_overflow's product", a, b);
    if (nb != 0) {
        td_w128 r, q = td_w128_divmod(a, b, &r);
        same(q, na / nb, "quotient", a, b);
        same(r, na % nb, "remainder", a, b);
    }
    same(td_w128_of((uint64_t)(td_w128_cmp(a, b) + 1)), (na > nb) - (na < nb) + 1, "cmp", a, b);
    same(td_w128_mul64(td_w128_lo(a), td_w128_lo(b)), (nat_u)(uint64_t)na * (uint64_t)nb, "mul64", a, b);
    same(td_w128_of(double_bits(td_w128_to_double(a))), double_bits((double)na), "to_double", a, b);
    td_wi128 ia = td_wi128_from_bits(a), ib = td_wi128_from_bits(b), io;
    same(td_w128_of((uint64_t)(td_wi128_cmp(ia, ib) + 1)), (sa > sb) - (sa < sb) + 1, "signed cmp", a, b);
    same_flag(td_wi128_add_overflow(ia, ib, &io), __builtin_add_overflow(sa, sb, &sp), "signed add_overflow",
              a, b);
    same(td_wi128_bits(io), (nat_u)sp, "signed add_overflow's sum", a, b);
    same_flag(td_wi128_mul_overflow(ia, ib, &io), __builtin_mul_overflow(sa, sb, &sp), "signed mul_overflow",
              a, b);
    same(td_wi128_bits(io), (nat_u)sp, "signed mul_overflow's product", a, b);
    same(td_wi128_bits(td_wi128_mul(ia, ib)), na * nb, "signed mul", a, b);
    same(td_wi128_bits(td_wi128_add(ia, ib)), na + nb, "signed add", a, b);
    same(td_wi128_bits(td_wi128_sub(ia, ib)), na - nb, "signed sub", a, b);
    same(td_w128_of(double_bits(td_wi128_to_double(ia))), double_bits((double)sa), "signed to_double", a, b);
    same(td_wi128_mag(ia), sa < 0 ? (nat_u)0 - na : na, "mag", a, b);
    same(td_wi128_bits(td_wi128_neg(ia)), (nat_u)0 - na, "neg", a, b);
    same(td_w128_of((uint64_t)(td_wi128_sign(ia) + 1)), (sa > 0) - (sa < 0) + 1, "sign", a, b);
    same(td_wi128_bits(td_wi128_of((int64_t)td_w128_lo(a))), (nat_u)(nat_i)(int64_t)td_w128_lo(a), "of", a, b);
}
#endif

/* Every operation of the pair into the hashes. */
static void into_hashes(uint64_t h[H_COUNT], td_w128 a, td_w128 b)
{
    fold128(&h[H_ADD], td_w128_add(a, b));
    fold128(&h[H_SUB], td_w128_sub(a, b));
    fold128(&h[H_MUL], td_w128_mul(a, b));
    td_w128 p, r;
    fold(&h[H_MUL_OVF], td_w128_mul_overflow(a, b, &p));
    fold128(&h[H_MUL_OVF], p);
    if (!td_w128_is_zero(b)) {
        fold128(&h[H_DIV], td_w128_divmod(a, b, &r));
        fold128(&h[H_DIV], r);
    }
    fold(&h[H_CMP], (uint64_t)(td_w128_cmp(a, b) + 1));
    fold128(&h[H_MUL64], td_w128_mul64(td_w128_lo(a), td_w128_lo(b)));
    fold(&h[H_DOUBLE], double_bits(td_w128_to_double(a)));
    td_wi128 ia = td_wi128_from_bits(a), ib = td_wi128_from_bits(b), io;
    fold(&h[H_SCMP], (uint64_t)(td_wi128_cmp(ia, ib) + 1));
    fold(&h[H_SADD_OVF], td_wi128_add_overflow(ia, ib, &io));
    fold128(&h[H_SADD_OVF], td_wi128_bits(io));
    fold(&h[H_SMUL_OVF], td_wi128_mul_overflow(ia, ib, &io));
    fold128(&h[H_SMUL_OVF], td_wi128_bits(io));
    fold(&h[H_SDOUBLE], double_bits(td_wi128_to_double(ia)));
    fold128(&h[H_MAG], td_wi128_mag(ia));
    fold128(&h[H_MAG], td_wi128_bits(td_wi128_neg(ia)));
    fold(&h[H_MAG], (uint64_t)(td_wi128_sign(ia) + 1));
}

static void operands(void (*each)(void *ctx, td_w128 a, td_w128 b), void *ctx)
{
    for (size_t i = 0; i < NB; i++)
        for (size_t j = 0; j < NB; j++)
            each(ctx, td_w128_make(boundary[i][0], boundary[i][1]),
                 td_w128_make(boundary[j][0], boundary[j][1]));
    rng_state = 0x9E3779B97F4A7C15u;
    for (int n = 0; n < NRANDOM; n++) {
        td_w128 a = random_u128();
        td_w128 b = random_u128();
        each(ctx, a, b);
    }
}

static void hash_each(void *ctx, td_w128 a, td_w128 b)
{
    into_hashes(ctx, a, b);
}

static void word_pairs_give_the_reference_results(void **state)
{
    (void)state;
    uint64_t h[H_COUNT];
    for (int k = 0; k < H_COUNT; k++)
        h[k] = 0xCBF29CE484222325u;
    operands(hash_each, h);
    int wrong = 0;
    for (int k = 0; k < H_COUNT; k++)
        if (h[k] != expected[k]) {
            print_message("%s: hash %016llx, expected %016llx\n", hash_names[k], (unsigned long long)h[k],
                          (unsigned long long)expected[k]);
            wrong++;
        }
    assert_int_equal(wrong, 0);
}

#ifdef __SIZEOF_INT128__
static void native_each(void *ctx, td_w128 a, td_w128 b)
{
    (void)ctx;
    against_native(a, b);
}

static void word_pairs_agree_with_the_native_type(void **state)
{
    (void)state;
    operands(native_each, NULL);
}
#endif

/* A few results written out, for reading. */
static void written_out(void **state)
{
    (void)state;
    td_w128 ten38 = td_w128_make(0x4B3B4CA85A86C47Au, 0x098A224000000000u);
    td_w128 p, r;
    /* 10^19 x 10^19 = 10^38 */
    assert_false(td_w128_mul_overflow(td_w128_of(10000000000000000000u), td_w128_of(10000000000000000000u), &p));
    assert_int_equal(td_w128_cmp(p, ten38), 0);
    /* 10^38 / 7 = 14285714285714285714285714285714285714 rest 2 */
    td_w128 q = td_w128_divmod(ten38, td_w128_of(7), &r);
    assert_true(td_w128_hi(q) == 0x0ABF54180CEEAE5Au && td_w128_lo(q) == 0x93A604E492492492u);
    assert_true(td_w128_hi(r) == 0 && td_w128_lo(r) == 2);
    /* 2^64 x 2^64 overflows; (2^64 - 1)^2 does not */
    assert_true(td_w128_mul_overflow(td_w128_make(1, 0), td_w128_make(1, 0), &p));
    assert_false(td_w128_mul_overflow(td_w128_of(UINT64_MAX), td_w128_of(UINT64_MAX), &p));
    assert_true(td_w128_hi(p) == UINT64_MAX - 1 && td_w128_lo(p) == 1);
    /* -2^127 = -2^64 x 2^63 fits; 2^64 x 2^63 does not */
    td_wi128 io;
    assert_false(td_wi128_mul_overflow(td_wi128_of(INT64_MIN), td_wi128_from_bits(td_w128_make(1, 0)), &io));
    assert_true(td_wi128_is_neg(io) && td_w128_hi(td_wi128_mag(io)) == P63);
    assert_true(td_wi128_mul_overflow(td_wi128_neg(td_wi128_of(INT64_MIN)), td_wi128_from_bits(td_w128_make(1, 0)),
                                     &io));
    /* 2^64 + 2^11 + 1 rounds up to 2^64 + 2^12 (the sticky bit decides) */
    assert_true(td_w128_to_double(td_w128_make(1, 2049)) == 18446744073709555712.0);
    assert_true(td_w128_to_double(td_w128_make(1, 2048)) == 18446744073709551616.0);
    assert_true(double_bits(td_wi128_to_double(td_wi128_neg(td_wi128_from_bits(ten38)))) == double_bits(-1e38));
    assert_true(td_wi128_cmp(td_wi128_of(-1), td_wi128_of(0)) < 0);
    assert_true(td_wi128_cmp(td_wi128_from_bits(td_w128_make(P63, 0)), td_wi128_of(INT64_MIN)) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_out),
        cmocka_unit_test(word_pairs_give_the_reference_results),
#ifdef __SIZEOF_INT128__
        cmocka_unit_test(word_pairs_agree_with_the_native_type),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
