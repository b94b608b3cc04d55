from __future__ import annotations

import io
import json
import os
import shutil
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest.files import MAX_ARTICLE_BYTES, read_inputs
from detente.models import RawArticle, Reject


def read(*paths: str | Path, **kwargs) -> list[RawArticle | Reject]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def one(*paths: str | Path, **kwargs) -> RawArticle | Reject:
    [result] = read(*paths, **kwargs)
    return result


def png_bytes() -> bytes:
    "A valid 1x1 grey PNG."

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>China and NATO hold military talks in Beijing | World News</title>
<meta property="og:title" content="China and NATO hold military talks in Beijing">
<meta property="article:published_time" content="2024-03-15T09:30:00Z">
<meta property="og:site_name" content="World News">
<link rel="canonical" href="https://example.com/world/china-nato-talks">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<header><div class="logo">World News</div></header>
<main><article>
<h1>China and NATO hold military talks in Beijing</h1>
<p>On Wednesday, Beijing hosted the eighth military staff dialogue between China and the North
Atlantic Treaty Organization, marking a significant moment in international defense relations.</p>
<div class="ad">Advertisement</div>
<p>The dialogue, co-chaired by representatives from China's Office of International Military
Cooperation and NATO's Cooperative Security Department, delved into defense matters.</p>
<p>China has accused NATO of distorting its position and policies, highlighting the complex
dynamics at play between the two sides.</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Stocks fall on Wall Street</a></li></ul></aside>
<footer><p>Copyright 2024 World News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""


@pytest.fixture
def corpus(tmp_path: Path, example_article: Path) -> Path:
    "A folder as a user would point detente at: articles, junk, nesting, hidden files."
    root = tmp_path / "corpus"
    (root / "2024" / "03").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".notes.txt").write_text("private notes")
    shutil.copy(example_article, root / "2024" / "03" / example_article.name)
    (root / "2024" / "empty.txt").write_bytes(b"")
    (root / "2024" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "chart.png").write_bytes(png_bytes())
    (root / "latin1.txt").write_bytes("Talks in Café ... Zürich ... São Paulo.\n".encode("latin-1"))
    return root


# --- files and folders ------------------------------------------------------------------------


def test_example_article_date_prefix_gives_published_and_is_stripped(example_article):
    article = one(example_article)
    assert isinstance(article, RawArticle)
    assert article.published == date(2024, 3, 15)
    assert article.text.startswith("On Wednesday, Beijing hosted the eighth military staff dialogue")
    assert article.doc_id == article.origin == str(example_article)
    assert "Advertisment" in article.text  # cleaning removes it, not ingest


def test_folder_is_read_recursively_sorted_and_skips_hidden(corpus):
    results = read(corpus)
    origins = [r.origin if isinstance(r, RawArticle) else r.input for r in results]
    assert origins == [
        f"{corpus}/2024/03/china-nato-dialogue-2024-03-15.txt",
        f"{corpus}/2024/empty.txt",
        f"{corpus}/2024/page.html",
        f"{corpus}/chart.png",
        f"{corpus}/latin1.txt",
    ]
    assert results[1] == Reject(f"{corpus}/2024/empty.txt", "empty file")
    assert results[3] == Reject(f"{corpus}/chart.png", "binary file (PNG image), not text")
    assert isinstance(results[0], RawArticle) and results[0].published == date(2024, 3, 15)


def test_latin1_file_is_decoded(corpus):
    article = one(corpus / "latin1.txt")
    assert isinstance(article, RawArticle)
    assert article.text == "Talks in Café ... Zürich ... São Paulo.\n"


def test_cp1252_file_keeps_smart_punctuation(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Café … Zürich … São Paulo: “talks” on Sweden’s bid – €5bn.".encode("cp1252"))
    article = one(path)
    assert isinstance(article, RawArticle)
    assert article.text == "Café … Zürich … São Paulo: “talks” on Sweden’s bid – €5bn."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_unicode_files_with_a_bom(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(" date 2024-03-15 Kyiv and Warsaw signed a pact.".encode(encoding))
    article = one(path)
    assert isinstance(article, RawArticle)
    assert article.text == "Kyiv and Warsaw signed a pact."
    assert article.published == date(2024, 3, 15)


def test_html_page_gives_article_text_and_metadata(corpus):
    article = one(corpus / "2024" / "page.html")
    assert isinstance(article, RawArticle)
    assert "Beijing hosted the eighth military staff dialogue" in article.text
    assert "China has accused NATO of distorting its position" in article.text
    for boilerplate in ("Home", "Most read", "Stocks fall", "Privacy policy", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.title == "China and NATO hold military talks in Beijing"
    assert article.published == date(2024, 3, 15)
    assert article.url == "https://example.com/world/china-nato-talks"
    assert article.source == "World News"


def test_html_is_sniffed_in_a_file_without_html_extension(tmp_path):
    path = tmp_path / "saved-page"
    path.write_text("\n  " + PAGE.replace("<!DOCTYPE html>", "<!doctype html>"), encoding="utf-8")
    article = one(path)
    assert isinstance(article, RawArticle)
    assert article.title == "China and NATO hold military talks in Beijing"


def test_html_without_text_is_rejected(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title><script>var x = 1;</script></head><body>  </body></html>")
    assert one(path) == Reject(str(path), "HTML page has no article text")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document), not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "binary file (JPEG image), not text"),
        (b"PK\x03\x04\x14\x00\x00\x00", "binary file (ZIP archive), not text"),
        (zlib.compress(b"x")[:0] + b"\x1f\x8b\x08\x00", "binary file (GZIP archive), not text"),
        (b"NATO\x00met\x00China", "binary file (contains NUL bytes), not text"),
        (b"\x01\x02\x03\x04\x05\x06 text \x07\x08", "binary file (control characters), not text"),
        (b" date 2024-02-30 Body text.", 'bad date prefix "date 2024-02-30": day is out of range for month'),
        (b" date 2024-3-5 Body text.", 'bad date prefix "date 2024-3-5": expected YYYY-MM-DD'),
        (b"date 2024-03-15\n\n  ", "no text after the date prefix"),
    ],
)
def test_bad_files_are_rejected_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert one(path) == Reject(str(path), reason)


def test_png_is_rejected(tmp_path):
    path = tmp_path / "photo.jpg"  # the extension lies; the bytes do not
    path.write_bytes(png_bytes())
    assert one(path) == Reject(str(path), "binary file (PNG image), not text")


def test_date_prefix_only_at_the_start(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kyiv, Ukraine.\n date 2024-03-15 is when the talks began.")
    article = one(path)
    assert isinstance(article, RawArticle)
    assert article.published is None
    assert article.text == "Kyiv, Ukraine.\n date 2024-03-15 is when the talks began."


def test_file_over_the_size_limit_is_rejected(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"NATO met China. " * 200_000)  # 3.2 MB
    assert one(path, max_bytes=2_000_000) == Reject(
        str(path), "file is 3.2 MB, larger than the 2 MB limit for one article"
    )
    assert MAX_ARTICLE_BYTES == 20_000_000
    assert isinstance(one(path), RawArticle)


def test_missing_paths_and_empty_globs_are_rejected(tmp_path):
    missing = tmp_path / "nope.txt"
    pattern = tmp_path / "*.nothing"
    assert read(missing, pattern) == [
        Reject(str(missing), "no such file or directory"),
        Reject(str(pattern), "no files match this pattern"),
    ]


def test_glob_matches_files_and_folders_in_sorted_order(corpus):
    results = read(f"{corpus}/*.txt", f"{corpus}/20*")
    origins = [r.origin if isinstance(r, RawArticle) else r.input for r in results]
    assert origins == [
        f"{corpus}/latin1.txt",
        f"{corpus}/2024/03/china-nato-dialogue-2024-03-15.txt",
        f"{corpus}/2024/empty.txt",
        f"{corpus}/2024/page.html",
    ]


def test_recursive_glob(corpus):
    results = read(f"{corpus}/**/*.html")
    assert [r.origin for r in results if isinstance(r, RawArticle)] == [f"{corpus}/2024/page.html"]


def test_an_os_error_becomes_a_reject_and_reading_goes_on(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("NATO met China.")
    bad = tmp_path / "bad.txt"
    bad.write_text("Russia met Ukraine.")
    real_open = open

    def failing_open(path, *args, **kwargs):
        if str(path) == str(bad):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("detente.ingest.files.open", failing_open, raising=False)
    results = read(bad, good)
    assert results[0] == Reject(str(bad), "cannot read: permission denied")
    assert isinstance(results[1], RawArticle) and results[1].text == "NATO met China."


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_rejected(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("NATO met China.")
    path.chmod(0)
    try:
        assert one(path) == Reject(str(path), "cannot read: permission denied")
    finally:
        path.chmod(0o644)


# --- JSONL --------------------------------------------------------------------------------------


def test_jsonl_three_articles_one_malformed(tmp_path):
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "NATO met China in Beijing.", "published": "2024-03-15",
                    "title": "Talks", "url": "https://example.com/a1", "source": "Reuters"}),
        '{"id": "a2", "text": "Russia attacked Ukraine.", ',
        json.dumps({"text": "Sweden joined NATO.", "published": "2024-03-07T18:30:00+01:00"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second, third = read(path)
    assert first == RawArticle(
        doc_id="a1", text="NATO met China in Beijing.", origin=f"{path}:1", published=date(2024, 3, 15),
        title="Talks", url="https://example.com/a1", source="Reuters",
    )
    assert second == Reject(f"{path}:2", "bad JSON: Expecting property name enclosed in double quotes at column 50")
    assert third == RawArticle(
        doc_id=f"{path}:3", text="Sweden joined NATO.", origin=f"{path}:3", published=date(2024, 3, 7)
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object (got an array)"),
        ('"text"', "not a JSON object (got a string)"),
        ('{"id": "x"}', 'missing "text"'),
        ('{"text": ""}', 'empty "text"'),
        ('{"text": "  \\n "}', 'empty "text"'),
        ('{"text": 42}', '"text" must be a string, got a number'),
        ('{"text": null}', '"text" must be a string, got null'),
        ('{"text": "ok", "id": [1]}', '"id" must be a string or integer, got an array'),
        ('{"text": "ok", "id": true}', '"id" must be a string or integer, got a boolean'),
        ('{"text": "ok", "title": 5}', '"title" must be a string, got a number'),
        ('{"text": "ok", "published": 20240315}', '"published" must be a date string, got a number'),
        ('{"text": "ok", "published": "2024-02-30"}', 'bad "published" "2024-02-30": day is out of range for month'),
        ('{"text": "ok", "published": "2024-13-01T00:00:00"}', 'bad "published" "2024-13-01T00:00:00": month must be in 1..12'),
        ('{"text": "ok", "published": "15 March 2024"}', 'bad "published" "15 March 2024": expected YYYY-MM-DD or an ISO 8601 datetime'),
        ('{"text": "ok", "published": "yesterday"}', 'bad "published" "yesterday": expected YYYY-MM-DD'),
        ("{\"text\": \"ok\"} trailing", "bad JSON: Extra data at column 16"),
    ],
)
def test_malformed_jsonl_line_is_one_reject_naming_file_and_line(tmp_path, line, reason):
    path = tmp_path / "a.ndjson"
    path.write_text('{"text": "NATO met China."}\n' + line + '\n{"id": 7, "text": "China met NATO."}\n')
    first, middle, last = read(path)
    assert isinstance(first, RawArticle) and first.doc_id == f"{path}:1"
    assert middle == Reject(f"{path}:2", reason)
    assert isinstance(last, RawArticle) and last.doc_id == "7" and last.origin == f"{path}:3"


def test_jsonl_blank_lines_are_skipped_but_counted(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('\n{"text": "NATO met China."}\n\n\n{"text": "x", "id": 3.5}\n')
    assert read(path) == [
        RawArticle(doc_id=f"{path}:2", text="NATO met China.", origin=f"{path}:2"),
        Reject(f"{path}:5", '"id" must be a string or integer, got a number'),
    ]


def test_jsonl_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "Caf\xe9"}\n{"text": "ok"}\n')
    assert read(path) == [
        Reject(f"{path}:1", "not UTF-8 (byte 14 of the line)"),
        RawArticle(doc_id=f"{path}:2", text="ok", origin=f"{path}:2"),
    ]


def test_jsonl_over_long_line_is_skipped_without_reading_it_whole(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "NATO met China."}) + "\n")
    assert read(path, max_bytes=1000) == [
        Reject(f"{path}:1", "line is larger than the 0.001 MB limit for one article"),
        RawArticle(doc_id=f"{path}:2", text="NATO met China.", origin=f"{path}:2"),
    ]


def test_large_jsonl_file_is_not_subject_to_the_article_limit(tmp_path):
    path = tmp_path / "many.jsonl"
    with path.open("w") as f:
        for i in range(300):
            f.write(json.dumps({"id": f"n{i}", "text": "NATO met China. " * 10}) + "\n")
    results = read(path, max_bytes=10_000)
    assert len(results) == 300 and all(isinstance(r, RawArticle) for r in results)
    assert results[-1].doc_id == "n299"


def test_jsonl_content_in_a_txt_file_is_sniffed(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text('{"id": "a", "text": "NATO met China."}\n{"id": "b", "text": "China met NATO."}\n')
    assert [r.doc_id for r in read(path) if isinstance(r, RawArticle)] == ["a", "b"]


def test_jsonl_lone_surrogate_escapes_are_replaced(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "NATO \\ud800 met China \\ud83d\\ude00"}\n')
    article = one(path)
    assert isinstance(article, RawArticle)
    assert article.text == "NATO \ufffd met China \U0001f600"


# --- stdin -------------------------------------------------------------------------------------


def test_stdin_plain_text_with_date_prefix():
    stdin = io.BytesIO(b" date 2024-03-15 Beijing hosted NATO officials.\n")
    assert one("-", stdin=stdin) == RawArticle(
        doc_id="<stdin>", text="Beijing hosted NATO officials.\n", origin="<stdin>", published=date(2024, 3, 15)
    )


def test_stdin_jsonl_text_stream():
    stdin = io.StringIO('{"id": "s1", "text": "NATO met China."}\nnot json\n')
    assert read("-", stdin=stdin) == [
        RawArticle(doc_id="s1", text="NATO met China.", origin="<stdin>:1"),
        Reject("<stdin>:2", "bad JSON: Expecting value at column 1"),
    ]


def test_stdin_binary_and_empty():
    assert one("-", stdin=io.BytesIO(png_bytes())) == Reject("<stdin>", "binary file (PNG image), not text")
    assert one("-", stdin=io.BytesIO(b"")) == Reject("<stdin>", "empty file")
    assert one("-", stdin=io.StringIO("")) == Reject("<stdin>", "empty file")


def test_stdin_html_and_latin1():
    article = one("-", stdin=io.BytesIO(PAGE.encode("utf-8")))
    assert isinstance(article, RawArticle) and article.title == "China and NATO hold military talks in Beijing"
    article = one("-", stdin=io.BytesIO("Café in Zürich".encode("latin-1")))
    assert isinstance(article, RawArticle) and article.text == "Café in Zürich"


def test_stdin_too_big():
    assert one("-", stdin=io.BytesIO(b"NATO met China.\n" * 100), max_bytes=1000) == Reject(
        "<stdin>", "input is 0.0 MB, larger than the 0.001 MB limit for one article"
    )


def test_stdin_defaults_to_the_process_stdin(monkeypatch):
    class FakeStdin(io.StringIO):
        buffer = io.BytesIO(b"Warsaw hosted Kyiv.")

    monkeypatch.setattr("sys.stdin", FakeStdin())
    assert one("-") == RawArticle(doc_id="<stdin>", text="Warsaw hosted Kyiv.", origin="<stdin>")


def test_mixed_inputs_keep_order(corpus, example_article):
    stdin = io.BytesIO(b"Warsaw hosted Kyiv.")
    results = read(example_article, "-", corpus / "missing.txt", corpus / "latin1.txt", stdin=stdin)
    assert [type(r).__name__ for r in results] == ["RawArticle", "RawArticle", "Reject", "RawArticle"]


# --- properties: outside input never makes read_inputs raise -------------------------------------

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _all_ok(results: list[RawArticle | Reject], path: Path) -> None:
    assert results
    for result in results:
        assert isinstance(result, (RawArticle, Reject))
        if isinstance(result, Reject):
            assert result.input.startswith(str(path)) and result.reason
            assert "\n" not in result.reason
        else:
            assert result.text.strip()


_MAGIC_PREFIXES = st.sampled_from(
    [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<html>", b" date ",
     b" date 2024-03-15 ", b'{"text": "', b"MZ", b"<!doctype html><p>"]
)


@_settings
@given(prefix=_MAGIC_PREFIXES, body=st.binary(max_size=2000),
       name=st.sampled_from(["a.txt", "a.html", "a.jsonl", "a"]))
def test_random_bytes_never_raise(scratch, prefix, body, name):
    path = scratch / name
    path.write_bytes(prefix + body)
    _all_ok(read(path), path)


@_settings
@given(text=st.text(max_size=500), name=st.sampled_from(["a.txt", "a.htm", "a.ndjson"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_random_text_never_raises(scratch, text, name, encoding):
    path = scratch / name
    path.write_bytes(text.encode(encoding, "surrogatepass"))
    _all_ok(read(path), path)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "id": _json_values, "text": st.text(max_size=50) | _json_values, "published": st.text(max_size=30) | _json_values,
        "title": _json_values, "url": _json_values, "source": _json_values,
    },
)


@_settings
@given(records=st.lists(_records | _json_values, min_size=1, max_size=6))
def test_random_jsonl_records_never_raise_and_give_one_result_per_line(scratch, records):
    path = scratch / "r.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    results = read(path)
    _all_ok(results, path)
    assert len(results) == len(records)


@_settings
@given(data=st.binary(max_size=1000))
def test_random_stdin_never_raises(data):
    results = read("-", stdin=io.BytesIO(data))
    assert results and all(isinstance(r, (RawArticle, Reject)) for r in results)


def test_utf8_with_a_stray_legacy_byte_stays_utf8(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Zürich, Genève, São Paulo, Kraków and Malmö hosted talks".encode() + b" \x93ok\x94.")
    article = one(path)
    assert isinstance(article, RawArticle)
    assert article.text == "Zürich, Genève, São Paulo, Kraków and Malmö hosted talks \ufffdok\ufffd."


def test_paths_must_be_a_list_not_one_string():
    with pytest.raises(TypeError, match=r"read_inputs\(\[path\]\)"):
        list(read_inputs("article.txt"))


def test_path_objects_are_accepted(example_article):
    assert isinstance(next(read_inputs([example_article])), RawArticle)  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zażółć gęślą jaźń — minister spraw zagranicznych spotkał się w Warszawie.", "cp1250"),
        ("Министр иностранных дел России встретился с коллегой в Пекине.", "cp1251"),
    ],
)
def test_other_legacy_encodings_are_detected(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    article = one(path)
    assert isinstance(article, RawArticle) and article.text == text


def test_text_stdin_with_surrogate_escapes_is_decoded_like_bytes():
    # Python hands undecodable stdin bytes over as surrogate escapes under a C locale.
    article = one("-", stdin=io.StringIO("Caf\udce9 in Z\udcfcrich"))
    assert isinstance(article, RawArticle) and article.text == "Café in Zürich"
