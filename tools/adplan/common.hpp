#pragma once
// The one header of helpers the commands share: loading adplan.json, the one error printer,
// flags added to library errors, secret files, findings, templates and the mailbox options.
#include "context.hpp"

#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/model/json_text.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/seconds.hpp>  // check_seconds: one check for every seconds value
#include <adplan/pki/pki_files.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/render/artifacts.hpp>
#include <adplan/render/autodiscover_xml.hpp>
#include <adplan/render/report_text.hpp>

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::cli {

struct Loaded {
  Deployment deployment;
  Plan plan;
};

// Whether a command writes files: only then does a failed run say "nothing was written".
enum class Writes : bool { no, yes };

// The one printer of errors: "adplan: error: <place>: <message> (<fix>)" each, and a count when
// there are several. Returns k_exit_usage, the exit code of usage and input errors.
int fail(Context& ctx, const Errors& errors, Writes writes = Writes::no);
int fail(Context& ctx, const Error& error, Writes writes = Writes::no);
// An exception that escaped a command: a bug. Returns k_exit_internal.
int internal_error(Context& ctx, std::string_view what);
// "adplan: warning: ..." each.
void print_warnings(Context& ctx, const Errors& warnings);

inline void append(Errors& to, const Errors& more) {
  to.insert(to.end(), more.begin(), more.end());
}

// The flag the user typed, before the library's place: "--password-file: pw.txt: cannot be read".
Error with_flag(Error error, std::string_view flag);

// Reads an optional input file (--chain, --ca-file, ...) into `into`, at most 8 MiB; a read
// failure is added to `errors`.
void read_optional(const std::optional<std::string>& file, std::optional<std::string>& into, Errors& errors);
// A library error as Error, whether the library says it as text (given `code`) or as Error.
inline Error as_error(std::string text, std::string code) {
  return Error{std::move(code), "", std::move(text), ""};
}
inline Error as_error(Error error, const std::string& /*code*/) {
  return error;
}
// Command-line misuse: code "usage.<what>", the flag as the place.
Error usage_error(std::string_view what, std::string_view flag, std::string message, std::string hint = {});

// Reads and validates the plan file: every problem, for the command to report with its own.
Checked<Loaded> load_plan(const Context& ctx, const std::filesystem::path& file);
// A plan that may be absent: `file` is read when it exists or when `required`; problems are added to `errors`.
std::optional<Loaded> load_plan_if(const Context& ctx, const std::filesystem::path& file, bool required,
                                   Errors& errors);
// The same, printing the problems: nullopt after printing.
std::optional<Loaded> load_plan_file(Context& ctx, const std::filesystem::path& file);
// The secret file given to `flag` (io/secret_file.hpp); its warnings are printed here.
Result<std::string> read_secret(Context& ctx, const std::string& file, std::string_view flag);
// The same for commands that collect errors: nullopt with the error added to `errors`.
std::optional<std::string> read_secret(Context& ctx, const std::string& file, std::string_view flag, Errors& errors);

// Without --force, every target that exists already: io.exists each, "nothing was written".
Errors existing_targets(const std::vector<std::filesystem::path>& targets, bool force, const std::string& hint);
// Writes all files or none (io/file_set.hpp); the errors printed. Returns whether it wrote.
// First removes, naming each on stderr, the temporaries an interrupted run left in the target
// directories. `dir_flag` is the flag that chose the directory ("--out"): a directory that
// cannot be made or written is reported under it, with the fix.
bool write_all(Context& ctx, const std::vector<OutputFile>& files, bool force, std::string_view dir_flag = {},
               const std::string& exists_hint = {});
// csr and ca sign --json: {"files": [...written...], <extra>, "findings": [...]}.
void print_files_json(Context& ctx, const std::vector<OutputFile>& written, const std::vector<Finding>& findings,
                      nlohmann::ordered_json extra = nlohmann::ordered_json::object());
// A command that refused because its findings break the rules: the findings (text or JSON)
// and the refusal (which says nothing was written). Returns k_exit_findings.
int refuse_on_findings(Context& ctx, const std::vector<Finding>& findings, bool json, const Error& refusal,
                       nlohmann::ordered_json extra = nlohmann::ordered_json::object());

inline void print_findings(Context& ctx, const std::vector<Finding>& findings) {
  ctx.out << render::findings_text(findings, ctx.color);
}
// A rendered artifact to stdout (exit 0), or its error (exit 2).
int print_artifact(Context& ctx, const Result<std::string>& text);

// render: deployment.svg from deployment.dot when Graphviz's dot is on PATH (run without a
// shell, with a time limit); without it, a note on stderr and no SVG.
void add_deployment_svg(Context& ctx, std::vector<render::Artifact>& artifacts);

// --templates DIR: the embedded templates, with DIR's *.mustache files in their place.
Result<render::TemplateSet> load_templates(const std::string& dir);
using render::mailbox_option;  // --email / --display-name (render/autodiscover_xml.hpp)

// Values the flags left out: asked at a terminal when `prompt`, else the built-in example's,
// each noted in `defaulted` as "--flag value" so the command can say where they came from.
struct Prompter {
  Context& ctx;
  bool prompt;
  std::vector<std::string> defaulted;

  // Fills `value` unless it is set; an empty answer or the end of input takes the default.
  void operator()(std::optional<std::string>& value, const std::string& question, const std::string& def,
                  std::string_view flag);
  std::optional<std::string> value(const std::string& question, const std::string& def, std::string_view flag) {
    std::optional<std::string> v;
    (*this)(v, question, def, flag);
    return v;
  }
};

// Text from elsewhere (a server, a certificate, a directory, a path) as a terminal may show it:
// control characters visible as \x1b, \u009b (model/sanitize.hpp). Every human printer uses it.
inline std::string term(std::string_view text) {
  return escape_controls(text);
}
// "bold" and "red" on a terminal, plain text otherwise (render/report_text.hpp).
inline std::string style(const Context& ctx, std::string_view text, std::string_view sgr) {
  return render::sgr(ctx.color, text, sgr);
}
using render::requirements_table;

// Flags several commands share, declared once: --plan FILE (default ./adplan.json; `optional`:
// only when present), --json (`what`: the format's documentation).
CLI::Option* add_plan_option(CLI::App& cmd, std::string& plan, bool optional = false);
CLI::Option* add_json_flag(CLI::App& cmd, bool& json, std::string_view what = {});

}  // namespace adplan::cli
