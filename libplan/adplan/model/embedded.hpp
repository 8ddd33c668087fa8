#pragma once
// Data files compiled into the binary (scenarios/*.json, templates/*).
#include <span>
#include <string_view>

namespace adplan {

struct EmbeddedFile {
  std::string_view path;  // relative to its source folder, e.g. "2.json"
  std::string_view content;
};

namespace embedded {
std::span<const EmbeddedFile> scenarios();
std::span<const EmbeddedFile> templates();
}  // namespace embedded

}  // namespace adplan
