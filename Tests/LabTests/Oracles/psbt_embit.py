#!/usr/bin/env python3
"""Independent judge of the psbt-role vectors: embit (not Custos) combines and finalizes the same files.

Reads one JSON document on stdin:
    {"chains": [{"name": ..., "cosigners": [PATH, ...], "combined": PATH, "finalized": PATH,
                 "transaction": PATH, "embit_finalizes": true|false}]}
and prints one JSON document:
    {"chains": [{"name": ..., "combined_equal": bool, "differences": [...], "signatures": {"0": [HEX, ...]},
                 "signers": {"0": ["[fingerprint/path] HEX", ...]},
                 "embit_transaction": HEX or null, "finalized_transaction": HEX or null, "txid": HEX or null}]}

signers: per input, each key with a signature in the expected combined PSBT and the origin embit reads for it,
"[fingerprint/path] key" with hardened steps written as h. combined_equal: embit's own merge of the cosigners' copies (InputScope.update, as its combiner does) equals the
expected combined PSBT once both are written by embit (signature maps compared as sets). embit_transaction: what
embit's finalizer makes of the expected combined PSBT, and finalized_transaction: of the expected finalized PSBT
(whose final scripts it copies); only for the scripts embit's finalizer handles (P2WSH multisig).
"""

import json
import sys
from collections import OrderedDict

from embit.finalizer import finalize_psbt
from embit.psbt import PSBT


def load(path: str) -> PSBT:
    with open(path, "rb") as handle:
        data = handle.read()
    if data.startswith(b"psbt\xff"):
        return PSBT.parse(data)
    return PSBT.from_string(data.decode().strip())


def normalised(psbt: PSBT) -> bytes:
    """embit's serialization with every signature and derivation map in key order."""
    for scope in psbt.inputs:
        for name in ("partial_sigs", "taproot_sigs", "bip32_derivations", "taproot_bip32_derivations"):
            mapping = getattr(scope, name)
            setattr(scope, name, OrderedDict(sorted(mapping.items(), key=lambda item: repr(item[0]))))
    for scope in psbt.outputs:
        for name in ("bip32_derivations", "taproot_bip32_derivations"):
            mapping = getattr(scope, name)
            setattr(scope, name, OrderedDict(sorted(mapping.items(), key=lambda item: repr(item[0]))))
    psbt.xpubs = OrderedDict(sorted(psbt.xpubs.items(), key=lambda item: repr(item[0])))
    return psbt.serialize()


def origin(derivation) -> str:
    steps = [f"{step - 0x80000000}h" if step >= 0x80000000 else str(step) for step in derivation.derivation]
    return "/".join([derivation.fingerprint.hex()] + steps)


def signers(psbt: PSBT) -> dict:
    """Each signing key with the origin the PSBT records for it."""
    result = {}
    for index, scope in enumerate(psbt.inputs):
        named = []
        for key in scope.partial_sigs:
            named.append(f"[{origin(scope.bip32_derivations[key])}] {key.sec().hex()}")
        for key, _ in scope.taproot_sigs:
            matches = [value for candidate, value in scope.taproot_bip32_derivations.items()
                       if candidate.xonly() == key.xonly()]
            named.append(f"[{origin(matches[0][1])}] {key.xonly().hex()}")
        result[str(index)] = sorted(named)
    return result


def judge(chain: dict) -> dict:
    copies = [load(path) for path in chain["cosigners"]]
    merged = copies[0]
    for other in copies[1:]:
        for mine, theirs in zip(merged.inputs, other.inputs):
            mine.update(theirs)
        for mine, theirs in zip(merged.outputs, other.outputs):
            mine.update(theirs)
        merged.xpubs.update(other.xpubs)
    expected = load(chain["combined"])
    differences = []
    for index, (mine, theirs) in enumerate(zip(merged.inputs, expected.inputs)):
        if dict(mine.partial_sigs) != dict(theirs.partial_sigs):
            differences.append(f"input {index}: partial signatures differ")
        if dict(mine.taproot_sigs) != dict(theirs.taproot_sigs):
            differences.append(f"input {index}: taproot signatures differ")
    combined_equal = normalised(merged) == normalised(load(chain["combined"]))
    if not combined_equal and not differences:
        differences.append("records other than signatures differ")
    signatures = {
        str(index): sorted([key.sec().hex() for key in scope.partial_sigs]
                           + [key.xonly().hex() for key, _ in scope.taproot_sigs])
        for index, scope in enumerate(load(chain["combined"]).inputs)
    }
    result = {"name": chain["name"], "combined_equal": combined_equal, "differences": differences,
              "signatures": signatures, "signers": signers(load(chain["combined"])), "embit_transaction": None, "finalized_transaction": None, "txid": None}
    if chain.get("embit_finalizes"):
        transaction = finalize_psbt(load(chain["combined"]))
        finalized = finalize_psbt(load(chain["finalized"]))
        result["embit_transaction"] = transaction.serialize().hex() if transaction else None
        result["finalized_transaction"] = finalized.serialize().hex() if finalized else None
        result["txid"] = transaction.txid().hex() if transaction else None
    return result


def main() -> int:
    try:
        request = json.load(sys.stdin)
        results = [judge(chain) for chain in request["chains"]]
    except Exception as error:  # anything malformed: say so, exit 2
        print(json.dumps({"error": repr(error)}))
        return 2
    print(json.dumps({"chains": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
