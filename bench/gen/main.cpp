// sluice-gen: deterministic synthetic inputs for sluice's benchmarks and large tests.
//
//   sluice-gen abstracts --size BYTES [--seed N] [--films-csv PATH] -o OUT.xml.gz
//   sluice-gen movies --rows N [--seed N] -o OUT.csv
//   sluice-gen posts --size BYTES [--seed N] -o OUT.xml.gz
//   sluice-gen csv --size BYTES [--seed N] -o OUT.csv.gz
//
// Each command is one generator (abstracts.hpp, movies.hpp, posts.hpp, typed_csv.hpp); this file
// reads the command line.
// Same arguments, same bytes (rng.hpp). Links only zlib, so it builds wherever sluice builds.

#include "bench/gen/abstracts.hpp"
#include "bench/gen/errors.hpp"
#include "bench/gen/movies.hpp"
#include "bench/gen/posts.hpp"
#include "bench/gen/typed_csv.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using namespace sluice_gen;

constexpr std::uint64_t kDefaultSeed = 20240601;

constexpr std::string_view kUsage =
    "usage: sluice-gen abstracts --size BYTES [--seed N] [--films-csv PATH] -o OUT.xml.gz\n"
    "       sluice-gen movies --rows N [--seed N] -o OUT.csv\n"
    "       sluice-gen posts --size BYTES [--seed N] -o OUT.xml.gz\n"
    "       sluice-gen csv --size BYTES [--seed N] -o OUT.csv.gz\n"
    "\n"
    "BYTES is uncompressed XML or CSV and may end in K, M or G (powers of 1024).\n"
    "The default seed is 20240601; the same arguments always give the same bytes.\n";

std::uint64_t parse_count(std::string_view option, std::string_view text, bool allow_suffix)
{
    std::uint64_t multiplier = 1;
    if (allow_suffix && !text.empty()) {
        switch (text.back()) {
        case 'K': case 'k': multiplier = 1ULL << 10; break;
        case 'M': case 'm': multiplier = 1ULL << 20; break;
        case 'G': case 'g': multiplier = 1ULL << 30; break;
        default: break;
        }
        if (multiplier != 1) text.remove_suffix(1);
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        throw UsageError(std::string(option) + ": not a number: " + std::string(text));
    if (value > UINT64_MAX / multiplier) throw UsageError(std::string(option) + ": too large");
    return value * multiplier;
}

int run(int argc, char** argv)
{
    if (argc < 2) throw UsageError("missing subcommand");
    const std::string_view command = argv[1];
    if (command == "-h" || command == "--help") {
        std::fputs(kUsage.data(), stdout);
        return 0;
    }
    const bool sized = command == "abstracts" || command == "posts" || command == "csv";
    if (!sized && command != "movies")
        throw UsageError("unknown subcommand: " + std::string(command));

    std::optional<std::uint64_t> size, rows;
    std::uint64_t seed = kDefaultSeed;
    std::string films_csv, output;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) throw UsageError(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage.data(), stdout);
            return 0;
        } else if (arg == "--size" && sized) {
            size = parse_count(arg, value(), true);
        } else if (arg == "--films-csv" && command == "abstracts") {
            films_csv = value();
        } else if (arg == "--rows" && command == "movies") {
            rows = parse_count(arg, value(), false);
        } else if (arg == "--seed") {
            seed = parse_count(arg, value(), false);
        } else if (arg == "-o" || arg == "--output") {
            output = value();
        } else {
            throw UsageError("unknown option for " + std::string(command) + ": " +
                             std::string(arg));
        }
    }
    if (output.empty()) throw UsageError("-o OUT is required");

    if (command == "abstracts") {
        if (!size) throw UsageError("--size BYTES is required");
        generate_abstracts({*size, seed, films_csv, output});
    } else if (command == "posts") {
        if (!size) throw UsageError("--size BYTES is required");
        generate_posts({*size, seed, output});
    } else if (command == "csv") {
        if (!size) throw UsageError("--size BYTES is required");
        generate_typed_csv({*size, seed, output});
    } else {
        if (!rows) throw UsageError("--rows N is required");
        generate_movies({*rows, seed, output});
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "sluice-gen: %s\n%s", e.what(), kUsage.data());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sluice-gen: %s\n", e.what());
        return 1;
    }
}
