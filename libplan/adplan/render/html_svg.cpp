#include <adplan/render/html_escape.hpp>
#include <adplan/render/html_svg.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace adplan::render {
namespace {

// What Graphviz draws with (its SVG renderer: gvrender_core_svg.c). Everything else is dropped
// with its content; <a> (a node's URL or tooltip) is unwrapped: its drawing kept, its link not.
constexpr std::array k_elements{"svg",     "g",      "title", "desc", "path", "polygon", "polyline",
                                "ellipse", "circle", "rect",  "line", "text", "tspan"};
constexpr std::array k_attributes{"width",
                                  "height",
                                  "viewBox",
                                  "preserveAspectRatio",
                                  "transform",
                                  "points",
                                  "d",
                                  "cx",
                                  "cy",
                                  "rx",
                                  "ry",
                                  "r",
                                  "x",
                                  "y",
                                  "x1",
                                  "y1",
                                  "x2",
                                  "y2",
                                  "dx",
                                  "dy",
                                  "fill",
                                  "fill-opacity",
                                  "stroke",
                                  "stroke-width",
                                  "stroke-dasharray",
                                  "stroke-opacity",
                                  "opacity",
                                  "font-family",
                                  "font-size",
                                  "font-weight",
                                  "font-style",
                                  "text-anchor",
                                  "class"};
constexpr std::size_t k_max_depth = 64;

bool listed(const auto& list, std::string_view name) {
  return std::ranges::find(list, name) != list.end();
}

// A value that could name a resource: url(...), a script or data URL, an entity trick.
bool suspicious(std::string_view value) {
  std::string lower;
  for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("url(") != std::string::npos || lower.find("javascript:") != std::string::npos ||
         lower.find("data:") != std::string::npos || lower.find("expression(") != std::string::npos;
}

void write(std::string& out, const pugi::xml_node& node, std::size_t depth) {
  if (depth > k_max_depth) return;
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += html_escape(child.value());
      continue;
    }
    if (child.type() != pugi::node_element) continue;  // comments, processing instructions, doctype
    const std::string_view name = child.name();
    if (name == "a") {
      write(out, child, depth + 1);
      continue;
    }
    if (!listed(k_elements, name)) continue;
    out += "<" + std::string(name);
    for (auto a : child.attributes()) {
      if (!listed(k_attributes, a.name()) || suspicious(a.value())) continue;
      out += " " + std::string(a.name()) + "=\"" + html_escape(a.value()) + "\"";
    }
    out += ">";
    write(out, child, depth + 1);
    out += "</" + std::string(name) + ">";
  }
}

Error svg_error(std::string message) {
  return Error{"render.svg", "svg", std::move(message), "install Graphviz (Debian: graphviz) and render again"};
}

}  // namespace

Result<std::string> sanitize_svg(std::string_view svg) {
  if (svg.size() > k_inline_svg_max)
    return std::unexpected(svg_error("the picture is " + std::to_string(svg.size()) + " bytes, more than inlined"));
  pugi::xml_document doc;
  // No DTD is read and no entity beyond XML's own expanded (pugixml never fetches).
  auto parsed = doc.load_buffer(svg.data(), svg.size(), pugi::parse_default);
  if (!parsed) return std::unexpected(svg_error(std::string("not XML: ") + parsed.description()));
  auto root = doc.document_element();
  if (std::string_view(root.name()) != "svg") return std::unexpected(svg_error("the root element is not <svg>"));
  std::string out = "<svg role=\"img\"";
  for (auto a : root.attributes()) {
    const std::string_view n = a.name();
    if ((n == "viewBox" || n == "width" || n == "height") && !suspicious(a.value()))
      out += " " + std::string(n) + "=\"" + html_escape(a.value()) + "\"";
  }
  out += ">";
  write(out, root, 0);
  out += "</svg>";
  return out;
}

}  // namespace adplan::render
