#!/usr/bin/env python3
"""Records each corpus record's verdict by checkdmarc (PyPI), offline, for the Rust comparison test.

pip install checkdmarc==6.0.4; python3 tests/scripts/gen-checkdmarc.py
Writes tests/data/dmarc/checkdmarc.json: {record: {"valid": bool, "error": str|null, "p", "sp", "np"}}.
"""
import json, os
from checkdmarc import dmarc

here = os.path.join(os.path.dirname(__file__), '..', 'data', 'dmarc')
out = {}
for line in open(os.path.join(here, 'corpus.txt')):
    rec = line.rstrip('\n')
    if not rec:
        continue
    try:
        r = dmarc.parse_dmarc_record(rec, 'example.org', timeout=0.1, syntax_error_marker='')
        tags = r['tags']
        out[rec] = {'valid': True, 'error': None,
                    'p': tags.get('p', {}).get('value'), 'sp': tags.get('sp', {}).get('value'),
                    'np': tags.get('np', {}).get('value')}
    except Exception as e:
        out[rec] = {'valid': False, 'error': f'{type(e).__name__}: {e}', 'p': None, 'sp': None, 'np': None}
json.dump(out, open(os.path.join(here, 'checkdmarc.json'), 'w'), indent=1, ensure_ascii=False, sort_keys=True)
print(sum(v['valid'] for v in out.values()), 'valid of', len(out))
