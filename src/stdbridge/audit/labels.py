"""What each kind of audit entry (``entry.ACTIONS``) is called for people, in English and Chinese: the audit page
and ``stdbridge audit show`` print these; the JSON of the API and of ``--json`` keeps the codes
(``user.grant``, ``notice.import``), which are what ``--action`` and ``?action=`` take.

Every action has a label (``tests/test_audit_labels.py`` fails for one without); a code that is not, or no longer,
in ``ACTIONS`` is shown as it is.
"""

from __future__ import annotations

from stdbridge.audit import entry as actions
from stdbridge.i18n import pgettext


def action_labels() -> dict[str, str]:
    """Each action's code and its label in the current language, in the order of ``ACTIONS``."""

    labels = {
        actions.GENESIS: pgettext("audit action", "Log started"),
        actions.IMPORT: pgettext("audit action", "Catalogue import"),
        actions.ACCEPT: pgettext("audit action", "Link accepted"),
        actions.REJECT: pgettext("audit action", "Link rejected"),
        actions.USER_ADD: pgettext("audit action", "User added"),
        actions.USER_GRANT: pgettext("audit action", "Role granted"),
        actions.USER_REVOKE: pgettext("audit action", "Role revoked"),
        actions.TOKEN_CREATE: pgettext("audit action", "API token created"),
        actions.TOKEN_REVOKE: pgettext("audit action", "API token revoked"),
        actions.ORG_ADD: pgettext("audit action", "Organisation added"),
        actions.USER_PASSWORD: pgettext("audit action", "Password changed"),
        actions.ORG_JOIN: pgettext("audit action", "Organisation member added"),
        actions.SETTING_CHANGE: pgettext("audit action", "Setting changed"),
        actions.JOB_ENQUEUE: pgettext("audit action", "Job queued"),
        actions.JOB_RETRY: pgettext("audit action", "Job queued again"),
        actions.JOB_CANCEL: pgettext("audit action", "Job cancelled"),
        actions.PROGRAMME_CREATE: pgettext("audit action", "Programme created"),
        actions.PROGRAMME_MEMBER: pgettext("audit action", "Programme member set"),
        actions.PROGRAMME_STEP: pgettext("audit action", "Programme step changed"),
        actions.PROGRAMME_DRAFT: pgettext("audit action", "Programme drafted from the catalogue"),
        actions.PROGRAMME_IMPORT: pgettext("audit action", "Programme pairs imported"),
        actions.PROGRAMME_ENTRY: pgettext("audit action", "Programme entry added or moved"),
        actions.PROGRAMME_FLAG: pgettext("audit action", "Entry flagged for review"),
        actions.ROUND_OPEN: pgettext("audit action", "Review round opened"),
        actions.ROUND_ANSWER: pgettext("audit action", "Review answer given"),
        actions.ROUND_CHANGE: pgettext("audit action", "Review answer changed"),
        actions.ROUND_CLOSE: pgettext("audit action", "Review round closed"),
        actions.RESERVATION: pgettext("audit action", "Reservation recorded"),
        actions.COMMENT_OPEN: pgettext("audit action", "Comment period opened"),
        actions.COMMENT_ADD: pgettext("audit action", "Public comment sent"),
        actions.COMMENT_REPLY: pgettext("audit action", "Public comment answered"),
        actions.PUBLISH_RELEASE: pgettext("audit action", "Release published"),
        actions.TERM_ADD: pgettext("audit action", "Term added"),
        actions.TERM_EDIT: pgettext("audit action", "Term changed"),
        actions.TERM_DELETE: pgettext("audit action", "Term deleted"),
        actions.TERM_IMPORT: pgettext("audit action", "Terms imported"),
        actions.MEMORY_IMPORT: pgettext("audit action", "Translation memory imported"),
        actions.MEMORY_PROMOTE: pgettext("audit action", "Memory unit shared more widely"),
        actions.MEMORY_SEED: pgettext("audit action", "Platform memory seeded"),
        actions.TRANSLATION_CREATE: pgettext("audit action", "Translation project created"),
        actions.TRANSLATION_PRETRANSLATE: pgettext("audit action", "Translation pre-translated"),
        actions.TRANSLATION_SAVE: pgettext("audit action", "Segment translation saved"),
        actions.TRANSLATION_CONFIRM: pgettext("audit action", "Segment translation confirmed"),
        actions.TRANSLATION_REVIEW: pgettext("audit action", "Segment translation reviewed"),
        actions.TRANSLATION_WAIVE: pgettext("audit action", "Quality check waived"),
        actions.TRANSLATION_DELIVER: pgettext("audit action", "Translation delivered"),
        actions.MEMORY_ALIGN: pgettext("audit action", "Aligned documents saved to memory"),
        actions.WATCH_ADD: pgettext("audit action", "Watchlist created"),
        actions.WATCH_CHANGE: pgettext("audit action", "Watchlist changed"),
        actions.WATCH_REMOVE: pgettext("audit action", "Watchlist removed"),
        actions.WEBHOOK_ADD: pgettext("audit action", "Webhook added"),
        actions.WEBHOOK_REMOVE: pgettext("audit action", "Webhook removed"),
        actions.PROFILE_IMPORT: pgettext("audit action", "Profile facts imported"),
        actions.PROFILE_FACT_ADD: pgettext("audit action", "Profile fact added"),
        actions.PROFILE_FACT_EDIT: pgettext("audit action", "Profile fact changed"),
        actions.PROFILE_FACT_DELETE: pgettext("audit action", "Profile fact deleted"),
        actions.GROUP_SAVE: pgettext("audit action", "Connectivity group saved"),
        actions.GROUP_REMOVE: pgettext("audit action", "Connectivity group removed"),
        actions.NOTICE_IMPORT: pgettext("audit action", "Notices imported"),
        actions.NEWS_ADD: pgettext("audit action", "News item written"),
    }
    return labels


def action_label(code: str) -> str:
    """The label of one action in the current language; a code without one (an older log's) as it is."""
    return action_labels().get(code, code)
