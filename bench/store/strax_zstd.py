#!/usr/bin/env python3
"""strax's chunk codec, measured on DANCE's bytes: strax saves a chunk as
zstd.compress(array.tobytes()) (python `zstd` module, its default level) and loads it with
np.frombuffer(zstd.decompress(b), dtype). Times it per chunk on one core, median of `repeat`
runs, by the wall clock and by CPU time: in memory (the codec alone), and with files as strax's
saver does (write to a temporary name and rename; read the file back).

usage: strax_zstd.py file.npy rows_per_chunk_json repeat workdir  -> prints one JSON line
"""
import json
import os
import sys
import time

import numpy as np
import zstd

path, chunk_rows, repeat, workdir = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = np.load(path)
chunks, at = [], 0
for n in chunk_rows:
    chunks.append(data[at:at + n])
    at += n
assert at == len(data), (at, len(data))


def save(i, c):
    name = os.path.join(workdir, f"chunk-{i:06d}")
    with open(name + "_temp", "wb") as f:
        f.write(zstd.compress(c.tobytes()))
    os.rename(name + "_temp", name)
    return name


def load(name):
    with open(name, "rb") as f:
        return np.frombuffer(zstd.decompress(f.read()), dtype=data.dtype)


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


t = {}
for _ in range(repeat):
    blobs, *write = timed(lambda: [zstd.compress(c.tobytes()) for c in chunks])
    back, *read = timed(lambda: [np.frombuffer(zstd.decompress(b), dtype=data.dtype) for b in blobs])
    names, *file_write = timed(lambda: [save(i, c) for i, c in enumerate(chunks)])
    back_files, *file_read = timed(lambda: [load(n) for n in names])
    for what, (wall, cpu) in (("write", write), ("read", read), ("file_write", file_write), ("file_read", file_read)):
        t.setdefault(f"{what}_s", []).append(wall)
        t.setdefault(f"{what}_cpu_s", []).append(cpu)
    for n in names:
        os.remove(n)
assert all((a == b).all() and (a == c).all() for a, b, c in zip(chunks, back, back_files))
print(json.dumps({
    "bytes": int(data.nbytes),
    "compressed": sum(len(b) for b in blobs),
    "zstd": zstd.ZSTD_version(),
    **{k: float(np.median(v)) for k, v in t.items()},
}))
