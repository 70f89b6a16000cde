"""Differential oracles for the fuzz corpora. Reads {"kind": ..., "inputs": ["<hex>", ...]} on stdin and writes
{"results": [...]} with one entry per input:

- "transaction": Bitcoin Core's deserializer (libbitcoinkernel via py-bitcoinkernel): {"txid": hex} or
  {"error": text}. libbitcoinkernel ignores bytes after a transaction, so the caller compares only what Custos
  accepts, or checks that Custos's refusal is about trailing bytes.
- "canonical": securesystemslib's encode_canonical of the JSON document (kind "canonical") or of its "signed" member
  (kind "canonical-signed"): {"canonical": hex} or {"error": text}.
- "descriptor-checksum": embit's BIP 380 checksum of the descriptor text (without any "#..." suffix).
- "psbt": embit's PSBT parser (v0 and v2): {"serialized": hex of its re-serialization} or {"error": text}.
"""

import json
import sys


def transaction(data):
    import pbk
    try:
        return {"txid": str(pbk.Transaction(data).txid)}
    except Exception as error:  # libbitcoinkernel refuses with a RuntimeError
        return {"error": str(error)}


def canonical(data, member=None):
    from securesystemslib.formats import encode_canonical
    try:
        document = json.loads(data.decode("utf-8"))
        if member is not None:
            document = document[member]
        return {"canonical": encode_canonical(document).encode("utf-8").hex()}
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


def descriptor_checksum(data):
    from embit.descriptor.checksum import checksum
    try:
        return {"checksum": checksum(data.decode("utf-8").split("#")[0])}
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


def psbt(data):
    from embit.psbt import PSBT
    try:
        return {"serialized": PSBT.parse(data).serialize().hex()}
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


request = json.load(sys.stdin)
kind = request["kind"]
handlers = {
    "transaction": transaction,
    "canonical": canonical,
    "canonical-signed": lambda data: canonical(data, "signed"),
    "descriptor-checksum": descriptor_checksum,
    "psbt": psbt,
}
json.dump({"results": [handlers[kind](bytes.fromhex(item)) for item in request["inputs"]]}, sys.stdout)
