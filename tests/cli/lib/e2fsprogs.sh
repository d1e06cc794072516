# Sourced by the ext2 shell tests: exits 0 with a "skip:" line when
# e2fsprogs (mke2fs, e2fsck, debugfs) is missing, else puts /sbin and
# /usr/sbin, where Debian installs them, on PATH.
for tool in mke2fs e2fsck debugfs; do
	if ! command -v "$tool" >/dev/null 2>&1 &&
	   ! [ -x "/sbin/$tool" ] && ! [ -x "/usr/sbin/$tool" ]; then
		echo "skip: $tool (e2fsprogs) is not installed"
		exit 0
	fi
done
PATH=$PATH:/sbin:/usr/sbin
