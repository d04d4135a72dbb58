#pragma once
// A load job as its job file (and the flags over it) declares it: what to read, how a record
// looks, which typed and checked columns to make of it, and how the table is published. This is
// what the user wrote, checked for shape (known keys, values of the right kind); the job's parts
// (the reader, the converters, the table) are built from it and check the rest before a byte is
// fetched.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

// A CSV field named by its header or by its 1-based position.
struct FieldRef {
    std::string name;
    std::size_t position = 0;  // 0: by name
};

struct ColumnDecl {
    std::string name;
    std::string type = "text";
    std::optional<std::string> from;   // XML field path, or CSV header name; default: the name
    std::optional<std::size_t> from_position;  // CSV: `from = 3`
    bool required = false;
    std::vector<std::string> clean;
    std::vector<std::string> null_if;
    std::optional<std::string> check;
    std::optional<std::string> min;
    std::optional<std::string> max;
    std::optional<std::string> format;
    std::optional<std::string> timezone;  // timestamptz: the offset of values that carry none
    std::string origin;  // "jobs/posts.toml: line 12: [[column]] 3" for messages
};

struct CsvDecl {
    std::string delimiter = ",";
    std::string quote = "\"";  // "" = fields are never quoted
    std::string escape = "\"";  // the quote itself = doubling; "\\" = backslash escapes; "" = none
    std::string encoding = "utf-8";
    std::uint64_t header_lines = 1;
    std::uint64_t skip_lines = 0;
    std::vector<std::string> columns;  // the fields' names in order; given: the header is skipped
    std::vector<std::string> null{""};
    std::string short_rows = "reject";  // reject | pad
    std::string long_rows = "reject";   // reject | truncate
};

struct LoadJobSpec {
    std::string file;  // the job file, "" when the job is given by flags alone

    std::string name;  // [job] name: the ledger's job, the lock, the metrics label

    std::vector<std::string> locations;  // [source] location: one, or several loaded as one table
    std::string member;                  // inside a zip / tar / 7z
    std::string format;                  // xml | csv | "" (sniffed)

    std::string record;  // [xml] record: the element path of one record

    CsvDecl csv;

    std::vector<ColumnDecl> columns;

    std::string table;             // [target]
    std::string mode = "replace";  // replace | append | upsert | snapshot
    std::vector<std::string> key;
    bool lineage = false;
    std::vector<std::string> sql;
    std::string snapshot_column = "snapshot_date";  // snapshot mode: the date column

    std::string rejects_file;  // [rejects]
    std::string rejects_max = "1000";  // a count, or a share of the records read: "1%"

    // Where each key was set, "[csv] delimiter" -> "jobs/a.toml: line 4", for messages about
    // values whose fault shows only once the job is built (a bad regex, an unknown encoding).
    std::map<std::string, std::string> origins;

    // "jobs/a.toml: line 4: [csv] delimiter", or "--delimiter" when a flag set it.
    std::string origin(const std::string& key) const;
};

} // namespace sluice
