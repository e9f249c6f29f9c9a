"""Photos named in the sheet, made fit for the marketplaces the product is sold on.

A clerk puts a phone photo (5 MB, 4000 × 3000) in ``images/`` and names it in the sheet. On
import each picture is judged by the limits the product's marketplaces declare
(``Capabilities``: ``image_formats``, ``image_bytes_max``, ``image_side_min/max``); one that
some marketplace would refuse is re-encoded, with Pillow, to fit all of them at once:

    turned upright (its EXIF orientation), metadata dropped (a phone's GPS position too)
    shrunk until its longer side is within the smallest ``image_side_max``
    saved as a format every one takes (its own if it can, else JPEG; transparency on white)
    JPEG quality lowered step by step (90 → 60), then the sides (by the share of bytes too
    many), until the file is within the smallest ``image_bytes_max``

The fitted copy is written next to the original as ``<name>.fit.jpg`` (the original is never
changed) and the catalogue names the copy. A picture too small for a marketplace
(``image_side_min``) is not enlarged: the row gets a warning to take a larger photo. A name
typed without its folder (``che.jpg``) is found in ``images/``.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ocop.connector import Capabilities
from ocop.i18n import _
from ocop.rules.images import Picture, file_size, read_picture, takes

if TYPE_CHECKING:
    from PIL.Image import Image

    from ocop.model import Catalog
    from ocop.sheet.layout import Column
    from ocop.sheet.reading import SheetProblem, SheetRow

IMAGES_FOLDER = "images"
FIT_SUFFIX = ".fit"
QUALITIES = (90, 85, 80, 75, 70, 65, 60)
SHRINK = 0.85  # the least a further step shrinks by when the lowest quality is too large


@dataclass(frozen=True)
class Limits:
    """What every one of several marketplaces takes: the strictest of their limits."""

    formats: tuple[str, ...] | None
    bytes_max: int | None
    side_min: int | None
    side_max: int | None

    @classmethod
    def of(cls, capabilities: Sequence[Capabilities]) -> Limits:
        """The limits all of ``capabilities`` agree on."""
        formats: set[str] | None = None
        for each in capabilities:
            if each.image_formats is not None:
                mine = set(each.image_formats)
                formats = mine if formats is None else formats & mine
        bytes_max = [c.image_bytes_max for c in capabilities if c.image_bytes_max]
        side_min = [c.image_side_min for c in capabilities if c.image_side_min]
        side_max = [c.image_side_max for c in capabilities if c.image_side_max]
        return cls(
            None if formats is None else tuple(sorted(formats)),
            min(bytes_max) if bytes_max else None,
            max(side_min) if side_min else None,
            min(side_max) if side_max else None,
        )

    def as_capabilities(self, like: Capabilities) -> Capabilities:
        """These limits in a ``Capabilities`` (for ``ocop.rules.images.takes``)."""
        return replace(
            like,
            image_formats=self.formats,
            image_bytes_max=self.bytes_max,
            image_side_min=self.side_min,
            image_side_max=self.side_max,
        )


@dataclass(frozen=True)
class Fitted:
    """What happened to one picture on import."""

    original: str
    shown: str  # the path the catalogue names from now on
    message: str | None  # said to the clerk (a notice, or a warning when it cannot fit)
    is_warning: bool = False


def locate(name: str, root: Path) -> str:
    """``name`` as the catalogue writes it: ``images/che.jpg`` when only ``che.jpg`` was typed
    and the file is in the images folder."""
    if "/" in name or (root / name).exists() or not (root / IMAGES_FOLDER / name).exists():
        return name
    return f"{IMAGES_FOLDER}/{name}"


def fit_picture(name: str, root: Path, capabilities: Sequence[Capabilities]) -> Fitted:
    """Make picture ``name`` (relative to ``root``) fit every marketplace in ``capabilities``."""
    picture = read_picture(name, str(root))
    if picture is None or not capabilities:  # not a picture ocop takes: validation words it
        return Fitted(name, name, None)
    limits = Limits.of(capabilities)
    strictest = limits.as_capabilities(capabilities[0])
    if takes(picture, strictest):
        return Fitted(name, name, None)
    if limits.side_min and min(picture.width, picture.height) < limits.side_min:
        return Fitted(name, name, _too_small(name, picture, limits.side_min), is_warning=True)
    data, kind, (width, height) = _encode(Path(picture.path), limits)
    if limits.bytes_max and len(data) > limits.bytes_max:
        return Fitted(name, name, None)  # cannot be made small enough: validation warns
    target = _target(name, kind)
    (root / target).write_bytes(data)
    message = _(
        "image {image} ({size}, {width} × {height}) is too large for the marketplaces: "
        "{fitted} ({new_size}, {new_width} × {new_height}) is used instead; the original "
        "is kept"
    ).format(
        image=name,
        size=file_size(picture.size),
        width=picture.width,
        height=picture.height,
        fitted=target,
        new_size=file_size(len(data)),
        new_width=width,
        new_height=height,
    )
    return Fitted(name, target, message)


def _too_small(name: str, picture: Picture, side_min: int) -> str:
    return _(
        "image {image} is {width} × {height} pixels; the marketplaces want at least {side} "
        "pixels a side: take a larger photo (ocop does not enlarge pictures)"
    ).format(image=name, width=picture.width, height=picture.height, side=side_min)


EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def _target(name: str, kind: str) -> str:
    stem, _ext = os.path.splitext(name)
    stem = stem.removesuffix(FIT_SUFFIX)  # fitting a fitted copy again overwrites it
    return f"{stem}{FIT_SUFFIX}{EXTENSIONS.get(kind, '.jpg')}"


def _encode(source: Path, limits: Limits) -> tuple[bytes, str, tuple[int, int]]:
    """The picture re-encoded within ``limits``: its bytes, format and size."""
    from PIL import Image as PIL
    from PIL import ImageOps

    with PIL.open(source) as opened:
        picture = _flatten(ImageOps.exif_transpose(opened))
    if limits.side_max and max(picture.size) > limits.side_max:
        picture.thumbnail((limits.side_max, limits.side_max), PIL.Resampling.LANCZOS)
    kind = "JPEG" if limits.formats is None or "JPEG" in limits.formats else limits.formats[0]
    while True:
        for quality in QUALITIES if kind in ("JPEG", "WEBP") else (0,):
            data = _save(picture, kind, quality)
            if not limits.bytes_max or len(data) <= limits.bytes_max:
                return data, kind, picture.size
        # bytes go roughly with the pixels: shrink straight to about the size that fits
        scale = min(SHRINK, 0.95 * math.sqrt((limits.bytes_max or len(data)) / len(data)))
        smaller = (round(picture.width * scale), round(picture.height * scale))
        if (limits.side_min and min(smaller) < limits.side_min) or min(smaller) < 64:
            return data, kind, picture.size
        picture = picture.resize(smaller, PIL.Resampling.LANCZOS)


def _flatten(picture: Image) -> Image:
    """An RGB picture: transparency laid on white (a JPEG has none)."""
    from PIL import Image as PIL

    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        white = PIL.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return picture.convert("RGB")


def _save(picture: Image, kind: str, quality: int) -> bytes:
    out = io.BytesIO()
    if kind in ("JPEG", "WEBP"):
        picture.save(out, kind, quality=quality, optimize=True)
    else:
        picture.save(out, kind, optimize=True)
    return out.getvalue()


def prepare_photos(
    rows: Sequence[SheetRow], catalog: Catalog, root: Path
) -> tuple[list[SheetProblem], list[SheetProblem]]:
    """Find each picture the product rows name, and fit those whose cell (or whose product's
    marketplaces) the sheet changed; their rows then name the fitted copies. Returns the
    notices (a picture fitted) and the warnings (one too small) for the rows."""
    from ocop.registry import capabilities_of
    from ocop.sheet.values import IMAGE_SEPARATOR

    notices: list[SheetProblem] = []
    warnings: list[SheetProblem] = []
    for row in rows:
        column = row.layout.column("images")
        cell = row.values.get("images")
        if column is None or not isinstance(cell, str) or not _changed(row, catalog):
            continue
        markets = [capabilities_of(name) for name in _sold_on(row, catalog)]
        chosen = [c for c in markets if c is not None]
        shown = []
        for name in cell.split(IMAGE_SEPARATOR):
            fitted = fit_picture(locate(name, root), root, chosen)
            shown.append(fitted.shown)
            if fitted.message:
                found = warnings if fitted.is_warning else notices
                found.append(_at(row, column, fitted.message))
        row.values["images"] = IMAGE_SEPARATOR.join(shown)
    return notices, warnings


def _at(row: SheetRow, column: Column, message: str) -> SheetProblem:
    """A notice (or a warning) at the row's pictures cell."""
    from ocop.sheet.reading import SheetProblem

    letter = row.layout.letter(column)
    return SheetProblem(row.layout.title, row.row, column, message, letter, is_error=False)


def _changed(row: SheetRow, catalog: Catalog) -> bool:
    """Whether the row is new, or names other pictures or marketplaces than the catalogue."""
    from ocop.sheet.values import model_value, same

    product = catalog.product(str(row.key))
    if product is None:
        return True
    markets = [column for _name, column in row.layout.markets()]
    columns = [c for c in row.layout.columns if c.field == "images" or c in markets]
    return any(
        not same(row.values.get(c.field), model_value(c, product, None, catalog))
        for c in columns
        if row.values.get(c.field) is not None
    )


def _sold_on(row: SheetRow, catalog: Catalog) -> list[str]:
    """The marketplaces the row's product will be sold on: its cells, else the catalogue."""
    from ocop.sheet.layout import YES
    from ocop.sheet.markets import sold_on

    product = catalog.product(str(row.key))
    found = []
    for name, column in row.layout.markets():
        cell = row.values.get(column.field)
        if cell is None and product is not None:
            cell = sold_on(catalog, product, name)
        if cell == YES:
            found.append(name)
    return found
