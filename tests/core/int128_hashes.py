#!/usr/bin/env python3
"""The hashes tests/core/test_int128.c expects: the same operands (the
boundary table and the xorshift64* sequence), every operation done with
Python's unbounded integers, folded into FNV-1a the same way. Prints the
C initialiser of `expected`."""
import struct

M64, M128 = (1 << 64) - 1, (1 << 128) - 1
P63 = 1 << 63
BOUNDARY = [
    (0, 0), (0, 1), (0, 2), (0, 3), (0, 10), (0, 0xFFFFFFFF), (0, 0x100000000),
    (0, P63 - 1), (0, P63), (0, M64), (1, 0), (1, 1),
    (0, 10**19), (5, 0x6BC75E2D63100000),
    (0x785EE10D5DA46D9, 0x00F436A000000000), (0x4B3B4CA85A86C47A, 0x098A223FFFFFFFFF),
    (0x4B3B4CA85A86C47A, 0x098A224000000000),
    (P63 - 1, M64), (P63, 0), (P63, 1), (M64, M64), (M64, M64 - 1), (M64, 0), (0xFFFFFFFF, M64),
    (0x0020000000000000, 0), (0, 0x0020000000000001), (0, 0x0020000000000401),
    (0x1234567890ABCDEF, 0x0FEDCBA098765432),
]
NRANDOM = 20000
NAMES = ["add", "sub", "mul", "mul_overflow", "divmod", "cmp", "mul64", "to_double", "signed cmp",
         "signed add_overflow", "signed mul_overflow", "signed to_double", "mag, neg, sign"]

state = 0x9E3779B97F4A7C15


def nxt():
    global state
    state ^= state >> 12
    state ^= (state << 25) & M64
    state ^= state >> 27
    return (state * 2685821657736338717) & M64


def random_u128():
    hi, lo, shift = nxt(), nxt(), nxt() % 129
    return 0 if shift >= 128 else ((hi << 64 | lo) >> shift)


def fold(h, word):
    for i in range(8):
        h ^= (word >> (8 * i)) & 0xFF
        h = (h * 0x100000001B3) & M64
    return h


def fold128(h, v):
    return fold(fold(h, v & M64), v >> 64)


def signed(v):
    return v - (1 << 128) if v >> 127 else v


def bits(d):
    return struct.unpack("<Q", struct.pack("<d", d))[0]


def cmp(a, b):
    return (a > b) - (a < b)


def into(h, a, b):
    h[0] = fold128(h[0], (a + b) & M128)
    h[1] = fold128(h[1], (a - b) & M128)
    h[2] = fold128(h[2], (a * b) & M128)
    h[3] = fold128(fold(h[3], int(a * b > M128)), (a * b) & M128)
    if b:
        h[4] = fold128(fold128(h[4], a // b), a % b)
    h[5] = fold(h[5], cmp(a, b) + 1)
    h[6] = fold128(h[6], (a & M64) * (b & M64))
    h[7] = fold(h[7], bits(float(a)))
    sa, sb = signed(a), signed(b)
    h[8] = fold(h[8], cmp(sa, sb) + 1)
    s = sa + sb
    h[9] = fold128(fold(h[9], int(not -(1 << 127) <= s < (1 << 127))), s & M128)
    p = sa * sb
    h[10] = fold128(fold(h[10], int(not -(1 << 127) <= p < (1 << 127))), p & M128)
    h[11] = fold(h[11], bits(float(sa)))
    h[12] = fold(fold128(fold128(h[12], abs(sa) & M128), -sa & M128), cmp(sa, 0) + 1)


h = [0xCBF29CE484222325] * len(NAMES)
for ahi, alo in BOUNDARY:
    for bhi, blo in BOUNDARY:
        into(h, ahi << 64 | alo, bhi << 64 | blo)
for _ in range(NRANDOM):
    a = random_u128()
    b = random_u128()
    into(h, a, b)
for name, v in zip(NAMES, h):
    print(f"    0x{v:016X}u, /* {name} */")
