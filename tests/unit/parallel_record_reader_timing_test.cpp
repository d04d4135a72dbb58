// Timing, not a check: the parallel record reader against the sequential one on a Posts.xml-shaped
// document (attributes-only rows of about 400 bytes), built in memory. Skipped by default; run
//   SLUICE_TIMING_MB=256 build/tests/sluice_unit_tests -tc="timing*" --no-skip
// It prints MB/s and records/s for each, and the CPU time of the whole process.

#include "memory_source.hpp"
#include "parse/parallel_record_reader.hpp"
#include "parse/xml_record_reader.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

using sluice::ParallelRecordReader;
using sluice::Record;
using sluice::RecordReader;
using sluice::XmlField;
using sluice::XmlFieldPath;
using sluice::XmlRecordPath;
using sluice::XmlRecordReader;
using sluice::test::MemorySource;

namespace {

std::string posts(std::size_t bytes)
{
    std::mt19937 rng{20240601};
    std::string xml = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n";
    static const char* const kWords[] = {"the", "value", "of", "a", "&lt;p&gt;", "function", "returns", "&amp;",
                                         "x", "caf\xC3\xA9", "query", "index", "&#xA;", "table", "why"};
    for (std::uint64_t id = 1; xml.size() < bytes; ++id) {
        xml += "  <row Id=\"" + std::to_string(id) + "\" PostTypeId=\"" + std::to_string(1 + rng() % 2) +
               "\" CreationDate=\"2011-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10) +
               "T12:3" + std::to_string(rng() % 10) + ":00.123\" Score=\"" + std::to_string(rng() % 300) +
               "\" ViewCount=\"" + std::to_string(rng() % 100000) + "\" Body=\"";
        for (int w = 20 + static_cast<int>(rng() % 40); w > 0; --w) xml += std::string{kWords[rng() % 15]} + " ";
        xml += "\" OwnerUserId=\"" + std::to_string(rng() % 1000000) + "\" Title=\"How do I ";
        for (int w = 3 + static_cast<int>(rng() % 6); w > 0; --w) xml += std::string{kWords[rng() % 15]} + " ";
        xml += "?\" Tags=\"&lt;sql&gt;&lt;c++&gt;\" AnswerCount=\"" + std::to_string(rng() % 10) + "\" />\n";
    }
    return xml + "</posts>\n";
}

std::vector<XmlField> fields()
{
    std::vector<XmlField> out;
    for (const char* path : {"@Id", "@PostTypeId", "@CreationDate", "@Score", "@ViewCount", "@Body", "@OwnerUserId",
                             "@Title", "@Tags", "@AnswerCount"})
        out.push_back({XmlFieldPath::parse(path)});
    return out;
}

double cpu_seconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

void time_it(const std::string& name, const std::string& xml, RecordReader& reader)
{
    const auto start = std::chrono::steady_clock::now();
    const double cpu = cpu_seconds();
    Record record;
    std::uint64_t n = 0;
    std::uint64_t bytes = 0;
    while (reader.next(record)) {
        ++n;
        bytes += record.value(0).size();
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double used = cpu_seconds() - cpu;
    MESSAGE(name, ": ", n, " records, ", xml.size() / 1e6, " MB in ", wall, " s wall, ", used, " s CPU: ",
            xml.size() / 1e6 / wall, " MB/s, ", static_cast<double>(n) / wall / 1e6, " M records/s (", bytes, ")");
}

} // namespace

TEST_CASE("timing: parallel and sequential record readers on Posts.xml-shaped rows" * doctest::skip())
{
    const char* mb = std::getenv("SLUICE_TIMING_MB");
    const std::string xml = posts(static_cast<std::size_t>(mb ? std::atoi(mb) : 128) << 20);
    const auto path = XmlRecordPath::parse("/posts/row");
    for (int round = 0; round < 3; ++round) {
        {
            MemorySource source{xml, 1 << 20, "Posts.xml"};
            XmlRecordReader reader{source, path, fields()};
            time_it("sequential", xml, reader);
        }
        for (const std::size_t workers : {1, 2}) {
            MemorySource source{xml, 1 << 20, "Posts.xml"};
            ParallelRecordReader reader{source, path, fields(), {}, workers};
            time_it(workers == 1 ? "parallel, 1 worker" : "parallel, 2 workers", xml, reader);
        }
    }
}
