#!/usr/bin/env python3
"""Generates SMTP TLS reports (RFC 8460 §4) and, computed here in Python, the totals they must give.

Writes tests/data/tlsrpt/:
  samples/     the RFC 8460 Appendix B example, and reports shaped as Google and Microsoft send
               them (written from the RFC 8460 §4.4 schema: Google's compact, without mx-host,
               gzipped; Microsoft's with mx-host and failure details, gzipped, and its
               no-policy-found report). crates/engine/src/tls_report/read_tests.rs checks their
               values by hand.
  generated/   reports from five reporter styles (Google, Microsoft, the RFC's pretty layout with
               mx-host as one string, a sloppy one with numbers as text, unknown fields, odd
               case, BOM, CRLF and unregistered result types, and a DANE one with TLSA policies),
               as .json and .json.gz, with resent duplicates and a file of two reports; and
               expected.json, the totals of the whole folder as the Rust test must find them.
  malformed/   files that must not be counted, or only in part: cut, garbled, wrong types,
               missing fields, not JSON, not a report, UTF-16, Latin-1, a gzip bomb;
               expected.json says how many reports and which codes each must give.

Deterministic (fixed seed, gzip timestamps at 0): running it again writes the same bytes.
Run: python3 tests/scripts/gen-tlsrpt.py (standard library only).
"""
import gzip, io, ipaddress, json, os, random, zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'tlsrpt')
SAMPLES = os.path.join(ROOT, 'samples')
GEN = os.path.join(ROOT, 'generated')
BAD = os.path.join(ROOT, 'malformed')
for d in (SAMPLES, GEN, BAD):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))

rng = random.Random(8460)
DAY = 86400
MARCH1 = 1772323200  # 2026-03-01 00:00:00 UTC

REGISTERED = [
    'starttls-not-supported', 'certificate-host-mismatch', 'certificate-expired',
    'certificate-not-trusted', 'validation-failure', 'tlsa-invalid', 'dnssec-invalid',
    'dane-required', 'sts-policy-fetch-error', 'sts-policy-invalid', 'sts-webpki-invalid',
]
STS_TYPES = ['starttls-not-supported', 'certificate-host-mismatch', 'certificate-expired',
             'certificate-not-trusted', 'validation-failure', 'sts-policy-fetch-error',
             'sts-webpki-invalid']
DANE_TYPES = ['tlsa-invalid', 'dnssec-invalid', 'dane-required', 'certificate-expired']
UNREGISTERED = ['x-handshake-timeout', 'Certificate-Expired']  # the registry is case-sensitive

MX = {'example.com': ['mx1.example.com', 'mx2.example.com'], 'example.net': ['mail.example.net']}
RECEIVING_IP = {'mx1.example.com': '192.0.2.25', 'mx2.example.com': '2001:db8:2::25',
                'mail.example.net': '198.51.100.25'}
SENDERS = ['192.0.2.1', '198.51.100.7', '2001:db8:1::25', '203.0.113.44', '2001:db8:abcd:12::1']


def sts_policy(domain):
    return ['version: STSv1', 'mode: enforce'] + ['mx: ' + h for h in MX[domain]] + ['max_age: 604800']


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode='wb', mtime=0, filename='') as f:
        f.write(data)
    return buf.getvalue()


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


# ---------------------------------------------------------------------------------------------
# Reports as plain data: a canonical form (what the reader must give) beside the JSON written.

def failures(domain, types, n):
    out = []
    for _ in range(n):
        host = rng.choice(MX[domain])
        out.append({
            'result-type': rng.choice(types),
            'sending-mta-ip': rng.choice(SENDERS),
            'receiving-mx-hostname': host,
            'receiving-ip': RECEIVING_IP[host],
            'failed-session-count': rng.choice([1, 2, 3, 5, 8, 13, 40]),
        })
    return out


def sts_result(domain, with_mx, n_fail):
    details = failures(domain, STS_TYPES, n_fail)
    failed = sum(d['failed-session-count'] for d in details) + rng.choice([0, 0, 0, 2])
    policy = {'policy-type': 'sts', 'policy-string': sts_policy(domain), 'policy-domain': domain}
    if with_mx:
        policy['mx-host'] = list(MX[domain])
    r = {'policy': policy,
         'summary': {'total-successful-session-count': rng.randint(0, 5000),
                     'total-failure-session-count': failed}}
    if details:
        r['failure-details'] = details
    return r


def google(day, domain):
    start = MARCH1 + day * DAY
    rep = {
        'organization-name': 'Google Inc.',
        'date-range': {'start-datetime': iso(start), 'end-datetime': iso(start + DAY - 1)},
        'contact-info': 'smtp-tls-reporting@google.com',
        'report-id': '%s_%s' % (iso(start), domain),
        'policies': [sts_result(domain, False, rng.choice([0, 0, 1, 2]))],
    }
    name = 'google.com!%s!%d!%d!001.json.gz' % (domain, start, start + DAY - 1)
    return rep, name, gz(json.dumps(rep, separators=(',', ':')).encode())


def microsoft(day, domain):
    start = MARCH1 + day * DAY
    rep = {
        'organization-name': 'Microsoft Corporation',
        'date-range': {'start-datetime': iso(start), 'end-datetime': iso(start + DAY - 1)},
        'contact-info': 'tlsrpt-noreply@microsoft.com',
        'report-id': '%d+%s' % (134170000000000000 + day * 864000000000, domain),
        'policies': [],
    }
    if domain == 'example.net' and rng.random() < 0.5:
        rep['policies'].append({
            'policy': {'policy-type': 'no-policy-found', 'policy-domain': domain},
            'summary': {'total-successful-session-count': rng.randint(1, 300),
                        'total-failure-session-count': 0},
        })
    else:
        rep['policies'].append(sts_result(domain, True, rng.choice([0, 1, 2, 3])))
    name = 'enterprise.protection.outlook.com!%s!%d!%d.json.gz' % (domain, start, start + DAY - 1)
    return rep, name, gz(json.dumps(rep, separators=(',', ':')).encode())


def rfc_style(day, domain):
    start = MARCH1 + day * DAY
    r = sts_result(domain, True, rng.choice([1, 2, 3]))
    r['policy']['mx-host'] = r['policy']['mx-host'][0]  # one string, as Appendix B writes it
    rep = {
        'organization-name': 'Company-X',
        'date-range': {'start-datetime': iso(start), 'end-datetime': iso(start + DAY - 1)},
        'contact-info': 'sts-reporting@company-x.example',
        'report-id': '%08x-23d3-47ca-b6e0-%012x' % (rng.getrandbits(32), rng.getrandbits(48)),
        'policies': [r],
    }
    return rep, 'company-x.example!%s!%d!%d.json' % (domain, start, start + DAY - 1), \
        json.dumps(rep, indent=2).encode()


def dane(day):
    start = MARCH1 + day * DAY
    pols = []
    for host in MX['example.com']:
        details = failures('example.com', DANE_TYPES, rng.choice([0, 1, 2]))
        for d in details:
            d['receiving-mx-hostname'] = host
            d['receiving-ip'] = RECEIVING_IP[host]
        pols.append({
            'policy': {'policy-type': 'tlsa',
                       'policy-string': ['_25._tcp.%s. IN TLSA 3 1 1 %064X' % (host, rng.getrandbits(256))],
                       'policy-domain': 'example.com', 'mx-host': [host]},
            'summary': {'total-successful-session-count': rng.randint(0, 900),
                        'total-failure-session-count': sum(d['failed-session-count'] for d in details)},
            'failure-details': details,
        })
    rep = {
        'organization-name': 'DANE Mailer',
        'date-range': {'start-datetime': iso(start), 'end-datetime': iso(start + DAY - 1)},
        'contact-info': 'mailto:tlsrpt@dane.example',
        'report-id': 'dane-%d' % day,
        'policies': pols,
    }
    return rep, 'dane.example!example.com!%d!%d.json.gz' % (start, start + DAY - 1), \
        gz(json.dumps(rep).encode())


def sloppy(day, domain, tag=''):
    """Numbers as text, unknown fields, odd case and trailing dots, IPv6 with leading zeros,
    offsets and fractions in dates, CRLF, a BOM, unregistered result types: the canonical form
    is what the reader must make of it."""
    start = MARCH1 + day * DAY
    canon = sts_result(domain, True, rng.choice([1, 2, 3]))
    for d in canon['failure-details']:
        if rng.random() < 0.4:
            d['result-type'] = rng.choice(UNREGISTERED)
    rep = json.loads(json.dumps(canon))
    p = rep['policy']
    p['policy-domain'] = domain.upper() + '.'
    p['mx-host'] = [h.upper() + '.' for h in p['mx-host']]
    rep['summary'] = {k: str(v) for k, v in rep['summary'].items()}
    rep['x-vendor-note'] = {'any': ['thing']}
    for d in rep['failure-details']:
        d['receiving-mx-hostname'] = d['receiving-mx-hostname'].upper() + '.'
        if d['sending-mta-ip'] == '2001:db8:abcd:12::1':
            d['sending-mta-ip'] = '2001:0DB8:ABCD:0012:0000:0000:0000:0001'
        d['failed-session-count'] = str(d['failed-session-count'])
        d['receiving-mx-helo'] = 'helo.' + domain
        d['failure-reason-code'] = 'X509_V_ERR_%d' % rng.randint(1, 30)
    whole = {
        'organization-name': 'Sloppy Mail',
        'date-range': {'start-datetime': '%sT02:00:00.000+02:00' % iso(start)[:10],
                       'end-datetime': iso(start + DAY - 1).replace('Z', '.999Z')},
        'contact-info': None,
        'report-id': 'sloppy-%d%s' % (day, tag),
        'generator': 'sloppy 0.1',
        'policies': [rep],
    }
    canon_whole = dict(whole, policies=[canon])
    canon_whole['date-range'] = {'start-datetime': iso(start), 'end-datetime': iso(start + DAY - 1)}
    text = json.dumps(whole, indent=1).replace('\n', '\r\n').encode()
    return canon_whole, text


# ---------------------------------------------------------------------------------------------
# The generated folder and its totals.

files = []     # (name, bytes)
counted = []   # canonical reports, in the order read, duplicates included

for day in range(6):
    for domain in ('example.com', 'example.net'):
        rep, name, data = google(day, domain)
        files.append((name, data)); counted.append(rep)
        rep, name, data = microsoft(day, domain)
        files.append((name, data)); counted.append(rep)
    rep, name, data = rfc_style(day, rng.choice(['example.com', 'example.net']))
    files.append((name, data)); counted.append(rep)
    if day % 2 == 0:
        rep, name, data = dane(day)
        files.append((name, data)); counted.append(rep)
    if day % 3 == 0:
        rep, text = sloppy(day, 'example.com')
        files.append(('sloppy-%d.json' % day, b'\xef\xbb\xbf' + text)); counted.append(rep)

# Two reports one after the other in one file.
a, ta = sloppy(10, 'example.net', '-a')
b, tb = sloppy(10, 'example.com', '-b')
files.append(('sloppy-two.json', ta + b'\n' + tb)); counted.extend([a, b])

# Resent reports: the same report again, once as plain JSON, once gzipped.
for i in (1, 4):
    name, data = files[i]
    raw = gzip.decompress(data) if name.endswith('.gz') else data
    files.append(('resent-' + name.replace('.gz', ''), raw))
    counted.append(counted[i])
name, data = files[2]
files.append(('resent-' + name + ('' if name.endswith('.gz') else '.gz'),
              data if name.endswith('.gz') else gz(data)))
counted.append(counted[2])

for name, data in files:
    with open(os.path.join(GEN, name), 'wb') as f:
        f.write(data)


def host(h):
    return h.rstrip('.').lower() if h is not None else None


def ip(s):
    return str(ipaddress.ip_address(s)) if s is not None else None


def epoch(s):
    import datetime
    return int(datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')
               .replace(tzinfo=datetime.timezone.utc).timestamp())


seen = set()
T = {'reports': 0, 'duplicates': 0, 'successful': 0, 'failed': 0, 'detailed_failures': 0}
by_policy, by_mx, by_reporter, by_result, by_receiving, rows = {}, {}, {}, {}, {}, {}
starts, ends = [], []
for rep in counted:
    key = (rep['organization-name'].lower(), rep['report-id'])
    if key in seen:
        T['duplicates'] += 1
        continue
    seen.add(key)
    T['reports'] += 1
    starts.append(epoch(rep['date-range']['start-datetime']))
    ends.append(epoch(rep['date-range']['end-datetime']))
    who = by_reporter.setdefault(rep['organization-name'],
                                 {'organization_name': rep['organization-name'], 'reports': 0,
                                  'successful': 0, 'failed': 0, 'report_ids': []})
    who['reports'] += 1
    who['report_ids'].append(rep['report-id'])
    for p in rep['policies']:
        ok = int(p['summary']['total-successful-session-count'])
        bad = int(p['summary']['total-failure-session-count'])
        T['successful'] += ok
        T['failed'] += bad
        who['successful'] += ok
        who['failed'] += bad
        dom = host(p['policy']['policy-domain'])
        ptype = p['policy']['policy-type']
        e = by_policy.setdefault((dom, ptype), {'policy_domain': dom, 'policy_type': ptype,
                                                'results': 0, 'successful': 0, 'failed': 0})
        e['results'] += 1; e['successful'] += ok; e['failed'] += bad
        mx = p['policy'].get('mx-host', [])
        mx = [mx] if isinstance(mx, str) else mx
        mx = [host(h) for h in mx]
        e = by_mx.setdefault(tuple(mx), {'mx_host': mx, 'results': 0, 'successful': 0, 'failed': 0})
        e['results'] += 1; e['successful'] += ok; e['failed'] += bad
        for d in p.get('failure-details', []):
            n = int(d['failed-session-count'])
            T['detailed_failures'] += n
            e = by_result.setdefault(d['result-type'], {'result_type': d['result-type'],
                                                        'failed': 0, 'details': 0})
            e['failed'] += n; e['details'] += 1
            h = host(d.get('receiving-mx-hostname'))
            e = by_receiving.setdefault(h, {'receiving_mx_hostname': h, 'failed': 0, 'result_types': set()})
            e['failed'] += n; e['result_types'].add(d['result-type'])
            k = (dom, d['result-type'], ip(d.get('sending-mta-ip')), h, ip(d.get('receiving-ip')))
            e = rows.setdefault(k, {'policy_domain': k[0], 'result_type': k[1], 'sending_mta_ip': k[2],
                                    'receiving_mx_hostname': k[3], 'receiving_ip': k[4], 'failed': 0})
            e['failed'] += n

for e in by_receiving.values():
    e['result_types'] = sorted(e['result_types'])
T['date_range'] = {'start': min(starts), 'end': max(ends)}
T['domains'] = sorted({k[0] for k in by_policy})
T['by_policy'] = list(by_policy.values())
T['by_mx_host'] = list(by_mx.values())
T['by_reporter'] = list(by_reporter.values())
T['by_result_type'] = list(by_result.values())
T['by_receiving_mx'] = list(by_receiving.values())
T['failures'] = list(rows.values())
T['files'] = {name: 1 for name, _ in files}
T['files']['sloppy-two.json'] = 2
with open(os.path.join(GEN, 'expected.json'), 'w') as f:
    json.dump(T, f, indent=1, sort_keys=True)
    f.write('\n')

# ---------------------------------------------------------------------------------------------
# Samples.

RFC_EXAMPLE = '''{
     "organization-name": "Company-X",
     "date-range": {
       "start-datetime": "2016-04-01T00:00:00Z",
       "end-datetime": "2016-04-01T23:59:59Z"
     },
     "contact-info": "sts-reporting@company-x.example",
     "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
     "policies": [{
       "policy": {
         "policy-type": "sts",
         "policy-string": ["version: STSv1","mode: testing",
               "mx: *.mail.company-y.example","max_age: 86400"],
         "policy-domain": "company-y.example",
         "mx-host": "*.mail.company-y.example"
       },
       "summary": {
         "total-successful-session-count": 5326,
         "total-failure-session-count": 303
       },
       "failure-details": [{
         "result-type": "certificate-expired",
         "sending-mta-ip": "2001:db8:abcd:0012::1",
         "receiving-mx-hostname": "mx1.mail.company-y.example",
         "failed-session-count": 100
       }, {
         "result-type": "starttls-not-supported",
         "sending-mta-ip": "2001:db8:abcd:0013::1",
         "receiving-mx-hostname": "mx2.mail.company-y.example",
         "receiving-ip": "203.0.113.56",
         "failed-session-count": 200,
         "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported"
       }, {
         "result-type": "validation-failure",
         "sending-mta-ip": "198.51.100.62",
         "receiving-ip": "203.0.113.58",
         "receiving-mx-hostname": "mx-backup.mail.company-y.example",
         "failed-session-count": 3,
         "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"
       }]
     }]
   }
'''
with open(os.path.join(SAMPLES, 'rfc8460-appendix-b.json'), 'w') as f:
    f.write(RFC_EXAMPLE)

GOOGLE = {
    'organization-name': 'Google Inc.',
    'date-range': {'start-datetime': '2026-03-01T00:00:00Z', 'end-datetime': '2026-03-01T23:59:59Z'},
    'contact-info': 'smtp-tls-reporting@google.com',
    'report-id': '2026-03-01T00:00:00Z_example.com',
    'policies': [{
        'policy': {'policy-type': 'sts',
                   'policy-string': ['version: STSv1', 'mode: enforce', 'mx: mx1.example.com',
                                     'mx: mx2.example.com', 'max_age: 604800'],
                   'policy-domain': 'example.com'},
        'summary': {'total-successful-session-count': 1843, 'total-failure-session-count': 12},
        'failure-details': [
            {'result-type': 'certificate-expired', 'sending-mta-ip': '209.85.220.41',
             'receiving-mx-hostname': 'mx2.example.com', 'receiving-ip': '192.0.2.26',
             'failed-session-count': 12},
        ],
    }],
}
with open(os.path.join(SAMPLES, 'google.com!example.com!1772323200!1772409599!001.json.gz'), 'wb') as f:
    f.write(gz(json.dumps(GOOGLE, separators=(',', ':')).encode()))

MICROSOFT = {
    'organization-name': 'Microsoft Corporation',
    'date-range': {'start-datetime': '2026-03-01T00:00:00Z', 'end-datetime': '2026-03-01T23:59:59Z'},
    'contact-info': 'tlsrpt-noreply@microsoft.com',
    'report-id': '134170560000000000+example.com',
    'policies': [{
        'policy': {'policy-type': 'sts',
                   'policy-string': ['version: STSv1', 'mode: enforce', 'mx: mx1.example.com',
                                     'mx: mx2.example.com', 'max_age: 604800'],
                   'policy-domain': 'example.com',
                   'mx-host': ['mx1.example.com', 'mx2.example.com']},
        'summary': {'total-successful-session-count': 412, 'total-failure-session-count': 9},
        'failure-details': [
            {'result-type': 'starttls-not-supported', 'sending-mta-ip': '2a01:111:f403:c200::1',
             'receiving-ip': '192.0.2.25', 'receiving-mx-hostname': 'mx1.example.com',
             'failed-session-count': 4},
            {'result-type': 'certificate-host-mismatch', 'sending-mta-ip': '40.107.22.50',
             'receiving-ip': '192.0.2.26', 'receiving-mx-hostname': 'mx2.example.com',
             'failed-session-count': 5},
        ],
    }],
}
with open(os.path.join(SAMPLES, 'enterprise.protection.outlook.com!example.com!1772323200!1772409599.json.gz'), 'wb') as f:
    f.write(gz(json.dumps(MICROSOFT, separators=(',', ':')).encode()))

MICROSOFT_NONE = {
    'organization-name': 'Microsoft Corporation',
    'date-range': {'start-datetime': '2026-03-01T00:00:00Z', 'end-datetime': '2026-03-01T23:59:59Z'},
    'contact-info': 'tlsrpt-noreply@microsoft.com',
    'report-id': '134170560000000000+example.org',
    'policies': [{
        'policy': {'policy-type': 'no-policy-found', 'policy-domain': 'example.org'},
        'summary': {'total-successful-session-count': 27, 'total-failure-session-count': 0},
    }],
}
with open(os.path.join(SAMPLES, 'enterprise.protection.outlook.com!example.org!1772323200!1772409599.json'), 'w') as f:
    json.dump(MICROSOFT_NONE, f, separators=(',', ':'))

# ---------------------------------------------------------------------------------------------
# Malformed files and what each must give.

bad = {}


def put(name, data, reports, codes):
    with open(os.path.join(BAD, name), 'wb') as f:
        f.write(data)
    bad[name] = {'reports': reports, 'codes': sorted(codes)}


rfc = RFC_EXAMPLE.encode()
cut = rfc[:len(rfc) // 2]
put('truncated.json', cut, 0, ['tlsrpt-report-truncated'])
put('truncated.json.gz', gz(cut), 0, ['tlsrpt-report-truncated'])
whole_gz = gz(rfc)
put('gzip-cut.json.gz', whole_gz[:len(whole_gz) * 2 // 3], 0, ['tlsrpt-report-truncated'])
crc = bytearray(whole_gz)
crc[-8] ^= 0xFF  # the CRC-32 of the gzip trailer
put('gzip-bad-crc.json.gz', bytes(crc), 1, ['tlsrpt-report-damaged'])
put('gzip-header-only.json.gz', whole_gz[:10], 0, ['tlsrpt-report-unreadable'])
put('trailing-garbage.json', rfc + b'\n--boundary--\n', 1, ['tlsrpt-report-damaged'])
put('second-cut.json', rfc + rfc[:100], 1, ['tlsrpt-report-truncated'])
put('syntax.json', rfc.replace(b'"contact-info"', b'"contact-info" "', 1), 0, ['tlsrpt-report-syntax'])
put('deep.json', b'[' * 100000 + b']' * 100000, 0, ['tlsrpt-report-syntax'])
put('empty.json', b'', 0, ['tlsrpt-report-unreadable'])
put('blank.json.gz', gz(b'  \n '), 0, ['tlsrpt-report-unreadable'])
put('hello.txt', b'Hello, this is not a report.\n', 0, ['tlsrpt-report-unreadable'])
put('random.bin', bytes(rng.getrandbits(8) for _ in range(512)).replace(b'\x1f\x8b', b'xx').lstrip(b'{[< \t\r\n\x00\xef\xfe\xff'),
    0, ['tlsrpt-report-unreadable'])
put('dmarc.xml', b'<?xml version="1.0"?><feedback><report_metadata/></feedback>', 0,
    ['tlsrpt-report-not-tlsrpt'])
put('other.json', b'{"name": "a package", "version": "1.0.0"}', 0, ['tlsrpt-report-not-tlsrpt'])
put('array.json', b'[{"organization-name": "x"}]', 0, ['tlsrpt-report-not-tlsrpt'])
put('utf16le.json', RFC_EXAMPLE.encode('utf-16'), 0, ['tlsrpt-report-unreadable'])
put('utf16be-no-bom.json', RFC_EXAMPLE.encode('utf-16-be'), 0, ['tlsrpt-report-unreadable'])
zbuf = io.BytesIO()
with zipfile.ZipFile(zbuf, 'w') as z:
    z.writestr(zipfile.ZipInfo('report.json', (2026, 3, 1, 0, 0, 0)), RFC_EXAMPLE)
put('report.zip', zbuf.getvalue(), 0, ['tlsrpt-report-unreadable'])
put('latin1.json', rfc.replace(b'Company-X', 'Soci\u00e9t\u00e9 X'.encode('latin-1')), 1,
    ['tlsrpt-report-not-utf8'])
put('bom.json', b'\xef\xbb\xbf' + rfc, 1, [])
put('bomb.json.gz', gz(b'{"organization-name": "' + b'a' * (64 * 1024 * 1024) + b'"}'), 0,
    ['tlsrpt-report-too-large'])
WRONG = b'''{"organization-name": ["x"],
 "date-range": {"start-datetime": "yesterday", "end-datetime": "2026-03-01T23:59:59Z"},
 "contact-info": "tls@wrong.example", "report-id": "w1",
 "policies": [
  {"policy": {"policy-type": "sts", "policy-string": "version: STSv1", "policy-domain": "example.com",
              "mx-host": [1, "mx1.example.com"]},
   "summary": {"total-successful-session-count": "12", "total-failure-session-count": -3},
   "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "not-an-ip",
                        "receiving-mx-hostname": "mx1.example.com", "failed-session-count": 2.5},
                       "oops"]},
  "not a policy"]}
'''
put('wrong-types.json', WRONG, 1, ['tlsrpt-report-bad-value'])
put('missing.json', b'{"report-id": "m1", "policies": [{"policy": {"policy-type": "sts"}, "summary": {}}]}',
    1, ['tlsrpt-report-missing-field'])
unknown = json.loads(RFC_EXAMPLE)
unknown['x-extra'] = {'nested': [1, 2]}
unknown['policies'][0]['policy']['x-note'] = 'kept out'
put('unknown-fields.json', json.dumps(unknown).encode(), 1, ['tlsrpt-report-unknown-field'])
mismatch = json.loads(RFC_EXAMPLE)
mismatch['policies'][0]['summary']['total-failure-session-count'] = 30
put('count-mismatch.json', json.dumps(mismatch).encode(), 1, ['tlsrpt-report-count-mismatch'])

with open(os.path.join(BAD, 'expected.json'), 'w') as f:
    json.dump(bad, f, indent=1, sort_keys=True)
    f.write('\n')
print('%d generated files, %d reports (%d duplicates), %d malformed files' %
      (len(files), T['reports'], T['duplicates'], len(bad)))
