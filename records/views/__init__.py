"""Records views for the Clerk and RFO: thin, each parses, calls one service and renders. One module
per concern; the names below are what the URL configurations use."""

from records.views.forwards import forward_cancel, forward_detail, forward_new
from records.views.information_requests import (
    foi_action,
    foi_create,
    foi_detail,
    foi_public_log,
    sar_action,
    sar_bundle,
    sar_create,
    sar_detail,
)
from records.views.keeping import (
    contact_merge,
    hold_create,
    hold_release,
    policy_new,
    records_home,
    register_export,
    retention_rule_save,
    retention_run_now,
    thread_export_mbox,
    thread_print,
)

__all__ = [
    "contact_merge",
    "foi_action",
    "foi_create",
    "foi_detail",
    "foi_public_log",
    "forward_cancel",
    "forward_detail",
    "forward_new",
    "hold_create",
    "hold_release",
    "policy_new",
    "records_home",
    "register_export",
    "retention_rule_save",
    "retention_run_now",
    "sar_action",
    "sar_bundle",
    "sar_create",
    "sar_detail",
    "thread_export_mbox",
    "thread_print",
]
