"""Draw the placeholder product images that catalog.yaml names under ``images:``.

The real catalogue's photos belong to the producers, so the repository ships small generated
cards instead: a colour field per OCOP group (tea green, food amber, drinks wine red, herbs teal,
crafts brown, tourism blue) with a pattern chosen from a hash of the image's path, so every
image differs, plus one light square per star of the product's newest certificate.

Pure Python (zlib + struct) so it runs anywhere the project runs, and deterministic: running it
again rewrites the same bytes. Usage (from the repository root):

    .venv/bin/python scripts/make_images.py [catalog.yaml]
"""

from __future__ import annotations

import hashlib
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import yaml

SIZE = 240
MAX_BYTES = 20_000  # keep the repository light; marketplaces accept far larger

Colour = tuple[int, int, int]

GROUP_COLOURS: dict[str, Colour] = {
    "thuc_pham/che": (46, 125, 50),
    "thuc_pham": (239, 160, 40),
    "do_uong": (140, 30, 60),
    "duoc_lieu": (0, 121, 107),
    "thu_cong_my_nghe": (121, 85, 72),
    "sinh_vat_canh": (104, 159, 56),
    "dich_vu_du_lich": (30, 100, 180),
}
FALLBACK_COLOUR: Colour = (120, 120, 120)

Pattern = Callable[[int, int, int], bool]  # (x, y, band) → accent pixel?

PATTERNS: list[Pattern] = [
    lambda x, y, b: (y // b) % 2 == 0,  # horizontal stripes
    lambda x, y, b: (x // b) % 2 == 0,  # vertical stripes
    lambda x, y, b: ((x + y) // b) % 2 == 0,  # diagonal stripes
    lambda x, y, b: ((x - y + 4 * SIZE) // b) % 2 == 0,  # other diagonal
    lambda x, y, b: (x // b + y // b) % 2 == 0,  # checks
    lambda x, y, b: (max(abs(x - SIZE // 2), abs(y - SIZE // 2)) // b) % 2 == 0,  # squares
    lambda x, y, b: (x % (2 * b) < b // 2 + 2) and (y % (2 * b) < b // 2 + 2),  # dots
]


def shade(colour: Colour, factor: float) -> Colour:
    """The colour lightened (factor > 1) or darkened (< 1), clamped to 0–255."""
    if factor >= 1:
        return tuple(round(c + (255 - c) * (factor - 1)) for c in colour)  # type: ignore[return-value]
    return tuple(round(c * factor) for c in colour)  # type: ignore[return-value]


def colour_for(group: str, subgroup: str | None) -> Colour:
    """The base colour of a product group (tea has its own)."""
    return GROUP_COLOURS.get(f"{group}/{subgroup}") or GROUP_COLOURS.get(group, FALLBACK_COLOUR)


def draw(seed: bytes, base: Colour, stars: int) -> list[bytearray]:
    """Rows of RGB pixels: pattern and shades picked by ``seed``, a star band at the bottom."""
    pattern = PATTERNS[seed[0] % len(PATTERNS)]
    band = 8 + seed[1] % 24
    field = shade(base, 0.75 + (seed[2] % 20) / 100)
    accent = shade(base, 1.15 + (seed[3] % 30) / 100)
    star_colour = (255, 236, 160)
    rows = []
    for y in range(SIZE):
        row = bytearray()
        for x in range(SIZE):
            if y >= SIZE - 44 and _in_star_square(x, y, stars):
                pixel = star_colour
            elif x < 6 or y < 6 or x >= SIZE - 6 or y >= SIZE - 6:
                pixel = shade(base, 0.5)  # frame
            else:
                pixel = accent if pattern(x, y, band) else field
            row += bytes(pixel)
        rows.append(row)
    return rows


def _in_star_square(x: int, y: int, stars: int) -> bool:
    # squares of 24 px, 8 px apart, centred along the bottom
    width = stars * 24 + (stars - 1) * 8
    left = (SIZE - width) // 2
    if not (left <= x < left + width and SIZE - 36 <= y < SIZE - 12):
        return False
    return (x - left) % 32 < 24


def png_bytes(rows: list[bytearray]) -> bytes:
    """A truecolour PNG of the rows (filter 0 on every row)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", len(rows[0]) // 3, len(rows), 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def newest_stars(product: dict[str, object]) -> int:
    """Stars of the latest certification (dates compare as ISO text or dates alike)."""
    certs = product.get("certifications") or []
    assert isinstance(certs, list)
    if not certs:
        return 0
    newest = max(certs, key=lambda c: str(c.get("date")))
    return int(newest.get("stars", 0))


def make_images(catalog_path: Path) -> list[Path]:
    """Write every image the catalogue names; return their paths."""
    data = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    root = catalog_path.parent
    written: list[Path] = []
    seen: dict[bytes, str] = {}
    for product in data.get("products") or []:
        base = colour_for(product["group"], product.get("subgroup"))
        for image in product.get("images") or []:
            target = root / image
            if target.suffix.lower() != ".png":
                raise SystemExit(f"{image}: this script writes .png files only")
            seed = hashlib.sha256(image.encode("utf-8")).digest()
            content = png_bytes(draw(seed, base, newest_stars(product)))
            if len(content) > MAX_BYTES:
                raise SystemExit(f"{image}: {len(content)} bytes, over {MAX_BYTES}")
            if content in seen:  # two paths hashing to the same look would confuse buyers
                raise SystemExit(f"{image} looks exactly like {seen[content]}")
            seen[content] = image
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
    return written


def main() -> None:
    """Command-line entry: the catalogue path is the only (optional) argument."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "catalog.yaml")
    written = make_images(path)
    largest = max((p.stat().st_size for p in written), default=0)
    print(f"wrote {len(written)} images under {path.parent / 'images'} (largest {largest} bytes)")


if __name__ == "__main__":
    main()
