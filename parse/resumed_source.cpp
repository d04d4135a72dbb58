#include "parse/resumed_source.hpp"

#include <algorithm>
#include <cstring>

namespace sluice {

ResumedSource::ResumedSource(std::string head, ByteSource& upstream, std::exception_ptr failure)
    : head_(std::move(head)), upstream_(upstream), failure_(std::move(failure))
{
}

std::size_t ResumedSource::read(std::span<char> out)
{
    std::size_t n = 0;
    if (taken_ < head_.size()) {
        n = std::min(out.size(), head_.size() - taken_);
        std::memcpy(out.data(), head_.data() + taken_, n);
        taken_ += n;
        if (taken_ == head_.size()) std::string().swap(head_);  // its memory goes once it is read
    } else if (failure_) {
        std::rethrow_exception(failure_);
    } else {
        n = upstream_.read(out);
    }
    position_ += n;
    return n;
}

} // namespace sluice
