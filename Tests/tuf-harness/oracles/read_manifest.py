"""Oracle for ManifestTests: python-tuf's ngclient reads a Custos manifest repository from a folder.

  read_manifest.py REPOSITORY_FOLDER TARGET_PATH...
Prints one JSON object: {"versions": {role: version}, "targets": {path: {"length", "hashes", "custom"}}} for the
given target paths (each resolved through the delegation tree), refreshed at the current time.
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

from tuf.ngclient import FetcherInterface, Updater


class FolderFetcher(FetcherInterface):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _fetch(self, url: str):
        from urllib import parse

        from tuf.api.exceptions import DownloadHTTPError

        path = self.folder / parse.unquote(url.removeprefix("folder:///"))
        if not path.is_file():
            raise DownloadHTTPError(f"{url} not found", 404)
        return iter([path.read_bytes()])


folder = Path(sys.argv[1])
work = Path(tempfile.mkdtemp())
try:
    root = (folder / "metadata" / "1.root.json").read_bytes()
    updater = Updater(
        str(work), "folder:///metadata/", str(work), "folder:///targets/", fetcher=FolderFetcher(folder), bootstrap=root)
    updater.refresh()
    found = {}
    for path in sys.argv[2:]:
        info = updater.get_targetinfo(path)
        if info is not None:
            found[path] = {"length": info.length, "hashes": info.hashes, "custom": info.custom}
    versions = {}
    for file in sorted(work.glob("*.json")):
        versions[file.stem] = json.loads(file.read_bytes())["signed"]["version"]
    print(json.dumps({"versions": versions, "targets": found}))
finally:
    shutil.rmtree(work)
