#!/usr/bin/env bash
# zsh completion, generated from the command table (tools/gen_docs.py -> completion/_adplan): loaded
# by compinit from an fpath under `zsh -f` (no user configuration), it is registered for adplan,
# and pressing Tab in a real zsh line editor (zsh/zpty) offers the subcommands, the nested ones,
# an option's values and flags, never the hidden __describe.
source "$(dirname "$0")/lib.sh"
command -v zsh >/dev/null || { echo "SKIP: zsh is not installed"; exit 77; }

python3 "$SRC/tools/gen_docs.py" "$ADPLAN" "$SRC/schema" docs >/dev/null || fail "gen_docs.py"
comp=$WORK/docs/completion
[[ -f $comp/_adplan ]] || { fail "no _adplan generated"; finish; }
zsh -n "$comp/_adplan" && pass "_adplan parses (zsh -n)" || fail "_adplan: syntax error"

out=$(zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D; print -r -- "comps=${_comps[adplan]}"' \
  _ "$comp" 2>&1)
contains "$out" "comps=_adplan" "compinit registers _adplan for adplan"

# complete_zsh LINE: the matches zsh offers when Tab is pressed after LINE, sorted, on one line. An
# interactive zsh -f runs in a pseudo-terminal (zsh/zpty); compadd is wrapped to note every match.
cat >drive.zsh <<'Z'
# drive.zsh FPATH_DIR MATCHES_FILE LINE: Tab after LINE in an interactive zsh -f; matches to the file.
zmodload zsh/zpty
zpty z zsh -f -i
local out
# Each step prints a mark; reading up to the mark and the line editor's next prompt (bracketed
# paste switched on) means the shell is ready for typed keys.
zpty -w z "PS1='> '; fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D; print __REA''DY__"
zpty -r z out '*__READY__*2004h'
zpty -w z "compadd() { builtin compadd \"\$@\"; local r=\$?; local -a __hits; if [[ \${@[1,(i)(-|--)]} != *-(O|A|D)\\ * ]]; then builtin compadd -A __hits \"\$@\"; print -rl -- \$__hits >>${(q)2}; fi; return \$r; }; print __SE''T__"
zpty -r z out '*__SET__*2004h'
zpty -w -n z "$3"$'\t'
zpty -w z $'\C-u'"print __DO''NE__"
zpty -r z out '*__DONE__*'
[[ -n $DEBUG ]] && print -r -- "$out"
zpty -d z
Z
complete_zsh() {
  rm -f "$WORK/matches"
  timeout 60 zsh -f drive.zsh "$comp" "$WORK/matches" "$1" >/dev/null 2>&1 || echo "(zsh: exit $?)"
  [[ -f $WORK/matches ]] && sort -u "$WORK/matches" | tr '\n' ' '
}

subs=$(complete_zsh "adplan ")
for c in init plan verify csr ca dns config render scp diff acme scenarios recommend; do
  [[ " $subs" == *" $c "* ]] || fail "adplan <Tab> does not offer $c: $subs"
done
[[ $subs != *__describe* ]] && pass "adplan <Tab> offers the subcommands, not __describe" || fail "__describe offered: $subs"
contains " $(complete_zsh "adplan ca ")" " sign " "adplan ca <Tab> offers sign"
scen=$(complete_zsh "adplan init --scenario ")
[[ $scen == "1 2 3 4 " ]] && pass "--scenario <Tab>: 1 2 3 4" || fail "--scenario: $scen"
contains " $(complete_zsh "adplan verify --dns-s")" " --dns-server " "verify --dns-s<Tab> completes the flag"
finish
