#include "version.hpp"

#include <ares.h>
#include <botan/version.h>
#include <curl/curl.h>
#include <openssl/crypto.h>

#ifndef ADPLAN_VERSION
#define ADPLAN_VERSION "unknown"
#endif
// git describe of the source, from the build directory's git_commit.cpp (cmake/git_commit.cmake).
extern const char* const adplan_git_commit;

namespace adplan::cli {

std::string version_text() {
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  std::string text = "adplan " ADPLAN_VERSION " (git " + std::string(adplan_git_commit) + ")\n";
  text += std::string(OpenSSL_version(OPENSSL_VERSION)) + "\n";
  text += "Botan " + std::to_string(Botan::version_major()) + "." + std::to_string(Botan::version_minor()) + "." +
          std::to_string(Botan::version_patch()) + "\n";
  text += "libcurl " + std::string(curl != nullptr ? curl->version : "unknown") + "\n";
  text += "c-ares " + std::string(ares_version(nullptr));
  return text;
}

}  // namespace adplan::cli
