from ocop.slug import slugify


def test_marks_removed_and_d_folded() -> None:
    assert slugify("Chè Tân Cương đặc biệt") == "che-tan-cuong-dac-biet"
    assert slugify("ĐẶC SẢN Thái Nguyên") == "dac-san-thai-nguyen"


def test_runs_of_other_characters_become_one_dash_and_are_trimmed() -> None:
    assert slugify("  Mật ong (rừng) -- 500ml!! ") == "mat-ong-rung-500ml"


def test_decomposed_input_gives_the_same_slug() -> None:
    import unicodedata

    name = "Miến dong Việt Cường"
    assert slugify(unicodedata.normalize("NFD", name)) == slugify(name) == "mien-dong-viet-cuong"
