#include "load/csv_report_writer.hpp"

#include "core/error.hpp"
#include "load/report_format.hpp"

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

CsvReportWriter::CsvReportWriter(std::string path, std::string snapshot_date)
    : path_(std::move(path)), snapshot_date_(std::move(snapshot_date)), temp_path_(path_ + ".part." + std::to_string(::getpid())),
      direct_(exists_and_is_not_a_regular_file(path_))
{
    if (direct_) temp_path_ = path_;
    file_.reset(std::fopen(temp_path_.c_str(), "wb"));
    if (!file_) throw Error(path_, std::string{"cannot create: "} + std::strerror(errno));
    line_.clear();
    for (std::size_t i = 0; i < kReportColumns.size(); ++i) put_field(kReportColumns[i], i == 0);
    line_ += '\n';
    check(std::fwrite(line_.data(), 1, line_.size(), file_.get()) == line_.size(), "write failed");
}

CsvReportWriter::~CsvReportWriter()
{
    file_.reset();
    if (!committed_ && !direct_) std::remove(temp_path_.c_str());
}

void CsvReportWriter::check(bool ok, const char* what)
{
    if (!ok) throw Error(path_, std::string{what} + ": " + std::strerror(errno));
}

void CsvReportWriter::put_field(std::string_view value, bool first)
{
    if (!first) line_ += ',';
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
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

void CsvReportWriter::write(const ReportRow& row)
{
    const Film& film = *row.film;
    line_.clear();
    put_field(snapshot_date_, true);
    put_field(std::to_string(film.id), false);
    put_field(film.imdb_id, false);
    put_field(film.title, false);
    put_field(film.year ? std::to_string(*film.year) : "", false);
    put_field(std::to_string(film.budget), false);
    put_field(std::to_string(film.revenue), false);
    put_field(format_ratio(film.ratio()), false);
    put_field(film.rating ? format_rating(*film.rating) : "", false);
    put_field(film.production_company.value_or(""), false);
    put_field(row.wikipedia_url.value_or(""), false);
    put_field(row.wikipedia_abstract.value_or(""), false);
    line_ += '\n';
    check(std::fwrite(line_.data(), 1, line_.size(), file_.get()) == line_.size(), "write failed");
    ++rows_;
}

void CsvReportWriter::prepare()
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

void CsvReportWriter::commit()
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
