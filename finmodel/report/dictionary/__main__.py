"""`python -m finmodel.report.dictionary [--check]`: write docs/data_dictionary.md and .csv, or check they are current."""

import sys

from finmodel.report.dictionary import DOCS, stale, write


def main(argv) -> int:
    if "--check" in argv:
        old = stale()
        if old:
            print(f"stale: {', '.join(old)} under {DOCS}; run: python -m finmodel.report.dictionary")
            return 1
        print("the data dictionary is current")
        return 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
