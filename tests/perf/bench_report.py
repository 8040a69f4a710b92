"""Benchmark (not a test): the annual partnership report over 100,000 cases.

    make bench            # or: .venv/bin/python tests/perf/bench_report.py [--cases N]

Uses its own embedded database (``.data/bench`` unless WAYMARK_DATA_DIR is set),
fills it once with ``generate_load_data`` (every case in financial year
2025-26), then renders the board's annual report for that year to PDF in a
fresh process, and prints the wall time of each stage and the peak memory
(resident set size) of that process. Target: under 10 seconds.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
YEAR = "2025-26"
FROM, TO = "2025-04-01", "2026-03-31"

RENDER = r"""
import json, resource, sys, time
import django
django.setup()
from reporting import periods
from reporting.report import collect, disclose
from reporting.pdf import render_report_pdf

started = time.perf_counter()
raw = collect(periods.financial_year(sys.argv[1]))
counted = time.perf_counter()
report = disclose(raw, audience="board")
disclosed = time.perf_counter()
pdf = render_report_pdf(report)
rendered = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    out.write(pdf.content)
print(json.dumps({
    "cases": raw["total_cases"],
    "count_seconds": counted - started,
    "disclose_seconds": disclosed - counted,
    "pdf_seconds": rendered - disclosed,
    "total_seconds": rendered - started,
    "pdf_bytes": len(pdf.content),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def manage(env, *args, capture=False):
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--out", default=str(ROOT / ".data" / "bench-annual-report.pdf"))
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "WAYMARK_DATA_DIR": os.environ.get("WAYMARK_DATA_DIR", str(ROOT / ".data" / "bench")),
        "WAYMARK_DEMO": "1",
    }
    manage(env, "migrate", "--verbosity", "0")
    count = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-c",
            (
                "import django; django.setup(); from cases.models import Case; "
                f"print(Case.objects.filter(date_reported__range=('{FROM}', '{TO}')).count())"
            ),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    have = int(count.stdout.strip().splitlines()[-1])
    if have < args.cases:
        print(f"Generating {args.cases - have:,} cases in {YEAR} (once; kept for later runs)")
        started = time.perf_counter()
        manage(
            env, "generate_load_data", "--cases", str(args.cases - have), "--from", FROM, "--to", TO
        )
        print(f"Generated in {time.perf_counter() - started:.1f} s")
    print(f"Rendering the annual report {YEAR} for the board...")
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", RENDER, YEAR, args.out],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"Annual report {YEAR} over {figures['cases']:,} cases:\n"
        f"  counting (SQL)   {figures['count_seconds']:6.2f} s\n"
        f"  disclosure       {figures['disclose_seconds']:6.2f} s\n"
        f"  charts and PDF   {figures['pdf_seconds']:6.2f} s\n"
        f"  total            {figures['total_seconds']:6.2f} s  (target under 10 s)\n"
        f"  peak memory      {figures['peak_rss_mb']:6.0f} MB resident\n"
        f"  PDF              {figures['pdf_bytes']:,} bytes at {args.out}"
    )


if __name__ == "__main__":
    main()
