#pragma once
// How the XML readers treat what they read: bytes invalid in the document's encoding, and the
// limits that keep memory and CPU bounded whatever the input (--invalid-utf8, --max-depth,
// --max-record-bytes).

#include <cstddef>
#include <cstdint>

namespace sluice {

struct XmlReadOptions {
    // libxml2's own default nesting limit (xmlParserMaxDepth), which its push parser does not
    // enforce; real dumps nest 4 levels. Each level costs libxml2 some 40 bytes.
    static constexpr std::size_t kMaxDepth = 256;
    // Wikipedia's longest <doc> is some 100 KiB; this is far above, and above libxml2's own 10 MB
    // limit on one token, so a record that fits libxml2 fits here. The parallel reader holds
    // up to this much (plus a block) of text it cannot cut yet.
    static constexpr std::uint64_t kMaxRecordBytes = 16 * 1024 * 1024;
    // libxml2 2.9 compares each attribute of a tag with each other one (and namespace
    // declarations likewise): 256 attributes cost 32,640 comparisons, 200,000 took 8 minutes.
    static constexpr std::size_t kMaxAttributes = 256;

    bool replace_invalid = false;  // replace bytes invalid in the encoding with U+FFFD instead of refusing them
    std::size_t max_depth = kMaxDepth;
    std::uint64_t max_record_bytes = kMaxRecordBytes;
};

} // namespace sluice
