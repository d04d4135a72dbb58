#include "fetch/gzip_stream_end.hpp"

#include "core/error.hpp"

namespace sluice {

void check_gzip_input_end(const ByteSource& gzip, const ByteSource& compressed, bool inside_member)
{
    if (inside_member)
        throw DecodeError(gzip.name(), "truncated gzip data: the stream ends inside a member",
                    SourcePosition::at_byte(compressed.position()));
    if (compressed.position() == 0) throw Error(gzip.name(), "empty file", SourcePosition::at_byte(0));
}

} // namespace sluice
