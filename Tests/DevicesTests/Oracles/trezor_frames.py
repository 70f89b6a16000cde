"""Oracle for Custos's Trezor protocol-v1 codec: trezorlib reassembles the reports Custos encoded and encodes the
messages Custos must decode. Reads JSON from stdin, writes JSON to stdout."""

import json
import sys

from trezorlib import protocol_v1


class Replay:
    CHUNK_SIZE = 64

    def __init__(self, chunks):
        self.chunks = [bytes.fromhex(c) for c in chunks]
        self.written = []

    def read_chunk(self, timeout=None):
        return self.chunks.pop(0)

    def write_chunk(self, chunk):
        self.written.append(bytes(chunk).hex())


request = json.load(sys.stdin)
decoded = []
for message in request["decode"]:
    message_type, payload = protocol_v1.read(Replay(message))
    decoded.append({"type": message_type, "payload": payload.hex()})
encoded = []
for message in request["encode"]:
    sink = Replay([])
    protocol_v1.write(sink, message["type"], bytes.fromhex(message["payload"]))
    encoded.append(sink.written)
json.dump({"decoded": decoded, "encoded": encoded}, sys.stdout)
