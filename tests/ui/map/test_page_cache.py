"""The map page is built once and kept on disk: same inputs, same file; any change, a new page."""

from __future__ import annotations

import pytest

from ui.map import page


def test_page_cache_reuses_and_rebuilds(tmp_path, monkeypatch):
    monkeypatch.setenv("FDS_MAP_CACHE", str(tmp_path))
    built = []
    real = page.build_page_html
    monkeypatch.setattr(page, "build_page_html", lambda **kw: built.append(kw) or real(**kw))
    first = page.cached_page_html()
    assert built and len(list(tmp_path.glob("page-*.html"))) == 1
    assert page.cached_page_html() == first and len(built) == 1  # from disk
    tiles = page.cached_page_html(tile_url="http://10.0.0.1/{z}/{x}/{y}.png")
    assert len(built) == 2 and "10.0.0.1" in tiles and "10.0.0.1" not in first
    assert len(list(tmp_path.glob("page-*.html"))) == 2


def test_page_cache_still_checks_assets(tmp_path, monkeypatch):
    monkeypatch.setenv("FDS_MAP_CACHE", str(tmp_path))
    page.cached_page_html()
    monkeypatch.setattr(page, "ASSETS_DIR", tmp_path / "missing")
    with pytest.raises(page.OfflineAssetError):
        page.cached_page_html()
