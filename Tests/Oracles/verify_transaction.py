#!/usr/bin/env python3
"""Checks every input of a transaction with Bitcoin Core's script interpreter (libbitcoinkernel via py-bitcoinkernel).

Reads one JSON document on stdin:
    {"transaction": "<hex>", "spent_outputs": [{"script_pubkey": "<hex>", "amount": <satoshis>}, ...]}
and prints one JSON document:
    {"txid": "<txid>", "inputs": [{"index": 0, "valid": true, "error": null}, ...]}
Exit status: 0 when every input verifies with all script verification flags, 1 otherwise, 2 on bad input.
"""

import json
import sys

import pbk
from pbk.script import PrecomputedTransactionData


def main() -> int:
    try:
        request = json.load(sys.stdin)
        transaction = pbk.Transaction(bytes.fromhex(request["transaction"]))
        spent = [
            pbk.TransactionOutput(pbk.ScriptPubkey(bytes.fromhex(item["script_pubkey"])), int(item["amount"]))
            for item in request["spent_outputs"]
        ]
    except Exception as error:  # anything malformed in the request
        print(json.dumps({"error": f"bad request: {error}"}))
        return 2
    if len(spent) != len(transaction.inputs):
        print(json.dumps({"error": f"{len(spent)} spent outputs for {len(transaction.inputs)} inputs"}))
        return 2
    precomputed = PrecomputedTransactionData(transaction, spent)
    flags = pbk.ScriptVerificationFlags.ALL
    results = []
    for index, output in enumerate(spent):
        try:
            valid = output.script_pubkey.verify(output.amount, transaction, precomputed, index, flags)
            results.append({"index": index, "valid": bool(valid), "error": None if valid else "script failed"})
        except pbk.ScriptVerifyException as error:
            results.append({"index": index, "valid": False, "error": str(error)})
    print(json.dumps({"txid": str(transaction.txid), "flags": int(flags), "inputs": results}))
    return 0 if all(result["valid"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
