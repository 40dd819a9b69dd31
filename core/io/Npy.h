#pragma once
/// Writing NumPy .npy files (reading is readNpy in Readers.h).
#include <cstddef>
#include <string>

namespace embedscope {

/// Writes a rows × cols row-major float32 matrix as a .npy file exactly as numpy.save would:
/// format version 1.0, descr '<f4' (little-endian whatever the host), C order, header padded with
/// spaces to a multiple of 64 bytes. Writes path directly; a caller that must keep an existing
/// file intact on failure writes to a temporary path and renames. Throws Error naming the path
/// when the file cannot be written.
void writeNpy(const float* data, std::size_t rows, std::size_t cols, const std::string& path);

}  // namespace embedscope
