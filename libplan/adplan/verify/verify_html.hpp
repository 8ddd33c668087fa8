#pragma once
// `adplan verify --html FILE`: the verification as one self-contained page a person opens, reads
// top to bottom and attaches to a ticket (the Remote Connectivity Analyzer's tree of steps). Drawn
// from the same VerifyResult as --json (one source of truth): the verdict and where and when it
// was judged; one section per client of the result, in the result's order, each method the client
// tried as a step with its status (colour and word), time, evidence (the checks on the host it
// asked, in <details>) and the findings about that host with their remedies; the verify path
// picture; every check; the findings sorted by severity, each id linked to its catalogue entry
// further down. Pure: no clock (`when` is given), no Graphviz (the SVG is given).
#include <adplan/verify/result.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace adplan::verify {

struct VerifyHtmlHeader {
  std::string target;      // what was named on the command line ("" when the plan named it)
  std::string domain;      // the SMTP domain walked
  std::string email;       // the address asked about
  std::string plan;        // "scenario 2, adplan.json"; "" for discovery only
  std::int64_t when = 0;   // seconds since the epoch (UTC) the run started
  std::string dns_server;  // "127.0.0.1:5353"; "" for the system's resolvers
  std::string version;     // "adplan 0.9.0 (git ...)"
  int total_ms = 0;
  int timeout_ms = 0;
  std::optional<std::string> picture;  // `dot -Tsvg` of verify --dot's graph (sanitised here)
  std::string picture_note;            // why there is none
};

std::string render_verify_html(const VerifyResult& r, const VerifyHtmlHeader& h);

// "2026-12-07 06:02:08 UTC"
std::string utc_text(std::int64_t unix_seconds);

// How a report names a client: "Outlook 2007-2013, external"; unknown ones by their JSON word.
std::string client_title(Client c);

}  // namespace adplan::verify
