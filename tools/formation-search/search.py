# Batched search for induction-head formation on the demo corpus: G models of one shape train side by side.
# Replicates the engine's NeoX model (parallel residual, LN, half-split rotary, untied unembedding, HF init),
# AdamW (0.9, 0.95, 1e-8, decoupled wd, clip 1.0 per model), warmup + cosine to 0.1, windows of T+1 stride T.
import json, math, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F

dev = 'cuda' if torch.cuda.is_available() else 'cpu'
torch.backends.cuda.matmul.allow_tf32 = True
torch.backends.cudnn.allow_tf32 = True
HERE = os.path.dirname(os.path.abspath(__file__))


def load_slices(T, corpus='512'):
    tok = np.fromfile(os.path.join(HERE, f'tokens{corpus}.bin'), dtype=np.uint16)
    docs = [json.loads(l) for l in open(os.path.join(HERE, f'docs{corpus}.jsonl'))]
    dp = os.path.join(HERE, f'density{corpus}.json')
    dens = np.array(json.load(open(dp))) if os.path.exists(dp) else np.zeros(len(docs))
    starts, pos = [], 0
    for d in docs:
        starts.append(pos); pos += d['tokens'] + 1
    L = np.array([d['tokens'] for d in docs])
    order = np.argsort(-dens, kind='stable')
    cum = np.cumsum(L[order]) / L.sum()
    sel = {
        'all': list(range(len(docs))),
        'html': [i for i, d in enumerate(docs) if d['category'] == 'html-xml'],
        'code': [i for i, d in enumerate(docs) if d['category'] == 'code'],
        'dense40': sorted(order[:np.searchsorted(cum, 0.4) + 1].tolist()),
        'dense20': sorted(order[:np.searchsorted(cum, 0.2) + 1].tolist()),
    }
    out = {}
    for name, ids in sel.items():
        if not ids:
            continue
        parts = []
        for k, i in enumerate(ids):
            if k:
                parts.append(np.zeros(1, np.uint16))
            parts.append(tok[starts[i]:starts[i] + L[i]])
        s = np.concatenate(parts).astype(np.int64)
        n = (len(s) - 1) // T
        idx = np.arange(n)[:, None] * T + np.arange(T + 1)[None, :]
        w = torch.from_numpy(s[idx])
        g = torch.Generator().manual_seed(7)
        perm = torch.randperm(n, generator=g)
        nt = w[perm[:64]]          # held out, never trained on
        train = w[perm[64:]]
        out[name] = (train.to(dev), nt.to(dev), len(s))
    return out


def rope(T, r, base=10000.0):
    p = torch.arange(T, dtype=torch.float64)[:, None]
    inv = base ** (-torch.arange(0, r, 2, dtype=torch.float64) / r)
    a = p * inv[None]
    c, s = torch.cos(a), torch.sin(a)
    return torch.cat([c, c], -1).float().to(dev), torch.cat([s, s], -1).float().to(dev)


def apply_rope(u, cos, sin):
    r = cos.shape[-1]; h = r // 2
    ur = u[..., :r]
    rot = torch.cat([-ur[..., h:], ur[..., :h]], -1)
    out = ur * cos + rot * sin
    return out if r == u.shape[-1] else torch.cat([out, u[..., r:]], -1)


class Group:
    def __init__(s, cfg, models):
        s.L, s.d, s.H, s.f, s.T, s.B, s.V = cfg['L'], cfg['d'], cfg['H'], cfg.get('f', 0), cfg['T'], cfg['B'], cfg.get('V', 512)
        s.dh = s.d // s.H
        s.G = len(models)
        s.models = models
        G, d, V, f = s.G, s.d, s.V, s.f
        std = torch.tensor([m.get('init', 0.02) for m in models], device=dev)
        gen = torch.Generator(device=dev).manual_seed(cfg.get('seed', 1))

        def W(*shape):
            x = torch.randn(G, *shape, device=dev, generator=gen) * std.view(G, *([1] * len(shape)))
            return x.requires_grad_()

        def Z(*shape):
            return torch.zeros(G, *shape, device=dev, requires_grad=True)

        def O(*shape):
            return torch.ones(G, *shape, device=dev, requires_grad=True)
        p = {'emb': W(V, d), 'lnf_w': O(d), 'lnf_b': Z(d), 'out': W(d, V)}
        for l in range(s.L):
            p[f'{l}.ln1_w'] = O(d); p[f'{l}.ln1_b'] = Z(d)
            p[f'{l}.qkv_w'] = W(d, 3 * d); p[f'{l}.qkv_b'] = Z(3 * d)
            p[f'{l}.dense_w'] = W(d, d); p[f'{l}.dense_b'] = Z(d)
            if f:
                p[f'{l}.ln2_w'] = O(d); p[f'{l}.ln2_b'] = Z(d)
                p[f'{l}.w1'] = W(d, f); p[f'{l}.b1'] = Z(f); p[f'{l}.w2'] = W(f, d); p[f'{l}.b2'] = Z(d)
        s.p = p
        s.decay = {k: (k.endswith('_w') and 'ln' not in k) or k in ('emb', 'out', ) or k.endswith('.w1') or k.endswith('.w2') for k in p}
        s.m = {k: torch.zeros_like(v) for k, v in p.items()}
        s.v = {k: torch.zeros_like(v) for k, v in p.items()}
        s.k = 0
        s.lr = torch.tensor([m['lr'] for m in models], device=dev)
        s.wd = torch.tensor([m.get('wd', 0.01) for m in models], device=dev)
        # rotary per model per layer: rot_layers None = all
        s.rot = torch.tensor([[1.0 if (m.get('rot_layers') is None or l < m['rot_layers']) else 0.0
                               for l in range(s.L)] for m in models], device=dev)
        r = int(s.dh * cfg.get('rot_pct', 1.0)); r -= r % 2
        s.cos, s.sin = rope(s.T, r)

    def ln(s, x, w, b):
        x = F.layer_norm(x, (s.d,), eps=1e-5)
        return x * w[:, None, None, :] + b[:, None, None, :]

    def forward(s, ids, want_att=False):
        # ids [G,B,T]
        G, B, T = ids.shape
        p = s.p
        x = p['emb'][torch.arange(G, device=dev)[:, None, None], ids]
        atts = []
        for l in range(s.L):
            a = s.ln(x, p[f'{l}.ln1_w'], p[f'{l}.ln1_b'])
            qkv = torch.einsum('gbtd,gde->gbte', a, p[f'{l}.qkv_w']) + p[f'{l}.qkv_b'][:, None, None, :]
            qkv = qkv.view(G, B, T, s.H, 3, s.dh).permute(4, 0, 1, 3, 2, 5)  # [3,G,B,H,T,dh]
            q, k, v = qkv[0], qkv[1], qkv[2]
            rf = s.rot[:, l].view(G, 1, 1, 1, 1)
            cos, sin = s.cos[:T], s.sin[:T]
            q = rf * apply_rope(q, cos, sin) + (1 - rf) * q
            k = rf * apply_rope(k, cos, sin) + (1 - rf) * k
            if want_att or not hasattr(F, 'scaled_dot_product_attention'):
                sc = (q @ k.transpose(-1, -2)) / math.sqrt(s.dh)
                mask = torch.ones(T, T, device=dev, dtype=torch.bool).triu(1)
                att = sc.masked_fill(mask, float('-inf')).softmax(-1)
                atts.append(att)
                z = att @ v
            else:
                z = F.scaled_dot_product_attention(q.reshape(G * B, s.H, T, s.dh), k.reshape(G * B, s.H, T, s.dh),
                                                   v.reshape(G * B, s.H, T, s.dh), is_causal=True).view(G, B, s.H, T, s.dh)
            z = z.permute(0, 1, 3, 2, 4).reshape(G, B, T, s.d)
            y = torch.einsum('gbtd,gde->gbte', z, p[f'{l}.dense_w']) + p[f'{l}.dense_b'][:, None, None, :]
            out = x + y
            if s.f:
                mm = s.ln(x, p[f'{l}.ln2_w'], p[f'{l}.ln2_b'])
                hid = F.gelu(torch.einsum('gbtd,gdf->gbtf', mm, p[f'{l}.w1']) + p[f'{l}.b1'][:, None, None, :])
                out = out + torch.einsum('gbtf,gfd->gbtd', hid, p[f'{l}.w2']) + p[f'{l}.b2'][:, None, None, :]
            x = out
        xf = s.ln(x, p['lnf_w'], p['lnf_b'])
        logits = torch.einsum('gbtd,gdv->gbtv', xf, p['out'])
        return logits, atts

    def step(s, batch, lr_scale):
        # batch [G,B,T+1]
        ids, tg = batch[..., :-1], batch[..., 1:]
        logits, _ = s.forward(ids)
        lp = F.cross_entropy(logits.reshape(-1, s.V), tg.reshape(-1), reduction='none').view(s.G, -1).mean(1)
        for v in s.p.values():
            v.grad = None
        lp.sum().backward()
        with torch.no_grad():
            sq = sum((v.grad.float() ** 2).flatten(1).sum(1) for v in s.p.values())
            norm = sq.sqrt()
            clip = torch.clamp(1.0 / (norm + 1e-6), max=1.0)
            s.k += 1
            b1, b2, eps = 0.9, 0.95, 1e-8
            bc1, bc2 = 1 - b1 ** s.k, 1 - b2 ** s.k
            lr = s.lr * lr_scale
            for name, w in s.p.items():
                g = w.grad * clip.view(-1, *([1] * (w.dim() - 1)))
                m, v = s.m[name], s.v[name]
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                upd = (m / bc1) / ((v / bc2).sqrt() + eps)
                if s.decay[name]:
                    upd = upd + s.wd.view(-1, *([1] * (w.dim() - 1))) * w
                w.sub_(lr.view(-1, *([1] * (w.dim() - 1))) * upd)
        return lp.detach()


def rrt_set(R, V, n=64, seed=11):
    g = torch.Generator().manual_seed(seed + R)
    rows = [torch.randperm(V - 1, generator=g)[:R] + 1 for _ in range(n)]
    x = torch.stack(rows)
    return torch.cat([x, x], 1).to(dev)


def nt_targets(nt):
    # natural-text induction targets: for each i, prev(i)+1 where prev is the last earlier equal token (else -1)
    n, T = nt.shape
    tgt = torch.full((n, T), -1, dtype=torch.long)
    a = nt.cpu().numpy()
    for r in range(n):
        last = {}
        for i in range(T):
            j = last.get(int(a[r, i]))
            if j is not None and j + 1 < i:
                tgt[r, i] = j + 1
            last[int(a[r, i])] = i
    return tgt.to(dev)


@torch.no_grad()
def evaluate(grp, rrts, nts):
    res = [dict() for _ in range(grp.G)]
    for R, ids in rrts.items():
        G = grp.G
        _, atts = grp.forward(ids[None].expand(G, -1, -1), want_att=True)
        qi = torch.arange(R, 2 * R, device=dev)
        for l, att in enumerate(atts):  # [G,B,H,T,T]
            ind = att[:, :, :, qi, qi - R + 1].mean((1, 3))  # [G,H]
            prv = att[:, :, :, torch.arange(1, 2 * R, device=dev), torch.arange(0, 2 * R - 1, device=dev)].mean((1, 3))
            for g in range(G):
                res[g][f'ind{R}_L{l}'] = [round(float(x), 3) for x in ind[g]]
                if R == max(rrts):
                    res[g][f'prv_L{l}'] = [round(float(x), 3) for x in prv[g]]
    ntw, tgt = nts  # [G,64,T+1] per model, [G,64,T]
    ids, tg = ntw[..., :-1], ntw[..., 1:]
    logits, atts = grp.forward(ids, want_att=True)
    lp = F.cross_entropy(logits.reshape(-1, grp.V), tg.reshape(-1), reduction='none').view(grp.G, ids.shape[1], -1)
    per = lp.mean(1)  # [G,T]
    T = ids.shape[-1]
    e, lt = min(50, T // 10), min(500, int(0.9 * T))
    gain = per[:, e - 2:e + 3].mean(1) - per[:, lt - 2:lt + 3].mean(1)
    for l, att in enumerate(atts):
        valid = (tgt >= 0)  # [G,64,T]
        tt = tgt.clamp(min=0)
        gath = att.gather(-1, tt[:, :, None, :, None].expand(-1, -1, grp.H, -1, 1)).squeeze(-1)  # [G,64,H,T]
        v = valid[:, :, None, :].float()
        ntind = (gath * v).sum((1, 3)) / v.sum((1, 3))
        prv = att[:, :, :, torch.arange(1, T, device=dev), torch.arange(0, T - 1, device=dev)].mean((1, 3))
        for g in range(grp.G):
            res[g][f'ntind_L{l}'] = [round(float(x), 3) for x in ntind[g]]
            res[g][f'ntprv_L{l}'] = [round(float(x), 3) for x in prv[g]]
    for g in range(grp.G):
        res[g]['icl_gain'] = round(float(gain[g]), 3)
        res[g]['nt_loss'] = round(float(per[g].mean()), 3)
    return res


def main():
    spec = json.load(open(sys.argv[1]))
    out_path = sys.argv[2]
    deadline = time.time() + float(sys.argv[3])
    cfg, models = spec['cfg'], spec['models']
    T, B, S = cfg['T'], cfg['B'], cfg['S']
    torch.manual_seed(cfg.get('seed', 1))
    slices = load_slices(T, cfg.get('corpus', '512'))
    grp = Group(cfg, models)
    G = grp.G
    # per-model data order: epochs of random permutations over its slice
    orders = []
    for gi, m in enumerate(models):
        tr = slices[m['slice']][0]
        n = tr.shape[0]
        gen = torch.Generator(device=dev).manual_seed(1000 + gi + 17 * m.get('seed', 1))
        need = S * B
        o = torch.cat([torch.randperm(n, device=dev, generator=gen) for _ in range(need // n + 1)])[:need]
        orders.append(o.view(S, B))
    R1 = min(256, (T - 1) // 2)
    rrts = {R1: rrt_set(R1, grp.V), R1 // 2: rrt_set(R1 // 2, grp.V)}
    ntw = torch.stack([slices[m['slice']][1] for m in models])
    tgt = torch.stack([nt_targets(slices[m['slice']][1][:, :-1]) for m in models])
    w = cfg.get('warmup') or math.ceil(0.01 * S)
    evals = sorted(set([0] + [round(2 ** (k / 4)) for k in range(0, 80) if round(2 ** (k / 4)) < 2000]
                       + list(range(0, S + 1, cfg.get('every', 250)))))
    evals = [e for e in evals if e >= 100 or e == 0] 
    f = open(out_path, 'a')
    f.write(json.dumps({'group': spec['name'], 'cfg': cfg, 'models': models,
                        'slice_tokens': {k: v[2] for k, v in slices.items()}}) + '\n'); f.flush()
    t0 = time.time(); ema = None
    for s in range(S + 1):
        if s in evals or s == S:
            res = evaluate(grp, rrts, (ntw, tgt))
            for g in range(G):
                res[g].update({'group': spec['name'], 'model': models[g]['name'], 'step': s, 'tokens': s * B * T,
                               'train_loss': None if ema is None else round(float(ema[g]), 3),
                               'wall': round(time.time() - t0, 1)})
                f.write(json.dumps(res[g]) + '\n')
            f.flush()
        if s == S or time.time() > deadline:
            break
        lr_scale = (s + 1) / w if s < w else 0.1 + 0.45 * (1 + math.cos(math.pi * (s - w) / (S - w)))
        batch = torch.stack([slices[m['slice']][0][orders[g][s]] for g, m in enumerate(models)])
        loss = grp.step(batch, lr_scale)
        ema = loss if ema is None else 0.98 * ema + 0.02 * loss
    f.write(json.dumps({'group': spec['name'], 'done_steps': s, 'wall': round(time.time() - t0, 1),
                        'steps_per_s': round(s / max(1e-9, time.time() - t0), 1)}) + '\n')
    f.close()


if __name__ == '__main__':
    main()
