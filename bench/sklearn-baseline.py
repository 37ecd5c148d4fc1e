#!/usr/bin/python3
"""Baseline for the analysis: `/usr/bin/python3 bench/sklearn-baseline.py FILE [--threads N]`.

The analysis Portrait runs after an import, written the ordinary pandas + scikit-learn way on
the bench orders file (header order_id,customer_id,order_date,amount,channel,city,category),
with the definitions of DESIGN.md "Exact definitions":

  read       pd.read_csv + pd.to_datetime(order_date, errors="coerce")
  clean      exclusions, each row under the first reason that applies: noCustomer (empty key) ·
             badDate · badAmount · cancelled (order id starting with "C" or amount < 0) ·
             zeroAmount · duplicate (every cell identical to an earlier kept row); customer keys
             trimmed, a numeric key written 17850.0 equals 17850
  rfm        D = latest kept timestamp + 24 h; per customer R = floor of the days from the last
             transaction to D, F = distinct order ids, M = sum of amounts
  scores     cut points = numpy percentiles 20/40/60/80 (linear); F, M score = 1 + cut points
             strictly below the value; R score = 5 - cut points strictly below R
  segments   R high when R < mean(R), F high when F > mean(F), M high when M > mean(M): 8 segments
  features   log1p(R, F, M), StandardScaler (population standard deviation)
  kmeans     KMeans(k, n_init=10, random_state=0) for k = 2..8 on every customer, silhouette_score
             on one fixed random sample of 5,000 customers (the same for every k); best wins

Each phase is timed with time.perf_counter (interpreter start and the imports are not counted,
but printed). Prints one JSON line: phases, total, chosen k, silhouettes, segment counts, cut
points and means, exclusion counts, the peak RSS of the process (resource.getrusage), and the
BLAS/OpenMP thread pools scikit-learn used (KMeans runs on every core unless --threads limits
it; Portrait's analysis worker is one thread). Exit code 3 with a message on stderr when pandas
or scikit-learn is not installed for this interpreter.
"""
import json
import os
import resource
import sys
import time

t_import = time.perf_counter()
try:
    import numpy as np
    import pandas as pd
    import sklearn
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
except ImportError as err:  # pragma: no cover - depends on the machine
    print(f"pandas or scikit-learn is not installed for {sys.executable}: {err}", file=sys.stderr)
    sys.exit(3)
import_s = time.perf_counter() - t_import

SEGMENTS = [  # code = 4·Rhigh + 2·Fhigh + Mhigh → name (DESIGN.md)
    "一般挽留",  # 000
    "重要挽留",  # 00M
    "一般保持",  # 0F0
    "重要保持",  # 0FM
    "一般发展",  # R00
    "重要发展",  # R0M
    "一般价值",  # RF0
    "重要价值",  # RFM
]
SEGMENT_ORDER = ["重要价值", "重要发展", "重要保持", "重要挽留", "一般价值", "一般发展", "一般保持", "一般挽留"]
DAY = pd.Timedelta(days=1)
K_RANGE = range(2, 9)
N_INIT = 10
SAMPLE = 5000

args = sys.argv[1:]
threads = None
if "--threads" in args:
    i = args.index("--threads")
    threads = int(args[i + 1])
    del args[i : i + 2]
path = args[0]


def thread_pools():
    try:
        from threadpoolctl import threadpool_info

        return [
            {"api": p.get("user_api"), "lib": p.get("internal_api"), "threads": p.get("num_threads")}
            for p in threadpool_info()
        ]
    except Exception:  # pragma: no cover - threadpoolctl ships with scikit-learn
        return None


def normalize_keys(s):
    """Customer keys: trimmed text, 17850.0 → 17850; empty → NaN."""
    if s.dtype.kind == "f":  # read_csv made them numbers (empty cells are NaN)
        return s
    if s.dtype.kind in "iu":
        return s.astype("float64")
    t = s.astype("string").str.strip()
    t = t.str.replace(r"^(-?\d+)\.0*$", r"\1", regex=True)
    return t.mask(t == "")


def run(limits):
    phases = {}
    t = time.perf_counter()
    t0 = t

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        phases[name] = now - t
        t = now

    # --- read -----------------------------------------------------------------------------
    df = pd.read_csv(path)
    dates = pd.to_datetime(df["order_date"], errors="coerce")
    lap("read")

    # --- clean: the first reason that applies -----------------------------------------------
    rows = len(df)
    cust = normalize_keys(df["customer_id"])
    amount = pd.to_numeric(df["amount"], errors="coerce")
    order = df["order_id"].astype(str)
    reasons = [
        ("noCustomer", cust.isna()),
        ("badDate", dates.isna()),
        ("badAmount", amount.isna()),
        ("cancelled", order.str.startswith("C") | (amount < 0)),
        ("zeroAmount", amount == 0),
    ]
    left = np.ones(rows, dtype=bool)
    excluded = {}
    for name, mask in reasons:
        hit = left & mask.to_numpy()
        excluded[name] = int(hit.sum())
        left &= ~hit
    dup = np.zeros(rows, dtype=bool)
    dup[left] = df[left].duplicated(keep="first").to_numpy()
    excluded["duplicate"] = int(dup.sum())
    left &= ~dup
    kept = pd.DataFrame({"c": cust[left], "t": dates[left], "o": order[left], "m": amount[left]})
    lap("clean")

    # --- RFM ----------------------------------------------------------------------------------
    d = kept["t"].max() + DAY
    g = kept.groupby("c", sort=True).agg(last=("t", "max"), F=("o", "nunique"), M=("m", "sum"))
    R = ((d - g["last"]) // DAY).to_numpy(dtype="float64")
    F = g["F"].to_numpy(dtype="float64")
    M = g["M"].to_numpy(dtype="float64")
    lap("rfm")

    # --- scores ------------------------------------------------------------------------------
    cuts = {k: np.percentile(v, [20, 40, 60, 80]) for k, v in (("R", R), ("F", F), ("M", M))}
    score_r = 5 - np.searchsorted(cuts["R"], R, side="left")
    score_f = 1 + np.searchsorted(cuts["F"], F, side="left")
    score_m = 1 + np.searchsorted(cuts["M"], M, side="left")
    lap("scores")

    # --- segments ----------------------------------------------------------------------------
    mean = {"R": R.mean(), "F": F.mean(), "M": M.mean()}
    code = 4 * (R < mean["R"]) + 2 * (F > mean["F"]) + (M > mean["M"])
    counts = np.bincount(code, minlength=8)
    segments = {SEGMENTS[i]: int(counts[i]) for i in range(8)}
    lap("segments")

    # --- features + k selection ----------------------------------------------------------------
    X = StandardScaler().fit_transform(np.log1p(np.column_stack([R, F, M])))
    sample = np.random.RandomState(0).choice(len(X), size=min(SAMPLE, len(X)), replace=False)
    lap("features")
    per_k = []
    with limits():
        for k in K_RANGE:
            a = time.perf_counter()
            km = KMeans(n_clusters=k, n_init=N_INIT, random_state=0).fit(X)
            b = time.perf_counter()
            sil = float(silhouette_score(X[sample], km.labels_[sample]))
            c = time.perf_counter()
            per_k.append(
                {
                    "k": k,
                    "fitS": b - a,
                    "silhouetteS": c - b,
                    "silhouette": sil,
                    "inertia": float(km.inertia_),
                    "iterations": int(km.n_iter_),
                    "sizes": sorted(np.bincount(km.labels_, minlength=k).tolist(), reverse=True),
                }
            )
    lap("kmeans")
    best = max(per_k, key=lambda s: (s["silhouette"], -s["k"]))
    total = time.perf_counter() - t0
    return {
        "rows": rows,
        "kept": int(left.sum()),
        "excluded": excluded,
        "customers": int(len(g)),
        "analysisDate": d.isoformat(),
        "phasesS": phases,
        "totalS": total,
        "analysisS": total - phases["read"],
        "kSelectionS": phases["features"] + phases["kmeans"],
        "perK": per_k,
        "k": best["k"],
        "silhouette": best["silhouette"],
        "sizes": best["sizes"],
        "rfm": {
            "mean": {k: float(v) for k, v in mean.items()},
            "cutPoints": {k: [float(x) for x in v] for k, v in cuts.items()},
            "segments": {name: segments[name] for name in SEGMENT_ORDER},
            "scoreCounts": {
                "R": np.bincount(score_r, minlength=6)[1:].tolist(),
                "F": np.bincount(score_f, minlength=6)[1:].tolist(),
                "M": np.bincount(score_m, minlength=6)[1:].tolist(),
            },
        },
    }


def limits_factory():
    if threads is None:
        from contextlib import nullcontext

        return nullcontext
    from threadpoolctl import threadpool_limits

    return lambda: threadpool_limits(limits=threads)


rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = run(limits_factory())
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
out.update(
    {
        "python": sys.version.split()[0],
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "cpus": os.cpu_count(),
        "threadLimit": threads,
        "threadPools": thread_pools(),
        "importLibsS": import_s,
        "peakRssBytes": peak_kb * 1024,
        "rssBeforeReadBytes": rss_before_kb * 1024,
    }
)
print(json.dumps(out, ensure_ascii=False))
