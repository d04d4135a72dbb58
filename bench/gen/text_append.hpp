#pragma once
// Numbers and small phrases appended to a string being built, without a stream: generators
// build every record in one reused string.

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice_gen {

void append_int(std::string& out, std::int64_t value);

// printf's "%.*f": the same digits on every libc that rounds correctly (glibc does).
void append_fixed(std::string& out, double value, int decimals);

// "a painter", "an architect".
void append_indefinite(std::string& out, std::string_view noun);

} // namespace sluice_gen
