"""Each distinct image is uploaded once per marketplace and remembered by content hash."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ocop.connector import Connector, ListingDraft
from ocop.engine.wanted import ImageHashes
from ocop.state import StateStore


class ImageUploader:
    """Turns a draft's local image paths into the marketplace's URLs, uploading only new bytes.

    Concurrent creates that share a photo wait for the one upload instead of racing to make
    several (the marketplace gives a new id for the same bytes each time).
    """

    def __init__(
        self,
        connector: Connector,
        store: StateStore,
        hashes: ImageHashes,
        journal: Callable[[str, str | None, Callable[[], str]], str],
    ) -> None:
        self.connector = connector
        self.store = store
        self.hashes = hashes
        self.journal = journal
        self.uploads = 0
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def urls(self, draft: ListingDraft) -> list[str]:
        """The marketplace URLs of the draft's images, in order."""
        return [self.url(image) for image in draft.images]

    def url(self, image: str) -> str:
        """The URL of one image, uploading it if this marketplace has not seen its bytes."""
        digest = self.hashes.of(image)
        with self._guard:
            lock = self._locks.setdefault(digest, threading.Lock())
        with lock:
            known = self.store.image_url(self.connector.name, digest)
            if known is not None:
                return known
            data = self.hashes.path(image).read_bytes()
            name = self.hashes.path(image).name
            url = self.journal(
                "upload_image", digest, lambda: self.connector.upload_image(data, name)
            )
            self.store.remember_image(self.connector.name, digest, url)
            self.uploads += 1
            return url
