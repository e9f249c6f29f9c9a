"""A corpus of hostile and careless catalogues, each with every problem it must give, exactly.

Each case is the base catalogue below with one mistake made in it (a careless clerk) or one
attack tried on it (a hostile user), and the list of (line, column, code) of every problem ocop
must report: one message per mistake, at its place, and nothing else. The base is valid and
quiet on AS_OF; its lines are numbered here so the expected places can be read off:

     1 version: 1
     2 marketplaces:
     3   voso:
     4     categories: {thuc_pham/che: 101, thuc_pham: 108}
     5     overrides:
     6       HD-CTN-100: {price: 240000}
     7 producers:
     8   - id: htx-che-hao-dat
     9     name: HTX chè Hảo Đạt
    10     kind: hop_tac_xa
    11     phone: "0912345678"
    12     address: {street: Xóm Nam Đồng, commune: "05503"}
    13 products:
    14   - id: che-tom-non
    15     name: Chè tôm nõn Hảo Đạt
    16     producer: htx-che-hao-dat
    17     group: thuc_pham
    18     subgroup: che
    19     description: Chè búp tôm nõn hái thủ công ở vùng chè Tân Cương, sao tay.
    20     images: [images/ok.png]
    21     certifications:
    22       - {stars: 5, decision: 2361/QĐ-BNNMT, date: 2025-06-26, level: trung_uong}
    23     skus:
    24       - sku: HD-CTN-100
    25         label: Hộp 100 g
    26         unit: hop
    27         net_weight_g: 100
    28         shipping_weight_g: 180
    29         price: 250000
    30         stock: 40
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PIL import Image

from ocop.connector import Capabilities

AS_OF = date(2026, 11, 22)

BASE = """\
version: 1
marketplaces:
  voso:
    categories: {thuc_pham/che: 101, thuc_pham: 108}
    overrides:
      HD-CTN-100: {price: 240000}
producers:
  - id: htx-che-hao-dat
    name: HTX chè Hảo Đạt
    kind: hop_tac_xa
    phone: "0912345678"
    address: {street: Xóm Nam Đồng, commune: "05503"}
products:
  - id: che-tom-non
    name: Chè tôm nõn Hảo Đạt
    producer: htx-che-hao-dat
    group: thuc_pham
    subgroup: che
    description: Chè búp tôm nõn hái thủ công ở vùng chè Tân Cương, sao tay.
    images: [images/ok.png]
    certifications:
      - {stars: 5, decision: 2361/QĐ-BNNMT, date: 2025-06-26, level: trung_uong}
    skus:
      - sku: HD-CTN-100
        label: Hộp 100 g
        unit: hop
        net_weight_g: 100
        shipping_weight_g: 180
        price: 250000
        stock: 40
"""

Expected = list[tuple[int, int, str]]  # (line, column, code) of every problem, in file order
Files = dict[str, Callable[[Path], None]]  # name under the catalogue's folder → how to make it


@dataclass(frozen=True)
class Case:
    """One hostile catalogue and everything ocop must say about it."""

    name: str
    text: str | bytes
    expected: Expected
    files: Files = field(default_factory=dict)
    limits: Capabilities | None = None  # the marketplace "voso" of the catalogue, if checked


def swap(old: str, new: str, text: str = BASE) -> str:
    """The base with ``old`` (which must occur once) replaced by ``new``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line(n: int, new: str) -> str:
    """The base with line ``n`` replaced by ``new``."""
    lines = BASE.split("\n")
    lines[n - 1] = new
    return "\n".join(lines)


# --- pictures the cases put next to the catalogue ---------------------------------------------


def picture(kind: str, size: tuple[int, int] = (64, 64), **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 130, 60)).save(out, kind, **options)
    return out.getvalue()


def write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def bad_crc_png() -> bytes:
    data = bytearray(picture("PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT's checksum or data
    return bytes(data)


def link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def outside_folder(path: Path) -> None:
    """images/shared → a folder beside the catalogue's folder (outside it), with a picture."""
    elsewhere = path.parent.parent.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "ok.png").write_bytes(picture("PNG"))
    path.symlink_to(elsewhere, target_is_directory=True)


def outside_file(path: Path) -> None:
    secret = path.parent.parent.parent / "secret.png"
    secret.write_bytes(picture("PNG"))
    path.symlink_to(secret)


def folder(path: Path) -> None:
    path.mkdir()


# a marketplace that says what pictures it takes
LIMITS = Capabilities(
    unique_sku=True,
    moderated_create=False,
    moderated_update=False,
    batch_offers=0,
    rate_per_second=1000.0,
    burst=100,
    max_images=2,
    title_length=(10, 120),
    description_length=(20, 5000),
    price_range=(1000, 100_000_000),
    stock_max=999_999,
    image_formats=("JPEG", "PNG"),
    image_bytes_max=200_000,
    image_side_min=100,
    image_side_max=2_000,
)

LONG = "Chè " * 30_000  # 120,000 characters on one line


CASES: list[Case] = [
    # --- characters that are not text, in the file itself -----------------------------------
    Case("nul in the header comment", "# Danh mục\x00\n" + BASE, [(1, 11, "control")]),
    Case(
        "nul in a description",
        swap("sao tay.", "sao\x00 tay."),
        [(19, 72, "control")],
    ),
    Case("bell in a name", swap("Chè tôm nõn", "Chè\x07 tôm nõn"), [(15, 14, "control")]),
    Case(
        "terminal colour codes in a name",
        swap("Chè tôm nõn", "\x1b[31mChè tôm nõn"),
        [(15, 11, "control")],
    ),
    Case("delete character in a label", swap("Hộp 100 g", "Hộp\x7f 100 g"), [(25, 19, "control")]),
    Case("backspace in a producer name", swap("HTX chè", "HTX\x08 chè"), [(9, 14, "control")]),
    Case("form feed from Word", swap("sao tay.", "sao tay.\x0c"), [(19, 77, "control")]),
    Case("vertical tab from a spreadsheet", swap("Xóm Nam", "Xóm\x0bNam"), [(12, 26, "control")]),
    Case("C1 next-line character", swap("vùng chè", "vùng\x85 chè"), [(19, 53, "control")]),
    Case(
        "right-to-left override in a name",
        swap("Chè tôm nõn Hảo Đạt", "Chè tôm nõn \u202etạĐ oảH"),
        [(15, 23, "direction")],
    ),
    Case(
        "override disguising a picture's type",
        swap("images/ok.png", "images/ok\u202egnp.png"),
        [(20, 23, "direction")],
    ),
    Case(
        "left-to-right isolate",
        swap("Tân Cương", "\u2066Tân Cương\u2069"),
        [(19, 58, "direction"), (19, 68, "direction")],
    ),
    Case(
        "pop directional formatting alone", swap("HTX chè", "HTX\u202c chè"), [(9, 14, "direction")]
    ),
    Case(
        "line separator in a description", swap("sao tay.", "sao\u2028tay."), [(19, 72, "control")]
    ),
    Case(
        "paragraph separator in a name",
        swap("Hảo Đạt\n    producer", "Hảo\u2029Đạt\n    producer"),
        [(15, 26, "control")],
    ),
    Case("noncharacter U+FFFF", swap("Hộp 100 g", "Hộp 100 g\uffff"), [(25, 25, "control")]),
    Case(
        "a binary file pasted in: ten shown, the rest counted",
        swap("sao tay.", "sao tay." + "\x01" * 15),
        [(19, 77 + n, "control") for n in range(10)] + [(19, 87, "control")],
    ),
    Case(
        "UTF-16 saved without its byte-order mark",
        BASE.encode("utf-16-le"),
        [(1, 1, "encoding")],
    ),
    Case(
        "an old Vietnamese encoding",
        swap("Chè tôm nõn Hảo Đạt", "Che tom non")
        .encode("utf-8")
        .replace(b"Che tom", "Chè tom".encode("cp1258")),
        [(15, 13, "encoding")],
    ),
    # --- the same characters written as YAML escapes ------------------------------------------
    Case(
        "escaped NUL in a name",
        swap("name: Chè tôm nõn Hảo Đạt", 'name: "Chè\\0 tôm"'),
        [(15, 11, "ocop_control")],
    ),
    Case(
        "escaped bell",
        swap("name: HTX chè Hảo Đạt", 'name: "HTX \\a chè"'),
        [(9, 11, "ocop_control")],
    ),
    Case(
        "escaped override",
        swap("name: Chè tôm nõn Hảo Đạt", 'name: "Chè \\u202e tôm"'),
        [(15, 11, "ocop_control")],
    ),
    Case(
        "escaped escape in a label",
        swap("label: Hộp 100 g", 'label: "\\x1b[1mHộp"'),
        [(25, 16, "ocop_control")],
    ),
    Case(
        "escaped line break in a name",
        swap("name: Chè tôm nõn Hảo Đạt", 'name: "Chè\\ntôm"'),
        [(15, 11, "ocop_line_break")],
    ),
    Case(
        "escaped tab in a name",
        swap("name: Chè tôm nõn Hảo Đạt", 'name: "Chè\\ttôm"'),
        [(15, 11, "ocop_tab")],
    ),
    Case(
        "a name written as a block of two lines",
        swap("    name: Chè tôm nõn Hảo Đạt\n", "    name: |\n      Chè tôm nõn\n      Hảo Đạt\n"),
        [(15, 11, "ocop_line_break")],
    ),
    Case(
        "escaped line separator in a description",
        swap("description: Chè búp", 'description: "\\u2028Chè búp').replace(
            "sao tay.", 'sao tay."'
        ),
        [(19, 18, "ocop_control")],
    ),
    Case(
        "escaped next-line in a street",
        swap("street: Xóm Nam Đồng", 'street: "Xóm\\NNam"'),
        [(12, 23, "ocop_control")],
    ),
    Case(
        "escaped noncharacter in a picture path",
        swap("images: [images/ok.png]", 'images: ["images/\\uffffok.png"]'),
        [(20, 14, "ocop_control")],
    ),
    # --- the file as a whole --------------------------------------------------------------------
    Case("an empty file", "", [(1, 1, "empty")]),
    Case("only blank lines", "\n\n   \n", [(1, 1, "empty")]),
    Case(
        "only comments",
        "# yaml-language-server: $schema=./catalog.schema.json\n# TODO\n",
        [(1, 1, "empty")],
    ),
    Case("only a document marker", "---\n", [(1, 1, "empty")]),
    Case("a byte-order mark and nothing else", b"\xef\xbb\xbf", [(1, 1, "empty"), (1, 1, "bom")]),
    Case("a second document", BASE + "---\nversion: 1\n", [(31, 1, "documents")]),
    Case("an empty second document", BASE + "---\n", [(31, 1, "documents")]),
    Case("a document end, then more", BASE + "...\nproducts: []\n", [(32, 1, "documents")]),
    Case("a bare word", "catalogue\n", [(1, 1, "shape")]),
    Case("a list, not fields", "- producers\n- products\n", [(1, 1, "shape")]),
    Case(
        "ten thousand nested lists",
        BASE + "extra: " + "[" * 10_000 + "]" * 10_000 + "\n",
        [(31, 263, "syntax")],
    ),
    Case(
        "billion laughs",
        "version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n"
            for n in range(8)
        ),
        [(1, 1, "syntax")],
    ),
    Case(
        "a key written twice",
        swap("    group: thuc_pham\n", "    group: thuc_pham\n    group: do_uong\n"),
        [(18, 5, "duplicate_key")],
    ),
    Case(
        "a SKU's price written twice, the second one suspicious",
        swap("        price: 250000\n", "        price: 250000\n        price: 60000000\n"),
        [(30, 9, "duplicate_key")],
    ),
    Case(
        "a tab for indentation",
        swap("    kind: hop_tac_xa", "\tkind: hop_tac_xa"),
        [(10, 1, "tab")],
    ),
    Case(
        "a python object tag runs nothing",
        swap(
            "name: HTX chè Hảo Đạt",
            'name: !!python/object/apply:os.system ["touch /tmp/ocop-pwned"]',
        ),
        [(9, 11, "string_type")],
    ),
    Case(
        "a mapping as a key",
        swap("    kind: hop_tac_xa", "    ? {a: 1}\n    : x\n    kind: hop_tac_xa"),
        [(10, 7, "invalid_key")],
    ),
    # --- bounds on every field ------------------------------------------------------------------
    Case(
        "a 10,000-character product name",
        swap("Chè tôm nõn Hảo Đạt", "x" * 10_000),
        [(15, 11, "string_too_long")],
    ),
    Case(
        "a 120,000-character description on one line",
        swap("Chè búp tôm nõn hái thủ công ở vùng chè Tân Cương, sao tay.", LONG.strip()),
        [(19, 18, "string_too_long")],
    ),
    Case(
        "a producer name of 151 characters",
        swap("HTX chè Hảo Đạt", "H" * 151),
        [(9, 11, "string_too_long")],
    ),
    Case(
        "a label of 61 characters",
        swap("Hộp 100 g", "Hộp " + "1" * 57),
        [(25, 16, "string_too_long")],
    ),
    Case(
        "a street of 201 characters", swap("Xóm Nam Đồng", "X" * 201), [(12, 23, "string_too_long")]
    ),
    Case(
        "a decision number of 45 characters",
        swap("2361/QĐ-BNNMT", "2361/QĐ-" + "B" * 37),
        [(22, 30, "string_too_long")],
    ),
    Case(
        "a price of 10^15",
        swap("price: 250000", "price: 1000000000000000"),
        [(29, 16, "ocop_price_high")],
    ),
    Case(
        "a price of 5,000 digits",
        swap("price: 250000", "price: " + "9" * 5000),
        [(29, 16, "ocop_price_high")],
    ),
    Case("a suspicious price", swap("price: 250000", "price: 60000000"), [(29, 16, "price_high")]),
    Case("a price of nothing", swap("price: 250000", "price: 0"), [(29, 16, "greater_than")]),
    Case("a negative price", swap("price: 250000", "price: -250000"), [(29, 16, "greater_than")]),
    Case(
        "a price that is infinity",
        swap("price: 250000", "price: 1e400"),
        [(29, 16, "ocop_price_decimal")],
    ),
    Case(
        "a list price of 2 billion",
        swap("        stock: 40", "        stock: 40\n        list_price: 2000000000"),
        [(31, 21, "ocop_price_high")],
    ),
    Case(
        "stock above a million", swap("stock: 40", "stock: 1000001"), [(30, 16, "less_than_equal")]
    ),
    Case("negative stock", swap("stock: 40", "stock: -1"), [(30, 16, "greater_than_equal")]),
    Case(
        "a shipping weight of 200 kg",
        swap("shipping_weight_g: 180", "shipping_weight_g: 200000"),
        [(28, 28, "less_than_equal")],
    ),
    Case(
        "21 pictures",
        swap("images: [images/ok.png]", "images: [" + ", ".join(["images/ok.png"] * 21) + "]"),
        [(20, 13, "too_long")],
    ),
    Case(
        "101 SKUs",
        swap(
            "    skus:\n",
            "    skus:\n"
            + "".join(
                f"      - {{sku: X-{n}, label: Gói, unit: goi, shipping_weight_g: 10, price: 5000}}\n"
                for n in range(100)
            ),
        ),
        [(24, 7, "too_long")],
    ),
    Case(
        "a 5,000-character phone number",
        swap('"0912345678"', '"' + "0" * 5000 + '"'),
        [(11, 12, "ocop_phone")],
    ),
    Case(
        "a barcode of 10,000 digits",
        swap("    group: thuc_pham\n", '    group: thuc_pham\n    gtin: "' + "8" * 10_000 + '"\n'),
        [(18, 11, "string_pattern_mismatch")],
    ),
    Case(
        "a category id of 2^60",
        swap("thuc_pham: 108}", "thuc_pham: 1152921504606846976}"),
        [(4, 49, "less_than_equal")],
    ),
    # --- pictures -------------------------------------------------------------------------------
    Case("a missing picture", swap("images/ok.png", "images/none.png"), [(20, 14, "image")]),
    Case(
        "a text file named .jpg",
        swap("images/ok.png", "images/note.jpg"),
        [(20, 14, "image")],
        {"images/note.jpg": write(b"not a picture\n")},
    ),
    Case(
        "a GIF named .png",
        swap("images/ok.png", "images/anim.png"),
        [(20, 14, "image")],
        {"images/anim.png": write(picture("GIF"))},
    ),
    Case(
        "a JPEG cut short",
        swap("images/ok.png", "images/cut.jpg"),
        [(20, 14, "image")],
        {"images/cut.jpg": write(picture("JPEG", (800, 600))[:3000])},
    ),
    Case(
        "a PNG with a broken checksum",
        swap("images/ok.png", "images/crc.png"),
        [(20, 14, "image")],
        {"images/crc.png": write(bad_crc_png())},
    ),
    Case(
        "a decompression bomb's header",
        swap("images/ok.png", "images/bomb.png"),
        [(20, 14, "image")],
        {"images/bomb.png": write(png_header(60_000, 60_000))},
    ),
    Case(
        "a picture in a linked folder outside",
        swap("images/ok.png", "images/shared/ok.png"),
        [(20, 14, "image")],
        {"images/shared": outside_folder},
    ),
    Case(
        "a linked picture outside",
        swap("images/ok.png", "images/secret.png"),
        [(20, 14, "image")],
        {"images/secret.png": outside_file},
    ),
    Case(
        "a linked picture inside is fine",
        swap("images/ok.png", "images/alias.png"),
        [],
        {"images/alias.png": link_to("ok.png")},
    ),
    Case("a path that climbs out", swap("images/ok.png", "../ok.png"), [(20, 14, "image")]),
    Case(
        "a path that climbs through a link",
        swap("images/ok.png", "images/shared/../ok.png"),
        [(20, 14, "image")],
        {"images/shared": outside_folder},
    ),
    Case("an absolute path", swap("images/ok.png", "/etc/passwd.png"), [(20, 14, "image")]),
    Case("a web address", swap("images/ok.png", "https://example.com/a.png"), [(20, 14, "image")]),
    Case("a Windows path", swap("images/ok.png", "images\\\\ok.png"), [(20, 14, "image")]),
    Case(
        "a .bmp picture",
        swap("images/ok.png", "images/ok.bmp"),
        [(20, 14, "image")],
        {"images/ok.bmp": write(picture("BMP"))},
    ),
    Case(
        "a folder named like a picture",
        swap("images/ok.png", "images/dir.png"),
        [(20, 14, "image")],
        {"images/dir.png": folder},
    ),
    Case(
        "a WebP picture is fine",
        swap("images/ok.png", "images/ok.webp"),
        [],
        {"images/ok.webp": write(picture("WEBP"))},
    ),
    # --- what one marketplace takes (its capabilities) ----------------------------------------
    Case(
        "a WebP where the marketplace takes JPEG and PNG",
        swap("images/ok.png", "images/ok.webp"),
        [(20, 14, "image_format")],
        {"images/ok.webp": write(picture("WEBP", (300, 300)))},
        LIMITS,
    ),
    Case(
        "a picture heavier than the marketplace takes",
        swap("images/ok.png", "images/heavy.png"),
        [(20, 14, "image_size")],
        {"images/heavy.png": write(picture("PNG", (300, 300)) + b"\0" * 300_000)},
        LIMITS,
    ),
    Case(
        "a picture smaller than the marketplace takes",
        swap("images/ok.png", "images/tiny.png"),
        [(20, 14, "image_pixels")],
        {"images/tiny.png": write(picture("PNG", (40, 300)))},
        LIMITS,
    ),
    Case(
        "more pictures than the marketplace shows",
        swap("images: [images/ok.png]", "images: [images/a.png, images/a.png, images/a.png]"),
        [(20, 42, "image_count")],
        {"images/a.png": write(picture("PNG", (300, 300)))},
        LIMITS,
    ),
    # --- one mistake, one message ---------------------------------------------------------------
    Case(
        "a wrong price and an override of its SKU",
        swap("price: 250000", "price: 250.000"),
        [(29, 16, "ocop_price_decimal")],
    ),
    Case(
        "a producer's wrong phone and its product",
        swap('"0912345678"', '"12345"'),
        [(11, 12, "ocop_phone")],
    ),
    Case(
        "a producer's bad kind and its product",
        swap("kind: hop_tac_xa", "kind: htx"),
        [(10, 11, "enum")],
    ),
    Case(
        "a product's bad group and its override",
        swap("group: thuc_pham", "group: food"),
        [(17, 12, "enum")],
    ),
    Case(
        "a 50-digit shipping weight",
        swap("shipping_weight_g: 180", "shipping_weight_g: " + "9" * 50),
        [(28, 28, "less_than_equal")],
    ),
    Case(
        "a refused picture path",
        swap("images: [images/ok.png]", 'images: ["images/\\aok.png"]'),
        [(20, 14, "ocop_control")],
    ),
]
