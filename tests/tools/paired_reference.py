#!/usr/bin/python3
"""Reference values of tests/test_units.cpp's paired-test cases (core/base/PairedTest).

Computed here without scipy and without Boost:
  - Student's t: the closed-form series of Abramowitz & Stegun 26.7.3/26.7.4 for integer
    degrees of freedom, cross-checked by Simpson integration of the density; quantiles by
    bisection on it.
  - Wilcoxon signed-rank, exact: every one of the 2^n sign patterns enumerated (itertools), the
    ranks mid-ranks under ties, zero differences dropped. For n = 50 (2^50 patterns) the same
    distribution by a table over doubled ranks, written here independently.
  - Wilcoxon, normal approximation: tie-corrected variance, continuity correction 0.5, erfc.
Run: /usr/bin/python3 tests/tools/paired_reference.py
"""
import itertools
import math


def t_cdf_central(t, nu):
    """A(t|nu) = P(|T| <= |t|), Abramowitz & Stegun 26.7.3 (odd nu) and 26.7.4 (even nu)."""
    th = math.atan(abs(t) / math.sqrt(nu))
    c2 = math.cos(th) ** 2
    if nu % 2 == 1:
        if nu == 1:
            return 2 * th / math.pi
        term, s = 1.0, 1.0
        for k in range(1, (nu - 3) // 2 + 1):
            term *= (2 * k) / (2 * k + 1) * c2
            s += term
        return 2 / math.pi * (th + math.sin(th) * math.cos(th) * s)
    term, s = 1.0, 1.0
    for k in range(1, (nu - 2) // 2 + 1):
        term *= (2 * k - 1) / (2 * k) * c2
        s += term
    return math.sin(th) * s


def t_pdf(x, nu):
    return math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi) * (
        1 + x * x / nu) ** (-(nu + 1) / 2)


def t_central_simpson(t, nu, n=200000):
    h = abs(t) / n
    s = t_pdf(0, nu) + t_pdf(abs(t), nu)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * t_pdf(i * h, nu)
    return 2 * s * h / 3


def t_two_sided_p(t, nu):
    a = t_cdf_central(t, nu)
    assert abs(a - t_central_simpson(t, nu)) < 1e-9, (t, nu)
    return 1 - a


def t_q975(nu):
    lo, hi = 0.0, 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf_central(mid, nu) < 0.95:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def ranks_of(mags):
    order = sorted(range(len(mags)), key=lambda i: mags[i])
    r = [0.0] * len(mags)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and mags[order[j + 1]] == mags[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def wilcoxon_enumerated(d):
    nz = [x for x in d if x != 0]
    r = ranks_of([abs(x) for x in nz])
    w = sum(ri for ri, x in zip(r, nz) if x > 0)
    below = above = 0
    total = 0
    for signs in itertools.product((0, 1), repeat=len(nz)):
        s = sum(ri for ri, on in zip(r, signs) if on)
        total += 1
        below += s <= w + 1e-9
        above += s >= w - 1e-9
    return w, min(1.0, 2 * min(below, above) / total)


def wilcoxon_table(d):
    nz = [x for x in d if x != 0]
    r2 = [int(round(2 * x)) for x in ranks_of([abs(x) for x in nz])]
    w2 = sum(ri for ri, x in zip(r2, nz) if x > 0)
    counts = {0: 1}
    for ri in r2:
        nxt = dict(counts)
        for s, c in counts.items():
            nxt[s + ri] = nxt.get(s + ri, 0) + c  # exact integers
        counts = nxt
    total = 2 ** len(nz)
    below = sum(c for s, c in counts.items() if s <= w2)
    above = sum(c for s, c in counts.items() if s >= w2)
    return w2 / 2, min(1.0, 2 * min(below, above) / total)


def wilcoxon_normal(d):
    nz = [x for x in d if x != 0]
    n = len(nz)
    r = ranks_of([abs(x) for x in nz])
    w = sum(ri for ri, x in zip(r, nz) if x > 0)
    groups = {}
    for x in nz:
        groups[abs(x)] = groups.get(abs(x), 0) + 1
    var = n * (n + 1) * (2 * n + 1) / 24 - sum(t ** 3 - t for t in groups.values()) / 48
    dev = w - n * (n + 1) / 4
    dev = math.copysign(max(abs(dev) - 0.5, 0), dev)
    z = dev / math.sqrt(var)
    return w, math.erfc(abs(z) / math.sqrt(2))


def describe(name, d):
    n = len(d)
    m = sum(d) / n
    ss = sum((x - m) ** 2 for x in d)
    print(f"{name}: n={n} mean={m:.12g} popstd={math.sqrt(ss / n):.12g}", end="")
    if n >= 2 and ss > 0:
        s = math.sqrt(ss / (n - 1))
        se = s / math.sqrt(n)
        q = t_q975(n - 1)
        t = m / se
        print(f" sd={s:.12g} t={t:.12g} dof={n - 1} p={t_two_sided_p(t, n - 1):.12g}"
              f" ci=[{m - q * se:.12g}, {m + q * se:.12g}]", end="")
    if len(d) <= 20:
        w, p = wilcoxon_enumerated(d)
        print(f" W+={w:g} p_exact={p:.12g}", end="")
    print()


# Darwin's Zea mays: crossed minus self-fertilised heights (eighths of an inch), Fisher's
# "The Design of Experiments" (1935); the example of scipy.stats.wilcoxon's documentation.
darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
describe("darwin", darwin)
describe("ties", [1.5, -0.5, 2.0, 2.0, -2.0, 3.0, 0.5, 4.0, 2.0, 1.0])
describe("zeros", [0, 1, -1, 2, 0, 3, 3, 4])
describe("n1", [2.0])
describe("n2", [1.0, 3.0])
describe("equal", [0.5] * 5)

# n = 50, no ties: d_i = (i + 1) · (−1 if i % 7 == 3 or i % 5 == 1 else 1) / 10.
large = [(i + 1) * (-1 if i % 7 == 3 or i % 5 == 1 else 1) / 10 for i in range(50)]
w, p = wilcoxon_table(large)
print(f"large50: W+={w:g} p_exact={p:.12g} p_normal={wilcoxon_normal(large)[1]:.12g}")
# n = 60 with ties: d_i = ((i % 12) + 1) / 4, negative when i % 5 == 2 (each |d| 5 times).
tied = [((i % 12) + 1) / 4 * (-1 if i % 5 == 2 else 1) for i in range(60)]
w, p = wilcoxon_table(tied)
print(f"tied60: W+={w:g} p_exact={p:.12g} p_normal={wilcoxon_normal(tied)[1]:.12g}")
assert wilcoxon_table(darwin) == wilcoxon_enumerated(darwin)
print("t975:", " ".join(f"{t_q975(nu):.10f}" for nu in (1, 2, 9, 10, 29, 30, 31, 50, 100)))
