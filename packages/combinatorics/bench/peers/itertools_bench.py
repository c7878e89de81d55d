"""itertools_bench.py: the CPython peer of the @floret/combinatorics benchmark.

Runs one workload with the standard library's itertools (combinations, permutations; both are
written in C inside CPython and yield a fresh tuple per item, in lexicographic order) and the same
consumer as the other implementations: the sum of each item's elements (a[0] for full
permutations). Only the enumeration is timed, with time.perf_counter; passes shorter than the
minimum time are repeated and the mean time per pass is reported.

Usage: python3 itertools_bench.py <workload> [minSeconds]
Prints one JSON line: {"items": N, "seconds": S, "checksum": C, "passes": P}
"""

import json
import sys
import time
from itertools import combinations, permutations
from math import comb, factorial, perm
from operator import itemgetter


def comb_sum(n, k):
    """Sum of all elements of all k-combinations of range(n), and how many there are."""
    # sum(map(sum, ...)) is the fastest idiomatic consumer; counting in the loop would slow it
    # down, so the count comes from math (the checksum still proves every item was produced).
    return comb(n, k), sum(map(sum, combinations(range(n), k)))


def upto_sum(n, kmax):
    """All sizes 0..kmax, one size after the other."""
    items = 0
    total = 0
    for k in range(kmax + 1):
        i, t = comb_sum(n, k)
        items += i
        total += t
    return items, total


def heap_sum(n):
    """All permutations of range(n) (lex order here: itertools has no Heap order); sums a[0]."""
    return factorial(n), sum(map(itemgetter(0), permutations(range(n))))


def kperm_sum(n, k):
    """All k-permutations of range(n); sums every element."""
    return perm(n, k), sum(map(sum, permutations(range(n), k)))


WORKLOADS = {
    "visitor-30-8": lambda: comb_sum(30, 8),
    "visitor-200-3": lambda: comb_sum(200, 3),
    "visitor-100-4": lambda: comb_sum(100, 4),
    "colex-30-8": lambda: comb_sum(30, 8),
    "block-30-8": lambda: comb_sum(30, 8),
    "block-100-4": lambda: comb_sum(100, 4),
    "block-200-3": lambda: comb_sum(200, 3),
    "revdoor-200-3": lambda: comb_sum(200, 3),
    "upto-60-5": lambda: upto_sum(60, 5),
    "iter-copy-30-8": lambda: comb_sum(30, 8),
    "heap-10": lambda: heap_sum(10),
    "kperm-16-6": lambda: kperm_sum(16, 6),
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in WORKLOADS:
        print("usage: itertools_bench.py <workload> [minSeconds]; workloads: " + ", ".join(WORKLOADS), file=sys.stderr)
        sys.exit(2)
    fn = WORKLOADS[sys.argv[1]]
    min_time = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    passes = 0
    items = total = None
    t0 = time.perf_counter()
    while True:
        i, t = fn()
        if passes and (i, t) != (items, total):
            print("passes disagree", file=sys.stderr)
            sys.exit(1)
        items, total = i, t
        passes += 1
        t1 = time.perf_counter()
        if t1 - t0 >= min_time:
            break
    print(json.dumps({"items": items, "seconds": (t1 - t0) / passes, "checksum": total, "passes": passes}))


if __name__ == "__main__":
    main()
