#!/usr/bin/env python3
"""Generates the DKIM messages of the advice tests with dkimpy and fresh keys: a signature with a
512-bit RSA key (RFC 8301 §3.2: verifiers must not accept it) and a signature whose l= is longer
than the body that arrived (RFC 6376 §3.5). Kept apart from gen-dkim.py so that regenerating these
does not change the keys of the others.

Writes tests/data/dkim/advice/: keys.yaml, one .eml per case, manifest.json with dkimpy's verdict
(dkimpy's minimum key size lowered to 512, so that its verdict is about the signature and the
engine's refusal is RFC 8301's), and the same key records to tests/fixtures/zones/dkim-advice.yaml
for the page's tests. Run: pip install dkimpy==1.1.8; python3 tests/scripts/gen-dkim-advice.py
"""
import json, os
import dkim
from rsa_keys import rsa_key

here = os.path.dirname(__file__)
out = os.path.join(here, '..', 'data', 'dkim', 'advice')
os.makedirs(out, exist_ok=True)

key_pem, key_pub = rsa_key(2048)
tiny_pem, tiny_pub = rsa_key(512)
domain = b'advice.example'
records = {
    'rsa2048._domainkey.advice.example': f'v=DKIM1; k=rsa; p={key_pub}',
    'rsa512._domainkey.advice.example': f'v=DKIM1; k=rsa; p={tiny_pub}',
}

def dnsfunc(name, timeout=5):
    return records.get(name.decode().rstrip('.'), '').encode()

base = (b'From: Alice Example <alice@advice.example>\r\n'
        b'To: bob@receiver.example\r\n'
        b'Subject: Advice\r\n'
        b'Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n'
        b'Message-ID: <advice@advice.example>\r\n'
        b'\r\n'
        b'Hello Bob,\r\n'
        b'\r\n'
        b'the second line.\r\n')

cases = {}
def sign(name, selector, key, msg=base, length=False):
    sig = dkim.sign(msg, selector, domain, key, canonicalize=(b'relaxed', b'relaxed'),
                    include_headers=[b'from', b'to', b'subject', b'date', b'message-id', b'from'],
                    length=length)
    cases[name] = sig + msg

sign('rsa-512', b'rsa512', tiny_pem)
sign('length', b'rsa2048', key_pem, length=True)
# The last line lost after signing: the body is shorter than l= says.
cases['length-truncated'] = cases['length'].replace(b'the second line.\r\n', b'')

manifest = {}
for name, msg in sorted(cases.items()):
    open(os.path.join(out, f'{name}.eml'), 'wb').write(msg)
    try:
        ok = dkim.DKIM(msg, minkey=512).verify(dnsfunc=dnsfunc)
    except dkim.DKIMException:
        ok = False
    manifest[name] = 'pass' if ok else 'fail'

for path in [os.path.join(out, 'keys.yaml'), os.path.join(here, '..', 'fixtures', 'zones', 'dkim-advice.yaml')]:
    with open(path, 'w') as f:
        f.write('# Key records for the messages of tests/data/dkim/advice (tests/scripts/gen-dkim-advice.py).\n')
        for n, v in records.items():
            parts = [v[i:i + 250] for i in range(0, len(v), 250)] or ['']
            f.write(f'{n}:\n  - TXT: {json.dumps(parts)}\n')
json.dump(manifest, open(os.path.join(out, 'manifest.json'), 'w'), indent=2, sort_keys=True)
print(json.dumps(manifest, indent=1))
