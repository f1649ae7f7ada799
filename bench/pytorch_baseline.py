#!/usr/bin/python3
"""PyTorch baseline for `npm run bench`: the chapter's char-level language models, timed per epoch.

Run by bench/bench.ts as `/usr/bin/python3 bench/pytorch_baseline.py JOB.json`. JOB.json holds
the corpus (token indices and vocabulary size, so both sides train on the same data) and the list
of runs; the script prints one JSON object per line on stdout: first a header (versions, BLAS,
threads), then one result per run.

Two implementations, with the settings of d2l-zh 6.4-6.5 (hidden 256, batch 32, numSteps 35,
lr 100, theta 0.01, random sampling):
- "scratch": the book's formulation. One-hot inputs [B, V] per time step, one weight matrix per
  gate (W_xz, W_hz, b_z, ...), a Python loop over the time steps, the output layer on the
  concatenated hidden states, mean cross-entropy, global-norm gradient clipping, plain SGD.
- "concise": torch.nn.RNN / GRU / LSTM on one-hot inputs and a torch.nn.Linear output layer,
  with the same loss, clipping and SGD.
  Any other impl of ours (such as "fused-concise", our concise model on our kernels) is compared
  with this one too.

The BLAS must be OpenBLAS (Debian: `apt-get install -y python3-torch libopenblas0-pthread`):
Debian's torch reports BLAS_INFO=generic and takes whatever libblas.so.3 the alternatives system
points to, which may be the slow reference BLAS. The script checks which library is actually
mapped after a matmul and exits with an error if it is not OpenBLAS.
"""
import json
import math
import os
import random
import resource
import sys
import time

import torch
import torch.nn.functional as F


# ----------------------------------------------------------------------------- environment

def blas_libraries():
    """Paths of the BLAS/LAPACK libraries mapped into this process (after one matmul)."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if "blas" in name or "lapack" in name or "mkl" in name:
                paths.add(os.path.realpath(path))
    return sorted(paths)


def require_openblas():
    libs = blas_libraries()
    if not any("openblas" in p for p in libs):
        sys.stderr.write(
            "pytorch_baseline: torch is not using OpenBLAS (mapped BLAS libraries: %s). "
            "Install it with: apt-get install -y libopenblas0-pthread\n" % (libs or "none")
        )
        sys.exit(3)
    return libs


def blas_info():
    config = torch.__config__.show()
    for part in config.replace("\n", ",").split(","):
        if "BLAS_INFO" in part:
            return part.strip()
    return "BLAS_INFO not reported"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ----------------------------------------------------------------------------- data

def data_iter_random(corpus, batch_size, num_steps, rng):
    """The book's random sampling: non-overlapping windows in random order, state reset per batch."""
    num_examples = (len(corpus) - 1) // num_steps
    epoch_size = num_examples // batch_size
    starts = list(range(num_examples))
    rng.shuffle(starts)
    for i in range(epoch_size):
        batch = starts[i * batch_size:(i + 1) * batch_size]
        X = [corpus[j * num_steps:(j + 1) * num_steps] for j in batch]
        Y = [corpus[j * num_steps + 1:(j + 1) * num_steps + 1] for j in batch]
        yield torch.tensor(X, dtype=torch.long), torch.tensor(Y, dtype=torch.long)


# ----------------------------------------------------------------------------- scratch models

def normal(shape, gen):
    return (torch.randn(shape, generator=gen) * 0.01).requires_grad_()


def zeros(n):
    return torch.zeros(n, requires_grad=True)


def gate(V, H, gen):
    return normal((V, H), gen), normal((H, H), gen), zeros(H)


def scratch_params(cell, V, H, gen):
    """One record per gate, named as in the book, and the output layer W_hq, b_q."""
    if cell == "rnn":
        W_xh, W_hh, b_h = gate(V, H, gen)
        p = {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h}
    elif cell == "gru":
        p = {}
        for g in ("z", "r", "h"):
            p["W_x" + g], p["W_h" + g], p["b_" + g] = gate(V, H, gen)
    elif cell == "lstm":
        p = {}
        for g in ("i", "f", "o", "c"):
            p["W_x" + g], p["W_h" + g], p["b_" + g] = gate(V, H, gen)
    else:
        raise ValueError("cell: expected rnn, gru or lstm, got %r" % cell)
    p["W_hq"] = normal((H, V), gen)
    p["b_q"] = zeros(V)
    return p


def scratch_state(cell, B, H):
    if cell == "lstm":
        return (torch.zeros(B, H), torch.zeros(B, H))
    return (torch.zeros(B, H),)


def scratch_forward(cell, inputs, state, p):
    """inputs: list of T one-hot [B, V]; returns logits [T·B, V] (time-major) and the state."""
    outputs = []
    if cell == "rnn":
        (H,) = state
        for X in inputs:
            H = torch.tanh(X @ p["W_xh"] + H @ p["W_hh"] + p["b_h"])
            outputs.append(H @ p["W_hq"] + p["b_q"])
        return torch.cat(outputs, 0), (H,)
    if cell == "gru":
        (H,) = state
        for X in inputs:
            Z = torch.sigmoid(X @ p["W_xz"] + H @ p["W_hz"] + p["b_z"])
            R = torch.sigmoid(X @ p["W_xr"] + H @ p["W_hr"] + p["b_r"])
            H_tilde = torch.tanh(X @ p["W_xh"] + (R * H) @ p["W_hh"] + p["b_h"])
            H = Z * H + (1 - Z) * H_tilde
            outputs.append(H @ p["W_hq"] + p["b_q"])
        return torch.cat(outputs, 0), (H,)
    H, C = state
    for X in inputs:
        I = torch.sigmoid(X @ p["W_xi"] + H @ p["W_hi"] + p["b_i"])
        Fg = torch.sigmoid(X @ p["W_xf"] + H @ p["W_hf"] + p["b_f"])
        O = torch.sigmoid(X @ p["W_xo"] + H @ p["W_ho"] + p["b_o"])
        C_tilde = torch.tanh(X @ p["W_xc"] + H @ p["W_hc"] + p["b_c"])
        C = Fg * C + I * C_tilde
        H = O * torch.tanh(C)
        outputs.append(H @ p["W_hq"] + p["b_q"])
    return torch.cat(outputs, 0), (H, C)


# ----------------------------------------------------------------------------- concise models

class ConciseModel(torch.nn.Module):
    def __init__(self, cell, V, H):
        super().__init__()
        layer = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell]
        self.cell, self.V = cell, V
        self.rnn = layer(V, H)
        self.dense = torch.nn.Linear(H, V)

    def forward(self, X, state):
        inputs = F.one_hot(X.T, self.V).float()  # [T, B, V]
        Y, state = self.rnn(inputs, state)
        return self.dense(Y.reshape(-1, Y.shape[-1])), state  # [T·B, V]

    def begin_state(self, B, H):
        zero = torch.zeros(1, B, H)
        return (zero, zero.clone()) if self.cell == "lstm" else zero


# ----------------------------------------------------------------------------- training

def clip_and_step(params, lr, theta):
    with torch.no_grad():
        norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
        scale = theta / norm if norm > theta else 1.0
        for p in params:
            p -= lr * scale * p.grad
            p.grad = None


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 == 1 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def run(job, spec):
    cell, impl = spec["model"], spec["impl"]
    H, T = spec["hidden"], spec["numSteps"]
    B, lr, theta = job["batchSize"], job["lr"], job["theta"]
    corpus, V = job["corpusIndices"], job["vocabSize"]
    seed = job.get("seed", 0)
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    if impl == "scratch":
        p = scratch_params(cell, V, H, gen)
        params = list(p.values())
    else:
        model = ConciseModel(cell, V, H)
        params = list(model.parameters())

    def epoch():
        total, count = 0.0, 0
        for X, Y in data_iter_random(corpus, B, T, rng):
            if impl == "scratch":
                inputs = list(F.one_hot(X.T, V).float())  # T × [B, V]
                logits, _ = scratch_forward(cell, inputs, scratch_state(cell, X.shape[0], H), p)
            else:
                logits, _ = model(X, model.begin_state(X.shape[0], H))
            loss = F.cross_entropy(logits, Y.T.reshape(-1))
            loss.backward()
            clip_and_step(params, lr, theta)
            total += float(loss) * Y.numel()
            count += Y.numel()
        return math.exp(total / count), count

    for _ in range(spec.get("warmup", 1)):
        epoch()
    times, cpu_times = [], []
    tokens = 0
    for _ in range(spec["epochs"]):
        t0, c0 = time.perf_counter(), time.process_time()
        ppl, tokens = epoch()
        times.append((time.perf_counter() - t0) * 1000.0)
        cpu_times.append((time.process_time() - c0) * 1000.0)
    ms = median(times)
    return {
        "model": cell, "impl": impl, "hidden": H, "numSteps": T,
        "msPerEpoch": ms, "epochMs": times, "cpuMsPerEpoch": median(cpu_times), "tokensPerEpoch": tokens,
        "tokensPerSec": tokens / (ms / 1000.0), "perplexity": ppl, "peakRssMb": peak_rss_mb(),
    }


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pytorch_baseline.py JOB.json\n")
        sys.exit(2)
    with open(sys.argv[1]) as f:
        job = json.load(f)
    if job.get("threads"):
        torch.set_num_threads(int(job["threads"]))
    libs = require_openblas()
    header = {
        "header": True, "torch": torch.__version__, "python": sys.version.split()[0],
        "blasInfo": blas_info(), "blasLibraries": libs, "torchThreads": torch.get_num_threads(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default (one per core)"),
        "cpuCount": os.cpu_count(),
    }
    print(json.dumps(header), flush=True)
    for spec in job["runs"]:
        print(json.dumps(run(job, spec)), flush=True)


if __name__ == "__main__":
    main()
