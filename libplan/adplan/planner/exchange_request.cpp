#include <adplan/planner/exchange_request.hpp>

#include <adplan/planner/powershell.hpp>

namespace adplan {
namespace {

// RFC 4514-style quoting as CertStrToName reads it: a value with a separator is put in
// double quotes, a double quote inside is doubled.
std::string rdn_value(const std::string& v) {
  if (v.find_first_of(",+=\";<>#") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string exchange_subject_name(const Subject& s, const HostName& cn) {
  std::string out;
  auto add = [&](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ", ";
    out += std::string(key) + "=" + rdn_value(value);
  };
  add("C", s.country);
  add("S", s.state);
  add("L", s.locality);
  add("O", s.organization);
  add("OU", s.unit);
  add("CN", cn.str());
  return out;
}

ExchangeRequest exchange_request_commands(const PlannedCertificate& cert, ExchangeVersion version,
                                          const Subject& subject, int key_bits, const std::string& server) {
  const auto& t = traits(version);
  std::vector<std::string> names;
  for (const auto& n : cert.sans) names.push_back(n.str());
  const std::string file = cert.common_name.str() + ".req";
  const std::string common = "New-ExchangeCertificate -GenerateRequest -SubjectName " +
                             ps_quote(exchange_subject_name(subject, cert.common_name)) + " -DomainName " +
                             ps_list(names) + " -KeySize " + std::to_string(key_bits) +
                             " -PrivateKeyExportable $true -FriendlyName " + ps_quote(cert.common_name.str());
  ExchangeRequest r;
  if (t.request_file) {
    // Exchange 2013 and later write the request themselves; -RequestFile takes a UNC path.
    r.request_path = "\\\\" + server + "\\c$\\pki\\" + file;
    r.generate.push_back(common + " -Server " + ps_quote(server) + " -RequestFile " + ps_quote(r.request_path));
    r.import_only = "Import-ExchangeCertificate -Server " + ps_quote(server) +
                    " -FileData ([System.IO.File]::ReadAllBytes(" +
                    ps_quote(r.request_path.substr(0, r.request_path.size() - 4) + ".crt") + "))";
  } else {
    // Exchange 2007 and 2010 return the request as text: save it with Set-Content.
    r.request_path = "C:\\pki\\" + file;
    r.generate.push_back("$request = " + common);
    r.generate.push_back("Set-Content -Path " + ps_quote(r.request_path) + " -Value $request");
    const std::string crt = "C:\\pki\\" + cert.common_name.str() + ".crt";
    r.import_only = version == ExchangeVersion::Ex2007
                        ? "Import-ExchangeCertificate -Path " + ps_quote(crt)
                        : "Import-ExchangeCertificate -FileData ([Byte[]]$(Get-Content -Path " + ps_quote(crt) +
                              " -Encoding Byte -ReadCount 0))";
  }
  r.import = r.import_only + " | Enable-ExchangeCertificate -Services IIS";
  return r;
}

Result<ExchangeRequest> exchange_request(const PlannedCertificate& cert, const ExchangeRequestOptions& o) {
  if (o.key.algorithm != KeyAlgorithm::Rsa) {
    return std::unexpected(Error{"input.key", "key",
                                 "\"" + o.key.str() +
                                     "\" cannot be made by New-ExchangeCertificate, which generates RSA "
                                     "keys only",
                                 "use --key rsa:2048 with --exchange, or drop --exchange to make the ECDSA key here"});
  }
  if (o.key.bits != 2048 && o.key.bits != 4096) {
    return std::unexpected(Error{"input.key", "key",
                                 "\"" + o.key.str() +
                                     "\": New-ExchangeCertificate -KeySize accepts 1024, 2048 or 4096 "
                                     "(and 1024 is refused by every CA today)",
                                 "use --key rsa:2048 or rsa:4096"});
  }
  return exchange_request_commands(cert, o.version, o.subject, static_cast<int>(o.key.bits), o.server);
}

}  // namespace adplan
