"""Product pictures: files inside the catalogue's folder that really are pictures.

    where    every component of the path resolved (a linked folder is followed), and the file
             is still inside the catalogue's folder: ``images -> /etc`` is refused
    what     Pillow reads the content: a JPEG, PNG or WebP picture, whatever its name says
    size     at most MAX_IMAGE_BYTES and MAX_SIDE × MAX_SIDE pixels (MAX_PIXELS in all), checked
             from the header before anything is decoded: no decompression bomb gets further
    whole    with ``decode`` (``ocop validate``): decoded (a JPEG at an eighth of its size, a
             PNG's checksums too), so a truncated or damaged file is refused here rather than
             by the marketplace at push time

Each distinct picture is inspected once per check (``forget_images`` starts again), so a
national catalogue that shares pictures between products pays for each file once. Reading a
header costs about 0.08 ms a picture, decoding a 12-megapixel JPEG about 50 ms: every command
reads the headers, only ``ocop validate`` decodes. What each marketplace takes (bytes,
formats, sides) is its connector's ``Capabilities``; ``takes`` decides whether it takes a
picture (a push leaves the others out of its listing) and ``marketplace_findings`` says why not.
"""

from __future__ import annotations

import functools
import os
import stat
import warnings
from dataclasses import dataclass

from ocop.connector import Capabilities
from ocop.i18n import _
from ocop.problem import Severity

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}  # Pillow's name → what people call it
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # twice what any marketplace takes (10 MB)
MAX_SIDE = 10_000  # pixels; a phone photo is about 4,000
MAX_PIXELS = 40_000_000  # 40 megapixels: decoding more is a decompression bomb, not a photo

Finding = tuple[str, Severity, str]  # (code, severity, message)


@dataclass(frozen=True)
class Picture:
    """What a picture file is: its size on disk, its format and its pixels."""

    path: str  # the file itself, every link resolved
    size: int
    format: str  # Pillow's name: JPEG, PNG, WEBP
    width: int
    height: int


def image_findings(image: str, root: str, decode: bool = False) -> tuple[Finding, ...]:
    """What is wrong with one image path (relative to the catalogue's folder ``root``)."""
    return inspect(image, root, decode)[1]


def picture_of(image: str, root: str, decode: bool = False) -> Picture | None:
    """The picture at ``image`` when it is one ocop accepts, else None."""
    return inspect(image, root, decode)[0]


def read_picture(image: str, root: str) -> Picture | None:
    """The picture at ``image`` as the file is now (its header), whatever an earlier check saw:
    a push judges the very file it is about to send. None when ocop refuses it."""
    try:
        return _look(image, _locate(image, root), False)
    except _Refused:
        return None


@functools.lru_cache(maxsize=65536)
def inspect(
    image: str, root: str, decode: bool = False
) -> tuple[Picture | None, tuple[Finding, ...]]:
    """The picture and what is wrong with it; one look per distinct path and folder."""
    try:
        where = _locate(image, root)
        return _look(image, where, decode), ()
    except _Refused as refused:
        return None, (("image", Severity.ERROR, refused.message),)


def forget_images() -> None:
    """Drop what is known about image files: they may have changed since the last check."""
    inspect.cache_clear()
    _real_folder.cache_clear()


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _locate(image: str, root: str) -> tuple[str, os.stat_result]:
    """The resolved file and its status; refuses what is outside the folder or not a file."""
    if "://" in image:
        raise _Refused(
            _("images are files next to catalog.yaml (e.g. images/che.jpg), not web addresses")
        )
    if "\\" in image:
        raise _Refused(
            _("write image paths with / (images/che.jpg), not \\: {image}").format(image=image)
        )
    inside = os.path.abspath(root)  # "catalog.yaml" given bare has root "."
    outside = _("image {image} is outside the catalogue's folder").format(image=image)
    if os.path.isabs(image):
        raise _Refused(outside)
    if os.path.splitext(image)[1].lower() not in IMAGE_SUFFIXES:
        raise _Refused(_("image {image} must be a .jpg, .png or .webp file").format(image=image))
    home = _real_folder(inside)
    joined = os.path.join(inside, image)
    if ".." in image.split("/"):  # resolved as the system would: links first, then ".."
        real = os.path.realpath(joined)
    else:  # each folder once per check: a catalogue's pictures share a few folders
        real = os.path.join(_real_folder(os.path.dirname(joined)), os.path.basename(joined))
    if not real.startswith(home + os.sep):
        raise _Refused(outside)
    missing = _("image file {image} does not exist").format(image=image)
    try:
        info = os.lstat(real)
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(real)
            info = os.stat(real)
    except OSError:
        raise _Refused(missing) from None
    if not real.startswith(home + os.sep):
        raise _Refused(outside)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused(missing)
    return real, info


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _look(image: str, where: tuple[str, os.stat_result], decode: bool) -> Picture:
    """Open the file with Pillow: what it is, how big, and (``decode``) whether it decodes."""
    from PIL import Image, UnidentifiedImageError  # ~10 ms: only when there are pictures

    real, info = where
    if info.st_size > MAX_IMAGE_BYTES:
        raise _Refused(
            _("image {image} is {size}; ocop takes pictures up to {limit}").format(
                image=image, size=file_size(info.st_size), limit=file_size(MAX_IMAGE_BYTES)
            )
        )
    damaged = _("image {image} is damaged or cut short: it cannot be shown ({reason})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(real) as picture:
                found = Picture(real, info.st_size, picture.format or "", *picture.size)
                _check_kind(image, found)
                if decode:
                    _decode(picture)
    except _Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _Refused(
            _(
                "image {image} claims more pixels than ocop decodes ({mp} megapixels at most; a "
                "phone photo has about 12): it is refused unread"
            ).format(image=image, mp=MAX_PIXELS // 1_000_000)
        ) from None
    except UnidentifiedImageError:
        raise _Refused(
            _(
                "image {image} is not a picture: the file holds something else (text, a "
                "document, a damaged file) under a picture's name"
            ).format(image=image)
        ) from None
    except Exception as exc:  # Pillow's decoders raise many kinds on hostile input
        raise _Refused(damaged.format(image=image, reason=type(exc).__name__)) from None
    return found


def _check_kind(image: str, found: Picture) -> None:
    if found.format not in FORMATS:
        raise _Refused(
            _("image {image} is a {kind} file; use a JPEG, PNG or WebP picture").format(
                image=image, kind=found.format or "?"
            )
        )
    too_large = found.width > MAX_SIDE or found.height > MAX_SIDE
    if too_large or found.width * found.height > MAX_PIXELS:
        raise _Refused(
            _(
                "image {image} is {width} × {height} pixels; ocop takes at most {side} pixels a "
                "side and {mp} megapixels"
            ).format(
                image=image,
                width=found.width,
                height=found.height,
                side=MAX_SIDE,
                mp=MAX_PIXELS // 1_000_000,
            )
        )


def _decode(picture: object) -> None:
    from PIL import Image

    assert isinstance(picture, Image.Image)
    if picture.format == "JPEG":  # an eighth of the size decodes in a few milliseconds
        picture.draft("RGB", (max(1, picture.width // 8), max(1, picture.height // 8)))
    picture.load()  # a file cut short or with broken data raises here
    if picture.format == "PNG":
        with Image.open(picture.filename) as again:  # type: ignore[attr-defined]
            again.verify()  # and every chunk's checksum


def takes_format(picture: Picture, limits: Capabilities) -> bool:
    """Whether the marketplace takes a picture of this kind (JPEG, PNG, WebP)."""
    return limits.image_formats is None or picture.format in limits.image_formats


def takes_size(picture: Picture, limits: Capabilities) -> bool:
    """Whether the marketplace takes a file this large."""
    return limits.image_bytes_max is None or picture.size <= limits.image_bytes_max


def takes_sides(picture: Picture, limits: Capabilities) -> bool:
    """Whether the marketplace takes a picture with these sides in pixels."""
    short, long = sorted((picture.width, picture.height))
    low, high = limits.image_side_min, limits.image_side_max
    return not ((low is not None and short < low) or (high is not None and long > high))


def takes(picture: Picture, limits: Capabilities) -> bool:
    """Whether the marketplace with ``limits`` takes the picture at all: the one decision that
    ``ocop validate`` warns by (``marketplace_findings``) and a push leaves pictures out by
    (``ocop.engine.wanted``)."""
    return (
        takes_format(picture, limits)
        and takes_size(picture, limits)
        and takes_sides(picture, limits)
    )


def marketplace_findings(
    image: str, picture: Picture, market: str, limits: Capabilities
) -> list[Finding]:
    """What ``market`` will refuse about one picture, by its connector's capabilities: a push
    leaves such a picture out of that marketplace's listing."""
    found: list[Finding] = []
    if not takes_format(picture, limits):
        kinds = " " + _("or") + " "
        found.append(
            (
                "image_format",
                Severity.WARNING,
                _(
                    "{market} takes only {kinds} pictures: {image} is {kind}; convert it or it "
                    "is left out of the listing there"
                ).format(
                    market=market,
                    kinds=kinds.join(FORMATS.get(f, f) for f in limits.image_formats or ()),
                    image=image,
                    kind=FORMATS.get(picture.format, picture.format),
                ),
            )
        )
    if not takes_size(picture, limits):
        found.append(
            (
                "image_size",
                Severity.WARNING,
                _(
                    "image {image} is {size}; {market} takes at most {limit}: make it smaller "
                    "or it is left out of the listing there"
                ).format(
                    image=image,
                    size=file_size(picture.size),
                    market=market,
                    limit=file_size(limits.image_bytes_max or 0),
                ),
            )
        )
    if not takes_sides(picture, limits):
        found.append(
            (
                "image_pixels",
                Severity.WARNING,
                _(
                    "image {image} is {width} × {height} pixels; {market} takes sides of "
                    "{low}–{high} pixels: it is left out of the listing there"
                ).format(
                    image=image,
                    width=picture.width,
                    height=picture.height,
                    market=market,
                    low=limits.image_side_min or 1,
                    high=limits.image_side_max or "…",
                ),
            )
        )
    return found


def file_size(size: int) -> str:
    """A file's size as people read it: 850 KB, 2 MB, 3.4 MB (3,4 MB in Vietnamese; 1 MB =
    1,048,576 bytes)."""
    from ocop.display import number

    if size < 2**20:
        return f"{number(max(1, round(size / 2**10)))} KB"
    return f"{number(round(size / 2**20, 1))} MB"
