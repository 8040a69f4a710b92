"""Emerging threats on an agenda, and the referrals the Lead expects a year."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cases.permissions import is_lead
from core.errors import ServiceError
from serac import services
from serac.forms import EmergingThreatForm, ExpectedVolumeForm
from serac.models import ExpectedVolume
from serac.views.common import _meeting_for, _require


def threat_edit(request, pk, threat_pk=None):
    meeting = _meeting_for(request, pk, admin=True)
    threat = get_object_or_404(meeting.threats, pk=threat_pk) if threat_pk else None
    initial = (
        {
            name: getattr(threat, name)
            for name in ("kind", "title", "summary", "discussion", "decisions")
        }
        if threat
        else None
    )
    form = EmergingThreatForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.emerging_threat_save(
                actor=request.user, meeting=meeting, threat=threat, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Emerging threat saved")
            return redirect(meeting.get_absolute_url() + "#threats")
    return render(
        request, "serac/threat_form.html", {"form": form, "meeting": meeting, "threat": threat}
    )


def expected_volume(request):
    _require(is_lead(request.user))
    form = ExpectedVolumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expected_volume_set(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Expected referrals for {form.cleaned_data['year']} saved")
            return redirect("serac:expected_volume")
    return render(
        request,
        "serac/expected_volume.html",
        {"form": form, "volumes": ExpectedVolume.objects.all()[:20]},
    )
