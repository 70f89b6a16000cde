"""Oracle for ManifestTests: embit's BIP 380 descriptor checksum.

Reads a JSON array of descriptors (without checksum) on stdin; prints each with its checksum appended.
"""

import json
import sys

from embit.descriptor.checksum import add_checksum

for descriptor in json.loads(sys.stdin.read()):
    print(add_checksum(descriptor))
