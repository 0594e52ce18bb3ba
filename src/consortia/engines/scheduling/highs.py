"""Run a HiGHS integer programme with a deadline that holds even when HiGHS overruns.

HiGHS checks its own time limit only between steps; on a large model it was seen to run 97 s
with a 40 s limit. Large models therefore run in a child process that is killed at the
deadline (the caller then falls back to a cheaper method). Small models run in-process,
because starting a Python child costs more than solving them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

IN_PROCESS_MAX_COLUMNS = 20_000
GRACE_SECONDS = 1.0


@dataclass
class Solution:
    x: np.ndarray  # values of the variables, 0 or 1
    dual_bound: float  # proven bound on the maximum of weights · x


def maximise(weights: np.ndarray, matrix: csr_matrix, limits: np.ndarray, *,
             time_limit: float, node_limit: int, relative_gap: float,
             integrality: np.ndarray | None = None) -> Solution | None:
    """max weights·x s.t. matrix·x ≤ limits, 0 ≤ x ≤ 1, x binary where `integrality` is 1
    (everywhere by default); None if nothing was found in time."""
    if integrality is None:
        integrality = np.ones(len(weights))
    task = (weights, matrix, limits, max(time_limit, 0.05), node_limit, relative_gap,
            integrality)
    if len(weights) <= IN_PROCESS_MAX_COLUMNS:
        return _solve(*task)
    return _solve_in_child(task, time_limit + GRACE_SECONDS)


def _solve(  # type: ignore[no-untyped-def]
    weights, matrix, limits, time_limit, node_limit, relative_gap, integrality
):
    result = milp(
        c=-weights,
        constraints=LinearConstraint(matrix, -np.inf, limits),
        integrality=integrality,
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "node_limit": node_limit,
                 "mip_rel_gap": relative_gap},
    )
    bound = getattr(result, "mip_dual_bound", None)
    if result.x is None or bound is None or not np.isfinite(bound):
        return None
    x = np.where(integrality > 0, np.round(result.x), result.x)
    return Solution(x, -float(bound))


def child_main() -> None:
    """Entry point of the child: the task as NumPy arrays on stdin, the solution on stdout.
    Plain arrays (no pickle), so the child never unpickles anything."""
    arrays = np.load(io.BytesIO(sys.stdin.buffer.read()), allow_pickle=False)
    matrix = csr_matrix(
        (arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"])
    )
    time_limit, node_limit, relative_gap = arrays["options"]
    solution = _solve(arrays["weights"], matrix, arrays["limits"], float(time_limit),
                      int(node_limit), float(relative_gap), arrays["integrality"])
    if solution is not None:
        np.savez(sys.stdout.buffer, x=solution.x, bound=np.array([solution.dual_bound]))
    sys.stdout.buffer.flush()


def _solve_in_child(task: tuple, seconds: float) -> Solution | None:
    """A plain subprocess, not multiprocessing: no re-import of the caller's main module, and
    it works inside daemonic workers (Celery), which multiprocessing refuses."""
    weights, matrix, limits, time_limit, node_limit, relative_gap, integrality = task
    matrix = csr_matrix(matrix)
    request = io.BytesIO()
    np.savez(request, weights=weights, data=matrix.data, indices=matrix.indices,
             indptr=matrix.indptr, shape=np.array(matrix.shape), limits=limits,
             integrality=integrality,
             options=np.array([time_limit, node_limit, relative_gap], dtype=float))
    source_root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [source_root, os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-c",
               "from consortia.engines.scheduling.highs import child_main; child_main()"]
    with tempfile.TemporaryFile() as output:
        # The command is fixed: this interpreter and a constant line of code.
        child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=output,  # noqa: S603
                                 stderr=subprocess.DEVNULL, env=env)
        try:
            assert child.stdin is not None
            child.stdin.write(request.getvalue())
            child.stdin.close()
            child.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            return None
        output.seek(0)
        answer = output.read()
        if child.returncode != 0 or not answer:
            return None
        arrays = np.load(io.BytesIO(answer), allow_pickle=False)
        return Solution(arrays["x"], float(arrays["bound"][0]))
