# Prints, per model of one or more search.py result files, the first step with RRT induction >= 0.3 at both
# repeat lengths (or the best value reached) and the last measurement. usage: python3 summarize.py results.jsonl...
import json, collections, sys
rows=[json.loads(l) for f in sys.argv[1:] for l in open(f)]
by=collections.defaultdict(list)
for r in rows:
    if 'model' in r: by[r['model']].append(r)
for name, rs in by.items():
    rs.sort(key=lambda r:r['step'])
    L=max(int(k.split('_L')[1]) for k in rs[0] if k.startswith('prv_L'))
    Rs=sorted(set(int(k[3:].split('_')[0]) for k in rs[0] if k.startswith('ind') ))
    first=None; best=(0,0)
    for r in rs:
        a=max(max(r[f'ind{Rs[0]}_L{l}']) for l in range(1,L+1)); b=max(max(r[f'ind{Rs[1]}_L{l}']) for l in range(1,L+1))
        if min(a,b)>best[0]: best=(min(a,b), r['step'])
        if a>=0.3 and b>=0.3 and first is None: first=r['step']
    last=rs[-1]
    print(f"{name:18s} first0.3={first} best={best} last={last['step']} tok={last['tokens']/1e6:.1f}M prv={[max(last[f'prv_L{l}']) for l in range(L+1)]} ntprv={[max(last[f'ntprv_L{l}']) for l in range(L+1)]} ntind={[max(last[f'ntind_L{l}']) for l in range(L+1)]} icl={last['icl_gain']} ntloss={last['nt_loss']}")
