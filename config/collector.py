"""The garbage collector's settings for a web worker (config/wsgi.py; the
benchmark calls it too, to measure pages as a worker serves them).

A page of a long SERAC agenda allocates a few hundred thousand objects. With
Python's defaults the collector ran a full pass every few such requests, and
that pass walked everything loaded at start-up as well: one request in five
took about twice as long (65-75 ms, then 140-165 ms; README, "Load data and
the benchmark"). Here:

- what loading Django made is frozen, so full passes leave it alone;
- the first generation is collected after 50,000 allocations, not 700, so a
  full pass comes about every hundred such requests. Garbage in reference
  cycles lives a little longer; nothing else changes.
"""

import gc

FIRST_GENERATION_THRESHOLD = 50_000


def tune_collector() -> None:
    gc.collect()
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, max(second, 20), max(third, 20))
