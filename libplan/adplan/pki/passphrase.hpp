#pragma once
// A key passphrase from a file (never from the command line, where `ps` shows it):
// the first line, without its line ending; an empty passphrase is refused.
#include <adplan/model/error.hpp>

#include <filesystem>
#include <string>

namespace adplan {

Result<std::string> read_passphrase_file(const std::filesystem::path& file);

}  // namespace adplan
