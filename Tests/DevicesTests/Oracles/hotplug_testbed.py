#!/usr/bin/env python3
"""Plugs and unplugs fake USB devices under a running `custos devices watch`, with umockdev's uevents.

    umockdev-wrapper python3 hotplug_testbed.py CUSTOS EVENTS PLUGGED.umockdev [ATTACHED.umockdev...]

Run under umockdev-wrapper (LD_PRELOAD of libumockdev-preload): this process creates the testbed through
libumockdev's C API (ctypes; no GObject bindings needed) and starts `CUSTOS devices watch --json --existing`, which
inherits the preload and UMOCKDEV_DIR. ATTACHED devices are in the testbed before custos starts (libusb's
enumeration reports them); once custos says it is watching, PLUGGED is added with an "add" uevent, then removed
with a "remove" uevent — the netlink messages libusb's udev monitor receives for a real plug and unplug. EVENTS is
how many lines custos must print in all (the attached devices it reports, then PLUGGED arriving and leaving); it
stops by itself after that many (--count).

Prints one JSON document: {"ready": bool, "lines": [what custos printed, in order], "status": exit status,
"stderr": text, "steps": [what this script did, in order]}.
"""

import ctypes
import json
import os
import select
import subprocess
import sys
import time

STEP_TIMEOUT = 20.0


def umockdev():
    library = ctypes.CDLL("libumockdev.so.0")
    library.umockdev_testbed_new.restype = ctypes.c_void_p
    library.umockdev_testbed_get_root_dir.restype = ctypes.c_char_p
    library.umockdev_testbed_get_root_dir.argtypes = [ctypes.c_void_p]
    library.umockdev_testbed_add_from_string.restype = ctypes.c_int
    library.umockdev_testbed_add_from_string.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
    library.umockdev_testbed_uevent.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    library.umockdev_testbed_remove_device.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    return library


def sysfs_path(description):
    for line in description.splitlines():
        if line.startswith("P: "):
            return "/sys" + line[3:].strip()
    raise SystemExit("no P: line in the device description")


class LineReader:
    """Whole lines from a pipe, waiting at most STEP_TIMEOUT for each."""

    def __init__(self, stream):
        self.fd = stream.fileno()
        self.buffer = b""

    def line(self):
        deadline = time.monotonic() + STEP_TIMEOUT
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                return None
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def main():
    custos, events, plugged_file, *attached_files = sys.argv[1:]
    events = int(events)
    library = umockdev()
    testbed = library.umockdev_testbed_new()
    root = library.umockdev_testbed_get_root_dir(testbed).decode()
    steps = []
    for name in attached_files:
        text = open(name).read()
        assert library.umockdev_testbed_add_from_string(testbed, text.encode(), None), name
        steps.append("attached " + sysfs_path(text))
    plugged = open(plugged_file).read()
    path = sysfs_path(plugged).encode()
    environment = dict(os.environ, UMOCKDEV_DIR=root)
    watcher = subprocess.Popen(
        [custos, "devices", "watch", "--json", "--existing", "--count", str(events), "--for", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    output, errors = LineReader(watcher.stdout), LineReader(watcher.stderr)
    lines = []
    ready_line = errors.line()
    ready = ready_line is not None and ready_line.startswith("watching")
    if ready:
        assert library.umockdev_testbed_add_from_string(testbed, plugged.encode(), None)
        library.umockdev_testbed_uevent(testbed, path, b"add")
        steps.append("plugged " + path.decode())
        # The attached devices custos reports (enumerated when it registered), then the plugged one.
        while len(lines) < events - 1:
            line = output.line()
            if line is None:
                break
            lines.append(line)
        library.umockdev_testbed_uevent(testbed, path, b"remove")
        library.umockdev_testbed_remove_device(testbed, path)
        steps.append("unplugged " + path.decode())
        line = output.line()
        if line is not None:
            lines.append(line)
    try:
        status = watcher.wait(timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        watcher.kill()
        status = watcher.wait()
    rest, error_text = watcher.communicate()
    lines += [line for line in rest.decode().splitlines() if line]
    print(json.dumps({"ready": ready, "lines": lines, "status": status,
                      "stderr": (ready_line or "") + "\n" + error_text.decode(), "steps": steps}))


if __name__ == "__main__":
    main()
