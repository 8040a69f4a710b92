"""The email outbox: queued with the fact it announces, sent once, one by one."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.models import OutboundEmail
from core.outbox import email_deliver_pending, email_forget_sent, email_queue
from core.tasks import deliver_email

pytestmark = pytest.mark.django_db


def queue(key="pathways.due:1", recipients=("a@waymark.example", "b@waymark.example")):
    return email_queue(
        key=key, subject="A step is due", body="Open the case.", recipients=recipients
    )


def test_each_recipient_gets_their_own_message_once_however_often_it_is_queued(settings):
    assert queue() == 2
    assert queue() == 0
    assert email_deliver_pending() == 2
    assert email_deliver_pending() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@waymark.example", "b@waymark.example"]
    assert all(m.from_email == settings.DEFAULT_FROM_EMAIL for m in mail.outbox)
    assert OutboundEmail.objects.filter(sent_at=None).count() == 0


def test_a_message_queued_in_a_transaction_that_rolls_back_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the reminder's stamp failed")
    assert email_deliver_pending() == 0
    assert mail.outbox == []


def test_a_refused_message_is_kept_with_the_reason_and_sent_by_the_next_sweep(caplog):
    queue(recipients=["a@waymark.example"])
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("mail server down"),
    ):
        assert email_deliver_pending() == 0
    email = OutboundEmail.objects.get()
    assert (email.sent_at, email.attempts) == (None, 1)
    assert "mail server down" in email.last_error
    assert "Could not send email" in caplog.text

    assert deliver_email() == 1
    assert len(mail.outbox) == 1


def test_a_message_sent_twice_would_carry_the_same_message_id():
    queue(recipients=["a@waymark.example"])
    email_deliver_pending()
    first = mail.outbox[0].extra_headers["Message-ID"]
    OutboundEmail.objects.update(sent_at=None)
    email_deliver_pending()
    assert mail.outbox[1].extra_headers["Message-ID"] == first


def test_sent_messages_are_forgotten_after_thirty_days():
    queue()
    email_deliver_pending()
    OutboundEmail.objects.filter(to="a@waymark.example").update(
        sent_at=timezone.now() - timedelta(days=31)
    )
    assert email_forget_sent() == 1
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["b@waymark.example"]


def test_delivering_one_keys_messages_leaves_the_rest_for_the_sweep():
    queue(key="serac.circulated:1", recipients=["a@waymark.example"])
    queue(key="pathways.due:2", recipients=["b@waymark.example"])
    assert email_deliver_pending(key="serac.circulated:1") == 1
    assert [m.to for m in mail.outbox] == [["a@waymark.example"]]
    assert OutboundEmail.objects.get(sent_at=None).key == "pathways.due:2"
