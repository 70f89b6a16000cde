"""Oracle for ManifestTests: securesystemslib's canonical JSON (what TUF signs).

  canonical.py signed FILE...   one line per file: sha256 of encode_canonical(document["signed"])
  canonical.py documents        reads a JSON array of documents on stdin; prints one line per document: the hex of
                                encode_canonical(document), or "error" if it has no canonical form
"""

import hashlib
import json
import sys

from securesystemslib.formats import encode_canonical

if sys.argv[1] == "signed":
    for path in sys.argv[2:]:
        with open(path, "rb") as file:
            document = json.loads(file.read().decode("utf-8"))
        print(hashlib.sha256(encode_canonical(document["signed"]).encode("utf-8")).hexdigest())
elif sys.argv[1] == "documents":
    for document in json.loads(sys.stdin.read()):
        try:
            print(encode_canonical(document).encode("utf-8").hex())
        except Exception:  # securesystemslib raises FormatError for floats and other non-canonical values
            print("error")
