"""One-time split of the third batch of real questions (collected 3 Dec 2026, session 2).

Same checks, duplicate rules and stratified 30% split as split_batch2.py (whose
functions it uses), with its own seed: duplicates are checked against every item of
train.yaml, test.yaml and test2.yaml; the training part is APPENDED to train.yaml after
MARKER and the test part becomes the NEW frozen file test3.yaml. The pool file
(batch3_pool.yaml) was deleted afterwards. Do NOT re-run it: it refuses once
test3.yaml exists or the marker is in train.yaml.
"""
from split_batch2 import split_batch

SEED = 20261206
MARKER = "# batch 3, 2026-12-06 (split once by split_batch3.py; its test part is test3.yaml)"


def main():
    split_batch(3, SEED, MARKER)


if __name__ == "__main__":
    main()
