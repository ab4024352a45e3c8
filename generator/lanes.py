"""Strings compared character by character in C: a string as one integer of 32-bit lanes (its UTF-32), so
that XOR, shifts and a bit count do in one step what a Python loop would do per character."""

from __future__ import annotations

from functools import lru_cache


def as_lanes(text: str) -> int:
    """``text`` as an integer whose lane k (bits 32k..32k+31) holds the code point of ``text[k]``."""
    return int.from_bytes(text.encode("utf-32-le"), "little")


def nonzero_lanes(x: int, n: int) -> int:
    """How many of the low ``n`` lanes of ``x`` hold a set bit. Each lane's bits are folded into its lowest bit
    (shifts of 1..31 in all never carry a higher lane's bits there), then those bits are counted."""
    for shift in (1, 2, 4, 8, 16):
        x |= x >> shift
    return (x & _lowest_bits(n)).bit_count()


@lru_cache(maxsize=64)
def _lowest_bits(n: int) -> int:
    return int.from_bytes(b"\x01\x00\x00\x00" * n, "little")
