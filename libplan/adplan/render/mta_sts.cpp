#include <adplan/render/mta_sts.hpp>

#include <adplan/render/internal/escape.hpp>

namespace adplan::render {
namespace {

std::string under(const std::string& dir, std::string_view file) {
  std::string d = dir;
  while (d.size() > 1 && d.ends_with('/')) d.pop_back();
  return d + "/" + std::string(file);
}

// The policy as one nginx string: nginx turns \r and \n inside a quoted parameter into CR and LF
// (ngx_conf_read_token), so the CRLF lines RFC 8461 3.2 asks for survive on one config line. The
// policy holds only "version: STSv1", the mode, host names and a number.
Result<std::string> nginx_policy(std::string_view policy) {
  std::string flat;
  for (char c : policy) {
    if (c == '\r')
      flat += "\\r";
    else if (c == '\n')
      flat += "\\n";
    else if (c == '"' || c == '\\' || c == '$' || static_cast<unsigned char>(c) < 0x20)
      return std::unexpected(Error{"render.unsafe-value", "mta_sts", "the policy holds a character nginx would change",
                                   "a planner defect"});
    else
      flat += c;
  }
  return "\"" + flat + "\"";
}

}  // namespace

std::vector<Artifact> render_mta_sts_policies(const Plan& p) {
  std::vector<Artifact> out;
  for (const auto& m : p.mta_sts) out.push_back({"mta-sts/" + m.domain.str() + ".txt", m.policy});
  return out;
}

Result<std::string> render_mta_sts_nginx(const Plan& p, const std::string& pki_dir) {
  std::string out =
      "# adplan: MTA-STS policy hosts (RFC 8461 3.3), scenario " + std::to_string(p.scenario) +
      "; include it in the http block.\n# Each serves https://mta-sts.<domain>/.well-known/mta-sts.txt as "
      "text/plain with CRLF lines.\n";
  for (const auto& m : p.mta_sts) {
    const auto* c = p.certificate(m.certificate);
    if (!c)
      return std::unexpected(Error{"render.mta-sts", m.domain.str(), "has no policy certificate", "a planner defect"});
    auto crt = nginx_quote(under(pki_dir, c->common_name.str() + ".crt"));
    auto key = nginx_quote(under(pki_dir, c->common_name.str() + ".key"));
    auto body = nginx_policy(m.policy);
    if (!crt) return std::unexpected(crt.error());
    if (!key) return std::unexpected(key.error());
    if (!body) return std::unexpected(body.error());
    out += "\n# " + m.domain.str() + ": mode " + std::string(mta_sts_mode_key(m.mode)) + ", id " + m.id +
           "\nserver {\n    listen 443 ssl;\n    listen [::]:443 ssl;\n    server_name " + m.policy_host.str() +
           ";\n    ssl_certificate " + *crt + ";\n    ssl_certificate_key " + *key +
           ";\n    location = /.well-known/mta-sts.txt {\n        default_type text/plain;\n        return 200 " +
           *body + ";\n    }\n    location / {\n        return 404;\n    }\n}\n";
  }
  return out;
}

}  // namespace adplan::render
