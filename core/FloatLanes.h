#pragma once
/// Short vectors of floats through GCC's vector extension: the target's SIMD registers where it
/// has them, split by the compiler where it has not, so one kernel builds with and without
/// -march=native. Loads and stores go through memcpy: rows are rarely aligned to the vector.
#include <cstring>

namespace embedscope {

template <int L>
struct FloatLanesType {
    // (An alias template would drop the attribute.)
    typedef float type __attribute__((vector_size(L * sizeof(float))));
};
template <int L>
using FloatLanes = typename FloatLanesType<L>::type;

template <class V>
inline V loadLanes(const float* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

template <class V>
inline void storeLanes(float* p, V v) {
    std::memcpy(p, &v, sizeof v);
}

}  // namespace embedscope
