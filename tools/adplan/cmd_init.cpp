// adplan init: writes adplan.json from flags (or answers at a terminal), never clobbering.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/deployment_json.hpp>
#include <adplan/scenario/scenario.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace adplan::cli {
namespace {

struct InitOptions {
  std::optional<int> scenario;
  std::optional<std::string> exchange;
  std::vector<std::string> domains;
  std::optional<std::string> external_host;
  std::optional<std::string> autodiscover_host;
  std::optional<std::string> internal_domain;
  std::vector<std::string> servers;       // NAME,FQDN,IP[,SITE[,SECONDARY_IP]]
  std::optional<std::string> secondary_ip;
  std::optional<std::string> public_ip;
  std::optional<std::string> secondary_public_ip;
  std::optional<std::string> ca;
  std::optional<std::string> services;    // comma-separated
  std::optional<std::string> org, unit, locality, state, country;
  std::optional<unsigned> dns_ttl;
  std::string output = "adplan.json";
  bool force = false;
  bool yes = false;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

// Asks at a terminal; returns the default on an empty answer or end of input.
std::string ask(Context& ctx, const std::string& question, const std::string& def) {
  ctx.out << question << " [" << def << "]: " << std::flush;
  std::string line;
  if (!std::getline(ctx.in, line)) return def;
  auto b = line.find_first_not_of(" \t\r");
  if (b == std::string::npos) return def;
  auto e = line.find_last_not_of(" \t\r");
  return line.substr(b, e - b + 1);
}

int run_init(Context& ctx, InitOptions o) {
  const std::filesystem::path out = o.output;
  if (!o.force && !refuse_existing(std::span(&out, 1)).empty()) {
    ctx.err << "adplan: error: " << out.string() << ": already exists; nothing was written "
            << "(use --force to replace it, or -o FILE to write elsewhere)\n";
    return k_exit_usage;
  }
  const bool prompt = ctx.interactive && !o.yes;
  std::vector<std::string> defaulted;
  auto fill = [&](std::optional<std::string>& value, const std::string& question, const std::string& def,
                  const char* flag) {
    if (value) return;
    if (prompt) {
      value = ask(ctx, question, def);
    } else {
      value = def;
      defaulted.push_back(std::string(flag) + " " + def);
    }
  };

  if (!o.scenario) {
    if (prompt) {
      ctx.out << requirements_table({1, 2, 3, 4});
      std::string answer = ask(ctx, "Scenario (1-4, see `adplan scenarios`)", "1");
      try {
        o.scenario = std::stoi(answer);
      } catch (const std::exception&) {
        ctx.err << "adplan: error: scenario: \"" << answer << "\" is not a scenario (use 1, 2, 3 or 4)\n";
        return k_exit_usage;
      }
    } else {
      o.scenario = 1;
      defaulted.push_back("--scenario 1");
    }
  }
  const Scenario* scen = find_scenario(*o.scenario);
  if (!scen) {
    ctx.err << "adplan: error: --scenario: " << *o.scenario << " is not a scenario (use 1, 2, 3 or 4; see `adplan scenarios`)\n";
    return k_exit_usage;
  }
  const bool two_sites = scen->requirements.secondary_ip;

  if (o.domains.empty()) {
    std::optional<std::string> d;
    fill(d, "Primary SMTP domain", "contoso.com", "--domain");
    o.domains.push_back(*d);
  }
  const std::string domain = o.domains.front();
  fill(o.external_host, "External host name (OWA, Outlook Anywhere)", "mail." + domain, "--external-host");
  fill(o.autodiscover_host, "Autodiscover host name", "autodiscover." + domain, "--autodiscover-host");
  if (o.servers.empty()) {
    std::optional<std::string> s;
    fill(s, "Client Access server NAME,FQDN,IP[,SITE]", "CAS01,cas01." + (o.internal_domain ? *o.internal_domain : domain) + ",192.0.2.10",
         "--server");
    o.servers.push_back(*s);
  }
  fill(o.public_ip, "Public IP of the Default Web Site", "203.0.113.10", "--public-ip");
  if (two_sites) {
    fill(o.secondary_public_ip, "Second public IP (Autodiscover site)", "203.0.113.11", "--secondary-public-ip");
  }
  fill(o.ca, "Certificate source (public|internal)", "public", "--ca");

  nlohmann::json doc;
  doc["version"] = 1;
  doc["scenario"] = *o.scenario;
  doc["exchange"] = o.exchange.value_or("2019");
  doc["domains"] = o.domains;
  doc["external_host"] = *o.external_host;
  doc["autodiscover_host"] = *o.autodiscover_host;
  if (o.internal_domain) doc["internal_domain"] = *o.internal_domain;
  Errors usage;
  doc["servers"] = nlohmann::json::array();
  for (std::size_t i = 0; i < o.servers.size(); ++i) {
    auto parts = split(o.servers[i], ',');
    std::string at = "--server #" + std::to_string(i + 1);
    if (parts.size() < 3 || parts.size() > 5) {
      usage.push_back({"input.usage", at, "\"" + o.servers[i] + "\" is not NAME,FQDN,IP[,SITE[,SECONDARY_IP]]",
                       "for example --server CAS01,cas01.contoso.com,192.0.2.10,Default-First-Site-Name"});
      continue;
    }
    nlohmann::json s{{"name", parts[0]}, {"fqdn", parts[1]}, {"ip", parts[2]}};
    if (parts.size() > 3 && !parts[3].empty()) s["site"] = parts[3];
    if (parts.size() > 4 && !parts[4].empty()) s["secondary_ip"] = parts[4];
    doc["servers"].push_back(s);
  }
  if (!usage.empty()) {
    print_errors(ctx, usage);
    return k_exit_usage;
  }
  if (o.secondary_ip) {
    doc["servers"][0]["secondary_ip"] = *o.secondary_ip;
  } else if (two_sites && !doc["servers"][0].contains("secondary_ip")) {
    std::optional<std::string> sec;
    fill(sec, "Second IP address on " + doc["servers"][0]["name"].get<std::string>(), "192.0.2.11", "--secondary-ip");
    doc["servers"][0]["secondary_ip"] = *sec;
  }
  doc["public_ip"] = *o.public_ip;
  if (o.secondary_public_ip) doc["secondary_public_ip"] = *o.secondary_public_ip;
  doc["ca"] = *o.ca;
  if (o.services) doc["services"] = split(*o.services, ',');
  nlohmann::json subject = nlohmann::json::object();
  if (o.org) subject["O"] = *o.org;
  if (o.unit) subject["OU"] = *o.unit;
  if (o.locality) subject["L"] = *o.locality;
  if (o.state) subject["ST"] = *o.state;
  if (o.country) subject["C"] = *o.country;
  if (!subject.empty()) doc["subject"] = subject;
  if (o.dns_ttl) doc["dns_ttl"] = *o.dns_ttl;

  auto d = deployment_from_json(doc);
  if (!d) {
    print_errors(ctx, d.error());
    return k_exit_usage;
  }
  Plan p = make_plan(*d, *scen, PlanOptions{ctx.today()});
  if (auto w = write_file_atomic(out, to_json_text(*d), {0644, o.force}); !w) {
    print_errors(ctx, {w.error()});
    return k_exit_usage;
  }
  ctx.out << "wrote " << out.string() << ": scenario " << scen->id << " - " << scen->title << "\n";
  if (!defaulted.empty()) {
    ctx.out << "not given, taken from the built-in contoso.com example:";
    for (const auto& d2 : defaulted) ctx.out << " " << d2 << ";";
    ctx.out << "\n";
  }
  ctx.out << "\n" << requirements_table({scen->id});
  if (!p.findings.empty()) {
    ctx.out << "\nplan findings:\n";
    print_findings(ctx, p.findings);
  }
  ctx.out << "\nnext: adplan plan" << (out == "adplan.json" ? "" : " --plan " + out.string())
          << "   (then: adplan csr, adplan render)\n";
  return k_exit_ok;
}

}  // namespace

void register_init(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "write adplan.json: the organisation and the chosen scenario");
  cmd->add_option("--scenario", o->scenario, "scenario 1-4 (see `adplan scenarios`)");
  cmd->add_option("--exchange", o->exchange, "Exchange version: 2007, 2010, 2013, 2016, 2019 (default) or SE");
  cmd->add_option("--domain", o->domains, "SMTP domain (repeatable; the first is primary)");
  cmd->add_option("--external-host", o->external_host, "host name clients use from the Internet (default mail.<domain>)");
  cmd->add_option("--autodiscover-host", o->autodiscover_host, "Autodiscover host (default autodiscover.<domain>)");
  cmd->add_option("--internal-domain", o->internal_domain, "Active Directory namespace when it differs (contoso.local)");
  cmd->add_option("--server", o->servers, "Client Access server NAME,FQDN,IP[,SITE[,SECONDARY_IP]] (repeatable)");
  cmd->add_option("--secondary-ip", o->secondary_ip, "second IP of the first server (scenarios 3, 4)");
  cmd->add_option("--public-ip", o->public_ip, "public IP of the Default Web Site");
  cmd->add_option("--secondary-public-ip", o->secondary_public_ip, "second public IP (scenarios 3, 4)");
  cmd->add_option("--ca", o->ca, "certificate source: public (default) or internal");
  cmd->add_option("--services", o->services, "published services, comma-separated: ews,oab,um,outlook-anywhere,owa,ecp,activesync");
  cmd->add_option("--org", o->org, "certificate subject O");
  cmd->add_option("--org-unit", o->unit, "certificate subject OU");
  cmd->add_option("--locality", o->locality, "certificate subject L");
  cmd->add_option("--state", o->state, "certificate subject ST");
  cmd->add_option("--country", o->country, "certificate subject C (two letters)");
  cmd->add_option("--dns-ttl", o->dns_ttl, "TTL of planned DNS records in seconds (default 3600)");
  cmd->add_option("-o,--output", o->output, "file to write (default ./adplan.json)");
  cmd->add_flag("--force", o->force, "replace an existing file");
  cmd->add_flag("-y,--yes", o->yes, "ask nothing: the built-in example fills what the flags do not give");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_init(ctx, *o); }; });
}

}  // namespace adplan::cli
