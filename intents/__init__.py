"""The shared intent matcher: a learned, calibrated classifier; no I/O, no platforms.

Give it intents (id, example questions, keywords), synonyms, off-topic lines,
labelled real questions and thresholds (or a fitted `model.Model` to reuse);
ask `Matcher.match(text)` for ranked candidates with probabilities and a decision.
Training uses scikit-learn (`intents.train`); matching needs only numpy.
"""
from .matcher import ANSWER, CLARIFY, NONE, Candidate, Intent, LabelledQuestion, Match, Matcher, Thresholds
from .normalise import Normalised, Normaliser, fold, words

__all__ = [
    "ANSWER", "CLARIFY", "NONE", "Candidate", "Intent", "LabelledQuestion", "Match", "Matcher", "Thresholds",
    "Normalised", "Normaliser", "fold", "words",
]
