"""`python -m bot check`: every validator rule has a broken fixture that triggers it."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.core.check import ContentError, load_valid, validate


def problems(root: Path) -> list[str]:
    return [str(p) for p in validate(root).problems]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_real_content_is_valid():
    """The shipped content passes every check."""
    report = validate(Path(__file__).resolve().parents[2] / "content")
    assert report.ok, [str(p) for p in report.problems]


def test_yaml_syntax_error_names_file_and_line(content_copy):
    """A YAML syntax error is reported at its line."""
    f = content_copy / "entries" / "gas-fees.yaml"
    lines = f.read_text().splitlines()
    lines.insert(3, "title: [unclosed")
    f.write_text("\n".join(lines) + "\n")
    found = problems(content_copy)
    assert any(re.match(r".*gas-fees\.yaml:\d+: YAML syntax error", p) for p in found), found


def test_binary_file_is_reported_not_crashing(content_copy):
    """A file that is not UTF-8 text gets a clear message."""
    (content_copy / "warnings.yaml").write_bytes(b"seed:\n  title: \xff\xfe broken\n")
    found = problems(content_copy)
    assert any("warnings.yaml:2: not valid UTF-8" in p for p in found), found


def test_unknown_key_with_suggestion(content_copy):
    """A misspelt key is unknown, with the closest known key suggested."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "title:", "titel:")
    found = problems(content_copy)
    line = line_of(f, "titel:")
    assert f"{f.relative_to(Path.cwd()) if f.is_relative_to(Path.cwd()) else f}:{line}: unknown key 'titel' in entry (did you mean 'title'?)" in found
    assert any("missing required key 'title'" in p for p in found)


def test_wrong_type(content_copy):
    """A list where text is expected is a type error at that line."""
    f = content_copy / "entries" / "platforms.yaml"
    edit(f, "label:", "label: [a, b]\nx_label:")
    found = problems(content_copy)
    assert any(f"platforms.yaml:{line_of(f, 'label: [a, b]')}: 'label' must be non-empty text, got a list" in p
               for p in found), found


def test_duplicate_key_in_file(content_copy):
    """A key given twice in one mapping is an error, not silently overwritten."""
    f = content_copy / "entries" / "platforms.yaml"
    text = f.read_text()
    f.write_text(text + "\ntitle: Again\n")
    found = problems(content_copy)
    assert any("duplicate key 'title'" in p for p in found), found


def test_duplicate_entry_id(content_copy):
    """Two files claiming one id are reported."""
    src = content_copy / "entries" / "gas-fees.yaml"
    (content_copy / "entries" / "gas-fees-copy.yaml").write_text(src.read_text())
    found = problems(content_copy)
    assert any("gas-fees-copy.yaml:1: id 'gas-fees' does not match the file name" in p for p in found), found
    assert any("duplicate entry id 'gas-fees'" in p for p in found), found


def test_bad_id_shape(content_copy):
    """Ids must be lowercase, hyphenated and at most 40 characters."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "id: gas-fees", "id: Gas_Fees")
    found = problems(content_copy)
    assert any("gas-fees.yaml:1: 'id' must be lowercase" in p for p in found), found


def test_button_to_unknown_id(content_copy):
    """A button pointing at an id that does not exist is reported at its line."""
    f = content_copy / "entries" / "gas-fees.yaml"
    text = f.read_text()
    text = re.sub(r"^buttons:.*$", "buttons: [no-such-entry]", text, count=1, flags=re.M)
    f.write_text(text)
    found = problems(content_copy)
    assert any(f"gas-fees.yaml:{line_of(f, 'no-such-entry')}: 'buttons' points at unknown id 'no-such-entry'" in p
               for p in found), found


def test_menu_option_to_unknown_id(content_copy):
    """A menu option pointing nowhere is reported."""
    f = content_copy / "routes.yaml"
    edit(f, "bep2-not-bep20]", "bep2-not-bep20, ghost-entry]")
    assert any("'options' points at unknown id 'ghost-entry'" in p for p in problems(content_copy))


def test_unreachable_entry(content_copy):
    """An entry no menu or button leads to is unreachable from start."""
    src = (content_copy / "entries" / "gas-fees.yaml").read_text()
    (content_copy / "entries" / "orphan.yaml").write_text(src.replace("id: gas-fees", "id: orphan"))
    found = problems(content_copy)
    assert any("orphan.yaml:1: 'orphan' cannot be reached from the start menu" in p for p in found), found


def test_link_not_https(content_copy):
    """Links must be https."""
    f = content_copy / "entries" / "gas-fees.yaml"
    text = f.read_text()
    url = re.search(r"url: (https://\S+)", text).group(1)
    f.write_text(text.replace(f"url: {url}", "url: http://metamask.io/page", 1))
    found = problems(content_copy)
    assert any("gas-fees.yaml:" in p and "link 'http://metamask.io/page' is not https" in p for p in found), found


def test_link_off_policy(content_copy):
    """A link on a domain the policy does not allow is refused, also inside answer text."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "answer: |\n", "answer: |\n  See [this](https://metamask-support.xyz/fix).\n")
    found = problems(content_copy)
    assert any("link 'https://metamask-support.xyz/fix' is not on an allowed domain" in p for p in found), found


def test_link_policy_path_prefix(content_copy):
    """github.com/bnb-chain allows that organisation only, not all of github.com."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "answer: |\n", "answer: |\n  See [this](https://github.com/bnb-chain-fake/x).\n")
    assert any("github.com/bnb-chain-fake/x' is not on an allowed domain" in p for p in problems(content_copy))


def test_answer_too_long(content_copy):
    """An answer that would not fit one message is refused."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "answer: |\n", "answer: |\n  " + "Fees are paid in BNB. " * 200 + "\n")
    found = problems(content_copy)
    assert any(re.search(r"gas-fees\.yaml:1: 'gas-fees' is \d+ characters once rendered", p) for p in found), found


def test_answer_body_longer_than_a_phone_screen(content_copy):
    """An answer over 700 characters as written is refused at its line, though it fits one message."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "answer: |\n", "answer: |\n  " + "Fees on BSC are paid in BNB. " * 30 + "\n")
    found = problems(content_copy)
    line = line_of(f, "answer: |")
    assert len(found) == 1, found
    assert re.search(rf"gas-fees\.yaml:{line}: 'gas-fees' answer is \d+ characters; keep it within 700 ", found[0]), found


def test_label_too_long(content_copy):
    """Button labels stay short enough for every platform."""
    f = content_copy / "entries" / "gas-fees.yaml"
    text = re.sub(r"^label:.*$", "label: " + "x" * 90, f.read_text(), count=1, flags=re.M)
    f.write_text(text)
    assert any("'label' is 90 characters; at most 40" in p for p in problems(content_copy))


def test_too_many_buttons(content_copy):
    """More buttons than Discord allows in one message is refused."""
    f = content_copy / "routes.yaml"
    ids = [p.stem for p in (content_copy / "entries").glob("*.yaml")]
    options = ids * 2
    text = re.sub(r"options: \[exchange-wallet.*\]", "options: [exchange-wallet, bsc-evm, tokens-not-showing, platforms, add-bsc-network, gas-fees, scam-safety, "
                  + ", ".join(options) + "]", f.read_text(), count=1)
    f.write_text(text)
    assert any("buttons; Discord allows 25" in p for p in problems(content_copy))


def test_missing_contract_entry(content_copy):
    """A contract id that content lacks is reported as `content: ...`."""
    (content_copy / "entries" / "scam-safety.yaml").unlink()
    found = problems(content_copy)
    assert "content: missing entry 'scam-safety' required by the contract (add entries/scam-safety.yaml)" in found


def test_missing_contract_warning(content_copy):
    """A canned warning the contract requires must exist."""
    f = content_copy / "warnings.yaml"
    text = f.read_text()
    text = re.sub(r"^dm:", "dm-old:", text, count=1, flags=re.M)
    f.write_text(text)
    assert "content: missing warning 'dm' required by the contract (add it to warnings.yaml)" in problems(content_copy)


def test_menu_missing_contract_option(content_copy):
    """A contract menu must offer the contract's options."""
    f = content_copy / "routes.yaml"
    edit(f, "send-from-bsc, ", "")
    found = problems(content_copy)
    assert any("menu 'bsc-evm' must offer 'send-from-bsc'" in p for p in found), found


def test_raw_html_refused(content_copy):
    """Content uses the neutral markup, never raw HTML."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "answer: |\n", "answer: |\n  <b>bold</b> text\n")
    assert any("raw HTML is not allowed" in p for p in problems(content_copy))


def test_missing_file(content_copy):
    """A missing required file is named."""
    (content_copy / "links.yaml").unlink()
    assert any(p.endswith("links.yaml:1: file is missing") for p in problems(content_copy))


def test_bad_threshold(content_copy):
    """Matcher thresholds must be numbers in range."""
    f = content_copy / "matcher.yaml"
    edit(f, "answer: 0.", "answer: lots #")
    assert any("threshold 'answer' must be a number" in p for p in problems(content_copy))


def test_synonym_spelling_in_two_places(content_copy):
    """One spelling cannot fold into two canonical words."""
    f = content_copy / "matcher.yaml"
    edit(f, "  bep2:\n", "  bep2:\n    - bep20\n")
    assert any("'bep20' is already a spelling of 'bsc'" in p for p in problems(content_copy))


def test_stale_entry_warns_without_failing(content_copy):
    """Old last_verified dates warn, and the check still passes."""
    report = validate(content_copy, today=dt.date(2030, 1, 1))
    assert report.ok
    assert any("was last verified" in str(w) and str(w).startswith(str(content_copy)) or "was last verified" in str(w)
               for w in report.warnings)
    assert validate(content_copy, stale_days=100_000, today=dt.date(2030, 1, 1)).warnings == [] or all(
        "last verified" not in str(w) for w in validate(content_copy, stale_days=100_000, today=dt.date(2030, 1, 1)).warnings)


def test_load_valid_refuses_invalid(content_copy):
    """The bot refuses invalid content, listing why."""
    (content_copy / "entries" / "gas-fees.yaml").write_text("id: [\n")
    with pytest.raises(ContentError) as err:
        load_valid(content_copy)
    assert "gas-fees.yaml" in str(err.value)


def test_single_asterisk_emphasis_refused(content_copy):
    """*Single asterisks* would show literally on every platform; the check says so."""
    f = content_copy / "entries" / "gas-fees.yaml"
    edit(f, "answer: |\n", "answer: |\n  Pay in BNB *on BSC* only.\n")
    assert any("*single asterisks* are not markup here" in p for p in problems(content_copy))
