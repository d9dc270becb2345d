#!/usr/bin/env python3
"""Writes mailboxes full of reports and, independently of the Rust code, what must be found in them.

Writes tests/data/mail/generated/:
  reports.mbox       an mbox (LF, Thunderbird and Gmail Takeout separators, mboxrd escapes)
                     holding a zipped DMARC aggregate report, a gzip one (RFC 2231 file name),
                     a damaged-base64 XML one, two TLS-RPT .json.gz (by type and by content),
                     a DMARC failure report (ARF), a forwarded failure report, and unrelated
                     mail: a newsletter with an image, an Office document, JSON that is no
                     TLS report, a bounce;
  reports-crlf.mbox  the same messages with CRLF line ends;
  expected.json      per message: the reports it holds (kind, format, file name, SHA-256 of the
                     decoded bytes, the aggregate records), and the attachments to be skipped.

Deterministic (fixed dates, fixed gzip and zip timestamps): running it again writes the same bytes.
Run: python3 tests/scripts/gen-mail.py (standard library only).
"""
import base64, gzip, hashlib, io, json, os, zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'mail', 'generated')
os.makedirs(OUT, exist_ok=True)


def aggregate_xml(org, report_id, records):
    rows = ''.join(
        f'<record><row><source_ip>192.0.2.{i + 1}</source_ip><count>{c}</count>'
        '<policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf>'
        '</policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>'
        '<auth_results><dkim><domain>example.com</domain><result>pass</result></dkim>'
        '<spf><domain>example.com</domain><result>pass</result></spf></auth_results></record>'
        for i, c in enumerate(records))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<feedback><report_metadata><org_name>{org}</org_name>'
            f'<email>noreply@{org}</email><report_id>{report_id}</report_id>'
            '<date_range><begin>1772323200</begin><end>1772409599</end></date_range></report_metadata>'
            '<policy_published><domain>example.com</domain><p>none</p></policy_published>'
            f'{rows}</feedback>\n').encode()


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode='wb', mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def zipped(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 2, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def b64(data, width=76):
    t = base64.b64encode(data).decode()
    return '\n'.join(t[i:i + width] for i in range(0, len(t), width))


def tlsrpt(org):
    return json.dumps({
        'organization-name': org, 'date-range': {'start-datetime': '2026-03-01T00:00:00Z',
                                                 'end-datetime': '2026-03-01T23:59:59Z'},
        'contact-info': f'smtp-tls-reporting@{org}', 'report-id': f'{org}-1',
        'policies': [{'policy': {'policy-type': 'sts', 'policy-domain': 'example.com'},
                      'summary': {'total-successful-session-count': 10,
                                  'total-failure-session-count': 0}}]}).encode()


def header(n, subject, frm, extra=''):
    return (f'From: {frm}\nTo: dmarc@example.com\nSubject: {subject}\n'
            f'Date: Mon, {n + 1} Mar 2026 10:00:00 +0000\nMessage-ID: <m{n}@reports.example>\n'
            f'MIME-Version: 1.0\n{extra}')


messages = []   # (text, expected)


def add(text, subject, reports=(), skipped=0):
    messages.append((text, {'subject': subject, 'reports': list(reports), 'skipped_attachments': skipped}))


def item(kind, name, data, fmt=None, records=None):
    d = {'kind': kind, 'name': name, 'sha256': hashlib.sha256(data).hexdigest()}
    if fmt:
        d['format'] = fmt
    if records is not None:
        d['records'] = records
    return d


def one_attachment(n, subject, frm, ctype, name, data, disposition_name=None):
    dn = disposition_name or f'filename="{name}"'
    return (header(n, subject, frm, 'Content-Type: multipart/mixed; boundary="b1"\n') +
            f'\n--b1\nContent-Type: text/plain\n\nThis is an aggregate report.\n'
            f'--b1\nContent-Type: {ctype}; name="{name}"\nContent-Transfer-Encoding: base64\n'
            f'Content-Disposition: attachment; {dn}\n\n{b64(data)}\n--b1--\n')


# 0: a zipped aggregate report, as Google sends them.
xml0 = aggregate_xml('google.com', 'g-1', [3, 1])
zip0 = zipped([('google.com!example.com!1772323200!1772409599.xml', xml0)])
name0 = 'google.com!example.com!1772323200!1772409599.zip'
s0 = 'Report domain: example.com Submitter: google.com Report-ID: g-1'
add(one_attachment(0, s0, 'noreply-dmarc-support@google.com', 'application/zip', name0, zip0),
    s0, [item('aggregate', name0, zip0, 'zip', 2)])

# 1: a gzip aggregate report, its name in RFC 2231 form.
xml1 = aggregate_xml('outlook.com', 'o-1', [5, 2, 1])
gz1 = gz(xml1)
name1 = 'enterprise.protection.outlook.com!example.com!1772323200!1772409599.xml.gz'
s1 = 'Report Domain: example.com Submitter: enterprise.protection.outlook.com'
add(one_attachment(1, s1, 'dmarcreport@microsoft.com', 'application/gzip', name1, gz1,
                   "filename*=UTF-8''" + name1.replace('!', '%21')),
    s1, [item('aggregate', name1, gz1, 'gzip', 3)])

# 2: plain XML whose base64 was damaged in transit: stray spaces and CRs, padding cut.
xml2 = aggregate_xml('mail.example.net', 'x-1', [7])
t2 = base64.b64encode(xml2).decode().rstrip('=')
damaged = '\n'.join((t2[i:i + 60] + (' ' if i % 120 == 0 else '') + ('\r' if i % 180 == 0 else ''))
                    for i in range(0, len(t2), 60))
s2 = 'DMARC aggregate report (damaged in transit)'
add(header(2, s2, 'dmarc@mail.example.net', 'Content-Type: multipart/mixed; boundary=b2\n') +
    '\n--b2\nContent-Type: text/xml; name=report.xml\nContent-Transfer-Encoding: base64\n\n' +
    damaged + '\n--b2--\n', s2, [item('aggregate', 'report.xml', xml2, 'xml', 1)])

# 3: a TLS report as RFC 8460 §5.3 sends it.
tls3 = gz(tlsrpt('mail.example.org'))
name3 = 'mail.example.org!example.com!1772323200!1772409599!1.json.gz'
s3 = 'Report Domain: example.com Submitter: mail.example.org Report-ID: <1>'
add(header(3, s3, 'tlsrpt@mail.example.org', 'TLS-Report-Domain: example.com\nTLS-Report-Submitter: mail.example.org\n'
           'Content-Type: multipart/report; report-type=tlsrpt; boundary="b3"\n') +
    '\n--b3\nContent-Type: text/plain\n\nThis is a TLS report.\n--b3\n'
    f'Content-Type: application/tlsrpt+gzip\nContent-Transfer-Encoding: base64\n'
    f'Content-Disposition: attachment; filename="{name3}"\n\n{b64(tls3)}\n--b3--\n',
    s3, [item('tlsrpt', name3, tls3)])

# 4: a TLS report as application/octet-stream: told by its JSON.
tls4 = gz(tlsrpt('mx.example.io'))
name4 = 'mx.example.io!example.com!1772323200!1772409599.json.gz'
s4 = 'TLS report from mx.example.io'
add(one_attachment(4, s4, 'reports@mx.example.io', 'application/octet-stream', name4, tls4),
    s4, [item('tlsrpt', name4, tls4)])

# 5: a DMARC failure report (RFC 9991 shape).
s5 = 'DMARC failure report for example.com'
add(header(5, s5, 'dmarc-fail@receiver.example',
           'Content-Type: multipart/report; report-type=feedback-report;\n boundary="=_b5_"\n') +
    '\nThis is a MIME-formatted message.\n\n--=_b5_\nContent-Type: text/plain\n\n'
    'An authentication failure report for a message received from 192.0.2.99.\n\n'
    '--=_b5_\nContent-Type: message/feedback-report\n\nFeedback-Type: auth-failure\nVersion: 1\n'
    'User-Agent: Receiver/2.0\nAuth-Failure: dmarc\nIdentity-Alignment: none\n'
    'Authentication-Results: receiver.example; dmarc=fail header.from=example.com\n'
    'Source-IP: 192.0.2.99\nReported-Domain: example.com\n\n'
    '--=_b5_\nContent-Type: message/rfc822\n\nFrom: ceo@example.com\nTo: staff@receiver.example\n'
    'Subject: Urgent wire transfer\nMessage-ID: <forged@bad.example>\n\n'
    'From the desk of the CEO: please pay.\n--=_b5_--\n',
    s5, [item('failure', 'message-5.eml', b'')])

# 6: the same kind of report, forwarded by a person inside another message.
s6 = 'Fwd: DMARC failure report'
add(header(6, s6, 'postmaster@example.com', 'Content-Type: multipart/mixed; boundary=b6\n') +
    '\n--b6\nContent-Type: text/plain\n\nSee below.\n--b6\nContent-Type: message/rfc822\n\n' +
    'From: dmarc-fail@other.example\nSubject: failure report\n'
    'Content-Type: multipart/report; report-type=feedback-report; boundary=in6\n\n'
    '--in6\nContent-Type: text/plain\n\nA report.\n--in6\nContent-Type: message/feedback-report\n\n'
    'Feedback-Type: auth-failure\nUser-Agent: Other/1\nVersion: 1\nAuth-Failure: spf\n'
    'SPF-DNS: txt : example.com : "v=spf1 -all"\n\n--in6\nContent-Type: text/rfc822-headers\n\n'
    'From: a@example.com\nSubject: hello\n\n--in6--\n\n--b6--\n',
    s6, [item('failure', 'message-6.eml', b'')])

# 7: a newsletter: HTML with an inline image. Nothing to find; the image is skipped.
png = b'\x89PNG\r\n\x1a\n' + bytes(range(64))
s7 = 'Our March newsletter'
add(header(7, s7, 'news@shop.example', 'Content-Type: multipart/related; boundary="b7"\n') +
    '\n--b7\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n'
    '<p>Caf=C3=A9 news</p>\n--b7\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n'
    f'Content-ID: <logo>\n\n{b64(png)}\n--b7--\n', s7, [], 1)

# 8: an Office document (a zip with XML inside folders) and JSON that is no TLS report.
docx = zipped([('[Content_Types].xml', b'<Types/>'), ('word/document.xml', b'<w:document/>')])
js = json.dumps({'organization-name': 'x', 'not-policies': []}).encode()
s8 = 'Minutes and data'
add(header(8, s8, 'colleague@example.com', 'Content-Type: multipart/mixed; boundary=b8\n') +
    '\n--b8\nContent-Type: text/plain\n\nFrom the meeting.\n'
    '--b8\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\n'
    f'Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=minutes.docx\n\n{b64(docx)}\n'
    '--b8\nContent-Type: application/json\nContent-Disposition: attachment; filename=data.json\n\n'
    + js.decode() + '\n--b8--\n', s8, [], 2)

# 9: a bounce (multipart/report of another type) and a plain message.
s9 = 'Undelivered Mail Returned to Sender'
add(header(9, s9, 'MAILER-DAEMON@mx.example.com',
           'Content-Type: multipart/report; report-type=delivery-status; boundary=b9\n') +
    '\n--b9\nContent-Type: text/plain\n\nYour message could not be delivered.\n'
    '--b9\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n'
    'Final-Recipient: rfc822; gone@example.org\nAction: failed\nStatus: 5.1.1\n--b9--\n', s9, [], 1)
s10 = 'Lunch?'
add(header(10, s10, 'friend@example.org') + '\nFrom here to there, shall we?\n', s10, [], 0)


def mbox(eol):
    out = []
    for n, (text, _) in enumerate(messages):
        sep = (f'From - Mon Mar {n + 1:2d} 10:00:00 2026' if n % 2 else
               f'From 17{n:017d}@xxx Mon Mar {n + 1:02d} 10:00:00 +0000 2026')
        body = []
        for line in text.split('\n'):
            # mboxrd (RFC 4155 §2 and its appendix): every >*From line gains one >.
            stripped = line.lstrip('>')
            if stripped.startswith('From ') and not line.startswith('From: '):
                line = '>' + line
            body.append(line)
        out.append(sep + '\n' + '\n'.join(body).rstrip('\n') + '\n\n')
    return ''.join(out).replace('\n', eol).encode('latin-1')


for name, eol in (('reports.mbox', '\n'), ('reports-crlf.mbox', '\r\n')):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(mbox(eol))
with open(os.path.join(OUT, 'expected.json'), 'w') as f:
    json.dump({'messages': [e for _, e in messages]}, f, indent=1, sort_keys=True)
    f.write('\n')
print(f'{len(messages)} messages written to {OUT}')
