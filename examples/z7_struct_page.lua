-- Z7: struct page (docs/notes.md#z7). The kernel keeps one struct page of metadata
-- (flags, refcount, mapcount, LRU links) for every 4 KiB page frame, so
-- the mem_map costs sizeof(struct page) / 4096 of RAM: 64 / 4096 =
-- 1.5625 % on a 64-bit kernel, 32 / 4096 = 0.78 % on a 32-bit one. The
-- notes round this to "about 1.5 %". Linux sizes it from the nodes' spans
-- (free_area_init -> alloc_node_mem_map / vmemmap), and boot reserves it
-- in simulated RAM with memblock (m:stats().memmap_reserved_bytes), which
-- is why MemTotal is smaller than RAM by about that much.
-- A 32-bit kernel's mem_map covers each node's whole span, holes included
-- (FLATMEM); a 64-bit kernel's vmemmap (SPARSEMEM_VMEMMAP) is backed only
-- for the 128 MiB sections that hold RAM, 2 MiB of struct pages each, so
-- the PCI hole below 4 GiB costs nothing.

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

local cases = {
  {arch = "x86_64", mem = "1G", size = 64},
  {arch = "x86_64", mem = "4G", size = 64},
  {arch = "x86_32", mem = "512M", size = 32},
  {arch = "arm32", mem = "256M", size = 32},
}

print(("%-8s %6s %12s %6s %12s %8s   %s"):format("arch", "RAM", "frames", "size",
      "mem_map", "of RAM", "memblock"))
for _, c in ipairs(cases) do
  local ok, m = pcall(mm.boot, {arch = c.arch, mem = c.mem})
  if not ok then
    print(("%-8s %6s  (cannot boot yet: %s)"):format(c.arch, c.mem, m))
  else
    local info, s = m:info(), m:stats()
    check(s.struct_page_size == c.size, "%s: struct page is %d bytes, expected %d",
          c.arch, s.struct_page_size, c.size)
    -- One struct page per frame of every node's span.
    check(s.struct_pages == s.spanned_pages, "%s: %d struct pages for %d frames",
          c.arch, s.struct_pages, s.spanned_pages)
    check(s.memmap_bytes == s.struct_pages * c.size, "%s: mem_map size", c.arch)
    -- Against RAM: exactly size/4096 when RAM has no holes; the legacy
    -- 640K-1M hole (and the PCI hole below 4G on x86_64, where RAM is
    -- remapped above 4G) is spanned but not RAM, so a little more.
    local share = s.memmap_bytes / info.mem
    check(share >= c.size / 4096 * 0.999 and share <= c.size / 4096 * 1.3,
          "%s: mem_map is %.4f %% of RAM, expected about %.4f %%", c.arch,
          100 * share, 100 * c.size / 4096)
    -- The reservation boot made for it: every present frame's struct page
    -- (rounded to 2 MiB vmemmap blocks on 64-bit), never more than the
    -- whole span's array rounded up.
    local rsv = s.memmap_reserved_bytes
    check(rsv >= s.present_pages * c.size and
          rsv <= s.memmap_bytes + info.nodes * (2 << 20),
          "%s: memblock reserved %d bytes for mem_map, the array is %d bytes",
          c.arch, rsv, s.memmap_bytes)
    local kb = rsv // 1024
    print(("%-8s %6s %12d %5dB %10.1fM %7.3f%%   %s"):format(c.arch, c.mem,
          s.struct_pages, s.struct_page_size, s.memmap_bytes / 2^20, 100 * share,
          kb .. "K reserved"))
    m:check()
    m:destroy()
  end
end
print("Z7 ok: one struct page per 4 KiB frame; 64/4096 = 1.5625 % (64-bit), 32/4096 = 0.78 % (32-bit)")
