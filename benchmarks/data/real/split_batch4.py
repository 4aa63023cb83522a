"""One-time split of the fourth batch of real questions (collected 3 Dec 2026, session 3).

Same checks, duplicate rules and stratified 30% split as split_batch2.py (whose
functions it uses), with its own seed: duplicates are checked against every item of
train.yaml, test.yaml, test2.yaml and test3.yaml; the training part is APPENDED to
train.yaml after MARKER and the test part becomes the NEW frozen file test4.yaml. The
pool file (batch4_pool.yaml) was deleted afterwards. Do NOT re-run it: it refuses once
test4.yaml exists or the marker is in train.yaml.
"""
from split_batch2 import split_batch

SEED = 20261207
MARKER = "# batch 4, 2026-12-03 session 3 (split once by split_batch4.py; its test part is test4.yaml)"


def main():
    split_batch(4, SEED, MARKER)


if __name__ == "__main__":
    main()
