"""What the Telegram adapter says on its own (not guidance: that comes from the engine).

Plain text with {placeholders}: the template is HTML-escaped where it is sent, and
every value put into it is escaped (or built as safe HTML) first.
"""

RATE_LIMITED = ("{name}, you're asking faster than I can keep up. "
                "Please wait a minute, then ask again.")
STALE_BUTTON = "This button is out of date. Ask again, or send /start."
NOT_YOURS_DISMISS = "Only the person who asked, or an admin, can dismiss this answer."
DISMISS_LABEL = "✖ Dismiss"

WARN_USAGE = ("Warnings: {ids}.\n"
              "Reply to a message with /warn <id>, e.g. /warn {example}.")
SWITCH_USAGE = "{label} is {state} in this chat. Change it with /{command} on or /{command} off."
SWITCH_DONE = "{label} is now {state} in this chat."
SWITCH_GROUPS_ONLY = "/{command} works in groups, for their admins."
PRIVACY_NOTE = ("Note: I only see messages addressed to me here. For auto-answer and the link guard, "
                "make me an admin, or turn off my privacy mode in @BotFather (/setprivacy) "
                "and add me to the group again.")
SWITCHES = {
    "autoanswer": "Auto-answer (answering clear questions nobody addressed to me)",
    "linkguard": "The link guard (warning about lookalike links and scam links)",
    "impersonation": "The impersonation check (names imitating an admin, a role or a brand)",
    "hijack": "The \"DM me\" guard (warning the asker under a non-admin's \"DM me\" reply)",
    "hijack_delete": "Deleting \"DM me\" replies",
    "joinnotice": "The join notice (a short safety welcome for newcomers)",
}
ACTIONS = {"report": "report only", "restrict": "restrict", "timeout": "timeout for a day"}
ACTION_USAGE = "Its action: /impersonation report, /impersonation restrict or /impersonation timeout."
RESTRICT_NOTE = ("Note: I cannot restrict members here yet. Make me an admin with the right to "
                 "ban users (restrict members), or flagged members will only be reported.")

