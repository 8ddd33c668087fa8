#!/usr/bin/env python3
"""Every finding id is documented in adplan-findings(7): tools/gen_docs.py is run on the built adplan
(it reads `adplan __describe --json`) into a scratch directory, and the page it writes must hold an
entry, with its severity and a meaning, for each id of libplan/adplan/model/finding_catalog.cpp, and
no entry the catalogue lacks. README must point readers to the page. core.finding_catalog checks the
other side: every id the source emits is in the catalogue.
Usage: check_findings_page.py ADPLAN SOURCE_DIR"""
import pathlib
import re
import subprocess
import sys
import tempfile

adplan, src = sys.argv[1], pathlib.Path(sys.argv[2])
catalog = re.findall(r'FindingInfo\{\s*"([^"]+)",\s*"([^"]+)"', (src / "libplan/adplan/model/finding_catalog.cpp").read_text())
problems = []
if not catalog:
    problems.append("no FindingInfo entries found in libplan/adplan/model/finding_catalog.cpp")

with tempfile.TemporaryDirectory() as out:
    run = subprocess.run([sys.executable, str(src / "tools/gen_docs.py"), adplan, str(src / "schema"), out],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout, run.stderr)
        sys.exit(f"FAIL: tools/gen_docs.py exited {run.returncode}")
    page = (pathlib.Path(out) / "man/adplan-findings.7").read_text()

# An entry: .TP, then "\fB<id>\fR (<severity>)", then the meaning; groff escapes '-' as '\-'.
entries = {}
lines = page.splitlines()
for i, line in enumerate(lines):
    m = re.fullmatch(r'\\fB(.+?)\\fR \((.+)\)', line)
    if m and i > 0 and lines[i - 1] == ".TP":
        ident = m.group(1).replace("\\-", "-")
        meaning = lines[i + 1] if i + 1 < len(lines) else ""
        entries[ident] = (m.group(2).replace("\\-", "-"), meaning)

for ident, severity in catalog:
    if ident not in entries:
        problems.append(f"{ident}: in the catalogue, not in adplan-findings(7)")
        continue
    got, meaning = entries[ident]
    if got != severity.replace("|", " or "):
        problems.append(f"{ident}: adplan-findings(7) says severity '{got}', the catalogue '{severity}'")
    if not meaning.strip() or meaning.startswith("."):
        problems.append(f"{ident}: no meaning under its entry in adplan-findings(7)")
for ident in sorted(set(entries) - {i for i, _ in catalog}):
    problems.append(f"{ident}: in adplan-findings(7), not in the catalogue")

readme = (src / "README.md").read_text()
if "adplan-findings(7)" not in readme:
    problems.append("README.md does not point to adplan-findings(7)")

for p in problems:
    print("FAIL:", p)
print(f"adplan-findings(7): {len(entries)} entries, catalogue: {len(catalog)} ids, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
