#!/bin/sh
# The README's REPL transcript is a real session: its input lines (after
# the "mmsim> " and "   >> " prompts) go through `mmsim repl --echo`,
# which prints banner, prompts and input as a terminal shows them, and the
# result must equal the transcript byte for byte. The block sits between
# <!-- repl-transcript --> and <!-- /repl-transcript --> in README.md; its
# first line is the command ("$ build/mmsim [OPTIONS] repl").
MMSIM=${1:?usage: $0 path/to/mmsim}
README=${2:-README.md}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

sed -n '/^<!-- repl-transcript/,/^<!-- \/repl-transcript/p' "$README" |
	sed '1d;$d' | sed '1d;$d' >"$tmp/block"	# markers, then the fences
[ -s "$tmp/block" ] || { echo "FAIL: no repl-transcript block in $README"; exit 1; }
cmdline=$(head -n 1 "$tmp/block")
case $cmdline in
'$ build/mmsim '*repl) ;;
*) echo "FAIL: the block starts with '$cmdline', not '\$ build/mmsim ... repl'"; exit 1 ;;
esac
args=${cmdline#'$ build/mmsim '}
sed 1d "$tmp/block" >"$tmp/expected"
# inputs: every prompted line but the last bare prompt (Ctrl-D)
sed -n 's/^mmsim> //p; s/^   >> //p' "$tmp/expected" | sed '$d' >"$tmp/input"
[ "$(tail -n 1 "$tmp/expected")" = "mmsim> " ] ||
	{ echo "FAIL: the transcript does not end at a bare prompt"; exit 1; }
# shellcheck disable=SC2086 # the options are words
"$MMSIM" $args --echo <"$tmp/input" >"$tmp/actual" 2>&1
if ! cmp -s "$tmp/expected" "$tmp/actual"; then
	echo "FAIL: README.md's REPL transcript differs from a real session:"
	diff "$tmp/expected" "$tmp/actual" | sed 's/^/    /'
	exit 1
fi
echo "ok: README's REPL transcript ($(wc -l <"$tmp/input") inputs)"
