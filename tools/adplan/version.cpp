#include "version.hpp"

#include <ares.h>
#include <botan/version.h>
#include <curl/curl.h>
#include <openssl/crypto.h>

#ifndef ADPLAN_VERSION
#define ADPLAN_VERSION "unknown"
#endif
#ifndef ADPLAN_GIT_COMMIT
#define ADPLAN_GIT_COMMIT "unknown"
#endif

namespace adplan::cli {

std::string version_text() {
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  std::string text = "adplan " ADPLAN_VERSION " (git " ADPLAN_GIT_COMMIT ")\n";
  text += std::string(OpenSSL_version(OPENSSL_VERSION)) + "\n";
  text += "Botan " + std::to_string(Botan::version_major()) + "." + std::to_string(Botan::version_minor()) + "." +
          std::to_string(Botan::version_patch()) + "\n";
  text += "libcurl " + std::string(curl != nullptr ? curl->version : "unknown") + "\n";
  text += "c-ares " + std::string(ares_version(nullptr));
  return text;
}

}  // namespace adplan::cli
