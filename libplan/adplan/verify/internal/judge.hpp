#pragma once
// The judge's parts, each turning one kind of observation into findings. Internal to
// libplan/verify; verify() in verify.hpp is the entry point.
#include <adplan/observe/observations.hpp>
#include <adplan/verify/expectations.hpp>
#include <adplan/verify/internal/certificate_problems.hpp>
#include <adplan/verify/result.hpp>

#include <span>
#include <string>
#include <vector>

namespace adplan::verify {

struct Judge {
  const observe::Observations& obs;
  const Expectations& expect;
  ClockRules clock;
  std::vector<Finding> findings;

  void add(std::string id, Severity severity, std::string subject, std::string message, std::string remedy,
           std::string evidence = {});
  // Where the plan puts Autodiscover (or, without a plan, nowhere: discovery decides).
  [[nodiscard]] bool planned_https(const std::string& host) const { return expect.https_hosts.contains(host); }
  [[nodiscard]] bool planned_redirect(const std::string& host) const { return expect.redirect_hosts.contains(host); }
};

void judge_dns(Judge& j);  // dns.no-address, dns.address-mismatch, dns.timeout
void judge_srv(Judge& j);  // dns.srv-missing, dns.srv-port, dns.srv-target
void judge_caa(Judge& j);  // dns.caa-forbids, dns.caa-missing, dns.caa-lookup-failed (verify/judge_caa.cpp)
void judge_https(
    Judge& j);  // tcp.unreachable, tls.*, root.certificate-warning, http.*, autodiscover.*, tcp/tls/http.timeout
void judge_redirect(Judge& j);  // redirect.*, and the https hop it leads to
// scp.* (verify --ldap): the directory's SCPs and what their URLs answer
void judge_scp(Judge& j, const Plan* plan);

// Transport failures and certificate problems of one https request; returns whether the
// connection got far enough for the POST's answer to be judged.
bool judge_connection(Judge& j, const observe::HttpExchange& ex, const std::string& host, bool planned, bool root);
// The POST's answers (unauthenticated, then with credentials) on one https endpoint.
void judge_post(Judge& j, const std::vector<observe::HttpExchange>& exchanges, const std::string& subject,
                bool planned);

std::vector<Check> make_checks(const observe::Observations& obs);

// Issue 11 (judge_services.cpp): service.*, o365.*, autodiscover.redirect-loop and the checks of
// the service URLs, Exchange Online and POX redirects; --exclude's softening of the findings a
// policy value makes harmless for Outlook 2016 and later.
void judge_outlook(Judge& j);
void outlook_checks(const observe::Observations& obs, std::vector<Check>& out);
void apply_exclusions(std::vector<Finding>& findings, std::span<const Method> exclude);

std::string url_of(const std::string& host);  // https://<host>/autodiscover/autodiscover.xml

}  // namespace adplan::verify
