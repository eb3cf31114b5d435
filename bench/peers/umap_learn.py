"""umap-learn as a peer for bench/reduce.ts, run on the same data in the same bench run.

Usage: python3 bench/peers/umap_learn.py DATA ROWS COLS COMPONENTS MIN_DIST OUT
DATA is the rows as little-endian float32 (ROWS x COLS). Fits UMAP twice: seeded
(random_state=42, which umap-learn runs on one thread) and unseeded (its parallel layout, on
every core numba is given); writes each embedding to OUT.seeded / OUT.unseeded as float32 and
prints one JSON line with the versions and the seconds of each fit. A small fit first compiles
numba's functions, so the timed fits measure the computation, not the compiler.
"""
import json
import sys
import time

import numba
import numpy as np
import umap


def fit(data, components, min_dist, seed):
    model = umap.UMAP(
        n_components=components,
        n_neighbors=15,
        min_dist=min_dist,
        metric="cosine",
        random_state=seed,
    )
    start = time.perf_counter()
    embedding = model.fit_transform(data)
    return embedding, time.perf_counter() - start


def main():
    path, rows, cols, components, min_dist, out = sys.argv[1:7]
    rows, cols, components, min_dist = int(rows), int(cols), int(components), float(min_dist)
    data = np.fromfile(path, dtype="<f4").reshape(rows, cols)
    warm = np.random.default_rng(0).normal(size=(5000, cols)).astype(np.float32)
    fit(warm, components, min_dist, 42)
    fit(warm, components, min_dist, None)
    seeded, seeded_seconds = fit(data, components, min_dist, 42)
    unseeded, unseeded_seconds = fit(data, components, min_dist, None)
    seeded.astype("<f4").tofile(out + ".seeded")
    unseeded.astype("<f4").tofile(out + ".unseeded")
    print(
        json.dumps(
            {
                "umap": umap.__version__,
                "numba": numba.__version__,
                "threads": numba.config.NUMBA_NUM_THREADS,
                "seededSeconds": seeded_seconds,
                "unseededSeconds": unseeded_seconds,
            }
        )
    )


if __name__ == "__main__":
    main()
