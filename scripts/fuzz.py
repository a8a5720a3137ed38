"""The long schemathesis run: every operation, every role, many examples.

  .venv/bin/python scripts/fuzz.py [--examples 200]                 (SQLite)
  scripts/with-postgres.sh .venv/bin/python scripts/fuzz.py         (PostgreSQL)

It runs the suite's contract-fuzzing test (generated input with the hostile values of issue 12
mixed in: lone surrogates, NUL, years 1 and 9999, huge numbers, deep JSON) with FUZZ_EXAMPLES
raised, so the short run in `make test` and this long one are the same code.
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per operation and role")
    args = parser.parse_args()
    env = dict(os.environ, FUZZ_EXAMPLES=str(args.examples))
    return subprocess.call([sys.executable, "-m", "pytest", "-p", "no:warnings",
                            "tests/common/test_contract_fuzzing.py"], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
