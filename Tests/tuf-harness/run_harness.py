"""Entry point for `swift test` (ManifestTests.HarnessTests): runs this folder's pytest suite against a custos-tuf
binary and prints pytest's summary line. Usage: run_harness.py PATH_TO_CUSTOS_TUF"""

import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the checkout (pytest honours it for rewritten asserts)

import pytest  # noqa: E402

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    sys.exit(
        pytest.main([here, "-q", "-p", "no:cacheprovider", "--custos-tuf", sys.argv[1], "--rootdir", here])
    )
