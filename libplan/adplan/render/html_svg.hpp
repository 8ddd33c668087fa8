#pragma once
// A Graphviz SVG (`dot -Tsvg` of our own DOT) made fit to inline into a report: parsed, and written
// again with only drawing elements and presentation attributes. Whatever `dot` emitted, nothing
// survives that could run (script, foreignObject, on* handlers), fetch (href, xlink:href, url(),
// image, use, style) or reach outside the picture (id); text stays text, escaped.
#include <adplan/model/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace adplan::render {

// Pictures larger than this are not inlined (the report says so instead).
inline constexpr std::size_t k_inline_svg_max = 4 * 1024 * 1024;

// `svg` as an <svg> element for an HTML body. Errors: render.svg (not XML, root not <svg>, too large).
Result<std::string> sanitize_svg(std::string_view svg);

}  // namespace adplan::render
