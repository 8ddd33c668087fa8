#include <adplan/render/internal/fill.hpp>

#include <vector>

namespace adplan::render {
namespace {

// Carries an escape function's error out of kainjow's callback.
struct EscapeFailure {
  Error error;
};

// The tag of a line that holds one section, inverted-section, closing or comment tag and
// nothing else but blanks; empty when the line is anything else.
std::string_view standalone_tag(std::string_view line) {
  auto b = line.find_first_not_of(" \t");
  auto e = line.find_last_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  line = line.substr(b, e - b + 1);
  bool ok = line.size() > 4 && line.starts_with("{{") && line.ends_with("}}") &&
            std::string_view("#^/!").find(line[2]) != std::string_view::npos && line.find("}}") == line.size() - 2;
  return ok ? line : std::string_view{};
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

Result<std::string> strip_standalone_tags(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (pos < text.size()) lines.push_back(text.substr(pos));
      break;
    }
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  const bool final_newline = text.ends_with('\n');
  // A section's two tags move the same way, so a skipped section removes exactly its lines:
  // both to the end of the preceding line (before its line break), or, where a section
  // opens after a blank line, both to the start of the following line.
  enum class Way { Next, Prev };
  std::vector<Way> open;
  std::string out;
  bool pending_newline = false;  // the line break of the last line written, not yet emitted
  auto error = [](std::size_t i, std::string_view tag) {
    return std::unexpected(Error{"render.template", "line " + std::to_string(i + 1),
                                 std::string(tag) + " stands between a blank line and another",
                                 "put the blank line inside the section"});
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto tag = standalone_tag(lines[i]);
    if (tag.empty()) {
      if (pending_newline) out += '\n';
      out += lines[i];
      pending_newline = i + 1 < lines.size() || final_newline;
      continue;
    }
    if (tag[2] == '!') continue;  // a standalone comment leaves nothing
    // Never after a brace: "{" + "{{#x}}" would read as a triple mustache.
    bool next_ok = i + 1 >= lines.size() || !blank(lines[i + 1]);
    bool prev_ok = i > 0 && pending_newline && !blank(lines[i - 1]) && !lines[i - 1].ends_with('{');
    Way way;
    if (tag[2] == '/') {
      if (open.empty()) return error(i, tag);
      way = open.back();
      open.pop_back();
      if ((way == Way::Next && !next_ok) || (way == Way::Prev && !prev_ok)) return error(i, tag);
    } else {
      if (prev_ok)
        way = Way::Prev;
      else if (next_ok)
        way = Way::Next;
      else
        return error(i, tag);
      open.push_back(way);
    }
    if (way == Way::Prev) {
      out += tag;  // before the previous line's pending break
    } else {
      if (pending_newline) out += '\n';
      out += tag;
      pending_newline = false;
    }
  }
  if (pending_newline) out += '\n';
  return out;
}

Result<std::string> fill(const TemplateSet& templates, std::string_view name, const Data& data, const Escape& escape) {
  auto text = templates.text(name);
  if (!text) return std::unexpected(text.error());
  auto prepared = strip_standalone_tags(*text);
  if (!prepared) {
    Error e = prepared.error();
    e.field = std::string(name) + ":" + e.field.substr(5);
    return std::unexpected(e);
  }
  kainjow::mustache::mustache tmpl{*prepared};
  if (!tmpl.is_valid()) {
    return std::unexpected(
        Error{"render.template", std::string(name), tmpl.error_message(), "fix the template's mustache syntax"});
  }
  tmpl.set_custom_escape([&escape](const std::string& value) {
    auto r = escape(value);
    if (!r) throw EscapeFailure{r.error()};
    return *r;
  });
  try {
    std::string out = tmpl.render(data);
    if (!tmpl.is_valid()) {
      return std::unexpected(Error{"render.template", std::string(name), tmpl.error_message(), "fix the template"});
    }
    return out;
  } catch (const EscapeFailure& f) {
    Error e = f.error;
    e.field = std::string(name);
    return std::unexpected(e);
  }
}

Escape infallible(std::string (*fn)(std::string_view)) {
  return [fn](std::string_view v) -> Result<std::string> { return fn(v); };
}

}  // namespace adplan::render
