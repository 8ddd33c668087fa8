#include <adplan/probe/acme_directory.hpp>

#include <adplan/model/sanitize.hpp>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace adplan::probe {
namespace {

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

struct Sink {
  std::string body;
  std::size_t max = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  if (s->body.size() + size * n > s->max) {
    s->too_large = true;
    return 0;  // curl stops the transfer: CURLE_WRITE_ERROR
  }
  s->body.append(data, size * n);
  return size * n;
}

Error error(std::string code, const std::string& url, std::string message, std::string hint) {
  return Error{std::move(code), "--acme-directory", "\"" + url + "\": " + std::move(message), std::move(hint)};
}

}  // namespace

Result<AcmeDirectoryCheck> parse_acme_directory_document(std::string_view url, std::string_view body) {
  const std::string u(url);
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::unexpected(error("acme.directory-not-json", u,
                                 "the directory is not a JSON object (RFC 8555 7.1.1); it starts with \"" +
                                     truncate_display(to_valid_utf8(std::string(body.substr(0, 40))), 40) + "\"",
                                 "check the URL: it is the CA's ACME directory, for example " +
                                     std::string("https://acme-v02.api.letsencrypt.org/directory")));
  }
  AcmeDirectoryCheck out;
  out.url = u;
  std::string missing;
  for (auto [key, field] :
       {std::pair{"newNonce", &out.new_nonce}, {"newAccount", &out.new_account}, {"newOrder", &out.new_order}}) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string() || !it->get<std::string>().starts_with("https://") ||
        it->get<std::string>().size() > 2000) {
      missing += (missing.empty() ? "" : ", ") + std::string(key);
      continue;
    }
    *field = it->get<std::string>();
  }
  if (!missing.empty()) {
    return std::unexpected(error("acme.directory-incomplete", u,
                                 "the directory has no https URL for " + missing + " (RFC 8555 7.1.1)",
                                 "this is not an ACME (RFC 8555) directory: use the CA's ACME v2 directory URL"));
  }
  if (auto meta = doc.find("meta"); meta != doc.end() && meta->is_object()) {
    if (auto tos = meta->find("termsOfService"); tos != meta->end() && tos->is_string()) {
      out.terms_of_service = truncate_display(to_valid_utf8(tos->get<std::string>()), 200);
    }
  }
  return out;
}

Result<AcmeDirectoryCheck> check_acme_directory(const std::string& url, const AcmeDirectoryOptions& options) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return std::unexpected(Error{"internal.curl", {}, "curl_easy_init failed", {}});
  CURL* c = curl.get();
  Sink sink{{}, options.max_bytes, false};
  char errbuf[CURL_ERROR_SIZE] = {};
  const long ms = std::max(1L, static_cast<long>(options.timeout.count()));  // curl reads 0 as "no limit"
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");  // RFC 8555 6.1: HTTPS only
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "adplan-acme (directory check)");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  if (options.ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file->c_str());
  const auto start = std::chrono::steady_clock::now();
  CURLcode rc = curl_easy_perform(c);
  const int elapsed = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
  const std::string seconds = std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return std::unexpected(error("acme.directory-too-large", url,
                                 "the answer is larger than " + std::to_string(options.max_bytes / 1024) +
                                     " KiB; an ACME directory is a few hundred bytes",
                                 "check the URL: it is the CA's ACME directory"));
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return std::unexpected(error("acme.directory-timeout", url, "no complete answer within " + seconds,
                                 "check that the CA is reachable from here (proxy, firewall), or raise --timeout"));
  }
  if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CACERT_BADFILE) {
    return std::unexpected(error("acme.directory-tls", url,
                                 "TLS failed: " + truncate_display(to_valid_utf8(errbuf), 200),
                                 "a test CA (pebble) needs its root: --ca-file ROOT.pem"));
  }
  if (rc != CURLE_OK) {
    return std::unexpected(
        error("acme.directory-unreachable", url,
              std::string(curl_easy_strerror(rc)) + ": " + truncate_display(to_valid_utf8(errbuf), 200),
              "check the URL and that the CA is reachable from here"));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return std::unexpected(error("acme.directory-status", url, "HTTP status " + std::to_string(status) + ", not 200",
                                 "check the URL: it is the CA's ACME directory"));
  }
  auto out = parse_acme_directory_document(url, sink.body);
  if (out) out->ms = elapsed;
  return out;
}

}  // namespace adplan::probe
