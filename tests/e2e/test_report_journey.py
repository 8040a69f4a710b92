"""A board member makes a partnership report, watches its progress and downloads it."""

from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import expect

from config import celery_app
from reporting import periods
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_users(settings, tmp_path):
    settings.WAYMARK_DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    from accounts.demo import seed

    seed()


def test_board_member_generates_a_report_sees_progress_and_downloads_it(
    browser, live_server, axe_check, demo_users, sign_in
):
    quarter = periods.financial_quarter_containing(timezone.localdate())
    for days in range(6):
        CaseFactory(date_reported=quarter.start + timedelta(days=days))

    page = browser.new_context(accept_downloads=True).new_page()
    sign_in(page, "board")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Partnership reports")).to_be_visible()
    axe_check(page)

    page.get_by_label("Period").select_option(quarter.code)
    page.get_by_role("button", name="Make the report").click()

    # No worker yet: the report waits, and the page says so and keeps checking.
    expect(page.get_by_role("heading", name="Waiting to start")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("0% done")
    axe_check(page)

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # The page reloads itself (a Refresh header, no script) until the report is ready.
        expect(page.get_by_role("heading", name="The report is ready")).to_be_visible(
            timeout=60_000
        )
    axe_check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the report (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"waymark-report-{quarter.code}-board.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
