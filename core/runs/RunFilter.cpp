#include "core/runs/RunFilter.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/base/EnumNames.h"
#include "core/base/Error.h"
#include "core/runs/IndexRecords.h"
#include "core/training/RunStatus.h"

namespace mfh {

namespace {

enum class Tok { Word, Quoted, Op, Open, Close, End };

struct Token {
    Tok type;
    std::string text;
    std::size_t begin, end;  // in the filter's text
};

bool isOpChar(char c) {
    return c == '=' || c == '!' || c == '<' || c == '>' || c == '~';
}

std::vector<Token> tokenize(const std::string& s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (true) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i >= s.size()) break;
        const std::size_t b = i;
        const char c = s[i];
        if (c == '(' || c == ')') {
            out.push_back({c == '(' ? Tok::Open : Tok::Close, std::string(1, c), b, ++i});
        } else if (c == '"' || c == '\'') {
            const auto close = s.find(c, i + 1);
            if (close == std::string::npos)
                throw InputError("filter: unterminated quote at '" + s.substr(b) + "'");
            out.push_back({Tok::Quoted, s.substr(i + 1, close - i - 1), b, close + 1});
            i = close + 1;
        } else if (isOpChar(c)) {
            while (i < s.size() && isOpChar(s[i])) ++i;
            out.push_back({Tok::Op, s.substr(b, i - b), b, i});
        } else {
            while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) &&
                   !isOpChar(s[i]) && s[i] != '(' && s[i] != ')' && s[i] != '"' && s[i] != '\'')
                ++i;
            out.push_back({Tok::Word, s.substr(b, i - b), b, i});
        }
    }
    out.push_back({Tok::End, "", s.size(), s.size()});
    return out;
}

bool keyword(const Token& t, const char* word) {
    if (t.type != Tok::Word || t.text.size() != std::char_traits<char>::length(word)) return false;
    for (std::size_t i = 0; i < t.text.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
    return true;
}

bool parseNumber(const std::string& s, double& v) {
    if (s.empty()) return false;
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && std::isfinite(v);
}

bool validKey(const std::string& k) {
    if (k.empty() || k.front() == '.' || k.back() == '.' || k.find("..") != std::string::npos)
        return false;
    for (char c : k)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
            return false;
    return true;
}

// The run columns a filter may name, by their filter name.
const std::map<std::string, std::string>& columns() {
    static const std::map<std::string, std::string> m = {{"status", "r.status"},
                                                         {"role", "r.role"},
                                                         {"seed", "r.seed"},
                                                         {"experiment", "r.experiment"},
                                                         {"id", "r.run_id"},
                                                         {"teacher", "r.teacher_run"},
                                                         {"modality", "r.modalities"},
                                                         {"dataset", "r.dataset"},
                                                         {"dataset_hash", "r.dataset_hash"},
                                                         {"device", "r.device"},
                                                         {"key", "r.key"},
                                                         {"file", "r.path"},
                                                         {"start_time", "r.start_time"},
                                                         {"end_time", "r.end_time"}};
    return m;
}

class Compiler {
  public:
    Compiler(const std::string& text, const FilterContext& ctx)
        : text_(text), ctx_(ctx), toks_(tokenize(text)) {}

    FilterSql run() {
        FilterSql out;
        if (toks_.front().type == Tok::End) return out;
        out.where = orExpr();
        if (peek().type == Tok::Close) fail("unexpected ')'", peek().begin);
        if (peek().type != Tok::End) fail("expected 'and' or 'or' before", peek().begin);
        out.params = std::move(params_);
        return out;
    }

  private:
    const Token& peek() const { return toks_[pos_]; }
    const Token& next() { return toks_[pos_++]; }
    [[noreturn]] void fail(const std::string& what, std::size_t at) const {
        throw InputError("filter: " + what + " at '" + text_.substr(at) + "'");
    }

    std::string orExpr() {
        std::string sql = andExpr();
        while (keyword(peek(), "or")) {
            next();
            sql = "(" + sql + " OR " + andExpr() + ")";
        }
        return sql;
    }

    std::string andExpr() {
        std::string sql = primary();
        while (keyword(peek(), "and")) {
            next();
            sql = "(" + sql + " AND " + primary() + ")";
        }
        return sql;
    }

    std::string primary() {
        const Token& t = peek();
        if (t.type == Tok::Open) {
            next();
            std::string sql = orExpr();
            if (peek().type != Tok::Close) fail("missing ')'", t.begin);
            next();
            return sql;
        }
        if (t.type == Tok::End) throw InputError("filter: a term is missing at the end");
        if (t.type != Tok::Word || keyword(t, "and") || keyword(t, "or"))
            fail("expected a term KEY OP VALUE", t.begin);
        return term();
    }

    std::string term() {
        const Token key = next();
        const Token& op = peek();
        if (op.type != Tok::Op)
            fail("expected an operator (= != < <= > >= ~) after '" + key.text + "'", key.begin);
        next();
        const Token& value = peek();
        const std::size_t end =
            value.type == Tok::Word || value.type == Tok::Quoted ? value.end : op.end;
        const std::string termText = text_.substr(key.begin, end - key.begin);
        static const char* ops[] = {"=", "!=", "<", "<=", ">", ">=", "~"};
        bool known = false;
        for (const char* o : ops) known = known || op.text == o;
        if (!known)
            throw InputError("filter: unknown operator '" + op.text + "' at '" + termText + "'");
        if (value.type != Tok::Word && value.type != Tok::Quoted)
            throw InputError("filter: '" + termText + "' has no value");
        next();
        if (!validKey(key.text))
            throw InputError("filter: '" + key.text + "' is not a key (letters, digits, _ - .)" +
                             " at '" + termText + "'");
        return condition(key.text, op.text, value.text, value.type == Tok::Quoted, termText);
    }

    // Numbered, so that an expression that appears twice in the SQL binds one value.
    template <typename T>
    std::string param(const T& v) {
        params_.emplace_back(std::in_place_type<T>, v);
        return "?" + std::to_string(params_.size());
    }

    // `x OP value`, where the value is compared as a number when it is one.
    std::string compare(const std::string& x, const std::string& op, const std::string& value,
                        bool quoted, bool booleans, const std::string& termText,
                        bool needsNumber = false) {
        double num = 0;
        // Quotes make a value text, except where only a number makes sense (seed, a metric).
        const bool isNumber = (!quoted || needsNumber) && parseNumber(value, num);
        if (op == "~") return "instr(CAST(" + x + " AS TEXT), " + param(value) + ") > 0";
        std::string v;
        if (booleans && !quoted && (value == "true" || value == "false"))
            v = param(int64_t(value == "true")), num = value == "true";
        else if (isNumber)
            v = param(num);
        else if (needsNumber)
            throw InputError("filter: '" + value + "' is not a number at '" + termText + "'");
        else
            v = param(value);
        if (op == "!=") return "NOT coalesce(" + x + " = " + v + ", 0)";
        if (op == "=" || !isNumber) return "coalesce(" + x + " " + op + " " + v + ", 0)";
        // Ordering by number: text is not "greater" than every number, as SQLite would have it.
        return "(typeof(" + x + ") IN ('integer', 'real') AND " + x + " " + op + " " + v + ")";
    }

    std::string condition(const std::string& key, const std::string& op, const std::string& value,
                          bool quoted, const std::string& termText) {
        if (const auto c = columns().find(key); c != columns().end()) {
            const std::string& col = c->second;
            if (key == "status" && op != "~")
                parseEnum<RunStatus>(value, "filter: status");  // names the valid ones
            if (key == "modality" && op != "~") {
                const std::string has =
                    "instr(',' || " + col + " || ',', ',' || " + param(value) + " || ',') > 0";
                if (op == "=") return has;
                if (op == "!=") return "NOT coalesce(" + has + ", 0)";
            }
            if (key == "experiment" && (op == "=" || op == "!=")) {
                const std::string p = param(value);
                const std::string is =
                    "(" + col + " = " + p + " OR " + col +
                    " IN (SELECT dir FROM experiments WHERE name = " + param(value) + "))";
                return op == "=" ? "coalesce(" + is + ", 0)" : "NOT coalesce(" + is + ", 0)";
            }
            return compare(col, op, value, quoted, false, termText, key == "seed");
        }
        if (key.rfind("point.", 0) == 0) return point(key.substr(6), op, value, quoted, termText);
        if (ctx_.isMetric && ctx_.isMetric(key)) {
            const std::string name = param(key);
            if (op == "!=") {
                const std::string v = compare("value", "=", value, quoted, false, termText, true);
                return "r.id NOT IN (SELECT run FROM metrics WHERE name = " + name + " AND " + v +
                       ")";
            }
            const std::string v = compare("value", op, value, quoted, false, termText, op != "~");
            return "r.id IN (SELECT run FROM metrics WHERE name = " + name + " AND " + v + ")";
        }
        const std::string path = key.rfind("config.", 0) == 0 ? key.substr(7) : key;
        if (!ctx_.isConfigKey || !ctx_.isConfigKey(path))
            throw InputError("filter: unknown key '" + key +
                             "' (not a run column, a metric, point.SETTING or a configuration "
                             "key) at '" +
                             termText + "'");
        // The configurations are a table of their own, so that listing runs reads no JSON. Every
        // run has one, so `!=` still matches a run without the key.
        const std::string x = "json_extract(c.config, " + param(IndexRecords::jsonPath(path)) + ")";
        return "EXISTS (SELECT 1 FROM configs c WHERE c.run = r.id AND " +
               compare(x, op, value, quoted, true, termText) + ")";
    }

    std::string point(const std::string& axis, const std::string& op, const std::string& value,
                      bool quoted, const std::string& termText) {
        std::vector<std::string> found;
        for (const auto& a : ctx_.axes)
            if (a == axis || (a.size() > axis.size() &&
                              a.compare(a.size() - axis.size(), axis.size(), axis) == 0 &&
                              a[a.size() - axis.size() - 1] == '.'))
                found.push_back(a);
        if (found.empty()) {
            std::string swept;
            for (const auto& a : ctx_.axes) swept += (swept.empty() ? "" : ", ") + a;
            throw InputError("filter: no swept setting '" + axis + "' (swept: " +
                             (swept.empty() ? "none" : swept) + ") at '" + termText + "'");
        }
        if (found.size() > 1)
            throw InputError("filter: 'point." + axis + "' names several swept settings (" +
                             found[0] + ", " + found[1] + "); write more of the path at '" +
                             termText + "'");
        const std::string x = "json_extract(p.point, " + param("$.\"" + found[0] + "\"") + ")";
        const bool negate = op == "!=";
        const std::string cmp = compare(x, negate ? "=" : op, value, quoted, true, termText);
        return std::string(negate ? "NOT " : "") +
               "EXISTS (SELECT 1 FROM run_points p WHERE p.experiment = r.experiment AND "
               "p.run_id = r.run_id AND " +
               cmp + ")";
    }

    const std::string& text_;
    const FilterContext& ctx_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    std::vector<FilterValue> params_;
};

}  // namespace

FilterSql RunFilter::compile(const std::string& text, const FilterContext& context) {
    return Compiler(text, context).run();
}

}  // namespace mfh
