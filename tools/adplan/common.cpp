#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/io/file_set.hpp>
#include <adplan/io/graphviz.hpp>
#include <adplan/io/secret_file.hpp>
#include <adplan/io/signal_cleanup.hpp>
#include <adplan/model/deployment_json.hpp>
#include <adplan/model/display_name.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/planner/plan_json.hpp>
#include <adplan/scenario/scenario.hpp>

#include <algorithm>
#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <set>
#include <string_view>
#include <utility>

namespace adplan::cli {

std::string json_escape_controls(std::string text) {
  // In JSON text (ASCII structure, valid UTF-8) these byte sequences occur only inside strings,
  // as the characters themselves: "\u009b" there is the same string.
  auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned>(static_cast<unsigned char>(text[i])) : 0U;
  };
  auto escaped = [](unsigned c) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += k_hex[(c >> shift) & 0xFU];
    return out;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned b0 = byte(i), b1 = byte(i + 1), b2 = byte(i + 2);
    if (b0 == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) {  // C1 controls U+0080..U+009F
      out += escaped(b1);
      i += 1;
    } else if (b0 == 0xE2 && ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))) {
      out += escaped(0x2000U + ((b1 & 0x3FU) << 6) + (b2 & 0x3FU));  // U+202A..U+202E, U+2066..U+2069
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string style(const Context& ctx, std::string_view text, std::string_view sgr) {
  if (!ctx.color) return std::string(text);
  return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
}

namespace {
// Library errors name the field or parameter; on the command line it is the flag that set it.
std::string flag_of(const std::string& field) {
  static constexpr std::pair<std::string_view, std::string_view> k_flags[] = {
      {"ca_file", "--ca-file"}, {"chain", "--chain"},           {"csr", "--csr"},
      {"days", "--days"},       {"dns_server", "--dns-server"}, {"key", "--key"},
      {"prefix", "--prefix"},   {"upstream", "--upstream"},     {"view", "--view"},
      {"zone", "--domain"}};
  for (const auto& [name, flag] : k_flags) {
    if (field == name) return std::string(flag);
  }
  return field;
}
}  // namespace

int fail(Context& ctx, const Errors& errors, Writes writes) {
  // A file of a million bad list items gets the first problems, not a million lines.
  constexpr std::size_t k_shown = 200;
  for (std::size_t i = 0; i < errors.size() && i < k_shown; ++i) {
    Error e = errors[i];
    e.field = flag_of(e.field);
    // A value some message echoes whole (a 120 KB argument) is cut here at the latest.
    ctx.err << "adplan: error: " << term(shorten(e.to_string())) << "\n";
  }
  if (errors.size() > 1) {
    ctx.err << "adplan: " << errors.size() << " problems"
            << (errors.size() > k_shown ? " (the first " + std::to_string(k_shown) + " shown)" : "")
            << (writes == Writes::yes ? "; nothing was written" : "") << "\n";
  }
  return k_exit_usage;
}

int fail(Context& ctx, const Error& error, Writes writes) {
  return fail(ctx, Errors{error}, writes);
}

int internal_error(Context& ctx, std::string_view what) {
  ctx.err << "adplan: internal error: " << what
          << "\nadplan: this is a bug in adplan; please report it with the command line that caused it\n";
  return k_exit_internal;
}

void print_warnings(Context& ctx, const Errors& warnings) {
  for (const auto& w : warnings) ctx.err << "adplan: warning: " << term(shorten(w.to_string())) << "\n";
}

void read_optional(const std::optional<std::string>& file, std::optional<std::string>& into, Errors& errors) {
  if (!file) return;
  if (auto text = read_file(*file, 8 << 20))
    into = std::move(*text);
  else
    errors.push_back(text.error());
}

Error with_flag(Error error, std::string_view flag) {
  if (error.field.starts_with(flag)) return error;  // the library named it already
  std::string parameter(flag.substr(flag.find_first_not_of('-')));
  std::ranges::replace(parameter, '-', '_');
  if (error.field == parameter || flag_of(error.field) == flag) error.field.clear();  // "key" set by --key
  error.field = error.field.empty() ? std::string(flag) : std::string(flag) + ": " + error.field;
  return error;
}

Error usage_error(std::string_view what, std::string_view flag, std::string message, std::string hint) {
  return Error{"usage." + std::string(what), std::string(flag), std::move(message), std::move(hint)};
}

Result<std::string> read_secret(Context& ctx, const std::string& file, std::string_view flag) {
  auto secret = read_secret_file(file);
  if (!secret) return std::unexpected(with_flag(secret.error(), flag));
  for (const auto& w : secret->warnings) print_warnings(ctx, {with_flag(w, flag)});
  return std::move(secret->value);
}

std::optional<std::string> read_secret(Context& ctx, const std::string& file, std::string_view flag, Errors& errors) {
  auto secret = read_secret(ctx, file, flag);
  if (secret) return std::move(*secret);
  errors.push_back(secret.error());
  return std::nullopt;
}

void print_findings(Context& ctx, const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    std::string_view sgr = f.severity == Severity::Error ? "1;31" : f.severity == Severity::Warning ? "33" : "36";
    ctx.out << "  " << style(ctx, to_string(f.severity), sgr) << " " << f.id << " [" << term(f.subject) << "]\n"
            << "      " << term(f.message) << "\n"
            << "      fix: " << term(f.remedy) << "\n";
    if (!f.evidence.empty()) ctx.out << "      seen: " << term(f.evidence) << "\n";
  }
}

nlohmann::ordered_json findings_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) out.push_back(to_json(f));
  return out;
}

Errors existing_targets(const std::vector<std::filesystem::path>& targets, bool force, const std::string& hint) {
  return force ? Errors{} : refuse_existing(targets, hint);
}

bool write_all(Context& ctx, const std::vector<OutputFile>& files, bool force, std::string_view dir_flag,
               const std::string& exists_hint) {
  std::map<std::filesystem::path, std::vector<std::string>> dirs;  // only the temporaries of our own targets
  for (const auto& f : files)
    dirs[f.path.has_parent_path() ? f.path.parent_path() : "."].push_back(f.path.filename().string());
  for (const auto& [d, names] : dirs) {
    for (const auto& p : remove_stale_temporaries(d, names)) {
      ctx.err << "adplan: note: removed " << p.string() << ", a temporary file an interrupted run left behind\n";
    }
  }
  const std::string flag(dir_flag);
  FileSetOptions options{force, exists_hint.empty() ? "use --force to replace it" : exists_hint, flag};
  auto w = write_file_set(files, options);
  if (w) return true;
  Errors errors = w.error();
  for (auto& e : errors) {
    if (!flag.empty() && (e.code == "io.mkdir" || e.code == "io.write")) e = with_flag(e, flag);
  }
  fail(ctx, errors, Writes::yes);
  if (errors.size() == 1 && errors[0].code != "io.exists") ctx.err << "adplan: nothing was written\n";
  return false;
}

void print_files_json(Context& ctx, const std::vector<OutputFile>& written, const std::vector<Finding>& findings,
                      nlohmann::ordered_json extra) {
  nlohmann::ordered_json j;
  if (extra.contains("format")) j["format"] = extra["format"];  // first, as in every --json
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& f : written) j["files"].push_back(to_valid_utf8(f.path.string()));  // a path is any bytes
  for (auto& [k, v] : extra.items()) j[k] = v;
  j["findings"] = findings_json(findings);
  ctx.out << json_text(j) << "\n";
}

int refuse_on_findings(Context& ctx, const std::vector<Finding>& findings, bool json, const Error& refusal,
                       nlohmann::ordered_json extra) {
  if (json)
    print_files_json(ctx, {}, findings, std::move(extra));
  else
    print_findings(ctx, findings);
  fail(ctx, refusal);
  return k_exit_findings;
}

int print_artifact(Context& ctx, const Result<std::string>& text) {
  if (!text) return fail(ctx, text.error());
  ctx.out << *text;
  return k_exit_ok;
}

Checked<Loaded> load_plan(const Context& ctx, const std::filesystem::path& file) {
  // A directory opens as a stream that reads nothing; the parser would call that malformed JSON.
  if (std::error_code ec; std::filesystem::is_directory(file, ec)) {
    return std::unexpected(
        Errors{{"io.read", file.string(), "is a directory, not an adplan.json file",
                "give the file itself, for example --plan " + (file / "adplan.json").lexically_normal().string()}});
  }
  auto text = read_file(file, 4 * 1024 * 1024);
  if (!text) return std::unexpected(Errors{text.error()});
  auto d = load_deployment(*text, file.string());
  if (!d) return std::unexpected(d.error());
  const Scenario* s = find_scenario(d->scenario);
  Plan p = make_plan(*d, *s, PlanOptions{ctx.today()});
  return Loaded{std::move(*d), std::move(p)};
}

std::optional<Loaded> load_plan_if(const Context& ctx, const std::filesystem::path& file, bool required,
                                   Errors& errors) {
  std::error_code ec;
  if (!required && !std::filesystem::exists(file, ec)) return std::nullopt;
  auto loaded = load_plan(ctx, file);
  if (loaded) return std::move(*loaded);
  append(errors, loaded.error());
  return std::nullopt;
}

std::optional<Loaded> load_plan_file(Context& ctx, const std::filesystem::path& file) {
  auto loaded = load_plan(ctx, file);
  if (!loaded) {
    fail(ctx, loaded.error());
    return std::nullopt;
  }
  return std::move(*loaded);
}

void add_deployment_svg(Context& ctx, std::vector<render::Artifact>& artifacts) {
  auto dot = std::ranges::find(artifacts, std::string("deployment.dot"), &render::Artifact::path);
  if (dot == artifacts.end()) return;
  auto svg = run_dot(dot->content, "svg");
  if (!svg) {
    ctx.err << "adplan: note: deployment.svg not written: " << svg.error().to_string() << "\n";
    return;
  }
  artifacts.push_back({"deployment.svg", std::move(*svg)});
  std::ranges::sort(artifacts, {}, &render::Artifact::path);
}

Result<render::TemplateSet> load_templates(const std::string& dir) {
  if (dir.empty()) return render::TemplateSet{};
  std::map<std::string, std::string, std::less<>> overrides;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return std::unexpected(
        Error{"input.templates", dir, "cannot be read: " + ec.message(), "give a directory of .mustache files"});
  }
  for (const auto& entry : it) {
    if (entry.path().extension() != ".mustache") continue;
    auto text = read_file(entry.path(), 1024 * 1024);
    if (!text) return std::unexpected(text.error());
    overrides.emplace(entry.path().filename().string(), std::move(*text));
  }
  auto set = render::TemplateSet::with_overrides(std::move(overrides));
  if (!set) {
    Error e = set.error();
    e.field = (std::filesystem::path(dir) / e.field).string();
    return std::unexpected(e);
  }
  return std::move(*set);
}

Checked<render::Mailbox> mailbox_option(const Plan& p, const std::string& email, const std::string& display_name) {
  render::Mailbox m = render::default_mailbox(p);
  Errors errors;
  if (!email.empty()) {
    const std::string example = "for example test@" + p.domains.front().str();
    if (auto a = EmailAddress::parse(email); !a) {
      errors.push_back({"input.email", "--email",
                        quote_value(email) + " is not an e-mail address (" + a.error().message + ")", example});
    } else if (email.find('$') != std::string::npos) {
      // The lab's nginx answers with the response in `return 200 "..."`, where nginx expands '$'
      // and has no escape for it (render/escape.cpp, nginx_quote).
      errors.push_back({"input.email", "--email",
                        quote_value(email) + " holds '$', which the rendered nginx configuration cannot carry",
                        "use an address without '$' for the test mailbox, " + example});
    } else {
      m.address = *a;
    }
  }
  if (!display_name.empty()) {
    if (auto n = parse_display_name(display_name)) {
      m.display_name = *n;
    } else {
      errors.push_back(with_flag(n.error(), "--display-name"));
    }
  }
  if (!errors.empty()) return std::unexpected(errors);
  return m;
}

void Prompter::operator()(std::optional<std::string>& value, const std::string& question, const std::string& def,
                          std::string_view flag) {
  if (value) return;
  if (!prompt) {
    defaulted.push_back(std::string(flag) + " " + def);
    value = def;
    return;
  }
  ctx.out << question << " [" << def << "]: " << std::flush;
  std::string line;
  auto b = std::string::npos;
  if (std::getline(ctx.in, line)) b = line.find_first_not_of(" \t\r");
  value = b == std::string::npos ? def : line.substr(b, line.find_last_not_of(" \t\r") - b + 1);
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += " " + r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string requirements_table(const std::vector<int>& ids) {
  auto yn = [](bool b) { return std::string(b ? "Yes" : "No"); };
  std::vector<std::vector<std::string>> rows{{"Requirement"}};
  std::vector<std::string> labels{"Primary IP address",
                                  "Secondary IP address",
                                  "Primary public IP resolving to Default Web Site",
                                  "Secondary public IP resolving to Autodiscover Web site",
                                  "# of certificates",
                                  "Modification of SCP object",
                                  "Modification of Web services URLs"};
  for (const auto& l : labels) rows.push_back({l});
  for (int id : ids) {
    const Scenario* s = find_scenario(id);
    const auto& r = s->requirements;
    rows[0].push_back("Scenario " + std::to_string(id));
    rows[1].push_back(yn(r.primary_ip));
    rows[2].push_back(yn(r.secondary_ip));
    rows[3].push_back(yn(r.primary_public_ip));
    rows[4].push_back(yn(r.secondary_public_ip));
    rows[5].push_back(std::to_string(r.certificate_count));
    rows[6].push_back(yn(r.scp_change));
    rows[7].push_back(yn(r.web_services_url_change));
  }
  return table(rows);
}

}  // namespace adplan::cli
