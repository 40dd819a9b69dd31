// Included first in every C++ file by GCC before 13 on x86 (CMakeLists.txt): GCC 12.2's
// AVX-512 intrinsics build their "undefined" pass-through vectors from self-initialised
// variables, and once Eigen's packet code inlines them, -Wuninitialized and
// -Wmaybe-uninitialized fire inside avx512fintrin.h (GCC bug 105593): 2 640 warnings in a full
// build on an AVX-512 machine, all of them there, none about this project's code. The header is
// read once, here, with those two warnings off; the pop turns them back on for everything else.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
