"""python manage.py render_report --quarter 2025-Q3 --audience board --format pdf --out r.pdf"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import periods
from reporting.disclosure import AUDIENCES, BOARD
from reporting.figures import AGE_BAND_CHOICES, BOTH
from reporting.pdf import render_report_pdf, report_csv, report_filename
from reporting.report import build

PERIOD_OPTIONS = ["quarter", "financial_quarter", "year", "financial_year", "from"]


def _date(text: str) -> date:
    for parse in (date.fromisoformat,):
        try:
            return parse(text)
        except ValueError:
            pass
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    except ValueError:
        raise CommandError(f"Enter dates as YYYY-MM-DD or DD/MM/YYYY, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Render the partnership report for one period, for an audience, as PDF, JSON or CSV. "
        "Give exactly one period: --quarter, --financial-quarter, --year, --financial-year, "
        "or --from and --to (whole years, quarters and months given as dates are read as such)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="A calendar quarter, like 2025-Q3")
        parser.add_argument(
            "--financial-quarter", help="A financial quarter, like 2025-26-Q1 (April to June 2025)"
        )
        parser.add_argument("--year", help="A calendar year, like 2024")
        parser.add_argument(
            "--financial-year", help="A financial year, like 2025-26 (April 2025 to March 2026)"
        )
        parser.add_argument("--from", dest="from", help="First day, YYYY-MM-DD (with --to)")
        parser.add_argument("--to", dest="to", help="Last day, YYYY-MM-DD (with --from)")
        parser.add_argument("--audience", choices=list(AUDIENCES), default=BOARD)
        parser.add_argument("--format", choices=["pdf", "json", "csv"], default="pdf")
        parser.add_argument(
            "--age-bands",
            choices=list(AGE_BAND_CHOICES),
            default=BOTH,
            help="Survivor age bands: standard (under 18, 18-24 ...), eia (the equality "
            "impact assessment's 0-18, 19-64, 65 and over) or both (the default)",
        )
        parser.add_argument(
            "--out",
            help="Where to write it. JSON and CSV go to standard output without it; "
            "a PDF goes to waymark-report-<period>-<audience>.pdf.",
        )

    def _period(self, options) -> periods.Period:
        given = [name for name in PERIOD_OPTIONS if options.get(name)]
        if options.get("to") and "from" not in given:
            raise CommandError("--to needs --from")
        if len(given) != 1:
            raise CommandError(
                "Give exactly one period: --quarter, --financial-quarter, --year, "
                "--financial-year, or --from with --to"
            )
        name = given[0]
        try:
            if name == "from":
                if not options.get("to"):
                    raise CommandError("--from needs --to")
                return periods.between(_date(options["from"]), _date(options["to"]))
            return periods.PARSERS[name](options[name])
        except periods.PeriodError as error:
            raise CommandError(f"--{name.replace('_', '-')}: {error}") from None

    def handle(self, *args, **options):
        period = self._period(options)
        report = build(period, audience=options["audience"], age_bands=options["age_bands"])
        fmt, out = options["format"], options.get("out")
        if fmt == "pdf":
            pdf = render_report_pdf(report)
            path = Path(out or f"{report_filename(report)}.pdf")
            path.write_bytes(pdf.content)
            self.stderr.write(f"Wrote {path} ({len(pdf.content):,} bytes, SHA-256 {pdf.sha256})")
            return
        text = json.dumps(report, indent=2) + "\n" if fmt == "json" else report_csv(report)
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {out}")
        else:
            self.stdout.write(text, ending="")
