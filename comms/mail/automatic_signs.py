"""What machines put on the mail they send: the signs `comms.mail.automatic` looks for.

Each table is one family of headers (names, or name prefixes, lower case) that a kind of sender
documents for its own mail: bulk-mail platforms, list servers, applications. A person's mail
client adds none of them. Some look as if they should count and do not: `Feedback-ID` is added by
Fastmail, Proton Mail and QQ Mail to people's own mail, `X-Pm-Message-Id` is Proton Mail's,
`X-CMAE-*` is a receiving spam filter (Cloudmark) on any mail, and a person with their own domain
may send through Mailgun, SendGrid or Amazon SES, whose relay headers then appear on a person's
mail. So a platform's relay headers only count when nothing shows that a mail client wrote the
message (`RELAY_HEADERS`, `MAIL_CLIENT_*`); its campaign headers always count.

Plain Python: no Django imports.
"""

from __future__ import annotations

import re

__all__ = [
    "APPLICATION_HEADERS",
    "APPLICATION_PREFIXES",
    "APPLICATION_SUBJECT",
    "BULK_MAILER",
    "CAMPAIGN_HEADERS",
    "CAMPAIGN_PREFIXES",
    "LIST_SERVER_HEADERS",
    "LIST_SERVER_PREFIXES",
    "MAIL_CLIENT",
    "MAIL_CLIENT_MESSAGE_ID",
    "PLATFORM_DOMAIN",
    "PLATFORM_FEEDBACK_ID",
    "POSTMARK_MESSAGE_ID",
    "RELAY_HEADERS",
    "RELAY_PREFIXES",
    "ROBOT_LOCAL_EXACT",
    "ROBOT_LOCAL_PREFIXES",
    "ROBOT_LOCAL_SUFFIXES",
    "ROBOT_TOKENS",
    "ROBOT_TOKEN_RUNS",
]

# --- addresses machines send from (the local part, before any +tag) ------------------------------

ROBOT_LOCAL_EXACT = frozenset(
    {
        "mailer-daemon",
        "mailerdaemon",
        "postmaster",
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "do_not_reply",
        "dontreply",
        "dont-reply",
        "bounce",
        "bounces",
        "listserv",
        "majordomo",
        "autoreply",
        "auto-reply",
        "autoresponder",
        # list servers' own addresses
        "sympa",
        "mailman",
        "ezmlm",
        # system and application senders
        "root",
        "daemon",
        "nobody",
        "www-data",
        "apache",
        "wordpress",
        "cron",
        "jira",
        "confluence",
        "gitlab",
        "redmine",
        "bugzilla",
        "jenkins",
        "automailer",
        "auto-confirm",
        "notifications",
        "notification",
        "notify",
        "notifier",
    }
)
ROBOT_LOCAL_PREFIXES = (
    "noreply-",
    "noreply.",
    "no-reply-",
    "no-reply.",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
    "bounce-",
    "bounces-",
    "owner-",
    "mailer-daemon",
    "notifications-",
    "notification-",
)
ROBOT_LOCAL_SUFFIXES = (
    "-request",
    "-bounces",
    "-bounce",
    "-owner",
    "-noreply",
    "-no-reply",
    "_noreply",
    ".noreply",
    "_bounces",
    "-notification",
    "-notifications",
    "-notify",
    "-daemon",
)
# Words that never name a person, wherever they stand in a local part split at - . _
ROBOT_TOKENS = frozenset({"noreply", "donotreply", "dontreply", "mailerdaemon", "bounces", "autoreply"})
ROBOT_TOKEN_RUNS = (("no", "reply"), ("do", "not", "reply"), ("dont", "reply"), ("mailer", "daemon"))

# --- bulk-mail platforms ----------------------------------------------------------------------

# Campaign and tracking headers: only marketing or bulk sends carry them.
CAMPAIGN_HEADERS = frozenset(
    {
        "x-mc-user",  # Mailchimp campaigns
        "x-sfmc-stack",  # Salesforce Marketing Cloud (ExactTarget)
        "x-csa-complaints",  # bulk senders certified by the Certified Senders Alliance (eco)
        "x-marketoid",  # Adobe Marketo Engage
        "x-campaign",
        "x-campaignid",
        "x-campaign-id",
        "x-campaignname",  # campaign ids several platforms add
        "x-mailer-recptid",  # phpList
    }
)
CAMPAIGN_PREFIXES = (
    "x-roving-",  # Constant Contact
    "x-mkto-",  # Marketo
    "x-mailin-campaign",  # Brevo (Sendinblue) campaigns
    "x-rpcampaign",  # Validity (Return Path) certified campaigns
)
# Relay headers: the message went through the platform; a person with their own domain may relay too.
RELAY_HEADERS = frozenset(
    {
        "x-mandrill-user",  # Mailchimp Transactional (Mandrill)
        "x-sg-eid",
        "x-sg-id",  # Twilio SendGrid
        "x-ses-outgoing",  # Amazon SES
        "x-msfbl",  # SparkPost (Momentum feedback loop)
        "x-sib-id",  # Brevo transactional
        "x-mj-mid",  # Mailjet
    }
)
RELAY_PREFIXES = ("x-mailgun-", "x-mc-", "x-mailjet-", "x-mailin-")
# Postmark's X-PM-Message-Id is a UUID; Proton Mail's X-Pm-Message-Id (a person's mail) is 40 hex digits.
POSTMARK_MESSAGE_ID = re.compile(r"^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$", re.I)
# The platform named at the end of a Feedback-ID (Gmail's feedback loop: a:b:c:SenderId).
PLATFORM_FEEDBACK_ID = re.compile(
    r"amazonses|sendgrid|mailchimp|mandrill|mailgun|sparkpost|postmark|sendinblue|brevo|mailjet|exacttarget"
    r"|salesforce|hubspot|klaviyo|marketo|createsend|campaignmonitor|constantcontact|mailerlite",
    re.I,
)
# Domains platforms sign (DKIM d=), bounce (Return-Path) or number (Message-ID) mail under.
PLATFORM_DOMAIN = re.compile(
    r"(?:^|\.)(?:amazonses\.com|sendgrid\.net|sendgrid\.info|mcsv\.net|mcdlv\.net|rsgsv\.net|mandrillapp\.com"
    r"|mailgun\.org|sparkpostmail\.com|mtasv\.net|exacttarget\.com|createsend\d*\.com|cmail\d+\.com"
    r"|constantcontact\.com|mailjet\.com|sendinblue\.com|hubspotemail\.net|mktomail\.com|klaviyomail\.com"
    r"|mlsend\.com|mailerlite\.com|bnc\d*\.mailjet\.com)$",
    re.I,
)
# Software that sends newsletters (X-Mailer or User-Agent); no one writes a letter with it.
BULK_MAILER = re.compile(
    r"mailchimp|phplist|sendinblue|brevo|mailjet|mailerlite|mailpoet|acymailing|\bsendy\b|listmonk|mautic"
    r"|campaign\s?monitor|constant\s?contact|getresponse|aweber|emarsys|interspire|mailwizz|openemm"
    r"|mailster|newsletter",
    re.I,
)
# People's mail clients, as they name themselves in X-Mailer or User-Agent.
MAIL_CLIENT = re.compile(
    r"outlook|microsoft\s+(?:office|windows\s+live|windows\s+mail)|windows\s+(?:live\s+)?mail|apple\s?mail"
    r"|iphone\s+mail|ipad\s+mail|thunderbird|mozilla|seamonkey|postbox|evolution|kmail|claws|sylpheed|\bmutt\b"
    r"|neomutt|alpine|\bpine\b|gnus|roundcube|squirrelmail|horde|zimbra|rainloop|snappymail|mailbird|em\s?client"
    r"|the\s+bat|airmail|\bspark\b|blackberry|android|samsung|ymail|yahoo|webservice/|aol\s|zoho\s?mail|mailspring"
    r"|lotus\s+notes|groupwise|open-xchange|foxmail|git-send-email|b4\b|canary\s+mail|proton",
    re.I,
)
# Message-IDs made by webmail composers: Gmail, Outlook.com and Microsoft 365.
MAIL_CLIENT_MESSAGE_ID = re.compile(r"@(?:mail\.gmail\.com|[\w.-]*\.prod\.outlook\.com)>?\s*$", re.I)

# --- list servers -----------------------------------------------------------------------------

LIST_SERVER_HEADERS = frozenset(
    {
        "x-beenthere",  # Mailman
        "x-list-administrivia",  # Mailman's own notices (held for moderation, bounces)
        "x-google-group-id",  # Google Groups
        "x-spam-checked-in-group",  # Google Groups
        "mailing-list",  # Google Groups, ezmlm, Yahoo Groups
        "x-mailing-list",  # SmartList, vger (kernel.org lists)
        "x-sequence",  # Sympa, SmartList
        "x-ml-name",  # fml, QuickML
    }
)
LIST_SERVER_PREFIXES = (
    "x-mailman-",  # Mailman 2 and 3
    "x-sympa-",  # Sympa
    "x-listserver",  # LISTSERV, Lyris
    "x-lsv-",  # L-Soft LISTSERV
    "x-discourse-",  # Discourse
    "x-egroups-",  # Yahoo Groups
    "x-groupsio-",  # Groups.io
    "x-ezmlm-",  # ezmlm
    "x-majordomo",  # Majordomo
)

# --- applications' notifications ----------------------------------------------------------------

APPLICATION_HEADERS = frozenset(
    {
        "x-notifications-bounce-info",  # Google's notification system (Docs, Calendar, accounts)
        "x-account-notification-type",  # Google accounts
        "x-google-notification-metadata",  # Google
        "x-facebook-notify",  # Facebook
        "x-linkedin-class",  # LinkedIn
        "x-twitteremailtype",  # X (Twitter)
    }
)
APPLICATION_PREFIXES = (
    "x-github-",  # GitHub: X-GitHub-Reason, X-GitHub-Sender
    "x-gitlab-",  # GitLab
    "x-jira-",  # Jira: X-JIRA-FingerPrint
    "x-atlassian-",  # Confluence, Bitbucket
    "x-redmine-",  # Redmine
    "x-bugzilla-",  # Bugzilla
    "x-phabricator-",  # Phabricator
    "x-gerrit-",  # Gerrit
    "x-trac-",  # Trac
    "x-roundup-",  # Roundup
    "x-jenkins-",  # Jenkins
    "x-linear-",  # Linear
    "x-sentry-",  # Sentry
    "x-linkedin-",  # LinkedIn
    "x-facebook-",  # Facebook
)
# What an application says in the subject of a notification ("... assigned to you", "[JIRA] ...").
APPLICATION_SUBJECT = re.compile(
    r"""\bassigned\ (?:to\ )?you\b | \bmentioned\ you\ (?:in|on)\b | \brequested\ your\ review\b
      | ^\s*(?:re:\s*)?\[(?:jira|github|gitlab|redmine|bugzilla|trac|confluence|jenkins)\]""",
    re.IGNORECASE | re.VERBOSE,
)
