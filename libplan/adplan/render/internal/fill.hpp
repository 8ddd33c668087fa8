#pragma once
// Internal to render: fills a template with data, every {{value}} passed through the escape
// function of the output format. {{{value}}} is reserved for text the renderer built itself
// from already quoted parts (a cmdlet line from the plan, a one_line() comment).
#include <adplan/model/error.hpp>
#include <adplan/render/template_set.hpp>

#include <kainjow/mustache.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace adplan::render {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;
using Escape = std::function<Result<std::string>(std::string_view)>;

Result<std::string> fill(const TemplateSet& templates, std::string_view name, const Data& data, const Escape& escape);

// The Mustache spec's "standalone" rule for section and comment tags: a line holding only
// {{#x}}, {{^x}}, {{/x}} or {{! ...}} leaves no trace in the output. kainjow keeps the line
// break of a skipped section, so fill() applies the rule itself before parsing: such a
// line loses its indentation and its line break. A standalone tag between two blank lines is
// ambiguous and refused.
Result<std::string> strip_standalone_tags(std::string_view text);

// Escape functions that cannot fail, in the form fill() takes.
Escape infallible(std::string (*fn)(std::string_view));

}  // namespace adplan::render
