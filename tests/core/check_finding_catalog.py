#!/usr/bin/env python3
"""Every finding id the source emits is in the catalogue (libplan/adplan/model/finding_catalog.cpp),
which is sorted and has no duplicates; adplan-findings(7) and completion are generated from it.

An id is any string literal "family.name" in libplan/ and tools/adplan/ whose family is one the
catalogue uses. A new finding: add its line to the catalogue. A literal of such a family that is
not a finding (an Error code, a file name): add it to NOT_FINDINGS below.
Usage: check_finding_catalog.py SOURCE_DIR"""
import pathlib
import re
import sys

NOT_FINDINGS = {
    # Error codes (adplan::Error), not findings.
    "ca.key-mismatch", "ca.not-a-ca", "input.pem", "ldap.error", "ldap.no-configuration",
    "scenario.invalid", "scenario.unknown-step", "scp.not-https", "tls.no-certificate",
    # adplan.json field names (a finding's subject, an Error's field).
    "dane.tlsa",
    # File names.
    "autodiscover.xml", "ca.crt", "ca.key", "exchange.ps1", "plan.json", "plan.html",
}

src = pathlib.Path(sys.argv[1])
catalog_file = src / "libplan/adplan/model/finding_catalog.cpp"
catalog = re.findall(r'FindingInfo\{\s*"([^"]+)"', catalog_file.read_text())
problems = []
if catalog != sorted(catalog):
    problems.append(f"{catalog_file}: not sorted by id")
dups = sorted({i for i in catalog if catalog.count(i) > 1})
if dups:
    problems.append(f"{catalog_file}: duplicate ids {dups}")
families = {i.split(".")[0] for i in catalog}
literal = re.compile(r'"([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)"')
known = set(catalog)
for path in sorted(list((src / "libplan").rglob("*.cpp")) + list((src / "tools/adplan").glob("*.cpp"))):
    if path == catalog_file:
        continue
    lines = path.read_text().splitlines()
    for n, line in enumerate(lines, 1):
        # A family the catalogue does not know yet counts where the literal looks emitted: a Severity
        # follows within three lines.
        emitted = "Severity::" in " ".join(lines[n - 1:n + 3])
        for fam, name in literal.findall(line):
            ident = f"{fam}.{name}"
            if (fam in families or emitted) and ident not in known and ident not in NOT_FINDINGS:
                problems.append(f"{path.relative_to(src)}:{n}: \"{ident}\" is not in {catalog_file.relative_to(src)} "
                                f"(add it there with severity and meaning, or to NOT_FINDINGS in {sys.argv[0]} if it is not a finding)")
for p in problems:
    print("FAIL:", p)
print(f"{len(catalog)} finding ids catalogued, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
