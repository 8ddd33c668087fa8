#pragma once
// The templates renderers fill: the ones embedded from templates/ at build time, each
// replaceable by a file of the same name (`--templates DIR`). The CLI reads the files; this
// class only holds text.
#include <adplan/model/error.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::render {

class TemplateSet {
 public:
  // Only the embedded templates.
  TemplateSet() = default;
  // Embedded templates, with `overrides` (name -> text) in place of some. A name that is not
  // an embedded template is an error: a misspelt override would otherwise be ignored.
  static Result<TemplateSet> with_overrides(std::map<std::string, std::string, std::less<>> overrides);

  // The text of a template; an error names the missing template.
  [[nodiscard]] Result<std::string_view> text(std::string_view name) const;
  // Embedded template names, sorted: "exchange.ps1.mustache", ...
  [[nodiscard]] static std::vector<std::string> names();

 private:
  std::map<std::string, std::string, std::less<>> m_overrides;
};

}  // namespace adplan::render
