#!/bin/sh
# The real procps tools read mmsim's /proc.
#
# A scenario runs three processes (an mmap with touched pages, a fork that
# breaks COW on some of them, a process that reads the zero page), a slab
# cache of its own and 7.5 s of simulated time, prints what the simulation
# says (from m:info, m:stats, task:mm, task:faults, task:vmas, task:pte,
# cache:info, and MemAvailable/Buffers/Cached from meminfo), and writes
# the whole /proc with m:proc_export(dir). In a mount namespace of its own
# (unshare -m; -r makes it work for any user, -p -f so that ps, exec'ed as
# pid 1, finds "itself" as libproc2 requires) the tree is bind-mounted
# over /proc, and free, vmstat -s, vmstat -m, slabtop, pmap -x and ps must
# print the simulated numbers.
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

cat >"$tmp/scenario.lua" <<'LUA'
local dir = arg[1]
local m = mm.boot{mem = "256M", cpus = 2}
local function pr(...) print(table.concat({...}, " ")) end
local alpha = m:spawn("alpha")
local a = alpha:mmap{len = 64 * 4096, prot = "rw-", flags = "private|anonymous"}
for i = 0, 9 do assert(alpha:write(a + i * 4096, "a" .. i)) end
local child = alpha:fork()
for i = 0, 2 do assert(child:write(a + i * 4096, "c" .. i)) end
local beta = m:spawn("beta")
local b = beta:mmap{len = 32 * 4096, prot = "rw-", flags = "private|anonymous"}
for i = 0, 4 do assert(beta:write(b + i * 4096, "b")) end
for i = 8, 11 do assert(beta:read(b + i * 4096, 1)) end	-- the zero page
local cache = m:kmem_cache_create("procps_test", 100)
for _ = 1, 300 do assert(cache:alloc()) end
m:context_switch(alpha:pid(), 0)
m:context_switch(beta:pid(), 1)
m:tick(7500)
assert(m:check())

local info, st, ci = m:info(), m:stats(), cache:info()
local meminfo = m:cat("meminfo")
local function mi(k) return assert(tonumber(meminfo:match("\n?" .. k .. ":%s+(%d+)"))) end
pr("mem", info.totalram_pages * 4, st.nr_free_pages * 4, mi("MemAvailable"),
   st.nr_shmem * 4, mi("Buffers") + mi("Cached") + mi("SReclaimable"))
pr("cpu", info.cpus)
pr("slab", ci.name, ci.active_objs, ci.num_objs, ci.size, ci.objperslab,
   ci.num_slabs)
for _, p in ipairs{alpha, child, beta} do
  local mmv, f = p:mm(), p:faults()
  pr("ps", p:pid(), (mmv.rss_anon + mmv.rss_file) * 4, mmv.total_vm * 4,
     f.min_flt, f.maj_flt, p:comm())
end
-- pmap -x: per VMA, its size and the pages mapped (the zero page is no
-- RSS, as smaps_pte_entry's vm_normal_page() says) and dirty.
local tk, tr, td = 0, 0, 0
for _, v in ipairs(beta:vmas()) do
  local rss, dirty = 0, 0
  for va = v.start, v["end"] - 1, 4096 do
    local pte = beta:pte(va)
    if pte.present and pte.value ~= 0 and not pte.zero then
      rss = rss + 4
      if pte.dirty then dirty = dirty + 4 end
    end
  end
  local kb = (v["end"] - v.start) // 1024
  pr("vma", string.format("%016x", v.start), kb, rss, dirty, v.prot:sub(1, 3))
  tk, tr, td = tk + kb, tr + rss, td + dirty
end
pr("pmap", beta:pid(), tk, tr, td)
m:proc_export(dir)
LUA
"$MMSIM" run "$tmp/scenario.lua" "$tmp/proc" >"$tmp/sim" || die "scenario: exit $?"
[ $fail -eq 0 ] || exit 1

# The tree itself: every file, a directory per process, Linux's formats.
for f in meminfo vmstat zoneinfo buddyinfo pagetypeinfo slabinfo vmallocinfo \
	 iomem stat uptime loadavg cpuinfo sys/kernel/pid_max; do
	[ -f "$tmp/proc/$f" ] || die "export: no $f"
done
for pid in $(awk '$1 == "ps" { print $2 }' "$tmp/sim"); do
	for f in maps smaps smaps_rollup status stat statm cmdline comm environ; do
		[ -f "$tmp/proc/$pid/$f" ] || die "export: no $pid/$f"
	done
done
[ "$(readlink "$tmp/proc/self")" = 1 ] || die "self -> $(readlink "$tmp/proc/self")"
grep -qx 'cpu  0 0 0 1500 0 0 0 0 0 0' "$tmp/proc/stat" || die "stat cpu line: $(head -1 "$tmp/proc/stat")"
grep -qx 'cpu1 0 0 0 750 0 0 0 0 0 0' "$tmp/proc/stat" || die "stat cpu1 line"
grep -qx 'processes 3' "$tmp/proc/stat" || die "stat processes: $(grep processes "$tmp/proc/stat")"
grep -qx 'procs_running 2' "$tmp/proc/stat" || die "stat procs_running"
grep -qx '7.50 15.00' "$tmp/proc/uptime" || die "uptime: $(cat "$tmp/proc/uptime")"
# 2 tasks on a CPU for one 5 s period: 2 * (1 - e^(-5/60)) = 0.16 (fixed point)
grep -qx '0.16 0.03 0.01 2/3 3' "$tmp/proc/loadavg" || die "loadavg: $(cat "$tmp/proc/loadavg")"
[ "$(tr '\0' '|' <"$tmp/proc/3/cmdline")" = "beta|" ] || die "cmdline of 3"
[ "$(cat "$tmp/proc/2/comm")" = alpha ] || die "comm of 2"

# A second export after an exit drops the dead process's directory.
cat >"$tmp/again.lua" <<'LUA'
local m = mm.boot{}
local p, q = m:spawn("p"), m:spawn("q")
m:proc_export(arg[1]); q:exit(); m:proc_export(arg[1])
LUA
"$MMSIM" run "$tmp/again.lua" "$tmp/again" || die "re-export: exit $?"
[ -d "$tmp/again/1" ] && [ ! -e "$tmp/again/2" ] || die "re-export kept pid 2: $(ls "$tmp/again")"
cat >"$tmp/bad.lua" <<'LUA'
local m = mm.boot{}
local ok, err = pcall(m.proc_export, m, arg[1] .. "/meminfo/x")
assert(not ok and err:find("proc_export: cannot create directory '.*/meminfo/x': Not a directory", 1, false), err)
LUA
"$MMSIM" run "$tmp/bad.lua" "$tmp/proc" || die "bad directory not refused"

# A directory of the user's (not empty, no export marker) is refused and
# left as it was: no file replaced, no numeric directory removed.
mkdir -p "$tmp/mine/7"
echo keep >"$tmp/mine/meminfo"
echo keep >"$tmp/mine/7/status"
cat >"$tmp/mine.lua" <<'LUA'
local m = mm.boot{}
local ok, err = pcall(m.proc_export, m, arg[1])
assert(not ok and err:find("is not empty and holds no earlier export", 1, true), err)
LUA
"$MMSIM" run "$tmp/mine.lua" "$tmp/mine" || die "a user's directory was not refused"
[ "$(cat "$tmp/mine/meminfo")" = keep ] && [ "$(cat "$tmp/mine/7/status")" = keep ] ||
	die "a refused export changed the user's files"

if ! command -v free >/dev/null 2>&1 || ! command -v pmap >/dev/null 2>&1; then
	echo "note: procps (free, vmstat, slabtop, pmap, ps) not installed; the export was checked, the tools did not run"
	exit $fail
fi
if ! unshare -rmpf true >/dev/null 2>&1; then
	echo "note: unshare -rmpf refused (no user or mount namespaces here); the export was checked, the tools did not run"
	exit $fail
fi
pid=$(awk '$1 == "pmap" { print $2 }' "$tmp/sim")
unshare -rmpf sh -c '
	mount --bind "$1" /proc || exit 1
	{ free -k; echo @; vmstat -s; echo @; vmstat -m; echo @; slabtop -o;
	  echo @; pmap -x "$2"; echo @; } >"$3" 2>&1
	exec ps -e -o pid,rss,vsz,min_flt,maj_flt,cmd >>"$3" 2>&1' \
	sh "$tmp/proc" "$pid" "$tmp/out" || die "procps in the namespace: exit $?: $(cat "$tmp/out")"
# Section N of the tools' output (free is 1, ps is 6).
section() { awk -v n="$1" '$0 == "@" { s++; next } s + 1 == n' "$tmp/out"; }

# free -k: total, used (total - available), free, shared, buff/cache, available
set -- $(awk '$1 == "mem" { print $2, $3, $4, $5, $6 }' "$tmp/sim")
want="Mem: $1 $(($1 - $3)) $2 $4 $5 $3"
got=$(section 1 | awk '$1 == "Mem:" { print $1, $2, $3, $4, $5, $6, $7 }')
[ "$got" = "$want" ] || die "free -k: '$got', simulated '$want'"
memtotal=$1 memfree=$2

# vmstat -s: memory, idle ticks of both CPUs, context switches, forks
section 2 >"$tmp/vs"
vs() { awk -v k="$1" 'index($0, k) { print $1; exit }' "$tmp/vs"; }
[ "$(vs 'K total memory')" = "$memtotal" ] || die "vmstat -s total: $(vs 'K total memory')"
[ "$(vs 'K free memory')" = "$memfree" ] || die "vmstat -s free: $(vs 'K free memory')"
[ "$(vs 'idle cpu ticks')" = 1500 ] || die "vmstat -s idle ticks: $(vs 'idle cpu ticks')"
[ "$(vs 'forks')" = 3 ] || die "vmstat -s forks: $(vs forks)"
[ "$(vs 'CPU context switches')" = "$(awk '$1 == "ctxt" { print $2 }' "$tmp/proc/stat")" ] ||
	die "vmstat -s context switches: $(vs 'CPU context switches')"

# vmstat -m: Num Total Size Pages(= objects per slab); slabtop -o: OBJS ACTIVE SLABS OBJ/SLAB
set -- $(awk '$1 == "slab" { print $2, $3, $4, $5, $6, $7 }' "$tmp/sim")
got=$(section 3 | awk -v n="$1" '$1 == n { print $2, $3, $4, $5 }')
[ "$got" = "$2 $3 $4 $5" ] || die "vmstat -m $1: '$got', simulated '$2 $3 $4 $5'"
got=$(section 4 | awk -v n="$1" '$NF == n { print $1, $2, $5, $6 }')
[ "$got" = "$3 $2 $6 $5" ] || die "slabtop $1: '$got', simulated '$3 $2 $6 $5'"

# pmap -x PID: every VMA's address, Kbytes, RSS, Dirty, rwx; the total
section 5 >"$tmp/pm"
awk '$1 == "vma" { print $2, $3, $4, $5, $6 }' "$tmp/sim" >"$tmp/pm.want"
awk 'length($1) == 16 && $1 ~ /^[0-9a-f]+$/ { print $1, $2, $3, $4, substr($5, 1, 3) }' "$tmp/pm" >"$tmp/pm.got"
cmp -s "$tmp/pm.want" "$tmp/pm.got" ||
	die "pmap -x $pid: $(cat "$tmp/pm.got"), simulated $(cat "$tmp/pm.want")"
want=$(awk '$1 == "pmap" { print $3, $4, $5 }' "$tmp/sim")
got=$(awk '$1 == "total" { print $3, $4, $5 }' "$tmp/pm")
[ "$got" = "$want" ] || die "pmap -x total: '$got', simulated '$want'"
grep -q "^$pid: *beta\$" "$tmp/pm" || die "pmap header: $(head -1 "$tmp/pm")"

# ps -e: every process with its RSS, VSZ (kB), fault counts and command
awk '$1 == "ps" { print $2, $3, $4, $5, $6, $7 }' "$tmp/sim" | sort -n >"$tmp/ps.want"
section 6 | awk 'NR > 1 { print $1, $2, $3, $4, $5, $6 }' | sort -n >"$tmp/ps.got"
cmp -s "$tmp/ps.want" "$tmp/ps.got" ||
	die "ps -e: $(cat "$tmp/ps.got"), simulated $(cat "$tmp/ps.want")"
[ $fail -eq 0 ] && echo "ok: free, vmstat -s/-m, slabtop, pmap -x and ps read the simulated /proc"
exit $fail
