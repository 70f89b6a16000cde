"""Second QR decoder for Custos's rendered frames: zxing-cpp (PyPI zxing-cpp), images read by Pillow.

Usage: zxing_read.py IMAGE...  Prints one JSON list: for each image, the texts of the QR codes found.
"""
import json
import sys

import zxingcpp
from PIL import Image


def main() -> None:
    results = []
    for path in sys.argv[1:]:
        image = Image.open(path)
        image.load()
        codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        results.append([code.text for code in codes])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
