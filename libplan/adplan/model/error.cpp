#include <adplan/model/error.hpp>

namespace adplan {

std::string Error::to_string() const {
  std::string out;
  if (!field.empty()) {
    out += field;
    out += ": ";
  }
  out += message;
  if (!hint.empty()) {
    out += " (";
    out += hint;
    out += ")";
  }
  return out;
}

}  // namespace adplan
