#pragma once
// The registrable domain of a name by the Public Suffix List (libpsl's built-in copy): the zone
// an organisation can own. Defined beside the other PSL questions in host_name.cpp.
#include <optional>
#include <string>
#include <string_view>

namespace adplan {

// "contoso-mail.co.uk" for "mail.contoso-mail.co.uk", "contoso.com" for "contoso.com"; nullopt
// when the name is itself a public suffix ("co.uk", "com") and no zone of an organisation can
// hold it.
std::optional<std::string> registrable_domain(std::string_view ascii_name);

}  // namespace adplan
