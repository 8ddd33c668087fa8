#include <adplan/observe/url.hpp>

#include <adplan/model/text.hpp>
#include <algorithm>
#include <cctype>

#include <charconv>

namespace adplan::observe {
namespace {

std::string lower(std::string_view s) {
  return ascii_lower(s);
}

}  // namespace

std::string Url::str() const {
  bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + (default_port ? "" : ":" + std::to_string(port)) + path;
}

std::optional<Url> parse_url(std::string_view text) {
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  Url u;
  u.scheme = lower(text.substr(0, sep));
  if (u.scheme != "http" && u.scheme != "https") return std::nullopt;
  auto rest = text.substr(sep + 3);
  auto slash = rest.find_first_of("/?#");
  auto authority = rest.substr(0, slash);
  u.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (u.path.front() != '/') u.path.insert(0, "/");
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view port_text;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    u.host = lower(authority.substr(1, close - 1));
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    u.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (u.host.empty()) return std::nullopt;
  if (!u.host.empty() && u.host.back() == '.') u.host.pop_back();
  u.port = u.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), p);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || p < 1 || p > 65535) return std::nullopt;
    u.port = p;
  }
  return u;
}

std::optional<Url> resolve_location(const Url& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return parse_url(location);
  if (location.starts_with("//")) return parse_url(base.scheme + ":" + std::string(location));
  if (!location.starts_with("/")) return std::nullopt;  // relative paths: not used by Exchange
  Url u = base;
  u.path = std::string(location);
  return u;
}

bool is_autodiscover_path(std::string_view path) {
  return lower(path) == "/autodiscover/autodiscover.xml";
}

bool same_url(std::string_view a, std::string_view b) {
  auto ua = parse_url(a);
  auto ub = parse_url(b);
  if (!ua || !ub) return lower(a) == lower(b);
  return lower(ua->str()) == lower(ub->str());
}

}  // namespace adplan::observe
