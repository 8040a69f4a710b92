"""An email backend for the worker the fault tests start: each message becomes
a file in WAYMARK_MAIL_SPOOL, so the test can count what really went out,
across worker processes, including those that died.

With WAYMARK_FAULT=kill-at-second-email the process is killed (SIGKILL, as the
kernel's OOM killer would) just before it hands over the second message,
once per test (see fault_worker.fire_once)."""

import json
import os
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from tests.faults.fault_worker import die, fire_once

_sent_by_this_process = 0


class SpoolBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        global _sent_by_this_process
        spool = Path(os.environ["WAYMARK_MAIL_SPOOL"])
        for message in email_messages:
            if (
                os.environ.get("WAYMARK_FAULT") == "kill-at-second-email"
                and _sent_by_this_process == 1
                and fire_once()
            ):
                die()
            record = {
                "to": message.to,
                "subject": message.subject,
                "message_id": message.extra_headers.get("Message-ID", ""),
            }
            partial = spool / f".{uuid.uuid4()}"
            partial.write_text(json.dumps(record))
            partial.rename(spool / f"{uuid.uuid4()}.json")
            _sent_by_this_process += 1
        return len(email_messages)


def spooled(spool: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(spool.glob("*.json"))]
