#include <adplan/render/template_set.hpp>

#include <adplan/model/embedded.hpp>

#include <algorithm>

namespace adplan::render {
namespace {

const EmbeddedFile* embedded(std::string_view name) {
  auto files = embedded::templates();
  auto it = std::ranges::find(files, name, &EmbeddedFile::path);
  return it == files.end() ? nullptr : &*it;
}

std::string joined_names() {
  std::string out;
  for (const auto& n : TemplateSet::names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Result<TemplateSet> TemplateSet::with_overrides(std::map<std::string, std::string, std::less<>> overrides) {
  for (const auto& [name, text] : overrides) {
    if (!embedded(name)) {
      return std::unexpected(
          Error{"render.unknown-template", name, "is not a template adplan uses", "templates are: " + joined_names()});
    }
  }
  TemplateSet t;
  t.m_overrides = std::move(overrides);
  return t;
}

Result<std::string_view> TemplateSet::text(std::string_view name) const {
  if (auto it = m_overrides.find(name); it != m_overrides.end()) return std::string_view(it->second);
  if (const auto* f = embedded(name)) return f->content;
  return std::unexpected(Error{"render.unknown-template", std::string(name), "no such template", "a build defect"});
}

std::vector<std::string> TemplateSet::names() {
  std::vector<std::string> out;
  for (const auto& f : embedded::templates()) out.emplace_back(f.path);
  std::ranges::sort(out);
  return out;
}

}  // namespace adplan::render
