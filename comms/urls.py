"""Clerk dashboard, outbox and councillor portal, under /council/<slug>/."""

from django.urls import path

from .views import clerk, common, member_mail, outbox, portal

app_name = "comms"

urlpatterns = [
    path("inbox/", clerk.inbox, name="inbox"),
    path("inbox/today/", clerk.today, name="today"),
    path("meetings/", clerk.meetings, name="meetings"),
    path("records/new/", clerk.record_log_new, name="record_log_new"),
    path("cases/<int:pk>/", common.thread_detail, name="thread"),
    path("cases/<int:pk>/triage/", clerk.thread_triage, name="thread_triage"),
    path("cases/<int:pk>/refer/", clerk.thread_refer, name="thread_refer"),
    path("cases/<int:pk>/refer-meeting/", clerk.thread_refer_meeting, name="thread_refer_meeting"),
    path("cases/<int:pk>/reply/", clerk.thread_reply, name="thread_reply"),
    path("cases/<int:pk>/no-response/", clerk.thread_no_response, name="thread_no_response"),
    path("cases/<int:pk>/close/", clerk.thread_close, name="thread_close"),
    path("cases/<int:pk>/reopen/", clerk.thread_reopen, name="thread_reopen"),
    path("cases/<int:pk>/note/", clerk.thread_note, name="thread_note"),
    path("cases/<int:pk>/log/", clerk.thread_log, name="thread_log"),
    path("records/<int:pk>/withdraw/", clerk.record_withdraw, name="record_withdraw"),
    path("records/<int:pk>/letter/", clerk.record_letter, name="record_letter"),
    path("records/<int:pk>/confidentiality/", clerk.record_confidentiality, name="record_confidentiality"),
    path("records/<int:pk>/copy-to-clerk/", portal.record_copy_to_clerk, name="record_copy_to_clerk"),
    path("saved-replies/<int:pk>/text/", clerk.saved_reply_preview, name="saved_reply_text"),
    path("attachments/<int:pk>/download/", common.attachment_download, name="attachment_download"),
    path("outbox/", outbox.outbox_list, name="outbox_list"),
    path("outbox/<int:pk>/", outbox.outbox_detail, name="outbox_detail"),
    path("outbox/<int:pk>/retry/", outbox.outbox_retry_view, name="outbox_retry"),
    path("portal/", portal.home, name="portal"),
    path("portal/compose/", portal.compose, name="compose"),
    path("portal/personal-view/", portal.personal_view, name="personal_view"),
    path("portal/log/", portal.member_log, name="member_log"),
    path("portal/own-mail/", member_mail.own_mail, name="own_mail"),
    path("portal/own-mail/<int:address_id>/remove/", member_mail.address_remove, name="member_address_remove"),
    path("portal/own-mail/confirm/<str:token>/", member_mail.address_confirm, name="member_address_confirm"),
    path("member-mail/<int:pk>/confirm/", member_mail.hold_confirm, name="member_mail_confirm"),
    path("member-mail/<int:pk>/reject/", member_mail.hold_reject, name="member_mail_reject"),
    path("referrals/<int:pk>/acknowledge/", portal.referral_acknowledge, name="referral_acknowledge"),
    path("referrals/<int:pk>/respond/", portal.referral_respond, name="referral_respond"),
    path("referrals/<int:pk>/complete/", portal.referral_complete, name="referral_complete"),
]
