#pragma once
// What the end of a gzip source's compressed input means, the same for every inflater: inside a
// member it is truncation, before any byte an empty file, between members the end of the stream.

#include "core/byte_source.hpp"

namespace sluice {

// Throws sluice::Error when the input ended where it must not; returns when the stream is done.
void check_gzip_input_end(const ByteSource& gzip, const ByteSource& compressed, bool inside_member);

} // namespace sluice
