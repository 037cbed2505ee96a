"""``terms._round3`` must give exactly what ``round(x, 3)`` gives: confidences are output."""

from __future__ import annotations

import math
import random
import struct

from flashcards.align import terms


def _same(a: float, b: float) -> bool:
    return struct.pack("d", a) == struct.pack("d", b)  # -0.0 and nan told apart too


def test_round3_is_round_to_three_places() -> None:
    rng = random.Random(3)
    values = [rng.random() for _ in range(20000)]
    values += [rng.random() * rng.choice((0.85, 10.0, 999.0)) for _ in range(20000)]
    for k in range(0, 100001, 7):
        base = k / 1000.0
        values += [base, base + 0.0005, base - 0.0005, math.nextafter(base, 2.0)]
        values.append(math.nextafter(base, -1.0))
    values += [0.0, -0.0, 1.0, 0.55, -0.3, 5e-324, 1000.0, 1e9, math.inf, math.nan]
    for x in values:
        assert _same(terms._round3(x), round(x, 3)), x
