#include "core/runs/ConfigScan.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/base/Error.h"
#include "core/base/Limits.h"

namespace mfh {

namespace {

using json = nlohmann::json;

// The SAX events of one configuration. `path` is the dotted path of the innermost object's
// current key; inside an array (a leaf) only the strings of the modality lists are kept.
class Scanner : public nlohmann::json_sax<json> {
  public:
    ConfigScan out;
    std::vector<std::string> teacher, student;
    bool tooDeep = false, notObject = false;
    std::string error;

    bool null() override { return leaf(); }
    bool boolean(bool) override { return leaf(); }
    bool number_integer(number_integer_t) override { return leaf(); }
    bool number_unsigned(number_unsigned_t) override { return leaf(); }
    bool number_float(number_float_t, const string_t&) override { return leaf(); }
    bool binary(binary_t&) override { return leaf(); }
    bool string(string_t& s) override {
        if (arrays_ == 1 && depth_ == arrayAt_ + 1) {
            if (list_ == List::Inputs) out.modalities.push_back(s);
            if (list_ == List::Teacher) teacher.push_back(s);
        }
        if (arrays_ == 0 && depth_ == 1 && path_ == "student_modality") student.push_back(s);
        return leaf();
    }
    bool start_object(std::size_t) override {
        if (!enter()) return false;
        if (arrays_ == 0) stack_.push_back({path_.size(), false});
        return true;
    }
    bool key(string_t& k) override {
        if (arrays_ > 0) return true;
        auto& top = stack_.back();
        path_.resize(top.prefix);
        if (!path_.empty()) path_ += '.';
        path_ += k;
        top.keyed = true;
        return true;
    }
    bool end_object() override {
        --depth_;
        if (arrays_ > 0) return true;
        const Frame top = stack_.back();
        stack_.pop_back();
        path_.resize(top.prefix);
        if (!top.keyed && !stack_.empty()) out.keys.push_back(path_);  // {} is a leaf
        return true;
    }
    bool start_array(std::size_t) override {
        if (depth_ == 0) {
            notObject = true;
            return false;
        }
        if (arrays_ == 0) {
            out.keys.push_back(path_);
            arrayAt_ = depth_;
            list_ = path_ == "inputs.modalities"    ? List::Inputs
                    : path_ == "teacher_modalities" ? List::Teacher
                                                    : List::None;
        }
        ++arrays_;
        return enter();
    }
    bool end_array() override {
        --depth_, --arrays_;
        return true;
    }
    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& e) override {
        error = e.what();
        return false;
    }

  private:
    enum class List { None, Inputs, Teacher };
    struct Frame {
        std::size_t prefix;  // path_'s length outside this object
        bool keyed;
    };
    bool enter() {
        // As JsonReader: at most kMaxJsonDepth containers around any container.
        if (++depth_ > limits::kMaxJsonDepth + 1) return tooDeep = true, false;
        return true;
    }
    bool leaf() {
        if (depth_ == 0) return notObject = true, false;
        if (arrays_ == 0) out.keys.push_back(path_);
        return true;
    }
    std::vector<Frame> stack_;
    std::string path_;
    int depth_ = 0, arrays_ = 0, arrayAt_ = 0;
    List list_ = List::None;
};

}  // namespace

ConfigScan ConfigScan::of(const std::string& text, const std::string& what) {
    if (text.size() > limits::kMaxJsonBytes)
        throw InputError(what + ": " + limits::bytesText(static_cast<int64_t>(text.size())) +
                         " of JSON is more than the limit of " +
                         limits::bytesText(limits::kMaxJsonBytes));
    Scanner s;
    const bool ok = json::sax_parse(text, &s, json::input_format_t::json, /*strict=*/true);
    if (s.tooDeep)
        throw InputError(what + ": JSON nested deeper than " +
                         std::to_string(limits::kMaxJsonDepth) + " levels");
    if (s.notObject) throw InputError(what + " is not a JSON object");
    if (!ok) throw InputError(what + ": invalid JSON (" + s.error + ")");
    if (!s.teacher.empty()) {
        s.out.modalities.insert(s.out.modalities.end(), s.teacher.begin(), s.teacher.end());
        s.out.modalities.insert(s.out.modalities.end(), s.student.begin(), s.student.end());
    }
    std::sort(s.out.keys.begin(), s.out.keys.end());
    return std::move(s.out);
}

}  // namespace mfh
