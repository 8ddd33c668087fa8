#pragma once
// `adplan --version`: the project version, the git commit it was built from (`git describe
// --always --dirty` at configure time, "unknown" from a tarball) and the versions of the
// libraries it runs with (read at run time, not the headers it was compiled against).
#include <string>

namespace adplan::cli {

std::string version_text();

}  // namespace adplan::cli
