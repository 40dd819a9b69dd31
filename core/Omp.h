#pragma once
// OpenMP's runtime calls, or serial stand-ins in a build without OpenMP (EMBEDSCOPE_OPENMP=OFF,
// which only the tsan preset uses: GCC's libgomp is not built with ThreadSanitizer, so the
// barriers that order a parallel region are invisible to it and every region would be reported).
#ifdef _OPENMP
#include <omp.h>
#else
inline int omp_get_max_threads() { return 1; }
inline int omp_get_thread_num() { return 0; }
inline int omp_get_level() { return 0; }
inline int omp_get_ancestor_thread_num(int level) { return level == 0 ? 0 : -1; }
inline int omp_in_parallel() { return 0; }
inline void omp_set_num_threads(int) {}
#endif
