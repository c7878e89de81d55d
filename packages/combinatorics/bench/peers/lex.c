/*
 * lex.c: the C reference peers of the @floret/combinatorics benchmark ("the practical limit").
 *
 * Written for this benchmark from the algorithm descriptions in Knuth, TAOCP Vol. 4A, §7.2.1.3
 * (Algorithm L and Algorithm R) and §7.2.1.2 (Heap's method, here in its usual iterative form),
 * plus a depth-first lexicographic k-permutation generator. Every generator keeps the current item
 * in a plain int array and hands it to the same consumer as the JavaScript cases (the sum of the
 * elements, or a[0] for full permutations), accumulated into a 64-bit checksum that is printed, so
 * the compiler cannot delete the work. Compiled by bench/run.mjs with `gcc -O2 -march=native`.
 *
 * Usage: lex_c <workload> [algo] [minSeconds]
 *   algo: lex | colex | revdoor | heap | kperm; default: the workload's own order (default_algo)
 * Prints one JSON line: {"items":N,"seconds":S,"checksum":C,"passes":P} (S = mean seconds per pass)
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef unsigned long long u64;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Result of one enumeration: how many items, and the consumer's checksum. */
typedef struct {
  u64 items;
  u64 sum;
} result_t;

/* Sum of the k elements of c: the consumer shared with every other implementation. */
static inline u64 consume(const int *c, int k) {
  u64 s = 0;
  for (int i = 0; i < k; i++) s += (u64)c[i];
  return s;
}

/*
 * Lexicographic order (the order of Python's itertools): find the rightmost position that can
 * still grow, increase it, and reset the tail to consecutive values. The last position runs as an
 * inner loop, which is where almost all items are produced.
 */
static result_t lex(int n, int k) {
  result_t r = {0, 0};
  int c[64];
  if (k == 0) {
    r.items = 1;
    return r;
  }
  for (int i = 0; i < k; i++) c[i] = i;
  const int last = k - 1;
  for (;;) {
    for (int x = c[last]; x < n; x++) {
      c[last] = x;
      r.sum += consume(c, k);
      r.items++;
    }
    int j = last - 1;
    while (j >= 0 && c[j] == n - k + j) j--;
    if (j < 0) return r;
    int v = c[j] + 1;
    for (int i = j; i < k; i++) c[i] = v++;
  }
}

/*
 * Colexicographic order, Knuth's Algorithm L: c[0] < c[1] < ... with c[0] changing fastest,
 * sentinels c[k] = n and c[k+1] = 0 (unused). Step L3 resets the prefix c[0..j) to 0..j-1, L5
 * increases c[j].
 */
static result_t colex(int n, int k) {
  result_t r = {0, 0};
  int c[66];
  if (k == 0) {
    r.items = 1;
    return r;
  }
  for (int i = 0; i < k; i++) c[i] = i;
  c[k] = n;
  for (;;) {
    /* Inner loop: c[0] runs up to c[1] - 1. */
    for (int x = c[0]; x < c[1]; x++) {
      c[0] = x;
      r.sum += consume(c, k);
      r.items++;
    }
    int j = 1;
    while (j < k && c[j] + 1 == c[j + 1]) j++;
    if (j >= k) return r;
    c[j]++;
    for (int i = 0; i < j; i++) c[i] = i;
  }
}

/*
 * Revolving-door order, Knuth's Algorithm R (needs 2 <= k < n). Every step removes one element
 * (out) and inserts one (in); the consumer keeps the running sum of the current combination with
 * one add per item (cur += in - out) and accumulates it, which gives the same checksum as summing
 * every combination's elements. This is the incremental use the delta API exists for.
 * 0-based: Knuth's c_j is c[j-1]; c[k] = n is the sentinel c_{t+1}.
 */
static result_t revdoor(int n, int k) {
  result_t r = {0, 0};
  int c[66];
  for (int i = 0; i < k; i++) c[i] = i;
  c[k] = n;
  u64 cur = consume(c, k);
  const int odd = k & 1;
  for (;;) {
    r.sum += cur; /* R2: visit */
    r.items++;
    int out, in, j;
    /* R3: easy case, move c_1 */
    if (odd) {
      if (c[0] + 1 < c[1]) {
        out = c[0];
        in = ++c[0];
        cur += (u64)(in - out);
        continue;
      }
      j = 2;
      goto R4;
    } else {
      if (c[0] > 0) {
        out = c[0];
        in = --c[0];
        cur -= (u64)(out - in);
        continue;
      }
      j = 2;
      goto R5;
    }
  R4: /* try to decrease c_j; here c_j = c_{j-1} + 1 */
    if (c[j - 1] >= j) {
      out = c[j - 1];
      in = j - 2;
      c[j - 1] = c[j - 2];
      c[j - 2] = j - 2;
      cur -= (u64)(out - in);
      continue;
    }
    j++;
  R5: /* try to increase c_j; here c_{j-1} = j - 2 */
    if (c[j - 1] + 1 < c[j]) {
      out = j - 2;
      in = c[j - 1] + 1;
      c[j - 2] = c[j - 1];
      c[j - 1] = in;
      cur += (u64)(in - out);
      continue;
    }
    j++;
    if (j <= k) goto R4;
    return r; /* R6 */
  }
}

/*
 * Heap's method for all n! permutations of 0..n-1, iterative form: a counter per level decides
 * which element is swapped with the last one of the level. Consumer: the first element.
 */
static result_t heap(int n) {
  result_t r = {0, 0};
  int a[64] = {0}, ctr[64] = {0};
  for (int i = 0; i < n; i++) {
    a[i] = i;
    ctr[i] = 0;
  }
  r.sum += (u64)a[0];
  r.items++;
  int i = 1;
  while (i < n) {
    if (ctr[i] < i) {
      int j = (i & 1) ? ctr[i] : 0;
      int t = a[j];
      a[j] = a[i];
      a[i] = t;
      r.sum += (u64)a[0];
      r.items++;
      ctr[i]++;
      i = 1;
    } else {
      ctr[i] = 0;
      i++;
    }
  }
  return r;
}

/*
 * Lexicographic k-permutations of 0..n-1 by depth-first search with a "used" flag per element;
 * the last position runs as an inner loop over the unused values. Consumer: sum of the elements.
 */
static result_t kperm(int n, int k) {
  result_t r = {0, 0};
  int p[64];
  char used[64];
  memset(used, 0, sizeof used);
  if (k == 0) {
    r.items = 1;
    return r;
  }
  const int last = k - 1;
  int d = 0;
  p[0] = -1;
  for (;;) {
    /* advance position d to its next unused value */
    int v = p[d] + 1;
    if (p[d] >= 0) used[p[d]] = 0;
    while (v < n && used[v]) v++;
    if (v >= n) {
      if (d == 0) return r;
      d--;
      continue;
    }
    p[d] = v;
    used[v] = 1;
    if (d + 1 < last) {
      d++;
      p[d] = -1;
      continue;
    }
    if (d + 1 == last) {
      /* fill the last position with every unused value */
      for (int x = 0; x < n; x++) {
        if (used[x]) continue;
        p[last] = x;
        r.sum += consume(p, k);
        r.items++;
      }
      continue;
    }
    /* k == 1: position 0 is the last one */
    r.sum += consume(p, k);
    r.items++;
  }
}

/* Workload name -> (n, k); returns 0 when unknown. */
static int parse_workload(const char *w, int *n, int *k) {
  static const struct {
    const char *name;
    int n, k;
  } table[] = {
      {"visitor-30-8", 30, 8},   {"visitor-200-3", 200, 3}, {"visitor-100-4", 100, 4},
      {"colex-30-8", 30, 8},     {"block-30-8", 30, 8},     {"block-100-4", 100, 4},
      {"block-200-3", 200, 3},   {"revdoor-200-3", 200, 3}, {"upto-60-5", 60, 5},
      {"iter-copy-30-8", 30, 8}, {"heap-10", 10, 10},       {"kperm-16-6", 16, 6},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (strcmp(w, table[i].name) == 0) {
      *n = table[i].n;
      *k = table[i].k;
      return 1;
    }
  }
  return 0;
}

static result_t run(const char *workload, const char *algo, int n, int k) {
  if (strcmp(algo, "heap") == 0) return heap(n);
  if (strcmp(algo, "kperm") == 0) return kperm(n, k);
  if (strcmp(algo, "revdoor") == 0) return revdoor(n, k);
  int upto = strncmp(workload, "upto-", 5) == 0;
  result_t (*gen)(int, int) = strcmp(algo, "colex") == 0 ? colex : lex;
  if (!upto) return gen(n, k);
  /* all sizes 0..k, one size after the other */
  result_t total = {0, 0};
  for (int j = 0; j <= k; j++) {
    result_t part = gen(n, j);
    total.items += part.items;
    total.sum += part.sum;
  }
  return total;
}

/* The algorithm a workload uses when none is named: its own order. */
static const char *default_algo(const char *w) {
  if (strncmp(w, "revdoor-", 8) == 0) return "revdoor";
  if (strncmp(w, "heap-", 5) == 0) return "heap";
  if (strncmp(w, "kperm-", 6) == 0) return "kperm";
  if (strncmp(w, "colex-", 6) == 0 || strncmp(w, "block-", 6) == 0) return "colex";
  return "lex";
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <workload> [lex|colex|revdoor|heap|kperm] [minSeconds]\n", argv[0]);
    return 2;
  }
  int n, k;
  if (!parse_workload(argv[1], &n, &k)) {
    fprintf(stderr, "unknown workload %s\n", argv[1]);
    return 2;
  }
  const char *algo = argc > 2 ? argv[2] : default_algo(argv[1]);
  if (strcmp(algo, "lex") && strcmp(algo, "colex") && strcmp(algo, "revdoor") && strcmp(algo, "heap") &&
      strcmp(algo, "kperm")) {
    fprintf(stderr, "unknown algorithm %s\n", algo);
    return 2;
  }
  if (strcmp(algo, "heap") == 0 && n > 12) {
    fprintf(stderr, "heap: n = %d is too large for a benchmark (n! items)\n", n);
    return 2;
  }
  if (strcmp(algo, "revdoor") == 0 && !(k >= 2 && k < n)) {
    fprintf(stderr, "revdoor needs 2 <= k < n\n");
    return 2;
  }
  /* Optional minimum timed duration in seconds (argv[3]): short passes are repeated until it is
   * reached and the mean time of one pass is reported, so millisecond passes are not timer noise. */
  double min_time = argc > 3 ? atof(argv[3]) : 0.1;
  /* One untimed pass (page faults, frequency ramp), then the timed passes. */
  volatile u64 sink = run(argv[1], algo, n, k).sum;
  result_t r = {0, 0};
  int reps = 0;
  double t0 = now(), t1;
  volatile int vn = n; /* re-read every pass, so repeated calls cannot be merged */
  do {
    result_t p = run(argv[1], algo, vn, k);
    if (reps > 0 && (p.sum != r.sum || p.items != r.items)) {
      fprintf(stderr, "passes disagree\n");
      return 1;
    }
    r = p;
    reps++;
    t1 = now();
  } while (t1 - t0 < min_time);
  sink += r.sum;
  (void)sink;
  printf("{\"items\":%llu,\"seconds\":%.9f,\"checksum\":%llu,\"passes\":%d}\n", r.items,
         (t1 - t0) / reps, r.sum, reps);
  return 0;
}
