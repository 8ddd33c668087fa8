#include <adplan/io/git.hpp>

#include <adplan/io/subprocess.hpp>

#include <algorithm>
#include <cctype>

namespace adplan {

Result<std::string> git_show(const std::string& rev, const std::filesystem::path& file) {
  // A revision is a name or a hash with ~ ^ @ { } . / - _: never an option (leading '-'), never
  // "rev:path" (a ':' would pick another file), no spaces or control characters.
  const bool ok =
      !rev.empty() && rev.size() <= 256 && rev.front() != '-' && std::ranges::all_of(rev, [](unsigned char c) {
        return std::isalnum(c) || std::string_view("~^@{}./-_").find(static_cast<char>(c)) != std::string_view::npos;
      });
  if (!ok)
    return std::unexpected(Error{"input.revision", "rev", "\"" + rev + "\" is not a git revision",
                                 "a branch, tag or commit such as HEAD, HEAD~1, main or 3f2a1c0"});
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  RunOptions o;
  o.timeout = std::chrono::seconds(30);
  o.max_output = 4 * 1024 * 1024;
  // -C: git resolves "./name" against that directory; --end-of-options: nothing after is an option.
  // -c protocol.allow=never: a partial clone's missing object is never fetched, so a hostile
  // repository's remote (its uploadpack, its transport helper) is never run (issue 21).
  auto r = run_process({"git", "-c", "protocol.allow=never", "-C", dir.string(), "show", "--end-of-options",
                        rev + ":./" + file.filename().string()},
                       o);
  if (!r) {
    Error e = r.error();
    if (e.code == "io.not-found") e.hint = "install git, or give both files: adplan diff OLD NEW";
    return std::unexpected(e);
  }
  if (r->exit_code != 0) {
    std::string why = r->err.substr(0, r->err.find('\n'));
    return std::unexpected(Error{"io.git", rev + ":" + file.string(), "git show failed: " + why,
                                 "run it inside the repository that holds the file, with a revision that has it"});
  }
  return std::move(r->out);
}

}  // namespace adplan
