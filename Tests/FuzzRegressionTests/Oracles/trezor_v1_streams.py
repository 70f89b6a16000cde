"""Differential oracle for the framing-trezor-v1 fuzz target: trezorlib's protocol_v1.read reassembles each stream
of 64-byte reports, message after message, until the reports run out or it raises.

stdin: {"streams": ["<hex of the concatenated reports>", ...]}
stdout: {"results": [{"messages": [{"type": int, "payload": hex}, ...], "end": "clean" | "incomplete" | "error"}]}
"""

import json
import sys

from trezorlib import protocol_v1


class OutOfReports(Exception):
    pass


class Reports:
    CHUNK_SIZE = 64

    def __init__(self, data):
        self.chunks = [data[i:i + 64] for i in range(0, len(data), 64)]

    def read_chunk(self, timeout=None):
        if not self.chunks:
            raise OutOfReports()
        return self.chunks.pop(0)


results = []
for stream in json.load(sys.stdin)["streams"]:
    reports = Reports(bytes.fromhex(stream))
    messages, end = [], "clean"
    while reports.chunks:
        try:
            kind, payload = protocol_v1.read(reports, timeout=1)
        except OutOfReports:
            end = "incomplete"
            break
        except Exception:
            end = "error"
            break
        messages.append({"type": kind, "payload": payload.hex()})
    results.append({"messages": messages, "end": end})
json.dump({"results": results}, sys.stdout)
