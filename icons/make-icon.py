#!/usr/bin/env python3
"""Draws Stardesk's app icon (a gold star on an indigo tile) as icons/source.png, 1024 px.
The platform sizes come from it: `npx --prefix ui tauri icon icons/source.png -o icons`."""

import math
import os
import struct
import zlib

SIZE = 1024


def star_points(cx, cy, r_out, r_in, n=5):
    pts = []
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        a = -math.pi / 2 + i * math.pi / n
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    ex, ey = ax + t * dx - px, ay + t * dy - py
    return math.sqrt(ex * ex + ey * ey)


def inside(px, py, pts):
    c = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > py) != (yj > py) and px < (xj - xi) * (py - yi) / (yj - yi) + xi:
            c = not c
        j = i
    return c


def poly_sdf(px, py, pts):
    d = min(seg_dist(px, py, *pts[i], *pts[(i + 1) % len(pts)]) for i in range(len(pts)))
    return -d if inside(px, py, pts) else d


def rounded_rect_sdf(px, py, cx, cy, half, radius):
    qx = abs(px - cx) - (half - radius)
    qy = abs(py - cy) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def cover(d):
    return max(0.0, min(1.0, 0.5 - d))


def lerp(a, b, t):
    return tuple(a[i] + (b[i] - a[i]) * t for i in range(len(a)))


def main():
    c = SIZE / 2
    star = star_points(c, c * 1.04, SIZE * 0.33, SIZE * 0.145)
    top, bottom = (99, 102, 241), (49, 46, 129)
    gold_hi, gold_lo = (253, 224, 71), (245, 158, 11)
    rows = []
    for y in range(SIZE):
        row = bytearray([0])
        for x in range(SIZE):
            px, py = x + 0.5, y + 0.5
            tile = cover(rounded_rect_sdf(px, py, c, c, SIZE * 0.45, SIZE * 0.2))
            if tile <= 0.0:
                row += b"\0\0\0\0"
                continue
            t = (px + py) / (2 * SIZE)
            col = lerp(top, bottom, t)
            # A soft glow behind the star.
            glow = max(0.0, 1.0 - math.hypot(px - c, py - c * 1.04) / (SIZE * 0.42)) ** 2 * 0.35
            col = lerp(col, (165, 180, 252), glow)
            s = cover(poly_sdf(px, py, star)) if abs(px - c) < SIZE * 0.36 and abs(py - c) < SIZE * 0.4 else 0.0
            if s > 0.0:
                gold = lerp(gold_hi, gold_lo, max(0.0, min(1.0, (py - SIZE * 0.2) / (SIZE * 0.6))))
                col = lerp(col, gold, s)
            row += bytes(int(round(v)) for v in col) + bytes([int(round(tile * 255))])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.png")
    with open(out, "wb") as f:
        f.write(png)
    print(out)


if __name__ == "__main__":
    main()
