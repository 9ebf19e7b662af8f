"""A missing or damaged index: a clear 503 (HTML and JSON) saying how to rebuild, never a stack trace.

Damage of every kind to a copy of the seed index: truncated, emptied, missing or garbage segment and
TOC files, a single flipped byte, a broken manifest, a dangling `current` link. Then a reindex
brings the same running app back, without a restart.
"""

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexHome
from searchapp.indexing.manifest import MANIFEST, check_manifest
from searchapp.reindex import main
from searchapp.search import SearchEngine
from searchapp.search.engine import IndexMissing

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

ARTICLE = "001_6a3104368aca8f7d"
URLS = ["/", "/search?q=hoc+tap", f"/articles/{ARTICLE}", "/api/search?q=hoc+tap", "/api/search",
        f"/api/articles/{ARTICLE}"]


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory):
    home = tmp_path_factory.mktemp("corrupt") / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    return home


def damaged_copy(prebuilt, tmp_path, damage):
    """A copy of the seed index home with damage(build, segment, toc) done to it, and the names and sizes before."""
    home = tmp_path / "ix"
    shutil.copytree(prebuilt, home, symlinks=True)
    build = IndexHome(home).current()
    seg, toc = next(build.glob("*.seg")), next(build.glob("*.toc"))
    before = {"seg": seg.name, "toc": toc.name, "seg_size": seg.stat().st_size, "toc_size": toc.stat().st_size}
    damage(build, seg, toc)
    return home, before


def rebuild(home, prebuilt):
    """What a reindex does, quickly: a complete new build beside the damaged one, swapped in."""
    fresh = IndexHome(home).new_build()
    shutil.copytree(IndexHome(prebuilt).current(), fresh, dirs_exist_ok=True)
    IndexHome(home).swap(fresh)


def truncate(path, fraction):
    path.write_bytes(path.read_bytes()[: int(path.stat().st_size * fraction)])


def garble(path, at, length, seed=7):
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    data[start : start + length] = random.Random(seed).randbytes(len(data[start : start + length]))
    path.write_bytes(bytes(data))


def flip_byte(path, at):
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x01
    path.write_bytes(bytes(data))


DAMAGES = {
    "segment truncated": (lambda b, seg, toc: truncate(seg, 0.5), "{seg} has {half_seg} bytes, not {seg_size}"),
    "segment emptied": (lambda b, seg, toc: truncate(seg, 0), "{seg} has 0 bytes, not {seg_size}"),
    "segment missing": (lambda b, seg, toc: seg.unlink(), "{seg} is missing"),
    "segment garbage at the start": (lambda b, seg, toc: garble(seg, 0, 4096), "{seg} is damaged (its checksum changed)"),
    "segment garbage in the middle": (lambda b, seg, toc: garble(seg, 0.3, 2000),
                                      "{seg} is damaged (its checksum changed)"),
    "segment garbage at the end": (lambda b, seg, toc: garble(seg, 0.999, 2000),
                                   "{seg} is damaged (its checksum changed)"),
    "one byte flipped in the segment": (lambda b, seg, toc: flip_byte(seg, 0.6),
                                        "{seg} is damaged (its checksum changed)"),
    "TOC truncated": (lambda b, seg, toc: truncate(toc, 0.5), "{toc} has {half_toc} bytes, not {toc_size}"),
    "TOC garbage": (lambda b, seg, toc: garble(toc, 0, 10**6), "{toc} is damaged (its checksum changed)"),
    "TOC missing": (lambda b, seg, toc: toc.unlink(), "{toc} is missing"),
    "manifest garbage": (lambda b, seg, toc: (b / MANIFEST).write_bytes(b"\x00\xff{"),
                         "MANIFEST.json is unreadable (UnicodeDecodeError)"),
    "manifest not an object": (lambda b, seg, toc: (b / MANIFEST).write_text("[1]"),
                               "MANIFEST.json is unreadable (TypeError)"),
}


def check_503(client, home, reason):
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 503, url
        text = response.get_data(as_text=True)
        assert "Traceback" not in text and f"python -m searchapp.reindex --index {home}" in text
        if url.startswith("/api/"):
            error = response.get_json()["error"]
            assert error["code"] == "index_unavailable" and reason in error["message"]
        else:
            assert response.mimetype == "text/html" and 'role="alert"' in text and "Lỗi 503" in text


@pytest.mark.parametrize("name", DAMAGES)
def test_a_damaged_index_is_a_503_that_says_how_to_rebuild(prebuilt, tmp_path, name):
    from searchapp import create_app

    damage, reason = DAMAGES[name]
    home, before = damaged_copy(prebuilt, tmp_path, damage)
    reason = reason.format(half_seg=before["seg_size"] // 2, half_toc=before["toc_size"] // 2, **before)
    client = create_app({"INDEX_DIR": str(home), "TESTING": True}).test_client()
    check_503(client, home, reason)
    rebuild(home, prebuilt)
    assert client.get("/api/search?q=hoc+tap").get_json()["total"] == 5
    assert client.get("/").status_code == 200


def test_a_build_has_a_manifest_of_its_files(prebuilt):
    build = IndexHome(prebuilt).current()
    assert check_manifest(build) is None
    assert sorted(json.loads((build / MANIFEST).read_text())["files"]) == sorted(
        p.name for p in build.iterdir() if p.suffix in (".seg", ".toc"))


def test_a_damaged_index_found_in_one_request_is_not_read_again(prebuilt, tmp_path, monkeypatch):
    home, _ = damaged_copy(prebuilt, tmp_path, DAMAGES["one byte flipped in the segment"][0])
    engine = SearchEngine(home)
    with pytest.raises(IndexMissing):
        engine.search({"q": "hoc"})
    monkeypatch.setattr("searchapp.search.engine.check_manifest", lambda build: pytest.fail("checked again"))
    with pytest.raises(IndexMissing, match="is damaged"):
        engine.search({"q": "hoc"})


@pytest.mark.parametrize("name, break_it, message", [
    ("dangling link", lambda home: shutil.rmtree(IndexHome(home).current()), "trỏ tới build-"),
    ("link replaced by a file", lambda home: ((home / "current").unlink(), (home / "current").write_text("x")),
     "Chưa có chỉ mục ở"),
    ("no index home at all", lambda home: shutil.rmtree(home), "Chưa có chỉ mục ở"),
    # is_symlink first: the `current` link to a build is_dir too, and rmtree refuses links.
    ("index home without builds", lambda home: [p.unlink() if p.is_symlink() or not p.is_dir() else shutil.rmtree(p)
                                                 for p in home.iterdir()], "Chưa có chỉ mục ở"),
])
def test_a_missing_index_is_a_503_that_says_how_to_build_it(prebuilt, tmp_path, name, break_it, message):
    from searchapp import create_app

    home, _ = damaged_copy(prebuilt, tmp_path, lambda *a: None)
    client = create_app({"INDEX_DIR": str(home), "TESTING": True}).test_client()
    assert client.get("/api/search?q=hoc+tap").status_code == 200  # served, then broken under it
    break_it(home)
    check_503(client, home, message)
    if name == "dangling link":
        assert main(["--index", str(home), "--jobs", "1", "--quiet"]) == 0  # the command the message gives
    else:
        rebuild(home, prebuilt)
    assert client.get("/api/search?q=hoc+tap").get_json()["total"] == 5


def test_an_index_without_a_manifest_is_trusted(prebuilt, tmp_path):
    """Builds made before manifests existed keep working."""
    home, _ = damaged_copy(prebuilt, tmp_path, lambda build, seg, toc: os.unlink(build / MANIFEST))
    assert SearchEngine(home).search({"q": "hoc tap"})["total"] == 5


def test_a_manifest_of_crc32_from_older_builds_is_still_checked(prebuilt, tmp_path):
    """New builds record Adler-32 (faster to check at start); those made before record CRC-32."""
    import zlib

    home, _ = damaged_copy(prebuilt, tmp_path, lambda *a: None)
    build = IndexHome(home).current()
    manifest = json.loads((build / MANIFEST).read_text())
    assert {key for want in manifest["files"].values() for key in want} == {"size", "adler32"}
    for name, want in manifest["files"].items():
        del want["adler32"]
        want["crc32"] = zlib.crc32((build / name).read_bytes())
    (build / MANIFEST).write_text(json.dumps(manifest))
    assert check_manifest(build) is None
    segment = next(build.glob("*.seg"))
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    assert check_manifest(build) == f"{segment.name} is damaged (its checksum changed)"
