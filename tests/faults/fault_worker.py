"""The Celery app for the real worker the fault tests start (``celery -A
tests.faults.fault_worker worker``): Waymark's own app, with one fault switched
on in each pool process by WAYMARK_FAULT:

- ``kill-at-second-email``: see tests.faults.mailspool;
- ``kill-while-drawing``: the pool process is killed while drawing a report's
  PDF (the worker notices and hands the task out again);
- ``kill-worker-while-drawing``: the whole worker, parent and pool, is killed
  while drawing (a container or host lost: nothing hands the task out again);
- ``hang-while-drawing``: drawing the PDF hangs (until the time limit);
- ``fail-while-drawing``: drawing the PDF raises, as WeasyPrint can.

A killing or hanging fault fires once per test (a marker file,
WAYMARK_FAULT_MARKER), so the task the broker hands out again can succeed.
"""

import os
import signal
import time

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


def fire_once() -> bool:
    try:
        descriptor = os.open(os.environ["WAYMARK_FAULT_MARKER"], os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@worker_process_init.connect
def switch_the_fault_on(**kwargs):
    fault = os.environ.get("WAYMARK_FAULT", "")
    if not fault.endswith("-while-drawing"):
        return
    from reporting import services

    draw = services.render_report_pdf

    def faulty_draw(report):
        if fault == "kill-while-drawing" and fire_once():
            die()
        if fault == "kill-worker-while-drawing" and fire_once():
            os.killpg(os.getpgid(0), signal.SIGKILL)
        if fault == "hang-while-drawing" and fire_once():
            time.sleep(3600)
        if fault == "fail-while-drawing":
            raise RuntimeError("Pango could not load a font")
        return draw(report)

    services.render_report_pdf = faulty_draw
