"""The CSP allows no inline script or style: none may be written in a page template.

Mail templates are left out: mail clients drop linked stylesheets, so mails keep inline
styles, and a CSP never applies to a mail.
"""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MAIL = TEMPLATES / "notifications" / "mail"
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def page_templates():
    return [p for p in TEMPLATES.rglob("*.html") if MAIL not in p.parents]


def inline_code(text: str) -> list[str]:
    return [name for name, pattern in INLINE.items() if pattern.search(text)]


def test_no_page_template_has_inline_script_or_style():
    found = {str(p.relative_to(TEMPLATES)): inline_code(p.read_text(encoding="utf-8"))
             for p in page_templates()}
    assert {name: kinds for name, kinds in found.items() if kinds} == {}


def test_the_scanner_recognises_what_it_refuses():
    assert inline_code('<script>alert(1)</script>') == ["inline <script>"]
    assert inline_code('<script src="/static/x.js"></script>') == []
    assert inline_code('<div class="a" style="color: red">') == ["style attribute"]
    assert inline_code('<button onclick="go()">') == ["event handler attribute"]
    assert inline_code('<rect fill="#7a1d2e" stroke="#ddd"/>') == []
