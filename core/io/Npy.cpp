// NumPy .npy: reading 2-D numeric arrays (readNpy) and writing float32 matrices (writeNpy).
// Format: "\x93NUMPY", version byte pair, header length (u16 in 1.0, u32 in 2.0/3.0), a Python
// dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then the raw data.
//
// Accepted element types: float16/32/64 and (converted to float32) signed and unsigned integers
// of 1-8 bytes, in either byte order. Integers beyond 2^24 that float32 cannot hold exactly are
// rounded and counted in a warning; float64 values beyond the float32 range become ±inf and are
// then handled as non-finite values. Refused, with a sentence saying why: Python objects
// (pickle: loading one can run code), structured dtypes, booleans, complex numbers, strings,
// dates, and any shape other than 2-D.
#include "Npy.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <vector>

#include "EmbeddingBuilder.h"
#include "MappedFile.h"
#include "AtomicFile.h"
#include "NpyHeader.h"
#include "Readers.h"

namespace embedscope {

namespace {

constexpr std::size_t kProgressBytes = std::size_t(1) << 20;

template <typename U>
U load(const char* p, bool swap) {
    U u;
    std::memcpy(&u, p, sizeof u);
    if constexpr (sizeof(U) == 2) {
        if (swap) u = __builtin_bswap16(u);
    } else if constexpr (sizeof(U) == 4) {
        if (swap) u = __builtin_bswap32(u);
    } else if constexpr (sizeof(U) == 8) {
        if (swap) u = __builtin_bswap64(u);
    }
    return u;
}

float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1f;
    const std::uint32_t mantissa = h & 0x3ff;
    if (exponent == 0) {  // zero or subnormal: mantissa · 2^-24, exact in float32
        const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    const std::uint32_t bits = exponent == 31 ? sign | 0x7f800000u | (mantissa << 13)
                                              : sign | ((exponent + 112) << 23) | (mantissa << 13);
    return std::bit_cast<float>(bits);
}

/// True when float32 represents the integer of this magnitude exactly (at most 24 significant
/// bits).
bool exactInFloat(std::uint64_t magnitude) {
    const int width = 64 - std::countl_zero(magnitude);
    if (width <= 24) return true;
    return (magnitude & ((std::uint64_t(1) << (width - 24)) - 1)) == 0;
}

/// Turns runs of stored elements into float32, counting integers float32 had to round.
class Converter {
public:
    explicit Converter(const NpyHeader& h) : m_kind(h.kind), m_size(h.itemSize), m_swap(h.swap) {}

    void operator()(const char* src, float* dst, std::size_t n) {
        if (m_kind == 'f') {
            if (m_size == 4 && !m_swap) {
                std::memcpy(dst, src, n * 4);
            } else if (m_size == 4) {
                for (std::size_t i = 0; i < n; ++i)
                    dst[i] = std::bit_cast<float>(load<std::uint32_t>(src + 4 * i, true));
            } else if (m_size == 8) {
                // Out-of-range values become ±inf (IEEE), then count as non-finite.
                for (std::size_t i = 0; i < n; ++i)
                    dst[i] = static_cast<float>(
                        std::bit_cast<double>(load<std::uint64_t>(src + 8 * i, m_swap)));
            } else {
                for (std::size_t i = 0; i < n; ++i)
                    dst[i] = halfToFloat(load<std::uint16_t>(src + 2 * i, m_swap));
            }
        } else if (m_kind == 'i') {
            switch (m_size) {
                case 1:
                    ints<std::int8_t, std::uint8_t>(src, dst, n);
                    break;
                case 2:
                    ints<std::int16_t, std::uint16_t>(src, dst, n);
                    break;
                case 4:
                    ints<std::int32_t, std::uint32_t>(src, dst, n);
                    break;
                default:
                    ints<std::int64_t, std::uint64_t>(src, dst, n);
                    break;
            }
        } else {
            switch (m_size) {
                case 1:
                    ints<std::uint8_t, std::uint8_t>(src, dst, n);
                    break;
                case 2:
                    ints<std::uint16_t, std::uint16_t>(src, dst, n);
                    break;
                case 4:
                    ints<std::uint32_t, std::uint32_t>(src, dst, n);
                    break;
                default:
                    ints<std::uint64_t, std::uint64_t>(src, dst, n);
                    break;
            }
        }
    }

    std::uint64_t inexact() const { return m_inexact; }

private:
    template <typename S, typename U>
    void ints(const char* src, float* dst, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            const S v = static_cast<S>(load<U>(src + sizeof(U) * i, m_swap));
            dst[i] = static_cast<float>(v);
            if constexpr (sizeof(S) >= 4) {
                std::uint64_t magnitude = static_cast<std::uint64_t>(v);
                if constexpr (std::is_signed_v<S>)
                    if (v < 0) magnitude = std::uint64_t(0) - magnitude;
                if (!exactInFloat(magnitude)) ++m_inexact;
            }
        }
    }

    char m_kind;
    std::size_t m_size;
    bool m_swap;
    std::uint64_t m_inexact = 0;
};

/// C order: each row is contiguous; pages already read are handed back.
void readRowMajor(MappedFile& file, const NpyHeader& h, Converter& convert,
                  EmbeddingBuilder& builder, Progress& progress) {
    const std::size_t rowBytes = h.cols * h.itemSize;
    SourceLocation where = SourceLocation::binary(file.path(), h.dataStart, 1);
    std::size_t nextReport = h.dataStart + kProgressBytes;
    // Under "top N" only the chosen rows are read (skipToWanted jumps to the next of them).
    for (std::uint64_t r = builder.skipToWanted(h.rows); r < h.rows && !builder.full();
         r = builder.skipToWanted(h.rows)) {
        const std::size_t offset = h.dataStart + r * rowBytes;
        if (offset >= nextReport) {
            file.releaseBefore(offset);
            progress.step(static_cast<double>(r) / static_cast<double>(h.rows));
            nextReport = offset + kProgressBytes;
        }
        convert(file.data() + offset, builder.next(), h.cols);
        where.byteOffset = offset;
        where.record = r + 1;
        builder.commit(std::to_string(r), where);
    }
}

/// Fortran order: column c of the array is contiguous. Rows are assembled a block at a time, so
/// each column is read in runs of a few KB rather than one element per cache line. Every block
/// touches pages all over the file, so none are handed back early: they are clean page cache the
/// kernel reclaims under pressure, but they count in the resident size until the load ends.
void readColumnMajor(const MappedFile& file, const NpyHeader& h, Converter& convert,
                     EmbeddingBuilder& builder, Progress& progress) {
    const std::size_t block = std::min<std::uint64_t>(
        h.rows, std::clamp<std::size_t>((std::size_t(1) << 18) / h.cols, 16, 4096));
    std::vector<float> column(block);
    std::vector<float> rows(block * h.cols);
    SourceLocation where = SourceLocation::binary(file.path(), h.dataStart, 1);
    for (std::uint64_t r0 = 0; r0 < h.rows && !builder.full(); r0 += block) {
        if (r0 > 0) progress.step(static_cast<double>(r0) / static_cast<double>(h.rows));
        const std::size_t count = std::min<std::uint64_t>(block, h.rows - r0);
        for (std::size_t c = 0; c < h.cols; ++c) {
            if (c % 4096 == 4095) progress.check();
            convert(file.data() + h.dataStart + (c * h.rows + r0) * h.itemSize, column.data(),
                    count);
            for (std::size_t i = 0; i < count; ++i) rows[i * h.cols + c] = column[i];
        }
        for (std::size_t i = 0; i < count && !builder.full(); ++i) {
            std::memcpy(builder.next(), rows.data() + i * h.cols, h.cols * sizeof(float));
            where.byteOffset = h.dataStart + (r0 + i) * h.itemSize;  // the row's first value
            where.record = r0 + i + 1;
            builder.commit(std::to_string(r0 + i), where);
        }
    }
}

}  // namespace

Dataset readNpy(const std::string& path, const LoadOptions& options, Progress& progress) {
    MappedFile file(path);
    const NpyHeader h = parseNpyHeader(file.view(), path);

    // Validated before anything is allocated: the shape must fit in the file.
    const std::uint64_t dataBytes = h.rows * h.cols * h.itemSize;  // overflow ruled out
    const std::uint64_t available = file.size() - h.dataStart;
    if (dataBytes > available)
        throw Error(SourceLocation::binary(path, file.size()),
                    "the data ends here, but shape " + h.shapeText + " of '" + h.descr +
                        "' needs " + std::to_string(dataBytes) +
                        " bytes after the header (which "
                        "ends at offset " +
                        std::to_string(h.dataStart) + "); only " + std::to_string(available) +
                        " are there: the file was cut short");

    EmbeddingBuilder builder(path, options, /*labelsAreKeys=*/false);
    builder.setRowsNumbered(true);
    builder.setValuesMayOverflow(h.kind == 'f' && h.itemSize > 4);
    builder.summary().rowsInHeader = h.rows;
    builder.start(h.cols, h.rows);
    progress.setStage("reading");
    Converter convert(h);
    if (h.fortran)
        readColumnMajor(file, h, convert, builder, progress);
    else
        readRowMajor(file, h, convert, builder, progress);
    progress.step(1.0);

    auto& warnings = builder.summary().warnings;
    if (h.kind == 'f' && h.itemSize == 8)
        warnings.push_back("float64 values were converted to float32 (about 7 significant digits)");
    if (convert.inexact())
        warnings.push_back(std::to_string(convert.inexact()) +
                           " integer values need more than 24 bits and were rounded to the "
                           "nearest float32");
    if (available > dataBytes && !builder.full())
        warnings.push_back(SourceLocation::binary(path, h.dataStart + dataBytes).toString() + ": " +
                           std::to_string(available - dataBytes) +
                           " bytes after the array data were not read");
    return builder.finish(Format::Npy);
}

void writeNpy(const float* data, std::size_t rows, std::size_t cols, const std::string& path) {
    // Byte for byte what numpy 1.24's np.save writes: sorted keys, room for the row count to grow
    // to 21 digits, then spaces and '\n' so the data starts on a 64-byte boundary.
    const std::string rowsText = std::to_string(rows);
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rowsText + ", " +
                       std::to_string(cols) + "), }";
    if (rowsText.size() < 21) dict.append(21 - rowsText.size(), ' ');
    const std::size_t padding = 64 - (10 + dict.size() + 1) % 64;
    dict.append(padding, ' ');
    dict.push_back('\n');
    std::string header("\x93NUMPY\x01\x00", 8);
    header.push_back(static_cast<char>(dict.size() & 0xff));
    header.push_back(static_cast<char>(dict.size() >> 8));
    header += dict;

    // The words every other save uses (describeErrno), not strerror's, which follow the locale.
    const auto fail = [&](int err) {
        throw Error(SourceLocation::file(path), "writing failed: " + describeErrno(err));
    };
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw Error(SourceLocation::file(path), "cannot create the file: " + describeErrno(errno));
    bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
    const std::size_t count = rows * cols;
    if constexpr (std::endian::native == std::endian::little) {
        ok = ok && std::fwrite(data, sizeof(float), count, f) == count;
    } else {
        std::vector<std::uint32_t> chunk;
        for (std::size_t i = 0; ok && i < count; i += 65536) {
            const std::size_t n = std::min<std::size_t>(65536, count - i);
            chunk.resize(n);
            std::memcpy(chunk.data(), data + i, n * sizeof(float));
            for (auto& bits : chunk) bits = __builtin_bswap32(bits);
            ok = std::fwrite(chunk.data(), sizeof(float), n, f) == n;
        }
    }
    const int err = ok ? 0 : errno;
    if (std::fclose(f) != 0 && ok) fail(errno);
    if (!ok) fail(err ? err : EIO);
}

}  // namespace embedscope
