#!/usr/bin/env python3
"""Man pages and shell completion for adplan, generated at build time from the command table
itself (`adplan __describe --json`: the same CLI11 app --help prints) and from the JSON Schema
of adplan.json — no second hand-kept copy.

Usage: gen_docs.py ADPLAN SCHEMA_DIR OUT_DIR
Writes OUT_DIR/man/adplan.1, adplan-<command>.1 (adplan-ca-sign.1 for `ca sign`), adplan.json.5,
adplan-findings.7, OUT_DIR/completion/adplan (bash) and _adplan (zsh)."""
import datetime
import gzip
import json
import os
import pathlib
import re
import subprocess
import sys

adplan, schema_dir, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
desc = json.loads(subprocess.run([adplan, "__describe", "--json"], check=True, capture_output=True,
                                 text=True).stdout)
APP = desc["app"]
VERSION = desc["version"].splitlines()[0].split()[1]
# Reproducible: the date of the source, not of the build (SOURCE_DATE_EPOCH when packaging).
DATE = datetime.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or
                                       int(pathlib.Path(schema_dir / "adplan.schema.json").stat().st_mtime),
                                       datetime.timezone.utc).strftime("%Y-%m-%d")
SOURCE = f"adplan {VERSION}"


def esc(text):
    """Text for roff: backslashes, leading dots and quotes, hyphens in option names."""
    text = str(text).replace("\\", "\\e")
    text = text.replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def header(name, section, title):
    return [f'.TH "{name.upper()}" "{section}" "{DATE}" "{SOURCE}" "{title}"']


def commands(app):
    for c in app["commands"]:
        yield c
        yield from commands(c)


def page_name(cmd):
    return "adplan-" + cmd["path"].replace(" ", "-")


def synopsis_of(cmd):
    parts = []
    for o in cmd["options"]:
        if "--help" in o["names"]:
            continue
        if o["positional"]:
            n = o["name"].upper()
            parts.append(f"\\fI{n}\\fR" + ("..." if o["repeatable"] else ""))
            continue
        name = f"\\fB{esc(o['names'][-1])}\\fR"
        if not o["flag"]:
            arg = o["type"].split(":")[0] or "VALUE"
            name += f" \\fI{arg}\\fR"
        parts.append(("" if o["required"] else "[") + name + ("" if o["required"] else "]") +
                     ("..." if o["repeatable"] else ""))
    return " ".join(parts)


def option_items(options):
    lines = []
    for o in options:
        if o["positional"]:
            tag = f"\\fI{o['name'].upper()}\\fR"
        else:
            tag = ", ".join(f"\\fB{esc(n)}\\fR" for n in o["names"])
            if not o["flag"]:
                tag += f" \\fI{esc(o['type'].split(':')[0] or 'VALUE')}\\fR"
        lines += [".TP", tag, esc(o["description"] or "(no description)")]
        if o["values"]:
            lines.append(".br")
            lines.append("Values: " + esc(", ".join(o["values"])) + ".")
        if o["default"]:
            lines += [".br", "Default: " + esc(o["default"]) + "."]
        if o["repeatable"]:
            lines += [".br", "May be given more than once."]
    return lines


EXIT = [".SH EXIT STATUS", ".TP", "0", "success", ".TP", "1", "the command ran and found errors (plan lint, "
        "certificate checks, verification)", ".TP", "2", "usage or input error (commands that write files write none)",
        ".TP", "3", "internal error: a bug in adplan"]


def command_page(cmd):
    name = page_name(cmd)
    lines = header(name, 1, "adplan manual")
    lines += [".SH NAME", f"{esc(name)} \\- {esc(cmd['description'])}", ".SH SYNOPSIS",
              f"\\fBadplan {esc(cmd['path'])}\\fR {synopsis_of(cmd)}"]
    if cmd["commands"]:
        lines.append(".br")
        lines.append(f"\\fBadplan {esc(cmd['path'])}\\fR \\fICOMMAND\\fR ...")
    lines += [".SH DESCRIPTION", esc(cmd["description"]) + "."]
    if cmd["footer"].strip():
        lines += [".PP", esc(cmd["footer"].strip())]
    if cmd["commands"]:
        lines.append(".SH COMMANDS")
        for c in cmd["commands"]:
            lines += [".TP", f"\\fB{esc(c['name'])}\\fR", esc(c["description"]) + f" (see \\fB{esc(page_name(c))}\\fR(1))."]
    opts = [o for o in cmd["options"] if "--help" not in o["names"]]
    if opts:
        lines.append(".SH OPTIONS")
        lines += option_items(opts)
    lines += EXIT
    lines += [".SH SEE ALSO", "\\fBadplan\\fR(1), \\fBadplan.json\\fR(5), \\fBadplan\\-findings\\fR(7)"]
    return "\n".join(lines) + "\n"


def main_page():
    lines = header("adplan", 1, "adplan manual")
    lines += [".SH NAME", "adplan \\- plan and verify Exchange Autodiscover deployments", ".SH SYNOPSIS",
              "\\fBadplan\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]", ".br", "\\fBadplan \\-\\-version\\fR", ".SH DESCRIPTION",
              esc(APP["description"]) + ".", ".PP",
              "Describe the organisation once in \\fIadplan.json\\fR (\\fBadplan init\\fR), pick one of the four "
              "scenarios of the Exchange 2007 Autodiscover white paper, and adplan derives the certificate names, "
              "DNS records, Exchange cmdlets, web-server configuration and a runbook, and later checks the live "
              "deployment the way Outlook finds it.", ".SH COMMANDS"]
    for c in APP["commands"]:
        lines += [".TP", f"\\fBadplan {esc(c['name'])}\\fR", esc(c["description"]) +
                  f" (\\fB{esc(page_name(c))}\\fR(1))."]
    lines.append(".SH OPTIONS")
    lines += option_items(APP["options"])
    lines += EXIT
    lines += [".SH FILES", ".TP", "\\fIadplan.json\\fR", "the input file, \\fBadplan.json\\fR(5)", ".TP",
              "\\fI/usr/share/adplan/schema/\\fR", "JSON Schemas of adplan.json and of every \\-\\-json output",
              ".TP", "\\fI/usr/share/adplan/lab/\\fR", "the local lab (BIND, nginx on loopback): \\fBadplan\\-lab\\fR",
              ".SH SEE ALSO", ", ".join(f"\\fB{esc(page_name(c))}\\fR(1)" for c in commands(APP)) +
              ", \\fBadplan.json\\fR(5), \\fBadplan\\-findings\\fR(7)"]
    return "\n".join(lines) + "\n"


def schema_page():
    schema = json.loads((schema_dir / "adplan.schema.json").read_text())
    defs = schema.get("$defs", {})
    lines = header("adplan.json", 5, "adplan manual")
    lines += [".SH NAME", "adplan.json \\- the organisation and scenario adplan plans from", ".SH DESCRIPTION",
              esc(schema.get("description", "")),
              ".PP", "The file is JSON; its JSON Schema is \\fI/usr/share/adplan/schema/adplan.schema.json\\fR. "
              "\\fBadplan init\\fR writes it. Unknown fields are refused.", ".SH FIELDS"]
    required = set(schema.get("required", []))

    def kind(p):
        if "$ref" in p:
            ref = p["$ref"].split("/")[-1]
            return ref.replace("_", " ")
        t = p.get("type", "")
        if t == "array" and "items" in p:
            return "array of " + kind(p["items"])
        if "enum" in p:
            return " | ".join(str(v) for v in p["enum"])
        if "const" in p:
            return str(p["const"])
        return t if isinstance(t, str) else "/".join(t)

    def fields(props, req, prefix):
        for key, p in props.items():
            if key == "$schema":
                continue
            lines.extend([".TP", f"\\fB{esc(prefix + key)}\\fR (" + esc(kind(p)) + (", required" if key in req else "") + ")"])
            text = p.get("description", "")
            if "$ref" in p and not text:
                text = defs.get(p["$ref"].split("/")[-1], {}).get("description", "")
            lines.append(esc(text or "(no description)"))
            if "default" in p:
                lines.extend([".br", "Default: " + esc(json.dumps(p["default"])) + "."])
            sub = p.get("items", p) if p.get("type") == "array" else p
            if sub.get("type") == "object" and "properties" in sub:
                fields(sub["properties"], set(sub.get("required", [])), prefix + key + ("[]." if p.get("type") == "array" else "."))

    fields(schema["properties"], required, "")
    lines += [".SH SEE ALSO", "\\fBadplan\\fR(1), \\fBadplan\\-init\\fR(1)"]
    return "\n".join(lines) + "\n"


def findings_page():
    lines = header("adplan-findings", 7, "adplan manual")
    lines += [".SH NAME", "adplan\\-findings \\- the finding ids adplan reports, with their meaning",
              ".SH DESCRIPTION",
              "Plan lint (\\fBadplan plan\\fR), certificate checks (\\fBadplan csr\\fR, \\fBca sign\\fR, "
              "\\fBcert check\\fR), ACME planning and verification (\\fBadplan verify\\fR, \\fBadplan scp\\fR) "
              "report findings: a stable dotted id, a severity (\\fBerror\\fR, \\fBwarning\\fR, \\fBinfo\\fR), the "
              "subject, a message and the remedy. An error makes the command exit 1. Where two severities are "
              "listed, the first applies where the plan puts the service (or for a public CA), the second elsewhere.",
              ".SH FINDINGS"]
    family = None
    for f in desc["findings"]:
        fam = f["id"].split(".")[0]
        if fam != family:
            family = fam
            lines += [".SS " + esc(fam)]
        lines += [".TP", f"\\fB{esc(f['id'])}\\fR (" + esc(f["severity"].replace("|", " or ")) + ")",
                  esc(f["meaning"])]
    lines += [".SH SEE ALSO", "\\fBadplan\\fR(1), \\fBadplan\\-verify\\fR(1), \\fBadplan\\-plan\\fR(1)"]
    return "\n".join(lines) + "\n"


def bash_completion():
    """One case per command path: its options, and per option what completes its value."""
    finding_ids = " ".join(f["id"] for f in desc["findings"])
    cases = []
    for cmd in [APP] + list(commands(APP)):
        words = [c["name"] for c in cmd["commands"]]
        flags, takes = [], []
        for o in cmd["options"]:
            if o["positional"]:
                continue
            flags += o["names"]
            if not o["flag"]:
                pat = "|".join(o["names"])
                if o["complete"] == "values":
                    takes.append(f'      {pat}) COMPREPLY=($(compgen -W "{" ".join(o["values"])}" -- "$cur")); return ;;')
                elif o["complete"] == "file":
                    takes.append(f'      {pat}) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames; return ;;')
                elif o["complete"] == "dir":
                    takes.append(f'      {pat}) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames; return ;;')
                elif o["complete"] == "finding":
                    takes.append(f'      {pat}) COMPREPLY=($(compgen -W "$_adplan_findings" -- "$cur")); return ;;')
                else:
                    takes.append(f"      {pat}) return ;;")
        positional_file = any(o["positional"] and o["complete"] == "file" for o in cmd["options"])
        body = [f'    "{cmd["path"]}")']
        if takes:
            body += ['      case "$prev" in'] + ["  " + t for t in takes] + ["      esac"]
        body.append(f'      words_="{" ".join(words)}" flags_="{" ".join(flags)}" files_={1 if positional_file else 0} ;;')
        cases.append("\n".join(body))
    return f"""# bash completion for adplan -*- shell-script -*-
# Generated from `adplan __describe --json` by tools/gen_docs.py: do not edit.
_adplan_findings="{finding_ids}"
_adplan() {{
  local cur prev path="" i w words_ flags_ files_
  cur=${{COMP_WORDS[COMP_CWORD]}}
  prev=${{COMP_WORDS[COMP_CWORD-1]}}
  # The command path: the words before the cursor that name (sub)commands.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${{COMP_WORDS[i]}}
    [[ $w == -* ]] && continue
    case " $(_adplan_sub "$path") " in *" $w "*) path=${{path:+$path }}$w ;; esac
  done
  case "$path" in
{chr(10).join(cases)}
    *) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags_" -- "$cur"))
  elif [[ -n $words_ ]]; then
    COMPREPLY=($(compgen -W "$words_" -- "$cur"))
  elif ((files_)); then
    COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames
  fi
}}
_adplan_sub() {{
  case "$1" in
{chr(10).join(f'    "{c["path"]}") echo "{" ".join(s["name"] for s in c["commands"])}" ;;' for c in [APP] + list(commands(APP)))}
  esac
}}
complete -F _adplan adplan
"""


def zsh_completion():
    def spec(o):
        names = o["names"]
        d = o["description"].replace("[", "(").replace("]", ")").replace("'", "'\\''").replace(":", "\\:")
        action = ""
        if not o["flag"]:
            if o["complete"] == "values":
                action = ":value:(" + " ".join(o["values"]) + ")"
            elif o["complete"] == "file":
                action = ":file:_files"
            elif o["complete"] == "dir":
                action = ":directory:_files -/"
            elif o["complete"] == "finding":
                action = ":finding id:(" + " ".join(f["id"] for f in desc["findings"]) + ")"
            else:
                action = ":value: "
        rep = "*" if o["repeatable"] else ""
        if len(names) > 1:
            return f"'{rep}'{{{','.join(names)}}}'[{d}]{action}'"
        return f"'{rep}{names[0]}[{d}]{action}'"

    funcs = []

    def fn(cmd):
        name = "_adplan" + ("_" + cmd["path"].replace(" ", "_").replace("-", "_") if cmd["path"] else "")
        args = [spec(o) for o in cmd["options"] if not o["positional"]]
        for o in cmd["options"]:
            if o["positional"]:
                args.append(f"'*:{o['name']}:" + ("_files" if o["complete"] == "file" else " ") + "'")
        if cmd["commands"]:
            subs = " ".join(f"'{c['name']}:{c['description'].replace(chr(39), '').replace(':', '')}'" for c in cmd["commands"])
            args += ["'1:command:->cmd'", "'*::arg:->args'"]
            body = f"""{name}() {{
  local state line
  _arguments -C {' '.join(args)}
  case $state in
    cmd) local -a cmds; cmds=({subs}); _describe command cmds ;;
    args) local f={name}_${{line[1]//-/_}}; (( $+functions[$f] )) && $f ;;
  esac
}}"""
        else:
            body = f"{name}() {{\n  _arguments {' '.join(args)}\n}}"
        funcs.append(body)
        for c in cmd["commands"]:
            fn(c)

    fn(APP)
    return "#compdef adplan\n# Generated from `adplan __describe --json` by tools/gen_docs.py: do not edit.\n" + \
        "\n".join(funcs) + '\n_adplan "$@"\n'


def lab_page():
    """adplan-lab(1) from the lab script's own header comment (tools/lab/lab.sh)."""
    lab = pathlib.Path(__file__).resolve().parent / "lab" / "lab.sh"
    comment = []
    for line in lab.read_text().splitlines()[1:]:
        if not line.startswith("#"):
            break
        comment.append(line[2:] if line.startswith("# ") else line[1:])
    text = "\n".join(comment).replace("tools/lab/lab.sh", "adplan-lab")
    lines = header("adplan-lab", 1, "adplan manual")
    lines += [".SH NAME", "adplan\\-lab \\- rehearse an adplan plan with real BIND and nginx on loopback",
              ".SH SYNOPSIS", "\\fBadplan\\-lab\\fR \\fBprepare\\fR|\\fBrun\\fR|\\fBup\\fR|\\fBdown\\fR "
              "[\\fB\\-\\-adplan\\fR \\fIPATH\\fR] [\\fB\\-\\-break\\fR \\fIFAULT\\fR] \\fIDIR\\fR "
              "[\\fB\\-\\-\\fR \\fICMD\\fR...]", ".br", "\\fBadplan\\-lab faults\\fR",
              ".SH DESCRIPTION", ".nf", esc(text), ".fi",
              ".SH SEE ALSO", "\\fBadplan\\fR(1), \\fBadplan\\-verify\\fR(1), \\fBunshare\\fR(1)"]
    return "\n".join(lines) + "\n"


(out / "man").mkdir(parents=True, exist_ok=True)
(out / "completion").mkdir(parents=True, exist_ok=True)
for old in (out / "man").glob("*"):
    old.unlink()
(out / "man/adplan.1").write_text(main_page())
for c in commands(APP):
    (out / "man" / (page_name(c) + ".1")).write_text(command_page(c))
(out / "man/adplan.json.5").write_text(schema_page())
(out / "man/adplan-lab.1").write_text(lab_page())
(out / "man/adplan-findings.7").write_text(findings_page())
(out / "completion/adplan").write_text(bash_completion())
(out / "completion/_adplan").write_text(zsh_completion())
# Installed compressed, as Debian policy 12.1 asks: gzip -9n, reproducible (no name, no time).
(out / "man-gz").mkdir(exist_ok=True)
for old in (out / "man-gz").glob("*"):
    old.unlink()
for page in (out / "man").glob("*"):
    with open(out / "man-gz" / (page.name + ".gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as z:
            z.write(page.read_bytes())
print(f"gen_docs: {len(list((out / 'man').glob('*')))} man pages, bash and zsh completion in {out}")
