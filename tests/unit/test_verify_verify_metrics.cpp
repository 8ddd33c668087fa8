// A verification as Prometheus metrics (verify/verify_metrics.hpp) and the text format's writer
// (render/prom_text.hpp). Issue 23: the exporter's door series -- success per (door, host), 1 only
// when every address passed, and the earliest notAfter the door's addresses presented.
#include <adplan/model/sanitize.hpp>
#include <adplan/render/prom_text.hpp>
#include <adplan/verify/verify_metrics.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace adplan;

TEST_CASE("exporter: adplan_door_success and adplan_door_certificate_expiry_timestamp_seconds per door and host") {
  verify::VerifyResult r;
  r.doors.push_back({"smtp", "mx1.contoso.com", "192.0.2.1", 25, true, "done", "starttls", "aa", 2000000000, 5});
  r.doors.push_back({"smtp", "mx1.contoso.com", "192.0.2.2", 25, false, "tls", "failed", "bb", 1900000000, 5});
  r.doors.push_back({"imap", "mail.contoso.com", "192.0.2.3", 993, true, "done", "implicit", "aa", 2000000000, 5});
  r.doors.push_back({"pop", "mail.contoso.com", "192.0.2.3", 110, false, "capability", "missing", "", 0, 5});
  observe::Observations obs;
  const std::string text = verify::probe_metrics(&r, &obs, 1.5);
  CHECK(text.find("# TYPE adplan_door_success gauge") != std::string::npos);
  CHECK(text.find("adplan_door_success{door=\"smtp\",host=\"mx1.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find("adplan_door_success{door=\"imap\",host=\"mail.contoso.com\"} 1") != std::string::npos);
  CHECK(text.find("adplan_door_success{door=\"pop\",host=\"mail.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find(
            "adplan_door_certificate_expiry_timestamp_seconds{door=\"smtp\",host=\"mx1.contoso.com\"} 1900000000") !=
        std::string::npos);
  // A door without TLS has no certificate: no expiry series for it.
  CHECK(text.find("adplan_door_certificate_expiry_timestamp_seconds{door=\"pop\"") == std::string::npos);
  verify::VerifyResult none;
  CHECK(verify::probe_metrics(&none, &obs, 1.0).find("adplan_door_") == std::string::npos);
}

TEST_CASE("exporter: adplan_dane_match per MX host, only where there is something to judge") {
  verify::VerifyResult r;
  r.dane.push_back({"mx1.contoso.com", "secure", {"3 1 1 aa"}, "aa", 1});
  r.dane.push_back({"mx2.contoso.com", "secure", {"3 1 1 aa"}, "bb", 0});
  r.dane.push_back({"mx3.contoso.com", "bogus", {}, "", 0});
  r.dane.push_back({"mx4.contoso.com", "insecure", {}, "cc", -1});
  observe::Observations obs;
  const std::string text = verify::probe_metrics(&r, &obs, 1.0);
  CHECK(text.find("# TYPE adplan_dane_match gauge") != std::string::npos);
  CHECK(text.find("adplan_dane_match{mx=\"mx1.contoso.com\"} 1") != std::string::npos);
  CHECK(text.find("adplan_dane_match{mx=\"mx2.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find("adplan_dane_match{mx=\"mx3.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find("mx4.contoso.com") == std::string::npos);
  verify::VerifyResult none;
  none.dane.push_back({"mx4.contoso.com", "insecure", {}, "cc", -1});
  CHECK(verify::probe_metrics(&none, &obs, 1.0).find("adplan_dane_match") == std::string::npos);
}

TEST_CASE("exporter: adplan_pool_member_certificate_info per member and adplan_pool_consistent per namespace") {
  verify::VerifyResult r;
  verify::PoolResult https{"mail.contoso.com", "https", 443, false, true, {}};
  https.members.push_back({"cas01", "192.0.2.1", false, true, 1, "aa", "t1", "01", 2000000000});
  https.members.push_back({"cas02", "192.0.2.2", false, true, 1, "aa", "t1", "01", 2000000000});
  // Unreachable: no certificate, no series.
  https.members.push_back({"cas03", "192.0.2.3", false, false, 1, "", "", "", 0});
  verify::PoolResult smtp{"mail.contoso.com", "smtp", 25, true, false, {}};
  smtp.members.push_back({"load balancer", "192.0.2.9", true, true, 2, "aa", "t1", "01", 2000000000});
  smtp.members.push_back({"load balancer", "192.0.2.9", true, true, 1, "bb", "t2", "02", 1900000000});
  verify::PoolResult other{"autodiscover.contoso.com", "https", 443, false, true, {}};
  other.members.push_back({"cas01", "192.0.2.1", false, true, 1, "cc", "t3", "03", 2000000000});
  r.pools = {https, smtp, other};
  observe::Observations obs;
  const std::string text = verify::probe_metrics(&r, &obs, 1.0);
  CHECK(text.find("# TYPE adplan_pool_member_certificate_info gauge") != std::string::npos);
  CHECK(text.find("adplan_pool_member_certificate_info{namespace=\"mail.contoso.com\",member=\"cas01\","
                  "fingerprint=\"aa\"} 1") != std::string::npos);
  CHECK(text.find("member=\"load balancer 192.0.2.9\",fingerprint=\"bb\"} 1") != std::string::npos);
  CHECK(text.find("member=\"cas03\"") == std::string::npos);
  // One door of the namespace disagrees: the namespace is not consistent; the other one is.
  CHECK(text.find("adplan_pool_consistent{namespace=\"mail.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find("adplan_pool_consistent{namespace=\"autodiscover.contoso.com\"} 1") != std::string::npos);
  verify::VerifyResult none;
  CHECK(verify::probe_metrics(&none, &obs, 1.0).find("adplan_pool_") == std::string::npos);
}

TEST_CASE("metrics: the text format escapes label values and keeps every byte valid UTF-8") {
  using render::prom_escape;
  CHECK(prom_escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  // 0xff, a surrogate's UTF-8 form, a C1 CSI, ESC and a right-to-left override: U+FFFD for the
  // ill-formed bytes, visible escapes for the controls, nothing raw.
  const std::string hostile = prom_escape("x\xff\xed\xa0\x80\xc2\x9b\x1b[2J\xe2\x80\xae.example");
  CHECK(is_valid_utf8(hostile));
  CHECK(hostile.find('\x1b') == std::string::npos);
  CHECK(hostile.find("\xc2\x9b") == std::string::npos);
  CHECK(hostile.find("\xe2\x80\xae") == std::string::npos);
  CHECK(hostile.find("\\\\u009b") != std::string::npos);  // \u009b, its backslash escaped
  render::PromText m;
  m.sample("x", {{"l", "v\n"}}, 1.5);
  m.sample("y", {}, 3);
  CHECK(m.str() == "x{l=\"v\\n\"} 1.5\ny 3\n");
}

TEST_CASE("metrics: a probe's success, duration, findings by id and clients by method") {
  verify::VerifyResult r;
  r.findings.push_back({"tls.name-mismatch", Severity::Error, "a", "m", "r", ""});
  r.findings.push_back({"tls.name-mismatch", Severity::Error, "b", "m", "r", ""});
  r.findings.push_back({"dns.srv-missing", Severity::Warning, "c", "m", "r", ""});
  r.clients.push_back(
      {verify::Client::OutlookExternal, verify::Method::Srv, "https://x", {}, verify::Outcome::Ok, "", {}});
  observe::Observations obs;
  const std::string text = verify::probe_metrics(&r, &obs, 0.25);
  CHECK(text.find("adplan_probe_success 0\n") != std::string::npos);
  CHECK(text.find("adplan_probe_duration_seconds 0.25\n") != std::string::npos);
  CHECK(text.find("adplan_finding{id=\"tls.name-mismatch\",severity=\"error\"} 2\n") != std::string::npos);
  CHECK(text.find("adplan_finding{id=\"dns.srv-missing\",severity=\"warning\"} 1\n") != std::string::npos);
  CHECK(text.find("adplan_client_method{client=\"outlook-external\",method=\"srv\"} 1\n") != std::string::npos);
  // Probes that could not run: success 0 and the duration, nothing else.
  const std::string none = verify::probe_metrics(nullptr, nullptr, 1);
  CHECK(none.find("adplan_probe_success 0\n") != std::string::npos);
  CHECK(none.find("adplan_finding") == std::string::npos);
}

TEST_CASE("metrics: the exporter's counters and the textfile of a bulk run") {
  const std::string own = verify::exporter_metrics({7, 2, 3, 1, 4});
  CHECK(own.find("# TYPE adplan_exporter_probes_total counter\nadplan_exporter_probes_total 7\n") != std::string::npos);
  CHECK(own.find("adplan_exporter_probes_failed_total 2\n") != std::string::npos);
  CHECK(own.find("adplan_exporter_refused_total 3\n") != std::string::npos);
  CHECK(own.find("adplan_exporter_busy_total 1\n") != std::string::npos);
  CHECK(own.find("# TYPE adplan_exporter_probes_in_flight gauge\nadplan_exporter_probes_in_flight 4\n") !=
        std::string::npos);
  verify::TextfileMetrics file;
  file.domain("a.example", true);
  file.domain("b.example", false);
  verify::BulkTotals t;
  t.done = 2;
  t.failed = 1;
  t.seconds = 1.5;
  const std::string text = file.finish(t, 1700000000);
  CHECK(text.find("adplan_probe_success{target=\"a.example\"} 1\nadplan_probe_success{target=\"b.example\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("adplan_verify_domains 2\n") != std::string::npos);
  CHECK(text.find("adplan_verify_domains_failed 1\n") != std::string::npos);
  CHECK(text.find("adplan_verify_duration_seconds 1.5\n") != std::string::npos);
  CHECK(text.find("adplan_verify_last_run_timestamp_seconds 1700000000\n") != std::string::npos);
}
