#!/usr/bin/env python3
"""Reads the DOM that headless Chromium rendered from a lab HTML report (`chromium --dump-dom`) and prints its
structure as JSON: the summary counts, the overview rows and evidence articles in document order, the elements
that could load anything from outside (script, link, img, iframe, object, external href/src), and the text of
each article. Python's html.parser only walks what Chromium serialised; it does not judge the report itself.

    report_dom.py DOM.html
"""

import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.counts = {}
        self.count_name = None
        self.rows = []
        self.articles = []
        self.external = []
        self.scripts = 0
        self.environment = {}
        self.env_key = None
        self.in_env = False
        self.capture = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("link", "img", "iframe", "object", "embed", "script") and (attrs.get("src") or attrs.get("href")):
            self.external.append(f"{tag} {attrs.get('src') or attrs.get('href')}")
        for name in ("href", "src"):
            value = attrs.get(name)
            if value and not value.startswith("#"):
                self.external.append(f"{tag} {name}={value}")
        if tag == "span" and "data-count" in attrs and self.inside("p", "summary"):
            self.count_name = attrs["data-count"]
            self.text = ""
        if tag == "tr" and "case" in (attrs.get("class") or "").split() and self.inside("table", "cases"):
            self.rows.append({"status": attrs.get("data-status"), "id": attrs.get("data-id")})
        if tag == "article" and "case" in (attrs.get("class") or "").split():
            self.articles.append({"status": attrs.get("data-status"), "id": attrs.get("data-id"),
                                  "anchor": attrs.get("id"), "text": ""})
        if tag == "section" and attrs.get("id") == "environment":
            self.in_env = True
        if self.in_env and tag in ("th", "td"):
            self.capture = tag
            self.text = ""
        if tag not in VOID:
            self.stack.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        if tag == "span" and self.count_name:
            self.counts[self.count_name] = int(self.text.strip())
            self.count_name = None
        if self.in_env and tag == self.capture:
            if tag == "th":
                self.env_key = self.text.strip()
            elif self.env_key is not None:
                self.environment[self.env_key] = self.text.strip()
                self.env_key = None
            self.capture = None
        if tag == "section" and self.in_env:
            self.in_env = False
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.text += data
        if self.articles and self.inside("article", self.articles[-1]["anchor"]):
            self.articles[-1]["text"] += data

    def inside(self, tag, element_id):
        return any(t == tag and i == element_id for t, i in self.stack)


def main(path):
    walker = Walker()
    with open(path, encoding="utf-8") as dom:
        walker.feed(dom.read())
    print(json.dumps({"counts": walker.counts, "rows": walker.rows, "articles": walker.articles,
                      "external": walker.external, "scripts": walker.scripts, "environment": walker.environment}))


if __name__ == "__main__":
    main(sys.argv[1])
