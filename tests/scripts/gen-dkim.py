#!/usr/bin/env python3
"""Generates DKIM test messages with dkimpy (the reference implementation) and fresh keys.

Writes tests/data/dkim/dkimpy/: keys.yaml (the key records, in the zone shape every test uses),
one .eml per case, and manifest.json with dkimpy's own verdict for each message, which the Rust
test must reproduce. Run: pip install dkimpy==1.1.8 pynacl dnspython; python3 tests/scripts/gen-dkim.py
"""
import base64, json, os
import dkim
from rsa_keys import rsa_key
import nacl.signing

out = os.path.join(os.path.dirname(__file__), '..', 'data', 'dkim', 'dkimpy')
os.makedirs(out, exist_ok=True)

rsa_pem, rsa_pub = rsa_key(2048)
short_pem, short_pub = rsa_key(1024)
ed = nacl.signing.SigningKey.generate()
ed_priv = base64.b64encode(bytes(ed)).decode().encode()
ed_pub = base64.b64encode(bytes(ed.verify_key)).decode()

domain = b'signer.example'
records = {
    'rsa2048._domainkey.signer.example': f'v=DKIM1; k=rsa; p={rsa_pub}',
    'rsa1024._domainkey.signer.example': f'v=DKIM1; k=rsa; p={short_pub}',
    'ed._domainkey.signer.example': f'v=DKIM1; k=ed25519; p={ed_pub}',
    'revoked._domainkey.signer.example': 'v=DKIM1; k=rsa; p=',
}

def dnsfunc(name, timeout=5):
    return records.get(name.decode().rstrip('.'), '').encode()

base = (b'From: Alice Example <alice@signer.example>\r\n'
        b'To: bob@receiver.example\r\n'
        b'Subject:  Quarterly   report\t\r\n'
        b'Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n'
        b'Message-ID: <q4@signer.example>\r\n'
        b'\r\n'
        b'Hello Bob,  \r\n'
        b'\r\n'
        b'the figures are   attached.\t\r\n'
        b'\r\n\r\n')

cases = {}
def sign(name, selector, key, canon, alg=b'rsa-sha256', msg=base, length=False, headers=None):
    sig = dkim.sign(msg, selector, domain, key, canonicalize=canon, signature_algorithm=alg,
                    include_headers=headers or [b'from', b'to', b'subject', b'date', b'message-id', b'from'],
                    length=length)
    cases[name] = sig + msg

for c in ['simple', 'relaxed']:
    for b in ['simple', 'relaxed']:
        pair = (c.encode(), b.encode())
        sign(f'rsa-{c}-{b}', b'rsa2048', rsa_pem, pair)
        sign(f'ed25519-{c}-{b}', b'ed', ed_priv, pair, alg=b'ed25519-sha256')

sign('rsa-sha1', b'rsa2048', rsa_pem, (b'relaxed', b'relaxed'), alg=b'rsa-sha1')
sign('rsa-1024', b'rsa1024', short_pem, (b'relaxed', b'relaxed'))
sign('length', b'rsa2048', rsa_pem, (b'relaxed', b'relaxed'), length=True)
sign('revoked', b'revoked', rsa_pem, (b'relaxed', b'relaxed'))
sign('no-key', b'missing', rsa_pem, (b'relaxed', b'relaxed'))

# About 1 MB of body, for `make bench` (tests/bench/).
lines = []
for i in range(16000):
    lines.append(b'Line %05d of the quarterly figures: revenue, costs, margin.\t  \r\n' % i)
big = base.split(b'\r\n\r\n', 1)[0] + b'\r\n\r\n' + b''.join(lines)
sign('big-1mb', b'rsa2048', rsa_pem, (b'relaxed', b'relaxed'), msg=big)

# Tampered copies of signed messages.
t = cases['rsa-relaxed-relaxed']
cases['tamper-body'] = t.replace(b'the figures are', b'the numbers are')
cases['tamper-footer'] = t + b'--\r\nThis message was sent through a list.\r\n'
cases['tamper-subject'] = t.replace(b'Quarterly   report', b'[list] Quarterly report')
cases['tamper-whitespace-relaxed'] = t.replace(b'Hello Bob,  \r\n', b'Hello   Bob,\r\n')
s = cases['rsa-simple-simple']
cases['tamper-whitespace-simple'] = s.replace(b'Hello Bob,  \r\n', b'Hello Bob,\r\n')
cases['tamper-header-case-simple'] = s.replace(b'To: bob@', b'to: bob@')
r = cases['rsa-relaxed-relaxed']
cases['tamper-header-case-relaxed'] = r.replace(b'To: bob@', b'to: bob@')
cases['length-appended'] = cases['length'] + b'Appended after signing.\r\n'
cases['tamper-key-swap'] = cases['ed25519-relaxed-relaxed'].replace(b's=ed;', b's=rsa2048;')

manifest = {}
for name, msg in sorted(cases.items()):
    open(os.path.join(out, f'{name}.eml'), 'wb').write(msg)
    d = dkim.DKIM(msg)
    try:
        ok = d.verify(dnsfunc=dnsfunc)
    except dkim.DKIMException as e:
        ok = False
    manifest[name] = 'pass' if ok else 'fail'

for path in [os.path.join(out, "keys.yaml"), os.path.join(os.path.dirname(__file__), "..", "fixtures", "zones", "dkim-keys.yaml")]:
  with open(path, "w") as f:
    f.write('# Key records for the dkimpy-signed messages (tests/scripts/gen-dkim.py).\n')
    for n, v in records.items():
        parts = [v[i:i + 250] for i in range(0, len(v), 250)] or ['']
        f.write(f'{n}:\n  - TXT: {json.dumps(parts)}\n')
json.dump(manifest, open(os.path.join(out, 'manifest.json'), 'w'), indent=2, sort_keys=True)
print(json.dumps(manifest, indent=1))
