"""Nestling's Django project package.

The statistics stack (numpy/statsmodels) would start a BLAS thread per core for small
matrices; on a 2-core box shared with the web server that made insights 3-4x slower
(about 800 ms against 170 ms for a year of data). One thread each, unless set otherwise.
This runs before anything imports numpy, because settings import this package first.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
