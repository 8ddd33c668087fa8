#include <adplan/verify/verify_html.hpp>

#include <adplan/model/finding_catalog.hpp>
#include <adplan/render/html_escape.hpp>
#include <adplan/render/html_page.hpp>
#include <adplan/render/html_svg.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>
#include <vector>

namespace adplan::verify {
namespace {

using render::html_badge;
using render::html_code;
using render::html_escape;
using render::html_id;
using render::Tone;

std::string esc(std::string_view s) {
  return render::html_value(s);
}

Tone tone_of(Outcome o) {
  switch (o) {
    case Outcome::Ok:
      return Tone::Ok;
    case Outcome::OkWithPrompts:
    case Outcome::CertificateWarning:
      return Tone::Warn;
    case Outcome::Failed:
      return Tone::Fail;
  }
  return Tone::Fail;
}

Tone tone_of(CheckStatus s) {
  switch (s) {
    case CheckStatus::Ok:
      return Tone::Ok;
    case CheckStatus::Timeout:
      return Tone::Warn;
    case CheckStatus::Skip:
      return Tone::Skip;
    case CheckStatus::Fail:
      return Tone::Fail;
  }
  return Tone::Fail;
}

Tone tone_of(Severity s) {
  return s == Severity::Error ? Tone::Fail : s == Severity::Warning ? Tone::Warn : Tone::Info;
}

// "https://mail.contoso.com:443/x" -> "mail.contoso.com"; "host:443 (addr)" -> "host".
std::string host_of(std::string_view s) {
  auto start = s.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  auto end = s.find_first_of(":/ ?", start);
  return std::string(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

// Whether a finding is about `host`: its subject is the host, a URL on it, or "host:port ...".
bool about(const Finding& f, const std::string& host) {
  const std::string& s = f.subject;
  return s == host || s.starts_with(host + ":") || s.starts_with(host + " ") ||
         s.find("//" + host + "/") != std::string::npos || s.find("//" + host + ":") != std::string::npos;
}

constexpr std::array k_methods{Method::Scp,          Method::RootHttps, Method::AutodiscoverHttps,
                               Method::HttpRedirect, Method::Srv,       Method::O365};

bool is_method(std::string_view token) {
  return std::ranges::any_of(k_methods, [&](Method m) { return to_string(m) == token; });
}

// One entry of a client's path, as the report shows it.
struct Step {
  std::string domain;  // the SMTP domain of this entry ("[moved@fabrikam.com] srv: ..." is fabrikam.com's)
  std::string method;  // "root-https", "scp", "redirectUrl", ...
  std::string note;    // how it ended, as the judge wrote it
  std::string text;    // the entry without the "[address] " prefix
  Tone tone = Tone::Fail;
  std::string word;
};

Step parse_step(const std::string& entry, const std::string& domain) {
  Step s{domain, "", "", entry, Tone::Fail, "failed"};
  if (entry.starts_with("[")) {
    auto close = entry.find("] ");
    if (close != std::string::npos) {
      auto at = entry.rfind('@', close);
      if (at != std::string::npos) s.domain = entry.substr(at + 1, close - at - 1);
      s.text = entry.substr(close + 2);
    }
  }
  const auto colon = s.text.find(": ");
  s.method = s.text.substr(0, std::min(colon, s.text.find(' ')));
  s.note = colon == std::string::npos ? "" : s.text.substr(colon + 2);
  return s;
}

// Each path entry with its status: skipped, the method the client ends with (its outcome), the
// follow-ups after it (POX redirects, the new address's discovery), and those that failed before.
std::vector<Step> steps_of(const ClientResult& c, const std::string& domain) {
  std::vector<Step> out;
  for (const auto& e : c.path) out.push_back(parse_step(e, domain));
  std::optional<std::size_t> ends;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool top = !c.path[i].starts_with("[") && !out[i].note.starts_with("skipped");
    if (!top || !is_method(out[i].method)) continue;
    if (succeeded(c.outcome) ? out[i].method == to_string(c.method) && !ends : c.outcome == Outcome::CertificateWarning)
      ends = i;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& s = out[i];
    if (s.note.starts_with("skipped")) {
      s.tone = Tone::Skip, s.word = "skipped";
    } else if (ends && i == *ends) {
      s.tone = tone_of(c.outcome);
      s.word = c.outcome == Outcome::Ok ? "works" : c.outcome == Outcome::OkWithPrompts ? "prompts" : "cert warning";
    } else if (ends && i > *ends) {
      s.tone = Tone::Info, s.word = "follow-up";
    } else {
      s.tone = Tone::Fail, s.word = i + 1 == out.size() ? "stops here" : "failed";
    }
  }
  return out;
}

// The hosts a step asked: by its method, and any URL the entry names.
std::vector<std::string> hosts_of(const Step& s, const VerifyResult& r) {
  std::vector<std::string> hosts;
  auto add = [&](std::string h) {
    if (!h.empty() && std::ranges::find(hosts, h) == hosts.end()) hosts.push_back(std::move(h));
  };
  if (s.method == "root-https") add(s.domain);
  if (s.method == "autodiscover-https" || s.method == "http-redirect") add("autodiscover." + s.domain);
  if (s.method == "srv") {
    add("_autodiscover._tcp." + s.domain);
    for (const auto& c : r.checks) {  // "0 0 443 mail.contoso.com, ..." in the srv check
      if (c.name != "srv" || c.subject != "_autodiscover._tcp." + s.domain || c.status != CheckStatus::Ok) continue;
      std::size_t pos = 0;
      while (pos < c.detail.size()) {
        auto end = c.detail.find(", ", pos);
        std::string rec = c.detail.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        auto last = rec.rfind(' ');
        if (last != std::string::npos) add(rec.substr(last + 1));
        if (end == std::string::npos) break;
        pos = end + 2;
      }
    }
  }
  for (std::size_t pos = 0; (pos = s.text.find("://", pos)) != std::string::npos; pos += 3) {
    auto begin = s.text.rfind(' ', pos);
    add(host_of(s.text.substr(begin == std::string::npos ? 0 : begin + 1)));
  }
  return hosts;
}

// A check's host: its subject's ("host", "host:443 (addr)", a URL).
std::string check_host(const Check& c) {
  return host_of(c.subject);
}

std::string checks_table(const std::vector<const Check*>& checks) {
  std::string out =
      "<table>\n<tr><th scope=\"col\">Status</th><th scope=\"col\">Check</th><th "
      "scope=\"col\">Subject</th><th scope=\"col\">Time</th><th scope=\"col\">Evidence</th></tr>\n";
  for (const auto* c : checks) {
    out += "<tr><td>" + html_badge(tone_of(c->status), to_string(c->status)) + "</td><td>" + esc(c->name) +
           "</td><td><code>" + esc(c->subject) + "</code></td><td class=\"ms\">" + std::to_string(c->ms) +
           " ms</td><td>" + esc(c->detail) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string finding_block(const Finding& f) {
  std::string out = "<div class=\"finding\">" + html_badge(tone_of(f.severity), to_string(f.severity)) +
                    " <a href=\"#" + html_id("catalog-", f.id) + "\"><code>" + esc(f.id) + "</code></a> " +
                    esc(f.subject) + "<p>" + esc(f.message) + "</p>";
  if (!f.remedy.empty()) out += "<p>Remedy:</p>" + html_code(f.remedy);
  if (!f.evidence.empty()) out += "<details><summary>Evidence</summary>" + html_code(f.evidence) + "</details>";
  return out + "</div>\n";
}

std::string client_section(const ClientResult& c, const VerifyResult& r, const VerifyHtmlHeader& h,
                           std::set<const Check*>& shown) {
  const std::string key(to_string(c.client));
  std::string out = "<section class=\"client " + std::string(render::html_tone_class(tone_of(c.outcome))) + "\" id=\"" +
                    html_id("client-", key) + "\">\n<h2>" + esc(client_title(c.client)) + " " +
                    html_badge(tone_of(c.outcome), to_string(c.outcome)) + "</h2>\n<p>" + esc(c.summary) + "</p>\n";
  out += "<dl class=\"meta\"><dt>Outcome</dt><dd><code>" + esc(to_string(c.outcome)) +
         "</code></dd><dt>Method</dt><dd><code>" + esc(to_string(c.method)) +
         "</code></dd><dt>Autodiscover URL</dt><dd>" + (c.url.empty() ? "none" : "<code>" + esc(c.url) + "</code>") +
         "</dd></dl>\n";
  for (const auto& p : c.prompts) out += "<p>" + html_badge(Tone::Warn, "prompt") + " " + esc(p) + "</p>\n";
  out += "<ol class=\"steps\">\n";
  for (const auto& s : steps_of(c, h.domain)) {
    std::vector<const Check*> checks;
    std::vector<const Finding*> findings;
    int ms = 0;
    for (const auto& host : hosts_of(s, r)) {
      for (const auto& ch : r.checks) {
        if (check_host(ch) != host || std::ranges::find(checks, &ch) != checks.end()) continue;
        checks.push_back(&ch);
        shown.insert(&ch);
        if (ch.name != "tcp" && ch.name != "tls") ms += ch.ms;  // inside the request's time
      }
      for (const auto& f : r.findings) {
        if (about(f, host) && std::ranges::find(findings, &f) == findings.end()) findings.push_back(&f);
      }
    }
    out += "<li>" + html_badge(s.tone, s.word) + " <code>" + esc(s.method) + "</code> " +
           (s.domain != h.domain ? "(" + esc(s.domain) + ") " : "") + esc(s.note) + " <span class=\"ms\">" +
           std::to_string(ms) + " ms</span>\n";
    if (!checks.empty() || !findings.empty()) {
      out += "<details><summary>Evidence: " + std::to_string(checks.size()) + " check(s), " +
             std::to_string(findings.size()) + " finding(s)</summary>\n";
      if (!checks.empty()) out += checks_table(checks);
      for (const auto* f : findings) out += finding_block(*f);
      out += "</details>\n";
    }
    out += "</li>\n";
  }
  if (c.path.empty()) out += "<li class=\"note\">No method tried.</li>\n";
  return out + "</ol>\n</section>\n";
}

std::string header(const VerifyResult& r, const VerifyHtmlHeader& h) {
  const auto errors = std::ranges::count(r.findings, Severity::Error, &Finding::severity);
  const auto warnings = std::ranges::count(r.findings, Severity::Warning, &Finding::severity);
  std::string out = "<header>\n<h1>Autodiscover for " + esc(h.domain) + " " +
                    html_badge(r.pass() ? Tone::Ok : Tone::Fail, r.pass() ? "pass" : "fail") + "</h1>\n";
  out += "<dl class=\"meta\">\n";
  auto row = [&](std::string_view k, const std::string& v_html) {
    out += "<dt>" + html_escape(k) + "</dt><dd>" + v_html + "</dd>\n";
  };
  row("Verdict", std::string("<strong id=\"verdict\">") + (r.pass() ? "PASS" : "FAIL") +
                     "</strong>: " + std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s)");
  row("Target", esc(h.target.empty() ? h.domain : h.target));
  row("Address asked about", esc(h.email));
  row("Plan", h.plan.empty() ? "none: discovery only" : esc(h.plan));
  row("When", esc(utc_text(h.when)));
  row("DNS server", h.dns_server.empty() ? "the system's resolvers" : esc(h.dns_server));
  row("Took", std::to_string(h.total_ms) + " ms (timeout " + std::to_string(h.timeout_ms) + " ms)");
  row("adplan", esc(h.version.empty() ? "adplan" : h.version));
  out += "</dl>\n<nav><ul>";
  for (const auto& c : r.clients)
    out +=
        "<li><a href=\"#" + html_id("client-", to_string(c.client)) + "\">" + esc(client_title(c.client)) + "</a></li>";
  out +=
      "<li><a href=\"#picture\">Picture</a></li><li><a href=\"#checks\">Checks</a></li><li><a "
      "href=\"#findings\">Findings</a></li></ul></nav>\n</header>\n";
  return out;
}

std::string picture(const VerifyHtmlHeader& h) {
  std::string out = "<section id=\"picture\" class=\"picture\">\n<h2>The verify path</h2>\n";
  if (h.picture) {
    if (auto svg = render::sanitize_svg(*h.picture))
      return out + *svg + "\n</section>\n";
    else
      return out + "<p class=\"note\">Picture omitted: " + esc(svg.error().message) + ".</p>\n</section>\n";
  }
  return out + "<p class=\"note\">Picture omitted: " +
         esc(h.picture_note.empty() ? "Graphviz's dot was not run" : h.picture_note) + ".</p>\n</section>\n";
}

std::string findings_table(const VerifyResult& r) {
  std::string out = "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (r.findings.empty()) return out + "<p>" + html_badge(Tone::Ok, "none") + " No findings.</p>\n</section>\n";
  std::vector<const Finding*> sorted;
  for (const auto& f : r.findings) sorted.push_back(&f);
  std::ranges::stable_sort(sorted, std::greater<>{}, [](const Finding* f) { return f->severity; });
  out +=
      "<table>\n<tr><th scope=\"col\">Severity</th><th scope=\"col\">Id</th><th scope=\"col\">Subject</th><th "
      "scope=\"col\">Message, remedy, evidence</th></tr>\n";
  for (const auto* f : sorted) {
    out += "<tr><td>" + html_badge(tone_of(f->severity), to_string(f->severity)) + "</td><td><a href=\"#" +
           html_id("catalog-", f->id) + "\"><code>" + esc(f->id) + "</code></a></td><td>" + esc(f->subject) +
           "</td><td>" + esc(f->message) + (f->remedy.empty() ? "" : html_code(f->remedy)) +
           (f->evidence.empty() ? "" : "<details><summary>Evidence</summary>" + html_code(f->evidence) + "</details>") +
           "</td></tr>\n";
  }
  out += "</table>\n<h2 id=\"catalogue\">What the findings mean</h2>\n<dl>\n";
  std::set<std::string> ids;
  for (const auto& f : r.findings) ids.insert(f.id);
  for (const auto& id : ids) {
    auto catalog = finding_catalog();
    auto it = std::ranges::find(catalog, std::string_view(id), &FindingInfo::id);
    out += "<dt id=\"" + html_id("catalog-", id) + "\"><code>" + esc(id) + "</code></dt><dd>" +
           (it == catalog.end() ? "not in adplan's catalogue" : esc(it->severity) + ": " + esc(it->meaning)) +
           "</dd>\n";
  }
  return out + "</dl>\n</section>\n";
}

}  // namespace

std::string utc_text(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unix_seconds}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  auto two = [](long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return std::to_string(static_cast<int>(ymd.year())) + "-" + two(static_cast<unsigned>(ymd.month())) + "-" +
         two(static_cast<unsigned>(ymd.day())) + " " + two(hms.hours().count()) + ":" + two(hms.minutes().count()) +
         ":" + two(hms.seconds().count()) + " UTC";
}

std::string client_title(Client c) {
  switch (c) {
    case Client::OutlookDomainJoined:
      return "Outlook 2007\u20132013, domain-joined";
    case Client::OutlookExternal:
      return "Outlook 2007\u20132013, external";
    case Client::Outlook2016:
      return "Outlook 2016 and later, Microsoft 365 Apps";
    case Client::ActiveSync:
      return "ActiveSync phones";
    case Client::AutodiscoverV2:
      return "Autodiscover v2 (Teams, Outlook for iOS and Android)";
  }
  return std::string(to_string(c));
}

std::string render_verify_html(const VerifyResult& r, const VerifyHtmlHeader& h) {
  std::string body = header(r, h) + "<main>\n";
  std::set<const Check*> shown;
  for (const auto& c : r.clients) body += client_section(c, r, h, shown);
  body += picture(h);
  body += "<section id=\"checks\">\n<h2>Every check</h2>\n<p>" + std::to_string(r.checks.size()) + " check(s); " +
          std::to_string(r.checks.size() - std::min(r.checks.size(), shown.size())) +
          " of them belong to no client step above (the plan's hosts, service URLs, phones' requests).</p>\n";
  std::vector<const Check*> all;
  for (const auto& c : r.checks) all.push_back(&c);
  body += checks_table(all) + "</section>\n";
  body += findings_table(r) + "</main>\n";
  body += "<footer>Written by " + esc(h.version.empty() ? "adplan" : h.version) +
          " (adplan verify --html): the same result as verify --json. One file: no script, nothing fetched.</footer>\n";
  return render::html_document("adplan verify " + h.domain + ": " + (r.pass() ? "pass" : "FAIL"), body);
}

}  // namespace adplan::verify
