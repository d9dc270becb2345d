"""The Python side of tests/bench/cli-vs-python.mjs: dkimpy and pyspf on the inputs given to
`authlens`, with DNS answered from the same YAML zone files, never from the network.

Run by the .mjs with the interpreter of `.venv-bench/` (pyspf 2.0.14, dkimpy 1.1.8, dnspython,
PyNaCl for dkimpy's Ed25519, PyYAML to read the zones). Subcommands:

  zone-json --zones DIR --out FILE     the zones as JSON, for the one-process-per-input runs
  dkim --zones DIR --iterations N FILE...      in one process: one JSON line per message
  spf --zones DIR --iterations N --cases FILE  in one process: one JSON line per case
  once-dkim --zone-json FILE MESSAGE           one message, then exit (like `authlens message`)
  once-spf --zone-json FILE IP SENDER HELO     one case, then exit (like `authlens spf check`)

The lines are those of `authlens bench`: {"input", "result", "results", "iterations",
"median_ns", "total_ns"}. Loading the zone and reading the files are not timed; parsing the
message is (dkimpy parses it in `DKIM()`; the engine in `message::parse`).

The zone is served with the rules of crates/engine/src/dns/zone.rs (`Zone::answer`), which are
those of pyspf's own test suite (testspf.py): a name not listed is NXDOMAIN unless it starts
with `error.` (then it times out), SPF records are also TXT unless the name lists TXT, CNAMEs
are followed, `TIMEOUT` items time out.
"""

import argparse
import ipaddress
import json
import os
import sys
import time

MAX_CNAME = 10


# ---- the zone -----------------------------------------------------------------------------------


def load_yaml_zones(folder):
    """Every .yaml/.yml file of `folder`, in name order, merged (as `doh-fixture --zones`)."""
    import yaml  # Only here: the one-process runs read JSON and never pay for importing PyYAML.

    zone = {}
    for f in sorted(os.listdir(folder)):
        if not f.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(folder, f), encoding="utf-8") as fh:
            # BaseLoader keeps every scalar as written (YAML 1.1 would read some as numbers).
            for doc in yaml.load_all(fh, Loader=yaml.BaseLoader):
                if not doc:
                    continue
                data = doc.get("zonedata", doc) if isinstance(doc, dict) else doc
                for name, items in (data or {}).items():
                    key = name.lower().rstrip(".")
                    zone.setdefault(key, []).extend(node_entries(items or []))
    return zone


def node_entries(items):
    """A name's items as ["TIMEOUT"], ["TIMEOUT", TYPE] or ["REC", TYPE, value] lists."""
    out, generated, has_txt = [], [], False
    for item in items:
        if isinstance(item, str):
            if item == "TIMEOUT":
                out.append(["TIMEOUT"])
            continue  # SECURE: the AD bit, which neither check reads.
        for rtype, value in item.items():
            if rtype == "DELAY":
                continue
            if rtype == "TXT":
                has_txt = True
            if value == "NONE":
                continue
            if value == "TIMEOUT":
                out.append(["TIMEOUT", rtype])
                continue
            if rtype in ("TXT", "SPF"):
                value = [value] if isinstance(value, str) else list(value)
                if rtype == "SPF":
                    generated.append(["REC", "TXT", value])
            elif rtype == "MX":
                value = [int(value[0]), value[1]]
            out.append(["REC", rtype, value])
    if not has_txt:
        out.extend(generated)
    return out


class Timeout(Exception):
    pass


def answer(zone, name, qtype):
    """The records of `qtype` at `name` after CNAMEs; [] for NXDOMAIN or NODATA."""
    current, chain = name.rstrip("."), []
    while True:
        if any(len(label) > 63 for label in current.split(".")):
            raise Timeout(name)
        entries = zone.get(current.lower().rstrip("."))
        if entries is None:
            if current.lower().startswith("error."):
                raise Timeout(name)
            return []
        found, cname = [], None
        for e in entries:
            if e[0] == "TIMEOUT":
                if len(e) == 2:
                    if e[1] == qtype:
                        raise Timeout(name)
                    continue
                if not found:
                    raise Timeout(name)
                break
            if e[1] == qtype:
                found.append(e[2])
            elif e[1] == "CNAME" and cname is None:
                cname = e[2]
        if found:
            return found
        if cname is None or qtype == "CNAME":
            return []
        target = cname.lower().rstrip(".")
        if len(chain) >= MAX_CNAME or target == name.lower().rstrip(".") or target in chain:
            raise Timeout(name)
        chain.append(target)
        current = cname


# ---- DKIM ---------------------------------------------------------------------------------------


def dkim_verifier(zone):
    import dkim

    def dnsfunc(name, timeout=5):
        # dkimpy asks with the name as bytes and wants the first TXT record, joined.
        try:
            txt = answer(zone, name.decode("ascii"), "TXT")
        except Timeout as e:
            raise dkim.DnsTimeoutError(str(e))
        return "".join(txt[0]).encode("utf-8") if txt else None

    def verify(message):
        """Every signature, top first, as the engine's `verify_message` does."""
        d = dkim.DKIM(message, minkey=1024)
        count = sum(1 for name, _ in d.headers if name.lower() == b"dkim-signature")
        results = []
        for idx in range(count):
            try:
                ok = d.verify(idx=idx, dnsfunc=dnsfunc)
            except dkim.DKIMException:
                ok = False
            results.append("pass" if ok else "fail")
        return results

    return verify


# ---- SPF ----------------------------------------------------------------------------------------


def install_spf_dns(zone):
    """Points pyspf's one DNS hook, `spf.DNSLookup`, at the zone. Values are shaped as
    `spf.DNSLookup_dnspython` returns them (the path pyspf takes with dnspython installed)."""
    import spf

    def lookup(name, qtype, strict=True, timeout=None):
        try:
            records = answer(zone, name, qtype)
        except Timeout:
            raise spf.TempError("DNS timeout")
        out = []
        for v in records:
            if qtype in ("TXT", "SPF"):
                v = tuple(s.encode("utf-8") for s in v)
            elif qtype == "MX":
                v = (v[0], v[1])
            out.append(((name, qtype), v))
        return out

    spf.DNSLookup = lookup
    return spf


# ---- timing -------------------------------------------------------------------------------------


def timed(iterations, f):
    times, last = [], None
    for _ in range(max(1, iterations)):
        t0 = time.perf_counter_ns()
        last = f()
        times.append(time.perf_counter_ns() - t0)
    total = sum(times)
    times.sort()
    return last, times[len(times) // 2], total


def line(inp, results, iterations, median, total):
    first = results[0] if isinstance(results, list) and results else results
    if isinstance(results, list) and not results:
        first = "none"
    print(json.dumps({
        "input": inp, "result": first, "results": results if isinstance(results, list) else [results],
        "iterations": max(1, iterations), "median_ns": median, "total_ns": total,
    }), flush=True)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    z = sub.add_parser("zone-json")
    z.add_argument("--zones", required=True)
    z.add_argument("--out", required=True)
    d = sub.add_parser("dkim")
    d.add_argument("--zones", required=True)
    d.add_argument("--iterations", type=int, default=20)
    # dkimpy accepts rsa-sha1 always; the flag is there so that both sides take the same options.
    d.add_argument("--allow-sha1", action="store_true")
    d.add_argument("files", nargs="+")
    s = sub.add_parser("spf")
    s.add_argument("--zones", required=True)
    s.add_argument("--iterations", type=int, default=200)
    s.add_argument("--cases", required=True)
    od = sub.add_parser("once-dkim")
    od.add_argument("--zone-json", required=True)
    od.add_argument("file")
    os_ = sub.add_parser("once-spf")
    os_.add_argument("--zone-json", required=True)
    os_.add_argument("ip")
    os_.add_argument("sender")
    os_.add_argument("helo")
    a = p.parse_args()

    if a.cmd == "zone-json":
        with open(a.out, "w", encoding="utf-8") as fh:
            json.dump(load_yaml_zones(a.zones), fh)
    elif a.cmd == "dkim":
        verify = dkim_verifier(load_yaml_zones(a.zones))
        for f in a.files:
            with open(f, "rb") as fh:
                msg = fh.read()
            results, median, total = timed(a.iterations, lambda: verify(msg))
            line(f, results, a.iterations, median, total)
    elif a.cmd == "spf":
        spf = install_spf_dns(load_yaml_zones(a.zones))
        with open(a.cases, encoding="utf-8") as fh:
            cases = json.load(fh)
        for c in cases:
            ipaddress.ip_address(c["ip"])
            result, median, total = timed(
                a.iterations, lambda: spf.check2(i=c["ip"], s=c["sender"], h=c["helo"])[0])
            line(f'{c["ip"]} {c["sender"]} {c["helo"]}', result, a.iterations, median, total)
    elif a.cmd == "once-dkim":
        with open(a.zone_json, encoding="utf-8") as fh:
            verify = dkim_verifier(json.load(fh))
        with open(a.file, "rb") as fh:
            print(json.dumps(verify(fh.read())))
    elif a.cmd == "once-spf":
        with open(a.zone_json, encoding="utf-8") as fh:
            spf = install_spf_dns(json.load(fh))
        print(json.dumps(spf.check2(i=a.ip, s=a.sender, h=a.helo)[0]))


if __name__ == "__main__":
    sys.exit(main())
