"""Writes for councils: each keyword-only, atomic, named <noun>_<verb>. One module per concern; this
package's names are the public API (callers import from council.services)."""

from council.services.hours import (
    clerk_absence_add,
    clerk_absence_create,
    clerk_absence_remove,
    monitoring_hours_set,
    monitoring_period_add,
    monitoring_period_remove,
)
from council.services.members import (
    MemberAdded,
    body_save,
    member_add,
    membership_deactivate,
    membership_grant,
    membership_role_change,
)
from council.services.profile import (
    AGENCY_FIELDS,
    COUNCIL_DETAIL_FIELDS,
    agency_save,
    council_channels_set,
    council_details_update,
    council_hours_text_update,
    policy_adopt,
    public_pages_version_move,
)

__all__ = [
    "AGENCY_FIELDS",
    "COUNCIL_DETAIL_FIELDS",
    "MemberAdded",
    "agency_save",
    "body_save",
    "clerk_absence_add",
    "clerk_absence_create",
    "clerk_absence_remove",
    "council_channels_set",
    "council_details_update",
    "council_hours_text_update",
    "member_add",
    "membership_deactivate",
    "membership_grant",
    "membership_role_change",
    "monitoring_hours_set",
    "monitoring_period_add",
    "monitoring_period_remove",
    "policy_adopt",
    "public_pages_version_move",
]
