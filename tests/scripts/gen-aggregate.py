#!/usr/bin/env python3
"""Generates DMARC aggregate reports and, computed here in Python, the totals they must give.

Writes tests/data/aggregate/:
  generated/   reports as real reporters send them (RFC 7489 and RFC 9990 shapes, .xml, .xml.gz,
               .zip; namespaces, prefixes, BOM, CRLF, Latin-1, other element orders, stray
               elements, placeholders, several <dkim>, a duplicate) and expected.json, the totals
               of the whole folder as crates/engine/tests/aggregate.rs must find them;
  malformed/   files that must not be counted (or only in part): cut, garbled, not a report,
               a gzip bomb and zip bombs; expected.json says what each must give.

Deterministic (fixed seed, fixed gzip/zip timestamps): running it again writes the same bytes.
Run: python3 tests/scripts/gen-aggregate.py (standard library only).
"""
import gzip, io, ipaddress, json, os, random, zipfile, zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'aggregate')
GEN = os.path.join(ROOT, 'generated')
BAD = os.path.join(ROOT, 'malformed')
for d in (GEN, BAD):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))

rng = random.Random(7489)
DAY = 86400
MARCH1 = 1772323200  # 2026-03-01 00:00:00 UTC

# Sources and how their mail authenticates: (ip, kind)
SOURCES = [
    ('192.0.2.10', 'own'), ('192.0.2.11', 'own'), ('2001:db8:1::25', 'own'),
    ('198.51.100.5', 'esp_aligned'), ('198.51.100.77', 'esp_unaligned'),
    ('203.0.113.9', 'forwarder'), ('203.0.113.200', 'spoofer'), ('2001:db8:bad::1', 'spoofer'),
    ('198.51.100.99', 'misconfigured'),
]

def make_record(ip, kind):
    """One record as plain data (already in the normalized form the reader gives)."""
    hf = rng.choice(['example.com', 'example.com', 'news.example.com'])
    count = rng.choice([1, 1, 2, 3, 5, 8, 13, 40, 120])
    dkim, spf, reasons, disp = [], [], [], 'none'
    ef = hf
    if kind == 'own':
        dkim = [(hf, 'sel1', 'pass')]
        spf = [(hf, 'mfrom', 'pass')]
        pe = ('pass', 'pass')
    elif kind == 'esp_aligned':
        dkim = [(hf, 'esp', 'pass'), ('esp.example', 'esp1', 'pass')]
        ef = 'bounces.esp.example'
        spf = [(ef, 'mfrom', 'pass')]
        pe = ('pass', 'fail')
    elif kind == 'esp_unaligned':
        dkim = [('esp.example', 'esp1', 'pass')]
        ef = 'esp.example'
        spf = [(ef, 'mfrom', 'pass')]
        pe = ('fail', 'fail')
    elif kind == 'forwarder':
        if rng.random() < 0.3:
            dkim = [(hf, 'sel1', 'pass')]
            pe = ('pass', 'fail')
        else:
            dkim = [(hf, 'sel1', 'fail')]
            pe = ('fail', 'fail')
            reasons = [(rng.choice(['forwarded', 'mailing_list']), rng.choice([None, 'list.example.org']))]
        ef = 'lists.example.org'
        spf = [(ef, 'mfrom', rng.choice(['softfail', 'fail', 'neutral']))]
    elif kind == 'misconfigured':
        dkim = []
        spf = [(hf, 'mfrom', rng.choice(['softfail', 'fail']))]
        pe = ('fail', 'fail')
    else:  # spoofer
        dkim = rng.choice([[], [(hf, 'x', 'fail')]])
        spf = [(hf, 'mfrom', rng.choice(['fail', 'softfail', 'none']))]
        pe = ('fail', 'fail')
        disp = rng.choice(['none', 'quarantine', 'reject'])
    return dict(ip=str(ipaddress.ip_address(ip)), count=count, disposition=disp, pe_dkim=pe[0], pe_spf=pe[1],
                reasons=reasons, header_from=hf, envelope_from=ef, dkim=dkim, spf=spf)

def xml_escape(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')

class Style:
    """How one reporter writes its XML."""
    def __init__(self, prefix='', ns=None, indent='  ', nl='\n', bom=False, decl='UTF-8', version='1.0',
                 order=('row', 'identifiers', 'auth_results'), stray=False, upper_domains=False,
                 rfc9990=False, envelope_from=True, empty_human=False):
        self.__dict__.update(locals())
        del self.__dict__['self']

def render(meta, policy, records, st):
    p = st.prefix
    out = []
    def el(depth, name, value=None, raw=False):
        pad = st.indent * depth
        if value is None:
            out.append(f'{pad}<{p}{name}/>')
        else:
            out.append(f'{pad}<{p}{name}>{value if raw else xml_escape(str(value))}</{p}{name}>')
    def open_(depth, name, attrs=''):
        out.append(f'{st.indent * depth}<{p}{name}{attrs}>')
    def close(depth, name):
        out.append(f'{st.indent * depth}</{p}{name}>')
    if st.decl:
        out.append(f'<?xml version="1.0" encoding="{st.decl}"?>')
    attrs = ''
    if st.ns:
        attrs = f' xmlns:{p[:-1]}="{st.ns}"' if p else f' xmlns="{st.ns}"'
        if 'dmarc.org' in st.ns:
            attrs += ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    open_(0, 'feedback', attrs)
    if st.version:
        el(1, 'version', st.version)
    open_(1, 'report_metadata')
    el(2, 'org_name', meta['org_name'])
    el(2, 'email', meta['email'])
    if meta.get('extra'):
        el(2, 'extra_contact_info', meta['extra'])
    el(2, 'report_id', meta['report_id'])
    open_(2, 'date_range')
    el(3, 'begin', meta['begin'])
    el(3, 'end', meta['end'])
    close(2, 'date_range')
    for e in meta.get('errors', []):
        el(2, 'error', e)
    if st.rfc9990:
        el(2, 'generator', 'authlens-gen 1.0')
    close(1, 'report_metadata')
    open_(1, 'policy_published')
    dom = policy['domain'].upper() + '.' if st.upper_domains else policy['domain']
    el(2, 'domain', dom)
    if st.rfc9990:
        el(2, 'discovery_method', 'treewalk')
    el(2, 'adkim', 'r')
    el(2, 'aspf', 'r')
    el(2, 'p', policy['p'])
    el(2, 'sp', 'unused' if st.stray else 'none')
    if st.rfc9990:
        el(2, 'np', 'reject')
        el(2, 'testing', 'n')
    else:
        el(2, 'pct', 100)
        el(2, 'fo', '0')
    close(1, 'policy_published')
    if st.rfc9990:
        open_(1, 'extension')
        out.append(f'{st.indent * 2}<ext:arc-override xmlns:ext="urn:example:ext">never</ext:arc-override>')
        close(1, 'extension')
    for r in records:
        open_(1, 'record')
        for part in st.order:
            if part == 'row':
                open_(2, 'row')
                el(3, 'source_ip', r['ip'])
                el(3, 'count', r['count'])
                open_(3, 'policy_evaluated')
                disp = r['disposition']
                if st.rfc9990 and disp == 'none' and (r['pe_dkim'] == 'pass' or r['pe_spf'] == 'pass'):
                    disp = 'pass'
                el(4, 'disposition', disp)
                el(4, 'dkim', r['pe_dkim'])
                el(4, 'spf', r['pe_spf'])
                for (t, c) in r['reasons']:
                    open_(4, 'reason')
                    el(5, 'type', t)
                    if c is not None:
                        el(5, 'comment', c)
                    close(4, 'reason')
                close(3, 'policy_evaluated')
                if st.stray:
                    el(3, 'x-local-score', rng.randint(0, 9))
                close(2, 'row')
            elif part == 'identifiers':
                open_(2, 'identifiers')
                if st.envelope_from:
                    el(3, 'envelope_to', 'receiver.example')
                    el(3, 'envelope_from', r['envelope_from'])
                hf = r['header_from'].upper() if st.upper_domains else r['header_from']
                el(3, 'header_from', hf)
                close(2, 'identifiers')
            else:
                open_(2, 'auth_results')
                for (d, s, res) in r['dkim']:
                    open_(3, 'dkim')
                    el(4, 'domain', d)
                    el(4, 'selector', s)
                    el(4, 'result', res)
                    if st.empty_human:
                        el(4, 'human_result', None)
                    close(3, 'dkim')
                for (d, scope, res) in r['spf']:
                    open_(3, 'spf')
                    el(4, 'domain', d)
                    el(4, 'scope', scope)
                    el(4, 'result', res)
                    close(3, 'spf')
                close(2, 'auth_results')
        if st.stray:
            el(2, 'x-reporter-note', 'seen')
        close(1, 'record')
    close(0, 'feedback')
    text = st.nl.join(out) + st.nl
    data = text.encode('latin-1' if st.decl == 'ISO-8859-1' else 'utf-8')
    return (b'\xef\xbb\xbf' if st.bom else b'') + data

def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode='wb', mtime=0, filename='') as f:
        f.write(data)
    return buf.getvalue()

def zipped(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if not name.endswith('/') else zipfile.ZIP_STORED
            z.writestr(info, data)
    return buf.getvalue()

REPORTERS = {
    'google': ('google.com', 'noreply-dmarc-support@google.com',
               Style(indent='  ', version='1.0', envelope_from=False)),
    'microsoft': ('Outlook.com', 'dmarcreport@microsoft.com',
                  Style(ns='http://dmarc.org/dmarc-xml/0.1', indent='\t', version='1.0', empty_human=True)),
    'yahoo': ('Yahoo', 'dmarchelp@yahooinc.com',
              Style(indent='', nl='\r\n', bom=True, version=None, order=('auth_results', 'identifiers', 'row'),
                    stray=True, upper_domains=True)),
    'rfc9990': ('Receiver Example', 'dmarc-reports@receiver.example',
                Style(prefix='dmarc:', ns='urn:ietf:params:xml:ns:dmarc-2.0', rfc9990=True, version='1.0')),
    'latin1': ('Société Exemple', 'rapports@exemple.fr', Style(decl='ISO-8859-1', version=None)),
}

reports = []  # (file name, meta, policy, records, bytes of the XML)
files = {}    # file name -> bytes
for day in range(5):
    for key, (org, email, st) in REPORTERS.items():
        if key == 'latin1' and day % 2:
            continue
        begin = MARCH1 + day * DAY
        end = begin + DAY - 1
        if key == 'microsoft':  # a reporter whose day starts at its own midnight (UTC-8)
            begin += 8 * 3600
            end += 8 * 3600
        if key == 'latin1' and day == 4:  # one report spanning two days: counts on its middle
            end = begin + 2 * DAY - 1
        srcs = rng.sample(SOURCES, rng.randint(3, len(SOURCES)))
        records = [make_record(ip, kind) for ip, kind in srcs for _ in range(rng.randint(1, 2))]
        meta = dict(org_name=org, email=email, report_id=f'{key}-{day}-{rng.randrange(10**8)}',
                    begin=begin, end=end)
        if key == 'google' and day == 2:
            meta['errors'] = ['multiple DMARC records at _dmarc.news.example.com']
        if key == 'rfc9990':
            meta['extra'] = 'https://receiver.example/dmarc'
        policy = dict(domain='example.com', p='none')
        xml = render(meta, policy, records, st)
        reports.append((key, day, meta, policy, records, xml))

for key, day, meta, policy, records, xml in reports:
    base = f'{key}!example.com!{meta["begin"]}!{meta["end"]}'
    if key in ('microsoft', 'yahoo'):
        files[base + '.xml.gz'] = gz(xml)
    elif key == 'google':
        # Google sends zip files; one with a folder and a macOS resource fork as a user's zip tool adds.
        if day == 1:
            files[base + '.zip'] = zipped([('report/', b''), ('report/' + base + '.xml', xml),
                                           ('__MACOSX/report/._' + base + '.xml', b'\x00\x05\x16\x07junk')])
        else:
            files[base + '.zip'] = zipped([(base + '.xml', xml)])
    else:
        files[base + '.xml'] = xml
# The same report saved twice (once as the attachment, once unpacked): counted once.
dup = reports[0]
files['copy-of-google-report.xml'] = dup[5]
# A zip holding two reports.
two = [r for r in reports if r[0] == 'rfc9990'][:2]
files['two-reports.zip'] = zipped([(f'{r[0]}-{r[1]}.xml', r[5]) for r in two])

for name, data in files.items():
    with open(os.path.join(GEN, name), 'wb') as f:
        f.write(data)

# ---- the expected totals, computed independently of the Rust reader ----
# Every report is in one file, except the Google one saved twice and the two also in
# two-reports.zip: each distinct report counts once.
distinct = {}
for r in reports:
    distinct[(r[2]['org_name'].lower(), r[3]['domain'], r[2]['report_id'])] = r
uniq = list(distinct.values())
dups = len(reports) + 1 + len(two) - len(uniq)

def dmarc_pass(r):
    return r['pe_dkim'] == 'pass' or r['pe_spf'] == 'pass'

def ip_key(s):
    ip = ipaddress.ip_address(s)
    return (ip.version, int(ip))

def day_of(begin, end):
    mid = begin + (end - begin) // 2 if end >= begin else begin
    return mid // DAY

def utc(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%d')

res = dict(messages=0, dkim_pass=0, spf_pass=0, dkim_aligned_pass=0, spf_aligned_pass=0, dmarc_pass=0, dmarc_fail=0)
disp = dict(none=0, **{'pass': 0}, quarantine=0, reject=0, unknown=0)
sources, days, reporters, rows = {}, {}, {}, {}
impact = dict(unaligned=0, indirect=0, unauthenticated=0)
groups = {}
for key, day, meta, policy, records, xml in uniq:
    rep = reporters.setdefault(meta['org_name'], dict(org_name=meta['org_name'], reports=0, messages=0))
    rep['reports'] += 1
    d = days.setdefault(utc(day_of(meta['begin'], meta['end']) * DAY), dict(messages=0, dmarc_pass=0))
    st = REPORTERS[key][2]
    for r in records:
        n = r['count']
        ok = dmarc_pass(r)
        res['messages'] += n
        res['dkim_pass'] += n if any(x[2] == 'pass' for x in r['dkim']) else 0
        res['spf_pass'] += n if any(x[2] == 'pass' for x in r['spf']) else 0
        res['dkim_aligned_pass'] += n if r['pe_dkim'] == 'pass' else 0
        res['spf_aligned_pass'] += n if r['pe_spf'] == 'pass' else 0
        res['dmarc_pass' if ok else 'dmarc_fail'] += n
        dd = r['disposition']
        if st.rfc9990 and dd == 'none' and ok:
            dd = 'pass'
        disp[dd] += n
        s = sources.setdefault(r['ip'], dict(messages=0, dmarc_pass=0, dmarc_fail=0))
        s['messages'] += n
        s['dmarc_pass' if ok else 'dmarc_fail'] += n
        d['messages'] += n
        d['dmarc_pass'] += n if ok else 0
        rep['messages'] += n
        row = (r['ip'], r['header_from'], r['envelope_from'] if st.envelope_from else None,
               'receiver.example' if st.envelope_from else None, dd, r['pe_dkim'], r['pe_spf'],
               tuple(r['reasons']), tuple(r['dkim']), tuple(r['spf']))
        rows[row] = rows.get(row, 0) + n
        if not ok:
            g = groups.setdefault((r['ip'], r['header_from']), dict(messages=0, kinds=set()))
            g['messages'] += n
            if r['reasons']:
                g['kinds'].add('indirect')
            elif any(x[2] == 'pass' for x in r['dkim'] + r['spf']):
                g['kinds'].add('unaligned')
            else:
                g['kinds'].add('unauthenticated')
for g in groups.values():
    for k in ('indirect', 'unaligned', 'unauthenticated'):  # the most benign kind names the group
        if k in g['kinds']:
            impact[k] += g['messages']
            break
begins = [r[2]['begin'] for r in uniq]
ends = [r[2]['end'] for r in uniq]
top = sorted(((ip, s['dmarc_fail']) for ip, s in sources.items() if s['dmarc_fail']),
             key=lambda x: (-x[1], ip_key(x[0])))[:10]
expected = dict(
    files=len(files), reports=len(uniq), duplicates=dups, results=res, dispositions=disp,
    domains=['example.com'],
    date_range=dict(begin=min(begins), end=max(ends), begin_utc=utc(min(begins)), end_utc=utc(max(ends))),
    reporters=sorted(reporters.values(), key=lambda r: (-r['messages'], r['org_name'])),
    sources=sources, days=days, rows=len(rows),
    top_failing=[list(t) for t in top],
    impact=dict(failing=res['dmarc_fail'], groups=len(groups), **impact),
    reporter_errors=1,
)
with open(os.path.join(GEN, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write('\n')

# ---- malformed files ----
bad = {}
full = [r for r in reports if r[0] == 'rfc9990'][0]
xml = full[5]
# Cut inside a record: the records closed before the cut count.
cut = xml.rindex(b'</dmarc:record>') - 40
bad['cut.xml'] = (xml[:cut], dict(reports=1, complete=False, records=xml[:cut].count(b'</dmarc:record>'),
                                  codes=['report-truncated']))
z = gz(xml)
# Where the inflater stops in a cut stream is its own business: either nothing or a cut report.
bad['cut.xml.gz'] = (z[:len(z) // 2], dict(codes_any=['report-truncated', 'report-unreadable']))
bad['garbage.bin'] = (bytes(rng.randrange(256) for _ in range(300)).replace(b'<', b'>').lstrip(b'\x1fP'),
                      dict(reports=0, codes=['report-unreadable']))
bad['empty.xml'] = (b'', dict(reports=0, codes=['report-unreadable']))
bad['page.html'] = (b'<!DOCTYPE html><html><body>Your report</body></html>', dict(reports=0, codes=['report-not-aggregate']))
bad['broken.gz'] = (b'\x1f\x8b\x08\x00' + bytes(40), dict(reports=0, codes=['report-unreadable']))
bad['broken.zip'] = (b'PK\x03\x04' + bytes(60), dict(reports=0, codes=['report-unreadable']))
bad['readme-only.zip'] = (zipped([('README.txt', b'reports come later')]),
                          dict(reports=0, codes=['report-entry-skipped', 'report-unreadable']))
bad['utf16.xml'] = ('<feedback/>'.encode('utf-16'), dict(reports=0, codes=['report-unreadable']))
# Bombs: 20 MB of zeros inflate about 1000 times; the ratio limit (200) stops them early.
zeros = bytes(20 * 1024 * 1024)
bad['bomb.xml.gz'] = (gz(b'<feedback>' + zeros), dict(reports=0, codes=['report-too-large']))
bomb_zip = zipped([('bomb.xml', b'<feedback>' + zeros)])
bad['bomb.zip'] = (bomb_zip, dict(reports=0, codes=['report-too-large']))
# The same zip lying about its size (1000 bytes): caught while inflating, not from the directory.
lying = bytearray(bomb_zip)
for sig, off in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
    at = lying.index(sig)
    lying[at + off:at + off + 4] = (1000).to_bytes(4, 'little')
bad['lying-bomb.zip'] = (bytes(lying), dict(reports=0, codes=['report-too-large']))
# A zip entry whose CRC does not match: read, but flagged.
crc_bad = bytearray(zipped([('r.xml', xml)]))
at = crc_bad.index(b'PK\x01\x02')
crc_bad[at + 16] ^= 0xff
bad['bad-crc.zip'] = (bytes(crc_bad), dict(reports=1, complete=True, records=len(full[4]), codes=['report-damaged']))

for name, (data, _) in bad.items():
    with open(os.path.join(BAD, name), 'wb') as f:
        f.write(data)
with open(os.path.join(BAD, 'expected.json'), 'w') as f:
    json.dump({n: e for n, (_, e) in bad.items()}, f, indent=1, sort_keys=True)
    f.write('\n')
print(f'{len(files)} report files, {len(uniq)} distinct reports, {res["messages"]} messages; {len(bad)} malformed files')
