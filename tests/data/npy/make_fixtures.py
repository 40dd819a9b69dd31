#!/usr/bin/python3
"""Writes the .npy fixtures of tests/core/tst_npy.cpp with numpy itself (run once; the files are
committed, the tests do not need Python). Run from anywhere: /usr/bin/python3 make_fixtures.py"""
import os

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array, version=None, allow_pickle=False):
    with open(os.path.join(HERE, name), "wb") as f:
        if version is None:
            np.save(f, array, allow_pickle=allow_pickle)
        else:
            npformat.write_array(f, array, version=version, allow_pickle=allow_pickle)


a23 = np.array([[1.5, -2.0, 3.25], [4.0, 5.5, -6.75]])
save("f4_c.npy", a23.astype("<f4"))
save("f4_be.npy", a23.astype(">f4"))
save("f8_c.npy", a23.astype("<f8"))
save("f4_fortran.npy", np.asfortranarray(a23.astype("<f4")))
save("f8_be_fortran.npy", np.asfortranarray(a23.astype(">f8")))
save("f4_v2.npy", a23.astype("<f4"), version=(2, 0))
save("f4_v3.npy", a23.astype("<f4"), version=(3, 0))
save("f8_overflow.npy", np.array([[0.5, -1.25], [1e300, 2.0], [3.0, 4.0]], dtype="<f8"))
save("f2.npy", np.array([[0.5, -2.0], [65504.0, 2.0**-24]], dtype="<f2"))
save("i4.npy", np.array([[1, -2], [16777217, 3]], dtype="<i4"))
save("u1.npy", np.array([[0, 255, 7]], dtype="u1"))
save("i8_be_fortran.npy", np.asfortranarray(np.array([[1, -2], [3, 2**40]], dtype=">i8")))
save("object.npy", np.array([[1, "a"]], dtype=object), allow_pickle=True)
save("structured.npy", np.zeros(3, dtype=[("a", "<f4"), ("b", "<f4")]))
save("one_d.npy", np.arange(5, dtype="<f4"))
save("three_d.npy", np.zeros((2, 3, 4), dtype="<f4"))
save("scalar.npy", np.float32(1.0))
save("empty.npy", np.zeros((0, 3), dtype="<f4"))
save("bool.npy", np.zeros((2, 2), dtype=bool))
save("complex.npy", np.zeros((2, 2), dtype="<c8"))
# What np.save writes for a plain float32 matrix: writeNpy must produce exactly these bytes.
save("save_3x4.npy", (np.arange(12, dtype="<f4").reshape(3, 4) * 0.25 - 1).astype("<f4"))
