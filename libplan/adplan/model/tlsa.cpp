#include <adplan/model/tlsa.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace adplan {
namespace {

const std::string k_none;

// One unsigned field of at most three digits (an RDATA octet, RFC 6698 2.1).
std::optional<int> octet_field(std::string_view f) {
  int n = -1;
  if (f.empty() || f.size() > 3) return std::nullopt;
  auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), n);
  if (ec != std::errc{} || p != f.data() + f.size() || n > 255) return std::nullopt;
  return n;
}

std::vector<std::string_view> fields(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

// The length of a digest in hex digits; 0 for exact data (any length).
std::size_t digest_hex_length(int matching) {
  return matching == 1 ? 64 : matching == 2 ? 128 : 0;
}

Error tlsa_error(std::string_view text, std::string message) {
  return Error{"input.tlsa", "", "\"" + std::string(text) + "\" " + std::move(message),
               "usage selector matching, for example \"3 1 1\" (DANE-EE, the key, SHA-256)"};
}

}  // namespace

std::string TlsaParams::str() const {
  return std::to_string(usage) + " " + std::to_string(selector) + " " + std::to_string(matching);
}

Result<TlsaParams> parse_tlsa_params(std::string_view text) {
  auto f = fields(text);
  if (f.size() != 3) return std::unexpected(tlsa_error(text, "is not three numbers"));
  auto u = octet_field(f[0]), s = octet_field(f[1]), m = octet_field(f[2]);
  if (!u || !s || !m) return std::unexpected(tlsa_error(text, "is not three numbers from 0 to 255"));
  if (*u != k_tlsa_dane_ta && *u != k_tlsa_dane_ee)
    return std::unexpected(tlsa_error(
        text, "has usage " + std::to_string(*u) + "; SMTP senders use only 2 (DANE-TA) and 3 (DANE-EE), RFC 7672 3.1"));
  if (*s > 1)
    return std::unexpected(tlsa_error(text, "has selector " + std::to_string(*s) + "; 0 or 1 (RFC 6698 2.1.2)"));
  if (*m != 1 && *m != 2)
    return std::unexpected(
        tlsa_error(text, "has matching type " + std::to_string(*m) + "; plan a digest, 1 (SHA-256) or 2 (SHA-512)"));
  return TlsaParams{*u, *s, *m};
}

Result<std::vector<TlsaParams>> parse_tlsa_param_list(std::string_view text) {
  std::vector<TlsaParams> out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    auto p = parse_tlsa_params(item);
    if (!p) return std::unexpected(p.error());
    if (std::ranges::find(out, *p) != out.end())
      return std::unexpected(tlsa_error(item, "is listed twice; list each usage, selector and matching type once"));
    out.push_back(*p);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string TlsaRecord::str() const {
  return params().str() + " " + data;
}

Result<TlsaRecord> parse_tlsa_record(std::string_view text) {
  auto f = fields(text);
  if (f.size() < 4) return std::unexpected(tlsa_error(text, "is not usage, selector, matching type and data"));
  auto u = octet_field(f[0]), s = octet_field(f[1]), m = octet_field(f[2]);
  if (!u || !s || !m) return std::unexpected(tlsa_error(text, "does not start with three numbers from 0 to 255"));
  TlsaRecord r{*u, *s, *m, {}};
  for (std::size_t i = 3; i < f.size(); ++i) {
    for (char c : f[i]) {
      if (!std::isxdigit(static_cast<unsigned char>(c)))
        return std::unexpected(tlsa_error(text, "has data that is not hexadecimal"));
      r.data += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (r.data.size() % 2 != 0) return std::unexpected(tlsa_error(text, "has an odd number of hex digits"));
  return r;
}

bool tlsa_usable(const TlsaRecord& r) {
  if (r.usage != k_tlsa_dane_ta && r.usage != k_tlsa_dane_ee) return false;  // RFC 7672 3.1.3
  if (r.selector > 1 || r.matching > 2 || r.data.empty()) return false;      // unknown parameters: unusable
  const std::size_t want = digest_hex_length(r.matching);
  return want == 0 || r.data.size() == want;
}

std::string tlsa_owner(std::string_view mx_host, int port) {
  std::string host(mx_host);
  if (host.ends_with('.')) host.pop_back();
  return "_" + std::to_string(port) + "._tcp." + host;
}

const std::string& TlsaDigests::data(int selector, int matching) const {
  if (selector == 0)
    return matching == 0 ? cert_full : matching == 1 ? cert_sha256 : matching == 2 ? cert_sha512 : k_none;
  if (selector == 1)
    return matching == 0 ? spki_full : matching == 1 ? spki_sha256 : matching == 2 ? spki_sha512 : k_none;
  return k_none;
}

std::optional<TlsaRecord> tlsa_record_for(const TlsaDigests& d, TlsaParams p) {
  const std::string& data = d.data(p.selector, p.matching);
  if (data.empty()) return std::nullopt;
  return TlsaRecord{p.usage, p.selector, p.matching, data};
}

DaneMatch dane_match(std::span<const TlsaRecord> records, const DaneCandidate& peer) {
  DaneMatch out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (!tlsa_usable(r)) continue;
    ++out.usable;
    if (out.record || peer.chain.empty()) continue;
    if (r.usage == k_tlsa_dane_ee) {
      // RFC 7672 3.1.1: only the leaf; its names, dates and issuer do not matter.
      if (peer.chain.front().data(r.selector, r.matching) == r.data) out.record = i;
      continue;
    }
    // DANE-TA: a certificate the server sent above the leaf (RFC 7671 5.2.2).
    for (std::size_t depth = 1; depth < peer.chain.size(); ++depth) {
      if (peer.chain[depth].data(r.selector, r.matching) != r.data) continue;
      bool linked = true;
      for (std::size_t k = 0; k < depth; ++k) linked = linked && peer.chain[k].signed_by_next;
      if (!linked) {
        out.notes.push_back("record " + r.str() + " names certificate " + std::to_string(depth) +
                            " of the chain, but the chain below it is not signed link by link");
      } else if (!peer.leaf_name_matches) {
        out.notes.push_back("record " + r.str() +
                            " names the issuer, but the leaf does not name the host (RFC 7672 3.2.2)");
      } else if (!peer.leaf_in_date) {
        out.notes.push_back("record " + r.str() + " names the issuer, but the leaf is expired or not yet valid");
      } else {
        out.record = i;
        out.depth = depth;
      }
      break;
    }
  }
  return out;
}

std::optional<std::size_t> tlsa_key_match(std::span<const TlsaRecord> records, const TlsaDigests& key) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.usage != k_tlsa_dane_ee || r.selector != 1 || !tlsa_usable(r)) continue;
    const std::string& data = key.data(1, r.matching);
    if (!data.empty() && data == r.data) return i;
  }
  return std::nullopt;
}

}  // namespace adplan
