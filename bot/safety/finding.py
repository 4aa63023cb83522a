"""What the safety guard found in a message: a rule, what to do, a safe detail."""
from __future__ import annotations

from dataclasses import dataclass

RECOVERY_PHRASE = "recovery-phrase"
PRIVATE_KEY = "private-key"
POSSIBLE_KEY = "possible-key"
LOOKALIKE_LINK = "lookalike-link"

DELETE = "delete"
REMIND = "remind"
LINK = "link"


@dataclass(frozen=True)
class Finding:
    rule: str  # "recovery-phrase", "private-key", "possible-key", "lookalike-link"
    action: str  # "delete", "remind", "link"
    detail: str = ""  # safe to show (e.g. the real domain a link imitates); never the secret

    @property
    def is_secret(self) -> bool:
        return self.action == DELETE
