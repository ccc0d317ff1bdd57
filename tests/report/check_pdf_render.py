#!/usr/bin/env python3
"""The PDF report's pages look as they did: the Lai Châu case rendered by the
thidua program, its pages turned into grey images by pdftoppm (poppler-utils)
and compared with the golden images in tests/report/golden/, at a tolerance.

    check_pdf_render.py THIDUA SOURCE_DIR WORK_DIR [--update]

Text is compared by test_report_pdf (pdftotext); this test catches what text
cannot: a table drawn over its neighbour, a heading moved, a signature block
gone off the page. The tolerance absorbs anti-aliasing: a page fails when more
than 0.5 % of its pixels differ by more than a quarter of the grey scale, or
when the page count or size differs. The fonts are Debian's fonts-dejavu-core,
so the same packages give the same pages. --update rewrites the golden images
(review them by eye before committing). Python standard library only.
"""
import os
import struct
import subprocess
import sys
import zlib

DPI = 40
GOLDEN = os.path.join("tests", "report", "golden")
NAME = "lai-chau-pdf"


def read_png(path):
    """(width, height, grey bytes) of an 8-bit greyscale or RGB, non-interlaced PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, width, bpp = 8, b"", None, 1
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (0, 2) and interlace == 0, f"{path}: not 8-bit grey or RGB"
            bpp = 3 if colour == 2 else 1
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line if bpp == 1 else bytes(sum(line[i:i + 3]) // 3 for i in range(0, stride, 3))
        prev = line
    return width, height, bytes(out)


def pages(thidua, src, work):
    """The rendered pages' PNG files, in order."""
    ex = os.path.join(src, "examples", "lai-chau")
    pdf = os.path.join(work, "report.pdf")
    subprocess.run([thidua, "eval", os.path.join(ex, "rulebook.yaml"), os.path.join(ex, "data.yaml"),
                    os.path.join(ex, "results.csv"), "-o", pdf], check=True)
    for f in os.listdir(work):
        if f.startswith("page-"):
            os.remove(os.path.join(work, f))
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", pdf, os.path.join(work, "page")], check=True)
    return [os.path.join(work, f) for f in sorted(os.listdir(work)) if f.startswith("page-")]


def main():
    thidua, src, work = sys.argv[1:4]
    update = "--update" in sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    got = pages(thidua, src, work)
    golden_dir = os.path.join(src, GOLDEN)
    if update:
        for f in os.listdir(golden_dir):
            if f.startswith(NAME):
                os.remove(os.path.join(golden_dir, f))
        for i, page in enumerate(got, 1):
            with open(page, "rb") as a, open(os.path.join(golden_dir, f"{NAME}-{i}.png"), "wb") as b:
                b.write(a.read())
        print(f"check_pdf_render: wrote {len(got)} golden page(s) to {golden_dir}")
        return 0
    want = sorted(f for f in os.listdir(golden_dir) if f.startswith(NAME))
    failures = []
    if len(want) != len(got):
        failures.append(f"{len(got)} page(s), the golden images have {len(want)}")
    for i, (page, golden) in enumerate(zip(got, want), 1):
        w1, h1, a = read_png(page)
        w2, h2, b = read_png(os.path.join(golden_dir, golden))
        if (w1, h1) != (w2, h2):
            failures.append(f"page {i}: {w1}x{h1}, the golden image is {w2}x{h2}")
            continue
        differ = sum(1 for x, y in zip(a, b) if abs(x - y) > 64)
        if differ > 0.005 * len(a):
            failures.append(f"page {i}: {differ} of {len(a)} pixels differ ({page} against {golden})")
    for f in failures:
        print(f"FAIL: {f}")
    print(f"check_pdf_render: {len(got)} page(s), {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
