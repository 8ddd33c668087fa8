#include <adplan/model/display_name.hpp>

#include <adplan/model/echo.hpp>

#include <algorithm>

namespace adplan {

namespace {

bool allowed(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view(" .-_'(),&").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

Result<std::string> parse_display_name(std::string_view text) {
  if (text.size() > k_display_name_max || !std::ranges::all_of(text, allowed)) {
    return std::unexpected(Error{"input.display-name", "", quote_value(text) + " is not a display name adplan accepts",
                                 "up to 64 letters, digits, spaces or . - _ ' ( ) , &"});
  }
  return std::string(text);
}

}  // namespace adplan
