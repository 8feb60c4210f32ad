#!/usr/bin/env python3
"""compare.py FULL.csv SAMPLED.csv [N]: TOTAL differences (sampled against full detail) and the N
rows with the largest energy differences either way, with their DRAM read and write bytes."""
import csv
import sys


def load(path):
    return {(r["layer"], r["phase"]): r for r in csv.DictReader(open(path))}


full, samp = load(sys.argv[1]), load(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 6
for k in ["time_ns", "energy_total_pJ", "energy_read_pJ", "energy_write_pJ", "mem_read_bytes", "mem_write_bytes", "compression_ratio"]:
    f, s = float(full[("TOTAL", "all")][k]), float(samp[("TOTAL", "all")][k])
    print(f"{k:18} {f:16.6g} {s:16.6g} {(s / f - 1) * 100:+.2f}%")
rows = []
for key, f in full.items():
    if key[0] == "TOTAL" or key not in samp:
        continue
    s = samp[key]
    rows.append(((float(s["energy_total_pJ"]) - float(f["energy_total_pJ"])) / 1e6, key,
                 float(f["mem_read_bytes"]) / 1e6, float(s["mem_read_bytes"]) / 1e6,
                 float(f["mem_write_bytes"]) / 1e6, float(s["mem_write_bytes"]) / 1e6))
rows.sort()
for d, (layer, phase), fr, sr, fw, sw in rows[:n] + rows[-n:]:
    print(f"{d:+8.1f} uJ {layer:>8}/{phase:<16} read {fr:7.1f} -> {sr:7.1f} MB  write {fw:6.1f} -> {sw:6.1f} MB")
print("sum of |row energy differences| uJ", round(sum(abs(r[0]) for r in rows)))
