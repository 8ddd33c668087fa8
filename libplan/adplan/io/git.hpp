#pragma once
// A file as a git revision holds it (`git show REV:./FILE`, run without a shell), for
// `adplan diff --from-git REV`.
#include <adplan/model/error.hpp>

#include <filesystem>
#include <string>

namespace adplan {

// The text of `file` (relative to the current directory or absolute) at revision `rev`.
// Errors: input.revision (a revision that could be taken for an option or a path), io.not-found
// (git is not installed), io.git (git refused: not a repository, no such revision or file).
Result<std::string> git_show(const std::string& rev, const std::filesystem::path& file);

}  // namespace adplan
