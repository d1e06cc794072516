#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mmsim.1 renders without a single groff or man warning, has the sections
# a man page needs, and documents every command and long option that
# `mmsim --help` lists (so the page cannot silently fall behind the CLI).
#   sh tests/install/man_page.sh MMSIM MANPAGE
set -u
mmsim=$1
page=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

no() { echo "not ok: $*"; fail=1; }

groff -man -ww -z -Tutf8 "$page" 2>"$tmp/groff.err" || no "groff exited $?"
[ -s "$tmp/groff.err" ] && { no "groff warns:"; cat "$tmp/groff.err"; }

MANWIDTH=80 man --warnings -l "$page" >"$tmp/page.txt" 2>"$tmp/man.err" ||
	no "man -l exited $?"
[ -s "$tmp/man.err" ] && { no "man --warnings warns:"; cat "$tmp/man.err"; }

for section in NAME SYNOPSIS DESCRIPTION COMMANDS "MACHINE OPTIONS" \
	       "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
	grep -q "^$section\$" "$tmp/page.txt" || no "no section $section"
done

# Every long option of --help, as the page spells it: \-\-name.
"$mmsim" --help >"$tmp/help.txt" || no "mmsim --help exited $?"
# (--opt=value is the help's placeholder, not an option.)
opts=$(grep -o -- '--[a-z][a-z-]*' "$tmp/help.txt" | grep -v -x -- --opt | sort -u)
[ -n "$opts" ] || no "found no options in mmsim --help"
for opt in $opts; do
	roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$roff" "$page" || no "option $opt is not in the man page"
done

# Every command of the usage lines ("mmsim [MACHINE OPTIONS] run ...").
cmds=$(sed -n 's/^  mmsim \(\[MACHINE OPTIONS\] \)\{0,1\}\([a-z][a-z]*\).*/\2/p' \
	"$tmp/help.txt")
[ -n "$cmds" ] || no "found no commands in mmsim --help"
for cmd in $cmds; do
	grep -q "^\.B[IR]* $cmd\\b" "$page" || no "command $cmd is not in the man page"
done

[ $fail = 0 ] && echo "ok: man page ($(echo $opts | wc -w) options, commands:" $cmds")"
exit $fail
