"""Markdown tables for Benchmarks/pipeline/bench-pipeline.sh from hyperfine's JSON exports (median, min, max)."""

import json
import sys
from pathlib import Path


def results(path):
    return json.loads(Path(path).read_text())["results"]


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def spread(result):
    return f"{ms(result['median'])} | {ms(result['min'])} – {ms(result['max'])}"


def cpu(result):
    """Mean CPU time (user + system) of a hyperfine result, in seconds."""
    return result["user"] + result["system"]


def psbt(inputs, folder, floor_ms, floor_cpu_ms, load_before, load_after, rss_combine, rss_finalize, rss_extract, rss_embit,
         rss_bdk, file_bytes):
    folder = Path(folder)
    custos = results(folder / "custos.json")[0]
    embit, bdk = results(folder / "python.json")
    floor = float(floor_ms) / 1000
    floor_cpu = float(floor_cpu_ms) / 1000
    custos_rss = max(int(rss_combine), int(rss_finalize), int(rss_extract))
    budget_kib = 3 * int(file_bytes) // 1024 + 32 * 1024
    print(f"### {int(inputs):,} inputs ({int(file_bytes) / 1e6:.1f} MB of base64 in two cosigner files; "
          f"load average {load_before} before, {load_after} after)")
    print()
    print("| run | median (ms) | min – max (ms) | runs | × floor (median) | CPU, user + sys (ms) | × floor CPU "
          "| peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| custos combine + finalize + extract (3 processes) | {spread(custos)} | {len(custos['times'])} "
          f"| {custos['median'] / floor:.2f} | {ms(cpu(custos))} | {cpu(custos) / floor_cpu:.2f} "
          f"| {custos_rss / 1024:.1f} (combine {int(rss_combine) // 1024}, finalize {int(rss_finalize) // 1024}, "
          f"extract {int(rss_extract) // 1024}) |")
    for name, result, rss in (("embit 0.8.0 (1 process)", embit, rss_embit),
                              ("BDK (bdkpython 3.1.1, 1 process)", bdk, rss_bdk)):
        peak = f"{int(rss) / 1024:.1f}" if int(rss) > 0 else "-"
        print(f"| {name} | {spread(result)} | {len(result['times'])} | {result['median'] / floor:.2f} "
              f"| {ms(cpu(result))} | {cpu(result) / floor_cpu:.2f} | {peak} |")
    print(f"| floor: libsecp256k1 verifying the same {2 * int(inputs):,} signatures, 1 thread, in process | "
          f"{ms(floor)} | - | best of 3 | 1.00 | {ms(floor_cpu)} | 1.00 | - |")
    print()
    summary = {
        "inputs": int(inputs), "custos": custos["median"], "embit": embit["median"], "bdk": bdk["median"],
        "floor": floor, "rss_kib": custos_rss, "budget_kib": budget_kib, "custos_cpu": cpu(custos),
        "embit_cpu": cpu(embit), "bdk_cpu": cpu(bdk), "floor_cpu": floor_cpu,
    }
    (folder / "summary.json").write_text(json.dumps(summary))


def psbt_targets(work, *sizes):
    rows = {int(size): json.loads((Path(work) / f"psbt-{size}" / "summary.json").read_text()) for size in sizes}
    print("| target (issue 14) | wall clock (medians) | met | CPU time (user + sys) |")
    print("|---|---:|---|---:|")
    if 2000 in rows:
        r = rows[2000]
        ratio = r["custos"] / r["floor"]
        print(f"| 2,000 inputs: ≤ 2 × the libsecp256k1 floor | {ratio:.2f} × | {'yes' if ratio <= 2 else 'NO'} "
              f"| {r['custos_cpu'] / r['floor_cpu']:.2f} × |")
        faster = r["embit"] / r["custos"]
        print(f"| 2,000 inputs: ≥ 2.5 × faster than embit | {faster:.2f} × | {'yes' if faster >= 2.5 else 'NO'} "
              f"| {r['embit_cpu'] / r['custos_cpu']:.2f} × |")
        faster = r["bdk"] / r["custos"]
        print(f"| 2,000 inputs: ≥ 10 × faster than BDK | {faster:.2f} × | {'yes' if faster >= 10 else 'NO'} "
              f"| {r['bdk_cpu'] / r['custos_cpu']:.2f} × |")
    if 2000 in rows and 10000 in rows:
        ratio = rows[10000]["custos"] / rows[2000]["custos"]
        print(f"| 10,000-input time ≤ 5.5 × the 2,000-input time | {ratio:.2f} × | {'yes' if ratio <= 5.5 else 'NO'} "
              f"| {rows[10000]['custos_cpu'] / rows[2000]['custos_cpu']:.2f} × |")
    for size, r in sorted(rows.items()):
        ok = r["rss_kib"] <= r["budget_kib"]
        print(f"| {size:,} inputs: peak RSS ≤ 3 × input files + 32 MB | {r['rss_kib'] / 1024:.1f} of "
              f"{r['budget_kib'] / 1024:.1f} MiB | {'yes' if ok else 'NO'} | - |")
    print()


def firmware(path, size, rss):
    custos, sha = results(path)
    ratio = custos["median"] / sha["median"]
    print(f"Image: {int(size):,} bytes (dev-signed T2B1, BLAKE2s chunk hashes), {len(custos['times'])} runs each.")
    print()
    print("| command | median (ms) | min – max (ms) | CPU, user + sys (ms) |")
    print("|---|---:|---:|---:|")
    print(f"| custos firmware verify | {spread(custos)} | {ms(cpu(custos))} |")
    print(f"| sha256sum | {spread(sha)} | {ms(cpu(sha))} |")
    print()
    print(f"custos / sha256sum: {ratio:.2f} on the medians (target ≤ 2.5: {'met' if ratio <= 2.5 else 'NOT met'}), "
          f"{custos['min'] / sha['min']:.2f} on the minima, {cpu(custos) / cpu(sha):.2f} in CPU time; "
          f"peak RSS {int(rss) / 1024:.1f} MiB.")
    print()


def manifest(path):
    custos, python = results(path)
    print("| command | median (ms) | min – max (ms) | CPU, user + sys (ms) |")
    print("|---|---:|---:|---:|")
    print(f"| custos manifest update (fresh store each run) | {spread(custos)} | {ms(cpu(custos))} |")
    print(f"| python-tuf ngclient refresh + lookup, one process (tuf_benchmark.py refresh) | {spread(python)} "
          f"| {ms(cpu(python))} |")
    print()
    print(f"python-tuf / custos: {python['median'] / custos['median']:.1f} × on the medians, "
          f"{cpu(python) / cpu(custos):.1f} × in CPU time (target ≥ 5)")
    print()


def startup(path):
    rows = results(path)
    true = rows[0]
    print("| command | median (ms) | min – max (ms) | median above /bin/true (ms) | CPU, user + sys (ms) "
          "| CPU above /bin/true (ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['command'].split('/')[-1]} | {spread(row)} | {ms(row['median'] - true['median'])} "
              f"| {ms(cpu(row))} | {ms(cpu(row) - cpu(true))} |")
    custos = rows[1]["median"] - true["median"]
    custos_cpu = cpu(rows[1]) - cpu(true)
    print()
    print(f"custos --version above /bin/true: {custos * 1000:.2f} ms wall (median), {custos_cpu * 1000:.2f} ms CPU "
          f"(target ≤ 4.5 ms: {'met' if custos <= 0.0045 else 'NOT met'} on the wall-clock median)")
    print()


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"psbt": psbt, "psbt-targets": psbt_targets, "firmware": firmware, "manifest": manifest,
     "startup": startup}[command](*arguments)
