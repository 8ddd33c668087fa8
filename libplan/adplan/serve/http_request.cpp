#include <adplan/serve/http_request.hpp>

#include <cctype>
#include <charconv>

namespace adplan::serve {
namespace {

std::unexpected<Refusal> refuse(int status, std::string why) {
  return std::unexpected(Refusal{status, std::move(why)});
}

// RFC 9110 5.6.2: tchar.
bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// RFC 9110 5.5: a field value is visible characters, SP, HTAB and obs-text; no other control.
bool clean_value(std::string_view v) {
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

bool parse_query(std::string_view rest, std::map<std::string, std::string>& query) {
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    std::string k, v;
    if (!url_decode(pair.substr(0, eq), k)) return false;
    if (eq != std::string_view::npos && !url_decode(pair.substr(eq + 1), v)) return false;
    query.try_emplace(std::move(k), std::move(v));
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
  }
  return true;
}

// RFC 9112 3: method SP request-target SP HTTP-version, single spaces, origin-form target.
std::expected<void, Refusal> parse_request_line(std::string_view line, HttpRequest& req) {
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return refuse(400, "the request line is not METHOD TARGET HTTP/1.x");
  std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                   version = line.substr(sp2 + 1);
  if (!is_token(method)) return refuse(400, "the method is not a token");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return refuse(400, "only HTTP/1.0 and HTTP/1.1 are served");
  if (!target.starts_with('/')) return refuse(400, "the target is not a path (origin-form)");
  for (char c : target) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '#') return refuse(400, "the target holds a character a URI may not");
  }
  req.method = std::string(method);
  req.version = std::string(version);
  auto q = target.find('?');
  if (!url_decode(target.substr(0, q), req.path)) return refuse(400, "the path has a bad %-escape");
  if (q != std::string_view::npos && !parse_query(target.substr(q + 1), req.query))
    return refuse(400, "the query has a bad %-escape");
  return {};
}

}  // namespace

bool url_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      unsigned v = 0;
      if (i + 2 >= in.size()) return false;
      auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
      if (ec != std::errc{} || end != in.data() + i + 3) return false;
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return true;
}

// RFC 9112 2.2 allows a recipient to take a bare LF as a line end and obliges nothing for a bare
// CR; a front proxy may read either differently, so both are refused here.
std::expected<std::size_t, Refusal> head_end(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) return refuse(400, "a bare LF in the request head");
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] != '\n')
      return refuse(400, "a bare CR in the request head");
    if (bytes[i] == '\n' && i >= 3 && bytes.substr(i - 3, 4) == "\r\n\r\n") return i + 1;
  }
  return 0;
}

std::expected<HttpRequest, Refusal> parse_request_head(std::string_view head) {
  HttpRequest req;
  auto eol = head.find("\r\n");
  if (auto ok = parse_request_line(head.substr(0, eol), req); !ok) return std::unexpected(ok.error());
  int lengths = 0, hosts = 0;
  bool empty_body = true;
  while (eol != std::string_view::npos) {
    auto start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view line = head.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
    if (line.find_first_of("\r\n") != std::string_view::npos) return refuse(400, "a bare CR or LF in a header");
    // RFC 9112 5.2: obs-fold is rejected (400) or replaced; we reject.
    if (line.starts_with(' ') || line.starts_with('\t')) return refuse(400, "a folded header line (obs-fold)");
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return refuse(400, "a header line without a colon");
    // RFC 9112 5.1: no white space between the field name and the colon (400).
    if (!is_token(line.substr(0, colon))) return refuse(400, "a header name that is not a token");
    std::string name = lower(line.substr(0, colon));
    std::string_view value = trim_ows(line.substr(colon + 1));
    if (!clean_value(value)) return refuse(400, "a control character in the header " + name);
    // RFC 9112 6.1-6.3: a GET here has no body, so no framing may be asked for: a
    // Transfer-Encoding or a Content-Length but one "0" could be read differently by a proxy.
    if (name == "transfer-encoding") return refuse(400, "Transfer-Encoding: a GET has no body here");
    if (name == "content-length") {
      ++lengths;
      if (value != "0") empty_body = false;
    }
    if (name == "host") ++hosts;
    req.headers.try_emplace(std::move(name), value);
  }
  if (lengths > 1) return refuse(400, "Content-Length given more than once");
  // RFC 9112 3.2: a server responds 400 to an HTTP/1.1 request without Host or with more than one.
  if (hosts > 1 || (hosts == 0 && req.version == "HTTP/1.1"))
    return refuse(400, "an HTTP/1.1 request has exactly one Host header");
  if (req.method != "GET") return refuse(405, "GET only");
  if (!empty_body) return refuse(400, "Content-Length: a GET has no body here");
  return req;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

std::string format_response(const HttpResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + std::string(reason_phrase(r.status)) +
                    "\r\nContent-Type: " + r.content_type + "\r\nContent-Length: " + std::to_string(r.body.size()) +
                    "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n";
  if (r.status == 405) out += "Allow: GET\r\n";
  out += "\r\n";
  out += r.body;
  return out;
}

}  // namespace adplan::serve
