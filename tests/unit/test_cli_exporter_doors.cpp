// Issue 23: the exporter's door series -- success per (door, host), 1 only when every address
// passed, and the earliest notAfter the door's addresses presented.
#include "exporter_metrics.hpp"

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
  const std::string text = cli::probe_metrics(&r, &obs, 1.5);
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
  CHECK(cli::probe_metrics(&none, &obs, 1.0).find("adplan_door_") == std::string::npos);
}

TEST_CASE("exporter: adplan_dane_match per MX host, only where there is something to judge") {
  verify::VerifyResult r;
  r.dane.push_back({"mx1.contoso.com", "secure", {"3 1 1 aa"}, "aa", 1});
  r.dane.push_back({"mx2.contoso.com", "secure", {"3 1 1 aa"}, "bb", 0});
  r.dane.push_back({"mx3.contoso.com", "bogus", {}, "", 0});
  r.dane.push_back({"mx4.contoso.com", "insecure", {}, "cc", -1});
  observe::Observations obs;
  const std::string text = cli::probe_metrics(&r, &obs, 1.0);
  CHECK(text.find("# TYPE adplan_dane_match gauge") != std::string::npos);
  CHECK(text.find("adplan_dane_match{mx=\"mx1.contoso.com\"} 1") != std::string::npos);
  CHECK(text.find("adplan_dane_match{mx=\"mx2.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find("adplan_dane_match{mx=\"mx3.contoso.com\"} 0") != std::string::npos);
  CHECK(text.find("mx4.contoso.com") == std::string::npos);
  verify::VerifyResult none;
  CHECK(cli::probe_metrics(&none, &obs, 1.0).find("adplan_dane_match") == std::string::npos);
}
