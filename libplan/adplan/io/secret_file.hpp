#pragma once
// The one reader of secrets kept in files (passwords, key passphrases; never given on the
// command line, where `ps` shows them): the file's first line without its line ending
// ("\n" or "\r\n"); an empty secret is refused; a file group or others may read is a warning,
// returned as data for the caller to print. "-" is standard input (read_file).
#include <adplan/model/error.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace adplan {

struct Secret {
  std::string value;
  std::vector<Error> warnings;  // io.secret-mode: readable by group or others
};

inline constexpr std::size_t k_secret_file_max = 64 * 1024;

Result<Secret> read_secret_file(const std::filesystem::path& file);

}  // namespace adplan
