"""Categories by name: trees, resolution, suggestions on a list ocop did not write, files, cache."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ocop.categories import CategoryCache, CategoryTree, Unresolved, overview, read_categories
from ocop.categories.files import categories_from
from ocop.connector import Category
from ocop.errors import ConfigError
from ocop.loading import load_catalog
from ocop.model import CategoryPin

ROOT = Path(__file__).resolve().parents[2]
OTHER = Path(__file__).parent / "data" / "other-categories.yaml"
TREE = CategoryTree(
    "shop",
    [
        Category(1, "Đồ uống", None, False),
        Category(11, "Trà", 1),
        Category(2, "Quà tặng", None, False),
        Category(21, "Trà", 2, aliases=("Tea gifts",)),
        Category(22, "Giỏ quà", 2),
        Category(9, "Loop", 10),  # a list that contradicts itself is still read
        Category(10, "Back", 9),
    ],
)


def test_a_name_a_path_or_a_pin_names_one_leaf() -> None:
    assert TREE.resolve("Đồ uống > Trà") == TREE.get(11)
    assert TREE.resolve(" quà TẶNG >trà ") == TREE.get(21)  # case and spacing aside
    assert TREE.resolve("tea gifts") == TREE.get(21)  # another name it answers to
    assert TREE.resolve(CategoryPin(name="Trà", id=11)) == TREE.get(11)  # a pin chooses
    assert TREE.resolve("Giỏ quà") == TREE.get(22)
    assert [TREE.written(c) for c in TREE.leaves()] == [
        "Đồ uống > Trà",
        "Quà tặng > Trà",
        "Giỏ quà",
    ]
    assert TREE.path(TREE.get(9)) == "Back > Loop"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("Trà", "“Trà” names 2 categories on shop: Đồ uống > Trà, Quà tặng > Trà; write its path"),
        ("Đồ uống", "“Đồ uống” on shop has sub-categories: choose one of “Trà”"),
        ("Gio qua", "shop has no category “Gio qua”; did you mean “Quà tặng > Giỏ quà”?"),
        ("Cà phê", "shop has no category “Cà phê” (ocop categories shows its list)"),
        (CategoryPin(name="Trà", id=22), "the id 22 pinned for “Trà” is “Quà tặng > Giỏ quà”"),
        (CategoryPin(name="Trà", id=99), "the id 99 pinned for “Trà” is not on shop's list"),
        (11, "category 11 is given by its id alone; on shop it is “Đồ uống > Trà”"),
        ("21", "category 21 is given by its id alone; on shop it is “Quà tặng > Trà”"),
    ],
)
def test_what_does_not_name_one_leaf_says_why(written: object, words: str) -> None:
    found = TREE.resolve(written)  # type: ignore[arg-type]
    assert isinstance(found, Unresolved) and words in found.reason


def catalogue_groups(marketplace: str, tree: CategoryTree) -> dict[str, str | None]:
    catalog = load_catalog(ROOT / "catalog.yaml", as_of=date(2026, 11, 22))
    rows = overview(catalog, marketplace, tree)
    return {r.key: r.suggestion.best.name if r.suggestion.best else None for r in rows}


def test_suggestions_on_a_list_ocop_did_not_write() -> None:
    suggested = catalogue_groups("voso", CategoryTree("other", read_categories(OTHER)))
    assert suggested["thuc_pham/che"] == "Trà"  # chè is trà
    assert suggested["thuc_pham/so_che"] == "Mật ong & Siro"  # not "Tinh dầu" for tinh bột
    assert suggested["do_uong/co_con"] == "Rượu mạnh & Rượu truyền thống"
    assert suggested["duoc_lieu/thuc_pham_chuc_nang"] == "Thực phẩm chức năng"
    assert suggested["thuc_pham/che_bien"] in ("Mì, bún, miến, phở", "Thịt khô & Đồ khô")


def test_a_group_nothing_matches_gets_the_other_goods_leaf_or_none() -> None:
    tree = CategoryTree("m", [Category("A", "Điện thoại"), Category("B", "Hàng khác")])
    assert set(catalogue_groups("postmart", tree).values()) == {"Hàng khác"}
    lone = CategoryTree("m", [Category("A", "Điện thoại")])
    assert set(catalogue_groups("postmart", lone).values()) == {None}


def test_a_category_file_is_nested_or_flat_and_refused_whole_when_wrong(tmp_path: Path) -> None:
    nested = read_categories(OTHER)
    assert len(nested) == 44 and nested[0].leaf is False and nested[2].parent == 100630
    flat = categories_from([{"id": "A", "name": "Trà", "parent": "B"}, {"id": "B", "name": "Đồ"}])
    assert [(c.id, c.leaf) for c in flat] == [("A", True), ("B", False)]
    bad = tmp_path / "bad.yaml"
    for text, words in (("- {id: 1}", "name"), ("{}", "a list"), ("- [", "not YAML")):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=words):
            read_categories(bad)


def test_the_cache_keeps_each_list_by_api_url_with_its_time(tmp_path: Path) -> None:
    cache = CategoryCache(tmp_path)
    assert cache.load("voso", "http://a") is None
    saved = cache.save("voso", "http://a", [Category(1, "Trà")])
    assert saved is not None and cache.load("voso", "http://b") is None  # another site
    loaded = cache.load("voso", "http://a")
    assert loaded is not None and loaded.categories == (Category(1, "Trà"),)
    assert timedelta(0) <= datetime.now(UTC) - loaded.fetched_at < timedelta(minutes=1)
    path = cache.path("voso", "http://a")
    assert json.loads(path.read_text(encoding="utf-8"))["api_url"] == "http://a"
    path.write_text("{not json", encoding="utf-8")
    assert cache.load("voso", "http://a") is None  # a broken file is a cache miss


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / ".ocop").write_text("a file where the folder should be", encoding="utf-8")
    assert CategoryCache(tmp_path).save("voso", "http://a", [Category(1, "Trà")]) is None
