#include "load/csv_table_writer.hpp"

#include "load/table_definition.hpp"

#include "core/error.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

namespace {

bool exists_and_is_not_a_regular_file(const std::string& path)
{
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

} // namespace

CsvTableWriter::CsvTableWriter(std::string path, std::vector<std::string> columns, bool lineage)
    : path_(std::move(path)), columns_(columns.size()), lineage_(lineage),
      temp_path_(path_ + ".part." + std::to_string(::getpid())), direct_(exists_and_is_not_a_regular_file(path_))
{
    if (direct_) temp_path_ = path_;
    file_.reset(std::fopen(temp_path_.c_str(), "wb"));
    if (!file_) throw Error(path_, std::string{"cannot create: "} + std::strerror(errno));
    if (lineage_) columns.insert(columns.end(), {kLineageSource, kLineageRecord});
    line_.clear();
    for (std::size_t i = 0; i < columns.size(); ++i) put_field(columns[i], i == 0);
    end_line();
}

void CsvTableWriter::end_line()
{
    line_ += '\n';
    check(std::fwrite(line_.data(), 1, line_.size(), file_.get()) == line_.size(), "write failed");
}

CsvTableWriter::~CsvTableWriter()
{
    file_.reset();
    if (!committed_ && !direct_) std::remove(temp_path_.c_str());
}

void CsvTableWriter::check(bool ok, const char* what)
{
    if (!ok) throw Error(path_, std::string{what} + ": " + std::strerror(errno));
}

void CsvTableWriter::put_field(std::string_view value, bool first)
{
    if (!first) line_ += ',';
    // One pass over the value (string_view::find_first_of calls memchr per character).
    const auto quoted = std::any_of(value.begin(), value.end(),
                                    [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
    if (!quoted) {
        line_ += value;
        return;
    }
    line_ += '"';
    for (const char c : value) {
        if (c == '"') line_ += '"';
        line_ += c;
    }
    line_ += '"';
}

void CsvTableWriter::write(std::span<const std::optional<std::string_view>> values, const RowOrigin& origin)
{
    if (values.size() != columns_)
        throw Error(path_, fmt::format("a row of {} values for {} columns", values.size(), columns_));
    line_.clear();
    for (std::size_t i = 0; i < values.size(); ++i) put_field(values[i].value_or(std::string_view{}), i == 0);
    if (lineage_) {
        put_field(origin.source, values.empty());
        put_field(std::to_string(origin.record), false);
    }
    end_line();
    ++rows_;
}

void CsvTableWriter::prepare()
{
    if (prepared_) return;
    if (direct_) {
        // A device or a pipe: nothing to make durable, nothing to rename.
        check(std::fflush(file_.get()) == 0, "write failed");
        check(std::fclose(file_.release()) == 0, "close failed");
        prepared_ = true;
        return;
    }
    const auto discard = [&](const char* what) {
        const int saved = errno;
        file_.reset();
        std::remove(temp_path_.c_str());
        errno = saved;
        check(false, what);
    };
    if (std::fflush(file_.get()) != 0) discard("write failed");
    if (::fsync(::fileno(file_.get())) != 0) discard("fsync failed");
    if (std::fclose(file_.release()) != 0) {
        const int saved = errno;
        std::remove(temp_path_.c_str());
        errno = saved;
        check(false, "close failed");
    }
    prepared_ = true;
}

void CsvTableWriter::commit()
{
    prepare();
    if (!direct_ && std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        const int saved = errno;
        std::remove(temp_path_.c_str());
        errno = saved;
        check(false, "rename failed");
    }
    committed_ = true;
}

} // namespace sluice
