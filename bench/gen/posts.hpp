#pragma once
// `sluice-gen posts`: a gzipped StackExchange Posts.xml holding about `size` bytes of XML, in the
// data dump's layout: an XML declaration, a `<posts>` root, and one attributes-only
// `  <row .../>` a line (questions, answers and a few tag wiki posts), rows of about 400 bytes
// on average with a long tail of long bodies. bench/README.md says where each figure comes from.

#include <cstdint>
#include <string>

namespace sluice_gen {

struct PostsOptions {
    std::uint64_t size = 0;
    std::uint64_t seed = 0;
    std::string output;
};

void generate_posts(const PostsOptions& opt);

} // namespace sluice_gen
