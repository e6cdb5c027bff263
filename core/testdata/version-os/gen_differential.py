#!/usr/bin/python3
"""Regenerate the differential fixtures of core/src/version/{dpkg,rpm}.rs.

Random version pairs are drawn from a small alphabet (so that they collide often and hit the
interesting rules: `~`, `^`, leading zeros, letters vs digits, separators, epochs, revisions)
and ordered by the real tools:

  dpkg-compare.tsv  <a> TAB <b> TAB <-1|0|1>   by `dpkg --compare-versions` (dpkg 1.21.22)
  rpm-compare.tsv   <a> TAB <b> TAB <-1|0|1>   by python3-rpm `rpm.ver(a)` vs `rpm.ver(b)` (rpm 4.18.0)

Usage (Debian bookworm, `apt-get install rpm python3-rpm`):
  /usr/bin/python3 gen_differential.py
"""
import random
import subprocess

random.seed(20261129)


def pick(alphabet, lo, hi):
    return "".join(random.choice(alphabet) for _ in range(random.randint(lo, hi)))


def dpkg_version():
    epoch = random.choice(["", "", "", "0:", "1:", "2:", "10:"])
    upstream = random.choice("0123456789") + pick("0012389aabzAZ..++~~-", 0, 7)
    if epoch:
        upstream += random.choice(["", "", "", ":1"])
    rev = random.choice(["", "", "-" + pick("0129abz.+~", 1, 5)])
    if "-" in upstream and not rev:
        rev = "-1"
    return epoch + upstream + rev


def rpm_version():
    epoch = random.choice(["", "", "", "0:", "1:", "2:", "10:"])
    version = pick("001239aabzAZ..__++~~^^", 1, 8)
    release = random.choice(["", "", "-" + pick("0129aelz._+~^", 1, 6)])
    return epoch + version + release


def respell(v, seps):
    # Spellings that the tools may consider equal: leading zeros, another separator, `0:`.
    out = []
    for i, c in enumerate(v):
        if c.isdigit() and (i == 0 or not v[i - 1].isdigit()) and random.random() < 0.3:
            out.append("0")
        if c in seps and random.random() < 0.5:
            c = random.choice(seps)
        out.append(c)
    v = "".join(out)
    if ":" not in v and random.random() < 0.3:
        v = "0:" + v
    return v


def near(gen, prev, seps):
    r = random.random()
    if prev and r < 0.25:
        return respell(prev, seps)
    # Some pairs share a prefix so that the comparison goes deep.
    if prev and r < 0.6:
        cut = random.randint(0, len(prev))
        tail = gen()
        return prev[:cut] + tail[min(len(tail), 2):]
    return gen()


def dpkg_cmp(a, b):
    def rel(op):
        return subprocess.run(["dpkg", "--compare-versions", a, op, b],
                              stderr=subprocess.DEVNULL).returncode == 0
    if rel("lt"):
        return -1
    if rel("eq"):
        return 0
    return 1


def dpkg_valid(v):
    # dpkg only warns on some syntax errors; keep pairs it accepts without complaint.
    r = subprocess.run(["dpkg", "--compare-versions", v, "eq", v], capture_output=True, text=True)
    return r.returncode == 0 and not r.stderr


def main():
    import rpm

    rows = []
    while len(rows) < 1500:
        a = dpkg_version()
        b = near(dpkg_version, a, "")
        if a == b or not a or not b or not dpkg_valid(a) or not dpkg_valid(b):
            continue
        rows.append((a, b, dpkg_cmp(a, b)))
    with open("dpkg-compare.tsv", "w") as f:
        f.write("# a\tb\tdpkg --compare-versions (dpkg 1.21.22): -1 a<b, 0 a=b, 1 a>b\n")
        for a, b, c in rows:
            f.write(f"{a}\t{b}\t{c}\n")

    rows = []
    while len(rows) < 3000:
        a = rpm_version()
        b = near(rpm_version, a, "._+")
        if a == b:
            continue
        try:
            va, vb = rpm.ver(a), rpm.ver(b)
        except ValueError:
            # rpm.ver() refuses a few shapes (e.g. an empty version after the epoch); skip them.
            continue
        c = -1 if va < vb else (0 if va == vb else 1)
        rows.append((a, b, c))
    with open("rpm-compare.tsv", "w") as f:
        f.write("# a\tb\trpm.ver(a) vs rpm.ver(b) (rpm 4.18.0): -1 a<b, 0 a=b, 1 a>b\n")
        for a, b, c in rows:
            f.write(f"{a}\t{b}\t{c}\n")


if __name__ == "__main__":
    main()
