#include <adplan/pki/passphrase.hpp>

#include <adplan/io/atomic_file.hpp>

namespace adplan {

Result<std::string> read_passphrase_file(const std::filesystem::path& file) {
  auto text = read_file(file, 4096);
  if (!text) return std::unexpected(text.error());
  std::string pass = text->substr(0, text->find_first_of("\r\n"));
  if (pass.empty()) {
    return std::unexpected(Error{"input.passphrase", file.string(), "holds an empty passphrase",
                                 "write the passphrase on the file's first line"});
  }
  return pass;
}

}  // namespace adplan
