#!/usr/bin/env python3
"""Derives addresses from output descriptors with embit (an independent BIP 380-389 implementation).

Reads one JSON document on stdin:
    {"network": "regtest", "requests": [{"descriptor": "<text with #checksum>", "branch": 0, "indexes": [0, 1]}]}
and prints one JSON document:
    {"results": [{"checksum_ok": true, "addresses": ["bcrt1...", ...]}, ...]}
`branch` selects the path of a <a;b> multipath step (ignored for single-path descriptors).
Exit status: 0, or 2 on a bad request.
"""

import json
import sys

from embit.descriptor import Descriptor
from embit.descriptor.checksum import add_checksum
from embit.networks import NETWORKS


def main() -> int:
    try:
        request = json.load(sys.stdin)
        network = NETWORKS[request["network"]]
        results = []
        for item in request["requests"]:
            text = item["descriptor"]
            body = text.split("#")[0]
            descriptor = Descriptor.from_string(body)
            addresses = [
                descriptor.derive(index, branch_index=item.get("branch", 0)).address(network)
                for index in item["indexes"]
            ]
            results.append({"checksum_ok": add_checksum(body) == text, "addresses": addresses})
    except Exception as error:  # anything malformed in the request
        print(json.dumps({"error": f"bad request: {error}"}))
        return 2
    print(json.dumps({"results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
