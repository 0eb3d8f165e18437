"""Vectorised numpy implementation of the item-level bootstrap work that bench/item-bootstrap.bench.ts
times in scalegap: for every task, one resample index matrix (B x n) shared by all models; per model
and resample: accuracy, mean confidence, loss, gap, ECE (10 equal-mass bins, tied confidences kept in one bin), ECE (15
equal-width bins), smooth ECE (reflected Gaussian kernel on a 201-point grid at the full-sample
fixed-point bandwidth), Brier + Murphy decomposition, AUROC (ties = 1/2), AURC, selective accuracy (tie blocks kept whole)
at 50%/80% coverage; the four OLS slopes per resample; percentile 95% CIs of everything (calibration ones shifted by the bootstrap bias).

Usage: python3 item_bootstrap_numpy.py DATA_DIR TASKS MODELS ITEMS B SEED  -> prints JSON timings
"""
import json, sys, time
import numpy as np

G = 201
STEP = 1.0 / (G - 1)


def kernel_matrix(sigma):
    t = np.arange(G) * STEP
    d = t[:, None]
    u = t[None, :]
    k = np.zeros((G, G))
    for shift in (-2.0, 0.0, 2.0):
        k += np.exp(-0.5 * ((d - u - shift) / sigma) ** 2) + np.exp(-0.5 * ((d + u - shift) / sigma) ** 2)
    return k / (sigma * np.sqrt(2 * np.pi))


def grid_weights(f):
    pos = f * (G - 1)
    left = np.clip(np.floor(pos).astype(int), 0, G - 2)
    frac = pos - left
    w = np.zeros((len(f), G))
    w[np.arange(len(f)), left] = 1 - frac
    w[np.arange(len(f)), left + 1] += frac
    return w


TRAPEZOID = np.full(G, STEP)
TRAPEZOID[[0, -1]] = STEP / 2


def smooth_ece_at(mass, sigma, n):
    return (np.abs(mass @ kernel_matrix(sigma)) @ TRAPEZOID) / n


def fixed_point_sigma(mass, n):
    lo, hi = np.log(1e-3), 0.0
    for _ in range(30):
        mid = (lo + hi) / 2
        if smooth_ece_at(mass, np.exp(mid), n) > np.exp(mid):
            lo = mid
        else:
            hi = mid
    return np.exp((lo + hi) / 2)


def model_metrics(counts, y, f, loss, n, harmonic):
    out = {}
    out["accuracy"] = acc = counts @ y / n
    out["confidence"] = conf = counts @ f / n
    out["loss"] = counts @ loss / n
    out["gap"] = conf - acc
    out["brier"] = counts @ ((f - y) ** 2) / n
    # tie blocks (equal confidences; the copies of a resampled item are tied too)
    order = np.argsort(f, kind="stable")
    cs = counts[:, order]
    fo, yo = f[order], y[order]
    _, block = np.unique(fo, return_inverse=True)
    tb = np.zeros((n, block.max() + 1)); tb[np.arange(n), block] = 1
    cb = cs @ tb; fb = (cs * fo) @ tb; yb = (cs * yo) @ tb
    # equal-mass bins: a tie block goes whole into the array_split bin where it starts
    sizes = [len(c) for c in np.array_split(np.arange(n), 10)]
    bin_of_block = np.searchsorted(np.cumsum(sizes), np.cumsum(cb, axis=1) - cb, side="right")
    ece = np.zeros(len(counts)); rel = np.zeros(len(counts)); res = np.zeros(len(counts))
    for b in range(10):
        mask = bin_of_block == b
        size = (cb * mask).sum(1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mf = np.where(size > 0, (fb * mask).sum(1) / size, 0); my = np.where(size > 0, (yb * mask).sum(1) / size, 0)
        w = size / n
        ece += w * np.abs(mf - my); rel += w * (mf - my) ** 2; res += w * (my - acc) ** 2
    out["ece"], out["brierReliability"], out["brierResolution"] = ece, rel, res
    out["brierUncertainty"] = acc * (1 - acc)
    # equal-width bins
    onehot = np.zeros((n, 15)); onehot[np.arange(n), np.minimum(np.floor(f * 15).astype(int), 14)] = 1
    out["eceEqualWidth"] = np.abs(counts @ (onehot * f[:, None]) - counts @ (onehot * y[:, None])).sum(1) / n
    # AUROC with ties: block sums over tied confidences
    pos_b = yb; neg_b = cb - yb
    neg_below = np.cumsum(neg_b, axis=1) - neg_b
    p = acc * n
    with np.errstate(invalid="ignore", divide="ignore"):
        out["auroc"] = (pos_b * (neg_below + 0.5 * neg_b)).sum(1) / (p * (n - p))
    # AURC and selective accuracy: thresholds keep whole tie blocks (descending block order)
    cbd = cb[:, ::-1]; ebd = (cb - yb)[:, ::-1]
    pos_end = np.cumsum(cbd, axis=1); err_end = np.cumsum(ebd, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        risk = np.where(pos_end > 0, err_end / np.maximum(pos_end, 1), 0)
    out["aurc"] = (cbd * risk).sum(1) / n
    rows = np.arange(len(counts))
    for q, name in ((0.5, "selectiveAccuracy50"), (0.8, "selectiveAccuracy80")):
        cut = int(np.ceil(q * n - 1e-9))
        idx = np.argmax(pos_end >= cut, axis=1)
        out[name] = 1 - risk[rows, idx]
    return out


def main():
    folder, tasks, models, items, resamples, seed = sys.argv[1], *map(int, sys.argv[2:7])
    correct = np.fromfile(f"{folder}/correct.u8", dtype=np.uint8).reshape(tasks, models, items).astype(float)
    confidence = np.fromfile(f"{folder}/confidence.f64").reshape(tasks, models, items)
    loss = np.fromfile(f"{folder}/loss.f64").reshape(tasks, models, items)
    x = np.log10(np.fromfile(f"{folder}/params.f64"))
    w = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
    harmonic = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, items + 1))])
    rng = np.random.default_rng(seed)
    started, cpu = time.perf_counter(), time.process_time()
    checksum = 0.0
    for t in range(tasks):
        idx = rng.integers(0, items, size=(resamples, items))
        counts = np.bincount((idx + np.arange(resamples)[:, None] * items).ravel(), minlength=resamples * items).reshape(resamples, items).astype(float)
        ones = np.ones((1, items))
        per_model = []
        for j in range(models):
            y, f, l = correct[t, j], confidence[t, j], loss[t, j]
            point = model_metrics(ones, y, f, l, items, harmonic)
            draws = model_metrics(counts, y, f, l, items, harmonic)
            grid = grid_weights(f)
            sigma = fixed_point_sigma(((y - f)[None, :] * ones) @ grid, items)
            point["smoothEce"] = smooth_ece_at(((y - f)[None, :] * ones) @ grid, sigma, items)
            draws["smoothEce"] = smooth_ece_at((counts * (y - f)) @ grid, sigma, items)
            # percentile interval shifted by the bootstrap bias estimate, as scalegap's calibration CIs
            cis = {name: np.percentile(values, [2.5, 97.5]) - (np.nanmean(values) - point[name][0]) for name, values in draws.items()}
            per_model.append(draws)
            checksum += sum(float(ci[0]) for ci in cis.values())
        for metric in ("accuracy", "loss", "confidence", "gap"):
            slopes = w @ np.array([m[metric] for m in per_model])
            checksum += float(np.percentile(slopes, 2.5))
    print(json.dumps({"seconds": time.perf_counter() - started, "cpuSeconds": time.process_time() - cpu, "checksum": checksum}))


if __name__ == "__main__":
    main()
