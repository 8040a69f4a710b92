from django.urls import path

from serac import views

app_name = "serac"

urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("cases/<str:reference>/refer/", views.referral_create, name="referral_create"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invite.ics", views.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/circulate/", views.meeting_circulate, name="meeting_circulate"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/", views.agenda_edit, name="agenda_edit"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/research/",
        views.research_edit,
        name="research_edit",
    ),
    path("meetings/<int:pk>/run/", views.meeting_mode, name="meeting_mode"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/discussion/",
        views.item_discussion,
        name="item_discussion",
    ),
    path("meetings/<int:pk>/items/<int:item_pk>/save/", views.item_save, name="item_save"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/actions/",
        views.item_action_add,
        name="item_action_add",
    ),
    path("meetings/<int:pk>/held/", views.meeting_held, name="meeting_held"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/actions.pdf", views.actions_pdf, name="actions_pdf"),
    path("actions/<int:pk>/", views.action_update, name="action_update"),
    path("meetings/<int:pk>/threats/add/", views.threat_edit, name="threat_add"),
    path("meetings/<int:pk>/threats/<int:threat_pk>/", views.threat_edit, name="threat_edit"),
    path("expected-referrals/", views.expected_volume, name="expected_volume"),
]
