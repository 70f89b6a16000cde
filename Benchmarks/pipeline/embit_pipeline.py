"""The PSBT pipeline of `make bench` done with embit (pure Python; its bundled libsecp256k1 verifies).

    python embit_pipeline.py COSIGNER_A.psbt COSIGNER_C.psbt

Reads two base64 cosigner copies of a 2-of-3 wsh(sortedmulti) sweep, combines them (same unsigned transaction,
partial signatures merged), verifies every partial signature against its BIP143 sighash, finalizes each input
(OP_0, the signatures in the witness script's key order, the witness script) and prints the signed transaction in
hex, as `custos psbt combine` + `finalize` + `extract` do in three processes. One process here, which favours embit.
"""

import sys

from embit import ec
from embit.psbt import PSBT
from embit.script import Witness, p2wsh
from embit.transaction import SIGHASH


def load(path):
    with open(path) as handle:
        return PSBT.from_base64(handle.read().strip())


def multisig_keys(witness_script):
    """The public keys of OP_m <key>... OP_n OP_CHECKMULTISIG, in script order, and m."""
    data = witness_script.data
    threshold = data[0] - 0x50
    keys, position = [], 1
    while data[position] == 33:
        keys.append(data[position + 1 : position + 34])
        position += 34
    if data[position] - 0x50 != len(keys) or data[position + 1] != 0xAE:
        raise SystemExit("not a multisig witness script")
    return threshold, keys


def main(first, second):
    psbt, other = load(first), load(second)
    if psbt.tx.txid() != other.tx.txid():
        raise SystemExit("the copies spend different transactions")
    for mine, theirs in zip(psbt.inputs, other.inputs):
        mine.update(theirs)
    transaction = psbt.tx
    for index, scope in enumerate(psbt.inputs):
        script = scope.witness_script
        utxo = scope.witness_utxo
        if utxo.script_pubkey != p2wsh(script):
            raise SystemExit(f"input {index}: witness script does not match the spent output")
        digest = transaction.sighash_segwit(index, script, utxo.value, sighash=SIGHASH.ALL)
        threshold, keys = multisig_keys(script)
        by_key = {}
        for public_key, signature in scope.partial_sigs.items():
            if signature[-1] != SIGHASH.ALL:
                raise SystemExit(f"input {index}: unexpected sighash type")
            if not public_key.verify(ec.Signature.parse(signature[:-1]), digest):
                raise SystemExit(f"input {index}: invalid signature")
            by_key[public_key.sec()] = signature
        ordered = [by_key[key] for key in keys if key in by_key]
        if len(ordered) < threshold:
            raise SystemExit(f"input {index}: {len(ordered)} of {threshold} signatures")
        scope.final_scriptwitness = Witness([b""] + ordered[:threshold] + [script.data])
        scope.partial_sigs.clear()
        scope.bip32_derivations.clear()
        scope.witness_script = None
    for vin, scope in zip(transaction.vin, psbt.inputs):
        vin.witness = scope.final_scriptwitness
    sys.stdout.write(transaction.serialize().hex() + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
