#!/usr/bin/python3
"""Baseline for the import: `/usr/bin/python3 bench/pandas-baseline.py FILE`.

Times pd.read_csv(FILE) + pd.to_datetime(df["order_date"], errors="coerce") inside Python with
time.perf_counter (interpreter start and `import pandas` are not counted, but printed), and
prints one JSON line: seconds, rows, the python process's peak RSS (resource.getrusage).
errors="coerce" because the bench file plants unreadable dates, on which to_datetime raises.
Exit code 3 with a message on stderr when pandas is not installed for this interpreter.
"""
import json
import resource
import sys
import time

t_import = time.perf_counter()
try:
    import pandas as pd
except ImportError as err:  # pragma: no cover - depends on the machine
    print(f"pandas is not installed for {sys.executable}: {err}", file=sys.stderr)
    sys.exit(3)
import_s = time.perf_counter() - t_import

path = sys.argv[1]
rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
dates = pd.to_datetime(df["order_date"], errors="coerce")
t2 = time.perf_counter()
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux

print(
    json.dumps(
        {
            "python": sys.version.split()[0],
            "pandas": pd.__version__,
            "rows": int(len(df)),
            "columns": list(df.columns),
            "dtypes": {c: str(t) for c, t in df.dtypes.items()},
            "unparsedDates": int(dates.isna().sum()),
            "importPandasS": import_s,
            "readCsvS": t1 - t0,
            "toDatetimeS": t2 - t1,
            "totalS": t2 - t0,
            "peakRssBytes": peak_kb * 1024,
            "rssBeforeReadBytes": rss_before_kb * 1024,
        }
    )
)
