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
  j["findings"] = to_json(findings);
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

CLI::Option* add_plan_option(CLI::App& cmd, std::string& plan, bool optional) {
  return cmd.add_option("--plan", plan,
                        optional ? "adplan.json to compare with (default ./adplan.json when present)"
                                 : "adplan.json to read (default ./adplan.json)");
}

CLI::Option* add_json_flag(CLI::App& cmd, bool& json, std::string_view what) {
  return cmd.add_flag(
      "--json", json,
      what.empty() ? std::string("machine-readable output") : "machine-readable output (" + std::string(what) + ")");
}

}  // namespace adplan::cli
