#include "bench/gen/posts.hpp"

#include "bench/gen/calendar.hpp"
#include "bench/gen/gzip_sink.hpp"
#include "bench/gen/rng.hpp"
#include "bench/gen/text_append.hpp"
#include "bench/gen/word_lists.hpp"
#include "bench/gen/xml_escape.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

namespace sluice_gen {
namespace {

// Tags of a statistics and programming Q&A site (stats.stackexchange's most used, and a few
// with the characters tag names may hold: c++, c#, .net).
constexpr std::array kTags{
    "r"sv, "regression"sv, "machine-learning"sv, "hypothesis-testing"sv, "distributions"sv,
    "time-series"sv, "bayesian"sv, "logistic"sv, "probability"sv, "self-study"sv,
    "neural-networks"sv, "classification"sv, "correlation"sv, "mixed-model"sv,
    "statistical-significance"sv, "anova"sv, "python"sv, "clustering"sv,
    "multiple-regression"sv, "confidence-interval"sv, "variance"sv, "normal-distribution"sv,
    "sampling"sv, "pca"sv, "generalized-linear-model"sv, "survival"sv, "chi-squared-test"sv,
    "t-test"sv, "maximum-likelihood"sv, "cross-validation"sv, "sql"sv, "postgresql"sv,
    "c++"sv, "c#"sv, ".net"sv, "xml"sv, "csv"sv, "performance"sv};

constexpr std::array kTechNouns{
    "model"sv, "coefficient"sv, "variance"sv, "estimate"sv, "sample"sv, "distribution"sv,
    "p-value"sv, "interval"sv, "predictor"sv, "residual"sv, "likelihood"sv, "prior"sv,
    "posterior"sv, "test statistic"sv, "effect size"sv, "random effect"sv, "data frame"sv,
    "matrix"sv, "loss function"sv, "gradient"sv, "kernel"sv, "outlier"sv, "standard error"sv,
    "covariate"sv, "null hypothesis"sv, "training set"sv, "query"sv, "index"sv, "table"sv};

constexpr std::array kTechVerbs{
    "interpret"sv, "estimate"sv, "compare"sv, "test"sv, "simulate"sv, "normalize"sv,
    "transform"sv, "fit"sv, "plot"sv, "bootstrap"sv, "compute"sv, "validate"sv, "explain"sv,
    "speed up"sv, "parse"sv, "load"sv};

constexpr std::array kCode{
    "lm(y ~ x1 + x2, data = df)"sv, "glm(y ~ x, family = binomial)"sv, "summary(fit)"sv,
    "np.mean(x, axis=0)"sv, "SELECT count(*) FROM t WHERE x > 0;"sv, "std::vector<double>"sv,
    "model.fit(X_train, y_train)"sv, "t.test(a, b, paired = TRUE)"sv, "x[x > 0 & y < 1]"sv,
    "if (a && b) return;"sv, "df.groupby(\"id\").sum()"sv};

constexpr std::array kLicenses{"CC BY-SA 2.5"sv, "CC BY-SA 3.0"sv, "CC BY-SA 4.0"sv};

// Stack Exchange's content licence by the date of the post: CC BY-SA 2.5 until 2011-04-08,
// 3.0 until 2018-05-02, 4.0 since.
std::string_view license_at(std::int64_t ms)
{
    static const std::int64_t k30 = epoch_us(2011, 4, 8, 0, 0, 0) / 1000;
    static const std::int64_t k40 = epoch_us(2018, 5, 2, 0, 0, 0) / 1000;
    return kLicenses[ms < k30 ? 0 : ms < k40 ? 1 : 2];
}

class PostsWriter {
public:
    PostsWriter(GzipSink& sink, std::uint64_t seed)
        : sink_(sink), rng_(seed), now_ms_(epoch_us(2010, 7, 19, 19, 12, 12) / 1000 + 510)
    {
    }

    void begin() { sink_.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"); }
    void end() { sink_.write("</posts>\n"); }

    void row()
    {
        row_.clear();
        const std::int64_t id = next_id_;
        // Deleted posts leave gaps in the ids.
        next_id_ += 1 + (rng_.percent(20) ? rng_.below(4) : 0);
        const std::int64_t created = now_ms_;
        // About 13 years of a busy site per GiB of XML: 2.6 M posts, from 2010 to 2023.
        now_ms_ += 1000 * rng_.between(1, 320) + rng_.below(1000);

        const std::uint32_t kind = rng_.below(1000);
        const bool answer = kind < 620 && recent_questions_count_ > 0;
        const bool wiki = !answer && kind >= 980;  // tag wiki excerpt (4) and tag wiki (5)
        const bool question = !answer && !wiki;

        row_ += "  <row Id=\"";
        append_int(row_, id);
        row_ += "\" PostTypeId=\"";
        row_ += question ? "1" : answer ? "2" : (kind % 2 ? "4" : "5");
        row_ += '"';
        if (question && rng_.percent(35)) {
            row_ += " AcceptedAnswerId=\"";
            append_int(row_, id + 1 + rng_.below(40));
            row_ += '"';
        }
        if (answer) {
            row_ += " ParentId=\"";
            append_int(row_, recent_questions_[rng_.below(std::min<std::uint32_t>(recent_questions_count_, kRecent))]);
            row_ += '"';
        }
        attribute_date("CreationDate", created);
        row_ += " Score=\"";
        append_int(row_, wiki ? 0 : score());
        row_ += '"';
        if (question) {
            row_ += " ViewCount=\"";
            append_int(row_, view_count());
            row_ += '"';
        }
        row_ += " Body=\"";
        body(wiki);
        append_xml_attribute(row_, html_);
        row_ += '"';
        if (rng_.percent(98)) {
            row_ += " OwnerUserId=\"";
            append_int(row_, wiki ? -1 : user_id());
            row_ += '"';
        } else {
            // A deleted user's post keeps only the name it was posted under.
            row_ += " OwnerDisplayName=\"user";
            append_int(row_, rng_.between(1000, 999999));
            row_ += '"';
        }
        std::int64_t last_activity = created + later(rng_);
        if (rng_.percent(wiki ? 90 : 40)) {
            const std::int64_t edited = created + later(rng_);
            last_activity = std::max(last_activity, edited);
            row_ += " LastEditorUserId=\"";
            append_int(row_, user_id());
            row_ += '"';
            attribute_date("LastEditDate", edited);
        }
        attribute_date("LastActivityDate", last_activity);
        if (question) {
            row_ += " Title=\"";
            title();
            append_xml_attribute(row_, html_);
            row_ += "\" Tags=\"";
            tags();
            append_xml_attribute(row_, html_);
            row_ += "\" AnswerCount=\"";
            append_int(row_, rng_.percent(20) ? 0 : rng_.percent(80) ? 1 + rng_.below(3) : 4 + rng_.below(30));
            row_ += '"';
        }
        row_ += " CommentCount=\"";
        append_int(row_, rng_.percent(60) ? rng_.below(2) : 2 + rng_.below(rng_.percent(90) ? 6 : 40));
        row_ += '"';
        if (question && rng_.percent(25)) {
            row_ += " FavoriteCount=\"";
            append_int(row_, rng_.percent(90) ? rng_.below(5) : 5 + rng_.below(300));
            row_ += '"';
        }
        if (question && rng_.percent(3)) attribute_date("ClosedDate", created + later(rng_));
        row_ += " ContentLicense=\"";
        row_ += license_at(created);
        row_ += "\" />\n";
        sink_.write(row_);

        ++rows_;
        longest_ = std::max<std::uint64_t>(longest_, row_.size());
        if (question) {
            ++questions_;
            recent_questions_[recent_next_] = id;
            recent_next_ = (recent_next_ + 1) % kRecent;
            recent_questions_count_ = std::min<std::uint32_t>(recent_questions_count_ + 1, kRecent);
        } else if (answer) {
            ++answers_;
        }
    }

    std::uint64_t written() const { return sink_.written(); }
    std::uint64_t rows() const { return rows_; }
    std::uint64_t questions() const { return questions_; }
    std::uint64_t answers() const { return answers_; }
    std::uint64_t longest() const { return longest_; }

private:
    // Answers go to one of the last questions asked, as most answers come within days.
    static constexpr std::uint32_t kRecent = 256;

    void attribute_date(std::string_view name, std::int64_t ms)
    {
        row_ += ' ';
        row_ += name;
        row_ += "=\"";
        append_iso_date_time(row_, ms * 1000, 'T', 3);
        row_ += '"';
    }

    // Most activity comes within hours or days of a post; a tail of edits and answers years on.
    static std::int64_t later(Rng& rng)
    {
        const std::uint32_t r = rng.below(100);
        const std::int64_t seconds = r < 50 ? rng.between(10, 3600)
                                     : r < 85 ? rng.between(3600, 30 * 86400)
                                              : rng.between(30 * 86400, 4 * 365 * 86400);
        return 1000 * seconds + rng.below(1000);
    }

    std::int64_t score()
    {
        const std::uint32_t r = rng_.below(1000);
        if (r < 80) return -1 - static_cast<std::int64_t>(rng_.below(3));
        if (r < 450) return 0;
        if (r < 800) return 1 + rng_.below(3);
        if (r < 950) return 4 + rng_.below(12);
        if (r < 995) return 16 + rng_.below(85);
        return 101 + rng_.below(2000);
    }

    std::int64_t view_count()
    {
        const std::uint32_t r = rng_.below(100);
        if (r < 70) return 20 + rng_.below(480);
        if (r < 95) return 500 + rng_.below(4500);
        return 5000 + rng_.below(300000);
    }

    // Ids of the site's users: a few very active early ones, most joined along the way.
    std::int64_t user_id()
    {
        if (rng_.percent(15)) return 1 + rng_.below(1000);
        return 1 + rng_.below(400000);
    }

    // Body length (of the HTML, before XML escaping): most bodies a line or two, and the long
    // tail of code dumps and derivations that makes a few rows a hundred times the median.
    // 0 means one short sentence.
    std::size_t body_target()
    {
        const std::uint32_t r = rng_.below(10000);
        if (r < 8200) return 0;
        if (r < 9750) return 40 + rng_.below(80);
        if (r < 9965) return 120 + rng_.below(480);
        if (r < 9998) return 600 + rng_.below(2400);
        return 3000 + rng_.below(30000);
    }

    void sentence(bool short_one = false)
    {
        static constexpr std::array<std::uint32_t, 4> kShort{0, 0, 6, 7};
        switch (short_one ? kShort[rng_.below(kShort.size())] : rng_.below(8)) {
        case 0:
            html_ += "How do I ";
            html_ += rng_.pick(kTechVerbs);
            html_ += " the ";
            html_ += rng_.pick(kTechNouns);
            html_ += '?';
            break;
        case 1:
            html_ += "I get <code>";
            // Code inside HTML is itself escaped: `<` becomes `&lt;`, which the XML escapes again.
            for (char c : rng_.pick(kCode)) {
                if (c == '<') html_ += "&lt;";
                else if (c == '>') html_ += "&gt;";
                else if (c == '&') html_ += "&amp;";
                else html_ += c;
            }
            html_ += "</code> but the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " looks wrong.";
            break;
        case 2:
            html_ += "As ";
            html_ += rng_.pick(kFirstNames);
            html_ += " says in <a href=\"https://stats.stackexchange.com/questions/";
            append_int(html_, rng_.between(1, 600000));
            html_ += "\" rel=\"nofollow noreferrer\">this answer</a>, the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " is biased.";
            break;
        case 3:
            html_ += "With $\\alpha = 0.05$ and $n &lt; ";
            append_int(html_, rng_.between(10, 500));
            html_ += "$ the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " is <em>not</em> significant.";
            break;
        case 4:
            html_ += "You can't ";
            html_ += rng_.pick(kTechVerbs);
            html_ += " a ";
            html_ += rng_.pick(kTechNouns);
            html_ += " without a \"";
            html_ += rng_.pick(kTechNouns);
            html_ += "\".";
            break;
        case 5:
            html_ += "<strong>Edit:</strong> the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " is ";
            append_fixed(html_, rng_.unit() * 10.0, 3);
            html_ += " &#215; 10<sup>-3</sup>.";
            break;
        case 6:
            html_ += "The ";
            html_ += rng_.pick(kAdjectives);
            html_ += ' ';
            html_ += rng_.pick(kTechNouns);
            html_ += " from ";
            html_ += rng_.pick(kPlaces);
            html_ += " was measured ";
            append_int(html_, rng_.between(2, 90));
            html_ += " times.";
            break;
        default:
            html_ += "Thanks in advance!";
            break;
        }
    }

    // Rendered HTML as the dump's Body holds it: paragraphs, sometimes a code block or a list.
    void body(bool wiki)
    {
        html_.clear();
        const std::size_t target = wiki ? 30 + rng_.below(150) : body_target();
        if (target == 0) {
            html_ += "<p>";
            sentence(true);
            html_ += "</p>\n";
            return;
        }
        while (html_.size() < target) {
            const std::uint32_t r = rng_.below(10);
            if (r == 0 && !wiki) {
                html_ += "<pre><code>";
                for (std::uint32_t i = 0, n = 1 + rng_.below(6); i < n; ++i) {
                    for (char c : rng_.pick(kCode)) {
                        if (c == '<') html_ += "&lt;";
                        else if (c == '>') html_ += "&gt;";
                        else if (c == '&') html_ += "&amp;";
                        else html_ += c;
                    }
                    html_ += '\n';
                }
                html_ += "</code></pre>\n\n";
            } else if (r == 1 && !wiki) {
                html_ += "<ul>\n";
                for (std::uint32_t i = 0, n = 2 + rng_.below(3); i < n; ++i) {
                    html_ += "<li>";
                    sentence();
                    html_ += "</li>\n";
                }
                html_ += "</ul>\n\n";
            } else {
                html_ += "<p>";
                for (std::uint32_t i = 0, n = 1 + rng_.below(3); i < n; ++i) {
                    if (i) html_ += ' ';
                    sentence();
                }
                html_ += "</p>\n\n";
            }
        }
        html_.pop_back();  // the dump's bodies end in one line break, not a blank line
    }

    void title()
    {
        html_.clear();
        switch (rng_.below(5)) {
        case 0:
            html_ += "How to ";
            html_ += rng_.pick(kTechVerbs);
            html_ += " a ";
            html_ += rng_.pick(kTechNouns);
            html_ += " in a ";
            html_ += rng_.pick(kTechNouns);
            html_ += '?';
            break;
        case 1:
            html_ += "Why is my ";
            html_ += rng_.pick(kTechNouns);
            html_ += " ";
            html_ += rng_.pick(kAdjectives);
            html_ += " when n < ";
            append_int(html_, rng_.between(10, 100));
            html_ += '?';
            break;
        case 2:
            html_ += "\"";
            html_ += rng_.pick(kTechNouns);
            html_ += "\" vs \"";
            html_ += rng_.pick(kTechNouns);
            html_ += "\": which one & when?";
            break;
        case 3:
            html_ += "Interpreting the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " of a ";
            html_ += rng_.pick(kTechNouns);
            html_ += " with ";
            append_int(html_, rng_.between(2, 40));
            html_ += " ";
            html_ += rng_.pick(kTechNouns);
            html_ += "s";
            break;
        default:
            html_ += "Can I ";
            html_ += rng_.pick(kTechVerbs);
            html_ += " the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " if the ";
            html_ += rng_.pick(kTechNouns);
            html_ += " isn't ";
            html_ += rng_.pick(kAdjectives);
            html_ += '?';
            break;
        }
    }

    // "<r><regression>": one to five distinct tags.
    void tags()
    {
        html_.clear();
        std::array<std::uint32_t, 5> picked{};
        const std::uint32_t n = 1 + rng_.below(5);
        for (std::uint32_t i = 0; i < n; ++i) {
            std::uint32_t t = rng_.below(kTags.size());
            while (std::find(picked.begin(), picked.begin() + i, t) != picked.begin() + i)
                t = (t + 1) % kTags.size();
            picked[i] = t;
            html_ += '<';
            html_ += kTags[t];
            html_ += '>';
        }
    }

    GzipSink& sink_;
    Rng rng_;
    std::int64_t now_ms_;
    std::int64_t next_id_ = 1;
    std::array<std::int64_t, kRecent> recent_questions_{};
    std::uint32_t recent_next_ = 0;
    std::uint32_t recent_questions_count_ = 0;
    std::string row_;
    std::string html_;
    std::uint64_t rows_ = 0;
    std::uint64_t questions_ = 0;
    std::uint64_t answers_ = 0;
    std::uint64_t longest_ = 0;
};

} // namespace

void generate_posts(const PostsOptions& opt)
{
    GzipSink sink(opt.output);
    PostsWriter writer(sink, opt.seed);
    writer.begin();
    while (writer.written() < opt.size) writer.row();
    writer.end();
    sink.finish();
    std::fprintf(stderr,
                 "sluice-gen: %llu bytes of XML, %llu rows (%llu questions, %llu answers), "
                 "%.0f bytes a row on average, the longest %llu\n",
                 static_cast<unsigned long long>(sink.written()),
                 static_cast<unsigned long long>(writer.rows()),
                 static_cast<unsigned long long>(writer.questions()),
                 static_cast<unsigned long long>(writer.answers()),
                 writer.rows() ? static_cast<double>(sink.written()) / static_cast<double>(writer.rows()) : 0.0,
                 static_cast<unsigned long long>(writer.longest()));
}

} // namespace sluice_gen
