#include <adplan/io/secret_file.hpp>

#include <adplan/io/atomic_file.hpp>

#include <sys/stat.h>

#include <cstdio>

namespace adplan {

Result<Secret> read_secret_file(const std::filesystem::path& file) {
  auto text = read_file(file, k_secret_file_max);
  if (!text) return std::unexpected(text.error());
  Secret secret{text->substr(0, text->find_first_of("\r\n")), {}};
  if (secret.value.empty()) {
    return std::unexpected(Error{"input.secret-empty", file.string(), "holds no secret on its first line",
                                 "write the secret on the file's first line"});
  }
  struct stat st {};
  if (file != "-" && ::stat(file.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    secret.warnings.push_back({"io.secret-mode", file.string(),
                               std::string("is readable by group or others (mode ") + mode + ")",
                               "chmod 600 " + file.string()});
  }
  return secret;
}

}  // namespace adplan
