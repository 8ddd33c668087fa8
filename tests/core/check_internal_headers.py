#!/usr/bin/env python3
"""Internal means internal: a layer's libplan/adplan/<layer>/internal/ headers are included only by
that layer's own files and by the tests of that layer (docs/ARCHITECTURE.md, "Public and internal
headers"). Who may include <adplan/L/internal/x.hpp>:
  libplan/adplan/L/**/*.cpp and libplan/adplan/L/internal/*.hpp    the layer itself
  tests/unit/test_L_*.cpp, tests/unit/test_L_*.hpp                 the layer's unit tests
  tests/fuzz/fuzz_*.cpp                                            a fuzz target, of one layer only
Nobody else: not the layer's public headers (libplan/adplan/L/*.hpp, which other layers and the CLI
include), not another layer, not the CLI (tools/), not bench/ nor any other test.
A violation names the file, the line, the header and the way out (move what is needed out of
internal/ into a public header of the layer).
Usage: check_internal_headers.py SOURCE_DIR"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
SOURCES = ("*.cpp", "*.hpp", "*.cc", "*.h")


def internal_layer(included, including):
    """The layer whose internal header `included` is, or None for any other header."""
    parts = included.split("/")
    if len(parts) >= 3 and parts[0] == "adplan" and parts[2] == "internal":
        return parts[1]
    # A relative "internal/x.hpp" (or "../L/internal/x.hpp") from inside libplan/adplan/.
    if "internal" in parts:
        resolved = (including.parent / included).resolve()
        rel = resolved.parts
        if "adplan" in rel and "internal" in rel:
            i = len(rel) - 1 - rel[::-1].index("adplan")
            if i + 2 < len(rel) and rel[i + 2] == "internal":
                return rel[i + 1]
        return "?"
    return None


def allowed(rel, layer):
    """Whether the file at `rel` (a path relative to the source dir) may include L/internal/."""
    p = rel.parts
    if p[:2] == ("libplan", "adplan") and len(p) >= 4 and p[2] == layer:
        if len(p) == 4 and rel.suffix in (".hpp", ".h"):
            return False, f"a public header of {layer} (other layers and the CLI include it)"
        return True, ""
    if p[:2] == ("libplan", "adplan") and len(p) >= 4:
        return False, f"the {p[2]} layer, not {layer}"
    if p[:2] == ("tests", "unit") and rel.name.startswith(f"test_{layer}_"):
        return True, ""
    if p[:2] == ("tests", "fuzz") and rel.name.startswith("fuzz_"):
        return True, ""  # one layer per target: checked below
    if p[0] == "tools":
        return False, "CLI code"
    return False, "not a file of " + layer


def main():
    src = pathlib.Path(sys.argv[1]).resolve()
    files = []
    for top in ("libplan", "tools", "tests", "bench"):
        for pattern in SOURCES:
            files += (src / top).rglob(pattern) if (src / top).is_dir() else []
    problems = []
    checked = 0
    for path in sorted(set(files)):
        rel = path.relative_to(src)
        layers_used = {}
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            layer = internal_layer(m.group(1), path)
            if layer is None:
                continue
            checked += 1
            ok, why = allowed(rel, layer)
            if ok:
                layers_used.setdefault(layer, n)
                continue
            problems.append(f"{rel}:{n}: includes <{m.group(1)}>, internal to {layer}, but this file is {why}; "
                            f"move what it needs out of libplan/adplan/{layer}/internal/ into a public header of {layer}")
        if rel.parts[:2] == ("tests", "fuzz") and len(layers_used) > 1:
            problems.append(f"{rel}: a fuzz target includes the internal headers of {len(layers_used)} layers "
                            f"({', '.join(sorted(layers_used))}); one target fuzzes one layer")
    for p in problems:
        print("FAIL:", p)
    print(f"internal headers: {checked} includes of an internal/ header checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
