"""The shared intent matcher: pure Python over rapidfuzz, no I/O, no platforms.

Give it intents (id, example questions, keywords), synonyms and thresholds;
ask `Matcher.match(text)` for ranked candidates and a decision.
"""
from .matcher import ANSWER, CLARIFY, NONE, Candidate, Intent, LabelledQuestion, Match, Matcher, Thresholds
from .normalise import Normalised, Normaliser, fold, words

__all__ = [
    "ANSWER", "CLARIFY", "NONE", "Candidate", "Intent", "LabelledQuestion", "Match", "Matcher", "Thresholds",
    "Normalised", "Normaliser", "fold", "words",
]
