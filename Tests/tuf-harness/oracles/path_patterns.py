"""Oracle for ManifestTests: python-tuf's delegation path matching (DelegatedRole.is_delegated_path).

Reads a JSON array of [pattern, target path] pairs on stdin; prints 1 (delegated) or 0 per pair.
"""

import json
import sys

from tuf.api.metadata import DelegatedRole

for pattern, path in json.loads(sys.stdin.read()):
    role = DelegatedRole("oracle", [], 1, False, paths=[pattern])
    print(1 if role.is_delegated_path(path) else 0)
