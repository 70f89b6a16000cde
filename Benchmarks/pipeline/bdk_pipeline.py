"""The PSBT pipeline of `make bench` done with BDK (bdkpython: rust-bitcoin and rust-miniscript).

    python bdk_pipeline.py COSIGNER_A.psbt COSIGNER_C.psbt

Combines two base64 cosigner copies (BIP 174 combiner), finalizes with rust-miniscript (whose finalizer satisfies
each input's witness script and checks the result with its interpreter, verifying the signatures) and prints the
extracted transaction in hex. One process, which favours BDK against Custos's three.
"""

import sys

import bdkpython as bdk


def load(path):
    with open(path) as handle:
        return bdk.Psbt(handle.read().strip())


def main(first, second):
    combined = load(first).combine(load(second))
    result = combined.finalize()
    if not result.could_finalize:
        raise SystemExit(f"could not finalize: {result.errors}")
    transaction = result.psbt.extract_tx()
    sys.stdout.write(bytes(transaction.serialize()).hex() + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
