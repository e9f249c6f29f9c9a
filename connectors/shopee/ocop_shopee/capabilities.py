"""What Shopee's API can do, as data ocop plans with (``ocop.connector.Capabilities``).

Limits are Shopee Vietnam's as the sandbox's ``get_item_limit`` answers them; the connector
checks the live ``get_item_limit`` answer again before every write, so a shop whose limits
differ gets a refusal naming the field, never a rejected call. Shopee documents no rate limit
(every file's ``rate_limit`` is ``[0, 0, 0]``): 10 calls a second is ocop's own, cautious pace.
"""

from __future__ import annotations

from ocop.connector import Capabilities

CAPABILITIES = Capabilities(
    unique_sku=False,  # Shopee does not enforce item_sku/model_sku uniqueness (README)
    moderated_create=False,  # add_item answers with the item (which may sit in REVIEWING)
    moderated_update=False,
    batch_offers=50,  # update_price / update_stock take 50 models of one item per call
    rate_per_second=10,
    burst=10,
    max_images=9,  # "image number should be less than 9" … and get_item_limit's 1–9
    title_length=(10, 120),
    description_length=(20, 3000),
    price_range=(1_000, 120_000_000),
    stock_max=999_999,
    html_description=False,  # description is plain text
    unit_length=30,  # the packaging label becomes a tier option (get_item_limit: 1–30)
    shipping_weight_max=30_000,  # the heaviest channel's item_max_weight, in grams
    origin_length=100,
    # media_space.upload_image: "Max 10.0 MB each. Image format accepted: JPG, JPEG, PNG"
    image_formats=("JPEG", "PNG"),
    image_bytes_max=10 * 1024 * 1024,
    shows_list_price=False,  # a struck-out price needs a promotion, which these calls cannot make
)
