#!/usr/bin/env python3
"""Writes tests/documents/logo.png: the test logo as a raster image (a
shield with a white band), with only the standard library, so the PNG path
of the image loader is tested without an image toolkit.  Run it again only
to change the picture; the PNG is committed."""
import struct, zlib, os

W, H, S = 240, 280, 4  # size and supersampling

def inside(x, y):
    # shield: a rectangle on top, a pointed arc at the bottom (unit box 0..1)
    if x < 0.05 or x > 0.95 or y < 0.04:
        return False
    if y <= 0.5:
        return True
    t = (y - 0.5) / 0.46  # 0 at the shoulder, 1 at the point
    half = 0.45 * (1 - t ** 1.6)
    return abs(x - 0.5) <= half

def colour(x, y):
    if not inside(x, y):
        return None
    if 0.42 <= y <= 0.52 or (0.46 <= x <= 0.54 and 0.12 <= y <= 0.82):
        return (255, 255, 255)  # a white cross
    return (29, 53, 87)

rows = []
for py in range(H):
    row = bytearray([0])
    for px in range(W):
        acc = [0, 0, 0, 0]
        for sy in range(S):
            for sx in range(S):
                c = colour((px + (sx + 0.5) / S) / W, (py + (sy + 0.5) / S) / H)
                if c:
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
        n = S * S
        a = acc[3] // n
        if a:
            k = acc[3] / 255
            row += bytes([int(acc[0] / k), int(acc[1] / k), int(acc[2] / k), a])
        else:
            row += bytes([0, 0, 0, 0])
    rows.append(bytes(row))

def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "logo.png")
with open(out, "wb") as f:
    f.write(png)
