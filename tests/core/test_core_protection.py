"""Community protection policy (issue 14): what the bot does about a name or a reply, per chat settings."""
from __future__ import annotations

from bot.core import protection as p
from bot.core.chat_settings import ChatSettings, Settings, parse_action

ADMINS = (p.Admin(1, "Mike Chen", "mikechen"), p.Admin(2, "Sara", "sara_mod"))
BOT_ID = 99


def test_a_lookalike_admin_is_flagged_with_the_names_compared_and_the_chats_action():
    flag = p.check_name(Settings(impersonation_action="restrict"), p.Person(5, "Mike Chen Support", "mikechen_help"),
                        ADMINS, bot_id=BOT_ID, event=p.RENAME)
    assert flag.rule == "admin-lookalike" and flag.compared_with == "Mike Chen"
    assert flag.action == "restrict" and flag.acts and flag.seconds is None
    line = flag.modlog("telegram", "Group (-1)", "Mike Chen Support (5)", flag.done())
    assert "impersonation:admin-lookalike" in line and "name change" in line
    assert "“Mike Chen Support” vs “Mike Chen”" in line and "restricted" in line


def test_default_is_report_only_and_a_timeout_lasts_a_day():
    flag = p.check_name(Settings(), p.Person(5, "Binance Support"), ADMINS, bot_id=BOT_ID)
    assert flag.action == "report" and not flag.acts and flag.done() == p.REPORTED
    flag = p.check_name(Settings(impersonation_action="timeout"), p.Person(5, "A D M I N"), ADMINS, bot_id=BOT_ID)
    assert flag.acts and flag.seconds == 24 * 3600


def test_real_admins_the_bot_other_bots_and_ordinary_names_are_never_flagged():
    s = Settings()
    assert p.check_name(s, p.Person(1, "Mike Chen"), ADMINS, bot_id=BOT_ID) is None
    assert p.check_name(s, p.Person(BOT_ID, "bnb-route support"), ADMINS, bot_id=BOT_ID) is None
    assert p.check_name(s, p.Person(7, "Admin Bot"), ADMINS, bot_id=BOT_ID, is_bot=True) is None
    assert p.check_name(s, p.Person(8, "Binance Support"), (), bot_id=BOT_ID, is_admin=True) is None
    assert p.check_name(s, p.Person(9, "Anna Lee", "anna_lee"), ADMINS, bot_id=BOT_ID) is None


def test_switched_off_nothing_is_flagged():
    off = Settings(impersonation=False, hijack=False)
    assert p.check_name(off, p.Person(5, "Binance Support"), ADMINS, bot_id=BOT_ID) is None
    assert p.check_reply(off, "DM me, I can help", author_is_admin=False) is None


def test_a_dm_me_reply_from_a_non_admin_is_flagged_and_deletion_follows_the_setting():
    flag = p.check_reply(Settings(), "@anna DM me, I can help you recover it", author_is_admin=False, asker=["anna"])
    assert flag.rule == "dm-invite" and not flag.delete
    assert p.check_reply(Settings(hijack_delete=True), "inbox me for support", author_is_admin=False).delete
    assert p.check_reply(Settings(), "DM me", author_is_admin=True) is None
    assert p.check_reply(Settings(), "DM me", author_is_admin=False, author_is_bot=True) is None
    assert p.check_reply(Settings(), "Never DM anyone who offers help; send the tx hash here",
                         author_is_admin=False) is None
    line = flag.modlog("discord", "#help", "eve (5)", p.WARNED)
    assert "hijack:dm-invite" in line and "recover" not in line  # the message is never quoted


def test_the_asker_warning_says_admins_never_dm_first():
    text = p.hijack_warning("/verify @name")
    assert "admins never DM first" in text and "not an admin here" in text and "/verify @name" in text


def test_verify_answers_yes_or_no_with_admin_names_only():
    assert p.verify_answer("Mike Chen", True, ["Mike Chen", "Sara"]).startswith("✅ Yes")
    no = p.verify_answer("@mike_chen_support", False, ["Mike Chen", "Sara", "Sara"])
    assert no.startswith("❌ No") and "Mike Chen, Sara." in no and "never DM first" in no
    many = p.verify_answer("x", False, [f"admin{i}" for i in range(20)])
    assert "and 5 more" in many


def test_join_notices_are_rate_limited_per_chat():
    now = [0.0]
    notices = p.JoinNotices(300, clock=lambda: now[0])
    assert notices.due("telegram", 1) and not notices.due("telegram", 1) and notices.due("telegram", 2)
    now[0] = 301
    assert notices.due("telegram", 1)
    assert "never DM first" in p.join_notice("/verify @name")


def test_seen_names_notice_a_first_message_and_a_new_name_once():
    seen = p.SeenNames(max_keys=2)
    assert seen.changed("telegram", 1, p.Person(5, "Eve"))
    assert not seen.changed("telegram", 1, p.Person(5, "Eve"))
    assert seen.changed("telegram", 1, p.Person(5, "Eve Admin"))


def test_undo_payload_round_trips_and_rejects_junk():
    assert p.parse_undo(p.undo_data(-1001000000001, 42)) == (-1001000000001, 42)
    assert p.parse_undo("undo:x:1") is None and p.parse_undo(None) is None


def test_names_in_modlog_lines_cannot_fake_a_second_line():
    flag = p.check_name(Settings(), p.Person(5, "Binance\nSupport\u202e"), ADMINS, bot_id=BOT_ID)
    assert "\n" not in flag.modlog("telegram", "g", "w", "reported") and "\u202e" not in flag.modlog("t", "g", "w", "r")


def test_settings_take_only_known_actions():
    store = ChatSettings()
    assert store.set("telegram", 1, impersonation_action="timeout").impersonation_action == "timeout"
    for bad in ({"impersonation_action": "ban"}, {"hijack": "yes"}):
        try:
            store.set("telegram", 1, **bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)
    assert parse_action("Restrict") == "restrict" and parse_action("mute") == "restrict" and parse_action("ban") is None
