#!/usr/bin/env python3
"""Keeps a fuzz corpus small enough to commit: the seeds (files named seed-*), then,
greedily, the files that add the most coverage features per byte, until a byte budget.

`cargo fuzz cmin` keeps every file that adds a feature, and a mutated copy of a 20 KB
bundle often does; committed, that is megabytes per target. This reads the control
file of a libFuzzer merge, where each input is listed with the features it added in
the merge's order (smallest first), so the coverage it reports for the kept set is a
lower bound: check it with a merge of the result into an empty folder.

    T=container; BIN=fuzz/target/x86_64-unknown-linux-gnu/release/$T
    mkdir -p /tmp/empty && $BIN -merge=1 -merge_control_file=/tmp/cf /tmp/empty fuzz/corpus/$T MORE_DIRS
    python3 fuzz/trim-corpus.py /tmp/cf 700000 /tmp/kept-$T
"""
import hashlib
import os
import shutil
import sys


def main(control_file, budget, out):
    lines = open(control_file).read().split("\n")
    count = int(lines[0])
    files = lines[2 : 2 + count]
    features = {}
    for line in lines[2 + count :]:
        parts = line.split()
        if parts and parts[0] == "FT":
            features[int(parts[1])] = set(map(int, parts[2:]))
    everything = set().union(*features.values())
    seen, candidates, covered, kept = set(), [], set(), []
    # Seeds first, so that a copy of one under another name is the one dropped.
    order = sorted(range(len(files)), key=lambda i: not os.path.basename(files[i]).startswith("seed-"))
    for i in order:
        path = files[i]
        data = open(path, "rb").read()
        digest = hashlib.sha1(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        name = os.path.basename(path)
        if name.startswith("seed-"):
            covered |= features.get(i, set())
            kept.append((path, name))
        else:
            candidates.append((i, path, len(data), digest))
    spent = 0
    while True:
        # New features per byte; 256 stands for a file's own cost in the tree.
        best = max(
            (
                (len(features.get(i, set()) - covered) / (size + 256), i, path, size, digest)
                for i, path, size, digest in candidates
                if spent + size <= budget
            ),
            default=None,
        )
        if not best or best[0] == 0:
            break
        _, i, path, size, digest = best
        covered |= features[i]
        spent += size
        kept.append((path, digest))
        candidates = [c for c in candidates if c[0] != i]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for path, name in kept:
        shutil.copy(path, os.path.join(out, name))
    total = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    print(f"{out}: {len(kept)} files, {total} bytes, at least {len(covered)} of {len(everything)} features")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
