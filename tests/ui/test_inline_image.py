"""Images drawn inside the page (#29, item 9: st.image's media files 404ed when a rerun replaced them under load):
the PNG encoder round-trips exactly (decoded here chunk by chunk with zlib), and the Splits page serves no media
image."""

import struct
import zlib

import numpy as np
import pytest

from modeldash.ui.widgets import _png


def _decode(png: bytes) -> np.ndarray:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    i, idat = 8, b""
    while i < len(png):
        (n,) = struct.unpack(">I", png[i : i + 4])
        kind, data = png[i + 4 : i + 8], png[i + 8 : i + 8 + n]
        assert zlib.crc32(kind + data) & 0xFFFFFFFF == struct.unpack(">I", png[i + 8 + n : i + 12 + n])[0]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", data[:10])
        idat += data if kind == b"IDAT" else b""
        i += 12 + n
    c = 3 if colour == 2 else 1
    raw = zlib.decompress(idat)
    rows = [raw[r * (1 + w * c) : (r + 1) * (1 + w * c)] for r in range(h)]
    assert depth == 8 and all(row[0] == 0 for row in rows)
    return np.frombuffer(b"".join(row[1:] for row in rows), np.uint8).reshape((h, w, c) if c == 3 else (h, w))


@pytest.mark.parametrize("shape", [(5, 7), (64, 64, 3)])
def test_the_png_round_trips(shape):
    img = np.random.default_rng(0).random(shape)
    np.testing.assert_array_equal(_decode(_png(img)), (img * 255).round().astype(np.uint8))
    assert _decode(_png(np.full((2, 2), 7.0))).max() == 255  # clipped to [0, 1]


@pytest.mark.slow
def test_the_splits_page_serves_no_media_image(shipped_store):
    from tests.pages.apptest import open_app

    at = open_app("views/splits.py")
    assert not at.exception and not at.error
    assert not at.get("imgs")  # st.image: a media file a rerun can expire
    assert any("data:image/png;base64," in h.proto.body for h in at.get("html"))
