"""A picture a marketplace would refuse is left out of its listing there, by the same decision
``ocop validate`` warns by (``ocop.rules.images.takes``)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from ocop.categories import CategoryTree
from ocop.connector import Capabilities, Category
from ocop.engine.wanted import ImageHashes, wanted_for
from ocop.loading import load_catalog, read_catalog
from ocop.testing.harness import tiny_png
from ocop.testing.world import AS_OF, Item
from tests.sync.catalogs import write_catalog

LIMITS = Capabilities(
    unique_sku=True,
    moderated_create=False,
    moderated_update=False,
    batch_offers=0,
    rate_per_second=10,
    burst=10,
    max_images=9,
    title_length=(10, 120),
    description_length=(20, 5000),
    price_range=(1_000, 100_000_000),
    stock_max=999_999,
    image_formats=("JPEG", "PNG"),
    image_bytes_max=2_000,
    image_side_min=1,
    image_side_max=500,
)


TEA = CategoryTree("voso", [Category(101, "Chè, trà")])  # what the catalogues name


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 40)).save(out, "WEBP")
    return out.getvalue()


def catalogue_with(folder: Path, pictures: dict[str, bytes]) -> Path:
    """A one-product catalogue whose product shows ``pictures`` (name → bytes), in order."""
    write_catalog(folder, [Item("CHE-1")])
    for name, data in pictures.items():
        (folder / "images" / name).write_bytes(data)
    path = folder / "catalog.yaml"
    listed = ", ".join(f"images/{name}" for name in pictures)
    text = path.read_text(encoding="utf-8").replace(
        "images: [images/shared.png]", f"images: [{listed}]"
    )
    path.write_text(text, encoding="utf-8")
    return path


def sent(path: Path) -> tuple[tuple[str, ...] | None, dict[str, str]]:
    """The pictures the listing would carry (None: not sent) and the SKUs held, with why."""
    catalog = load_catalog(path)
    wanted = wanted_for(catalog, "voso", LIMITS, AS_OF, ImageHashes(path.parent), TEA)
    drafts = [w.draft.images for w in wanted.wanted]
    return (drafts[0] if drafts else None), wanted.held


def warned(path: Path) -> list[tuple[str, str]]:
    """(picture, code) of every warning ``ocop validate`` gives about what the marketplace takes."""
    result = read_catalog(
        path,
        as_of=AS_OF,
        limits=lambda market: LIMITS if market == "voso" else None,
        decode_pictures=True,
    )
    return [
        (str(p.path[-1]), p.code)
        for p in result.problems
        if p.code in ("image_format", "image_size", "image_pixels")
    ]


def test_each_picture_validate_warns_about_is_the_one_left_out(tmp_path: Path) -> None:
    tall = io.BytesIO()
    Image.new("RGB", (20, 800)).save(tall, "PNG")
    path = catalogue_with(
        tmp_path,
        {
            "ok.png": tiny_png(1),
            "heavy.png": tiny_png(2) + bytes(3_000),  # a whole picture, then padding
            "kind.webp": webp(),
            "tall.png": tall.getvalue(),
            "also.png": tiny_png(3),
        },
    )
    images, held = sent(path)
    assert images == ("images/ok.png", "images/also.png") and held == {}
    assert warned(path) == [("1", "image_size"), ("2", "image_format"), ("3", "image_pixels")]


def test_a_product_left_with_no_picture_is_held_not_sent(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, {"heavy.png": tiny_png(2) + bytes(3_000)})
    images, held = sent(path)
    assert images is None and "refuses every picture" in held["CHE-1"]
    assert warned(path) == [("0", "image_size")]


def test_a_marketplace_that_states_no_limit_takes_every_picture(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, {"heavy.png": tiny_png(2) + bytes(3_000), "kind.webp": webp()})
    catalog = load_catalog(path)
    free = Capabilities(**{**LIMITS.__dict__, "image_formats": None, "image_bytes_max": None})
    wanted = wanted_for(catalog, "voso", free, AS_OF, ImageHashes(tmp_path), TEA)
    assert [w.draft.images for w in wanted.wanted] == [("images/heavy.png", "images/kind.webp")]
