#!/usr/bin/env python3
"""Strict checks of adplan's machine-readable output (tests/hostile/test_json_utf8.sh).

Usage: strict_json.py doc|lines|prom FILE [PYTHON-EXPR]
  doc    FILE is one JSON document (verify --json, the exporter's /probe?format=json)
  lines  every line of FILE is one JSON document (verify --json-lines); FILE ends with a newline
  prom   FILE is the Prometheus text format; every label value is parsed as a JSON string
Every byte must decode as strict UTF-8 (no 0xff, no surrogate's three bytes, no overlong form);
no raw C0 control (but the newline), DEL, C1 control or bidirectional control may appear (JSON
escapes them); JSON has no NaN or Infinity; no string holds a lone surrogate (an escaped
\\ud800). PYTHON-EXPR, if given, must hold for `docs` (the parsed documents, a list).
Exit 0 and the number of documents, or 1 and why.
"""
import json
import re
import sys

FORBIDDEN = set(range(0x7F, 0xA0)) | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def die(why):
    print("strict_json: " + why)
    sys.exit(1)


def no_constants(name):
    raise ValueError("not JSON: " + name)


def walk(v):
    if isinstance(v, str):
        v.encode("utf-8")  # a lone surrogate (from "\ud800") cannot be encoded
    elif isinstance(v, list):
        for x in v:
            walk(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            walk(k)
            walk(x)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    raw = open(path, "rb").read()
    if not raw:
        die(path + " is empty")
    try:
        text = raw.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        die("%s: not UTF-8 at byte %d: %r" % (path, e.start, raw[max(0, e.start - 20):e.start + 10]))
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch != "\n") or o in FORBIDDEN:
            die("%s: a raw control U+%04X at character %d: %r" % (path, o, i, text[max(0, i - 30):i + 10]))
    docs = []
    try:
        if mode == "doc":
            docs.append(json.loads(text, parse_constant=no_constants))
        elif mode == "lines":
            if not text.endswith("\n"):
                die(path + ": the last line has no newline")
            for n, line in enumerate(text.split("\n")[:-1], 1):
                docs.append(json.loads(line, parse_constant=no_constants))
        elif mode == "prom":
            sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{(.*)\})? [^ ]+$')
            label = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)')
            for n, line in enumerate(text.split("\n")[:-1], 1):
                if line.startswith("# HELP ") or line.startswith("# TYPE "):
                    continue
                m = sample.match(line)
                if not m:
                    die("%s:%d: not a sample: %r" % (path, n, line[:200]))
                labels = {}
                rest = m.group(2) or ""
                while rest:
                    lm = label.match(rest)
                    if not lm:
                        die("%s:%d: bad labels: %r" % (path, n, rest[:200]))
                    labels[lm.group(1)] = json.loads('"' + lm.group(2) + '"')
                    rest = rest[lm.end():]
                docs.append(labels)
        else:
            die("mode: doc, lines or prom")
        for d in docs:
            walk(d)
    except (ValueError, UnicodeEncodeError) as e:
        die("%s: %s" % (path, e))
    if len(sys.argv) > 3 and not eval(sys.argv[3], {"docs": docs}):
        die("%s: does not hold: %s" % (path, sys.argv[3]))
    print(len(docs))


if __name__ == "__main__":
    main()
