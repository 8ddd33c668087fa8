#pragma once
// The user's credentials (--user, --password-file), attached per request only where
// observe/credentials.hpp allows it; never logged, never sent over plain http.
#include <string>

namespace adplan::probe {

struct Credentials {
  std::string user;
  std::string password;
};

}  // namespace adplan::probe
