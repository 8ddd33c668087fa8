// adplan diff: what changes between two plans, grouped by team, and the change plan in a safe
// order (README "adplan diff"). Exit 0: the plans are equal; 1: they differ; 2: bad input.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/io/git.hpp>
#include <adplan/io/graphviz.hpp>
#include <adplan/model/deployment_json.hpp>
#include <adplan/planner/diff_json.hpp>
#include <adplan/render/diff_text.hpp>
#include <adplan/render/dot.hpp>
#include <adplan/scenario/scenario.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

struct DiffCmdOptions {
  std::vector<std::string> files;  // OLD NEW, or with --from-git: [FILE]
  std::string from_git;
  bool json = false;
  std::string dot, svg;
  bool force = false;
};

// The plan of `file` as revision `rev` holds it.
Checked<Plan> plan_from_git(const Context& ctx, const std::string& rev, const std::string& file) {
  auto text = git_show(rev, file);
  if (!text) return std::unexpected(Errors{with_flag(text.error(), "--from-git")});
  auto d = load_deployment(*text, rev + ":" + file);
  if (!d) return std::unexpected(d.error());
  return make_plan(*d, *find_scenario(d->scenario), PlanOptions{ctx.today()});
}

int run_diff(Context& ctx, const DiffCmdOptions& o) {
  Errors errors;
  std::optional<Plan> before, after;
  std::string new_file;
  if (!o.from_git.empty()) {
    if (o.files.size() > 1)
      return fail(ctx,
                  usage_error("files", "--from-git", "takes one adplan.json, not " + std::to_string(o.files.size()),
                              "adplan diff --from-git HEAD [adplan.json]"));
    new_file = o.files.empty() ? "adplan.json" : o.files.front();
    if (auto p = plan_from_git(ctx, o.from_git, new_file))
      before = std::move(*p);
    else
      append(errors, p.error());
  } else {
    if (o.files.size() != 2)
      return fail(ctx, usage_error("files", "OLD NEW", "two adplan.json files are needed",
                                   "adplan diff old.json new.json, or adplan diff --from-git HEAD"));
    new_file = o.files[1];
    if (auto l = load_plan(ctx, o.files[0]))
      before = std::move(l->plan);
    else
      append(errors, l.error());
  }
  if (auto l = load_plan(ctx, new_file))
    after = std::move(l->plan);
  else
    append(errors, l.error());
  if (!errors.empty()) return fail(ctx, errors);

  const Diff d = diff_plans(*before, *after, DiffOptions{new_file});
  if (!o.dot.empty() || !o.svg.empty()) {
    const std::string dot = render::render_dot_diff(*before, *after);
    std::vector<std::pair<std::string, std::string>> files;
    if (!o.dot.empty()) files.emplace_back(o.dot, dot);
    if (!o.svg.empty()) {
      auto svg = run_dot(dot, "svg");
      if (!svg) return fail(ctx, with_flag(svg.error(), "--svg"), Writes::yes);
      files.emplace_back(o.svg, std::move(*svg));
    }
    std::vector<std::filesystem::path> targets;
    for (const auto& f : files) targets.emplace_back(f.first);
    if (auto exists = existing_targets(targets, o.force, "use --force to replace it"); !exists.empty())
      return fail(ctx, exists, Writes::yes);
    for (const auto& [path, content] : files) {
      if (auto w = write_file_atomic(path, content, WriteOptions{0644, o.force}); !w) return fail(ctx, w.error());
    }
  }
  if (o.json)
    ctx.out << json_text(to_json(d)) << "\n";
  else
    ctx.out << render::render_diff_text(d);
  return d.empty() ? k_exit_ok : k_exit_findings;
}

}  // namespace

void register_diff(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<DiffCmdOptions>();
  auto* cmd = app.add_subcommand(
      "diff", "what changes between two plans, and the change plan (exit 0 equal, 1 different, 2 bad input)");
  cmd->add_option("files", o->files, "OLD NEW adplan.json files; with --from-git, the one file (default adplan.json)");
  cmd->add_option("--from-git", o->from_git, "compare FILE with its version at this git revision (git show REV:FILE)");
  add_json_flag(*cmd, o->json, "format adplan-diff/1, documented in README");
  cmd->add_option("--dot", o->dot, "write the before/after picture as Graphviz DOT to this file");
  cmd->add_option("--svg", o->svg, "write the before/after picture as SVG (runs Graphviz's dot)");
  cmd->add_flag("--force", o->force, "replace the --dot/--svg files if they exist");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_diff(ctx, *o); }; });
}

}  // namespace adplan::cli
