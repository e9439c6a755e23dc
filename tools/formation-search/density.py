# Per-document in-window induction density of a token store: the share of positions whose 2-token prefix occurred
# within the previous 128 tokens and was then followed by the same token. Writes density<V>.json (one value per
# document, in store order), which search.py uses to cut the dense20/dense40 slices.
# usage: python3 density.py tokens512.bin docs512.jsonl density512.json
import json, sys
import numpy as np

tok, docs_path, out_path = sys.argv[1:4]
t = np.fromfile(tok, dtype=np.uint16).tolist()
docs = [json.loads(l) for l in open(docs_path)]
W = 128
out, pos = [], 0
for d in docs:
    n = d['tokens']; u = t[pos:pos + n]; pos += n + 1   # documents are joined by one EOD token
    last, hit = {}, 0
    for i in range(2, n):
        key = (u[i - 2], u[i - 1])
        j = last.get(key)
        if j is not None and i - j <= W and u[j] == u[i]:
            hit += 1
        last[key] = i
    out.append(hit / max(1, n))
json.dump(out, open(out_path, 'w'))
